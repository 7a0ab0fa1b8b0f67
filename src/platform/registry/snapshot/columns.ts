import { isoToDays } from '../../../engines/rules/dates.ts';
import { createSnapshot, MISSING_BOOL, MISSING_CODE, type Column, type ColumnSnapshot } from '../../../engines/rules/snapshot.ts';
import type { AttributeSchema } from '../../../engines/rules/types.ts';
import type { AttributeSpec } from '../catalogue.types.ts';
import type { StoredValue } from '../intake/validate-row.ts';

/** The day of a point attribute's cell that no record has set (below every real day). */
export const NO_DAY = -2_147_483_648;

type Typed = Float64Array | Int32Array | Uint8Array | Uint32Array;

/** The arrays of a snapshot that hold one value per row, for allocation and growth. */
export interface RowArrays {
  engine: ColumnSnapshot;
  /** Point attribute → day number of the value in force per row. */
  effective: Record<string, Int32Array>;
  /** Periodic attribute with a register column → 1 where a record set period 0 (the register's value yields to it). */
  recorded: Record<string, Uint8Array>;
}

/** Whether an attribute keeps a `recorded` mask: periodic, with a register column behind its latest period. */
export function keepsRecordedMask(spec: AttributeSpec): boolean {
  return spec.frequency !== 'point' && spec.spineColumn !== undefined;
}

/**
 * Allocates row arrays for `capacity` rows, every cell missing, and views of the first `size`
 * rows as the engine's columns: later rows are appended by widening the views, without copying.
 */
export function allocateRows(schema: AttributeSchema, specs: readonly AttributeSpec[], size: number, capacity: number, shared: boolean): RowArrays {
  const full = createSnapshot(schema, capacity, { shared });
  const buffer = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const effective: Record<string, Int32Array> = {};
  const recorded: Record<string, Uint8Array> = {};
  for (const s of specs) {
    if (s.frequency === 'point') effective[s.key] = new Int32Array(buffer(capacity * 4)).fill(NO_DAY);
    else if (keepsRecordedMask(s)) recorded[s.key] = new Uint8Array(buffer(capacity));
  }
  return resizeViews({ engine: full, effective, recorded }, size);
}

function view<T extends Typed>(a: T, size: number): T {
  const Ctor = a.constructor as new (b: ArrayBufferLike, offset: number, length: number) => T;
  return new Ctor(a.buffer, a.byteOffset, size);
}

/** The same arrays seen as `size` rows (within the buffers' capacity). */
export function resizeViews(rows: RowArrays, size: number): RowArrays {
  const columns: Record<string, Column> = {};
  for (const [key, col] of Object.entries(rows.engine.columns)) columns[key] = { ...col, periods: col.periods.map((p: Typed) => view(p, size)) } as Column;
  const map = <T extends Typed>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).map(([k, a]) => [k, view(a, size)])) as Record<string, T>;
  return { engine: { size, schema: rows.engine.schema, columns }, effective: map(rows.effective), recorded: map(rows.recorded) };
}

/** New arrays for `capacity` rows holding a copy of the first `size` rows of the old ones (the rest missing). */
export function reallocateRows(old: RowArrays, specs: readonly AttributeSpec[], size: number, capacity: number, shared: boolean): RowArrays {
  const fresh = allocateRows(old.engine.schema, specs, size, capacity, shared);
  for (const [key, col] of Object.entries(old.engine.columns)) {
    const target = fresh.engine.columns[key];
    col.periods.forEach((p: Typed, i: number) => (target.periods[i] as Typed).set(p.subarray(0, Math.min(size, p.length)) as never));
    if (col.kind === 'code' && target.kind === 'code') target.dict = col.dict;
    if (col.kind === 'set' && target.kind === 'set') target.members = col.members;
  }
  for (const [k, a] of Object.entries(old.effective)) fresh.effective[k].set(a.subarray(0, Math.min(size, a.length)));
  for (const [k, a] of Object.entries(old.recorded)) fresh.recorded[k].set(a.subarray(0, Math.min(size, a.length)));
  return fresh;
}

/** Where one attribute's values go: its column in the engine's encoding, and how a value is placed. */
export interface CellTarget {
  key: string;
  col: Column;
  /** Code → index for enums and set members. */
  codes: Map<string, number> | null;
  /** Period text → index into the column's periods (periodic attributes); null for point attributes. */
  periodIndex: Map<string, number> | null;
  effective: Int32Array | null;
  recorded: Uint8Array | null;
  lastPeriod: string | null;
  lastIndex: number;
}

/** The targets of every attribute of a snapshot, by key. */
export function cellTargets(specs: readonly AttributeSpec[], rows: RowArrays, periods: Record<string, string[]>): Map<string, CellTarget> {
  const out = new Map<string, CellTarget>();
  for (const s of specs) {
    const col = rows.engine.columns[s.key];
    const names = col.kind === 'code' ? col.dict : col.kind === 'set' ? col.members : undefined;
    out.set(s.key, {
      key: s.key,
      col,
      codes: names ? new Map(names.map((n, i) => [n, i])) : null,
      periodIndex: periods[s.key] ? new Map(periods[s.key].map((p, i) => [p, i])) : null,
      effective: rows.effective[s.key] ?? null,
      recorded: rows.recorded[s.key] ?? null,
      lastPeriod: null,
      lastIndex: -1,
    });
  }
  return out;
}

/** The period slot of a target for a period text, or -1 when the snapshot keeps no such period. */
export function periodSlot(t: CellTarget, period: string | null): number {
  if (period === null || t.periodIndex === null) return -1;
  if (period !== t.lastPeriod) {
    t.lastPeriod = period;
    t.lastIndex = t.periodIndex.get(period) ?? -1;
  }
  return t.lastIndex;
}

/** Writes one value into a cell in the engine's encoding; a value of the wrong shape becomes missing. */
export function writeCell(t: CellTarget, p: number, i: number, v: StoredValue): void {
  const col = t.col;
  switch (col.kind) {
    case 'num':
      col.periods[p][i] = typeof v === 'number' ? v : typeof v === 'string' ? isoToDays(v) : NaN;
      return;
    case 'code':
      col.periods[p][i] = typeof v === 'string' ? (t.codes?.get(v) ?? MISSING_CODE) : MISSING_CODE;
      return;
    case 'bool':
      col.periods[p][i] = v === true ? 1 : v === false ? 0 : MISSING_BOOL;
      return;
    case 'set': {
      let bits = 0;
      if (Array.isArray(v)) for (const m of v) { const b = t.codes?.get(m); if (b !== undefined) bits |= 1 << b; }
      col.periods[p][i] = bits >>> 0;
      return;
    }
  }
}

/** Sets one cell missing. */
export function clearCell(t: CellTarget, p: number, i: number): void {
  const col = t.col;
  if (col.kind === 'num') col.periods[p][i] = NaN;
  else if (col.kind === 'code') col.periods[p][i] = MISSING_CODE;
  else if (col.kind === 'bool') col.periods[p][i] = MISSING_BOOL;
  else col.periods[p][i] = 0;
}

/**
 * Applies one value of a record at row i: a periodic value to its period's cell (a later arrival
 * overwrites an earlier one), a point value if its day is not after `asOfDay` and not before the
 * day of the value already there. Null and undefined are "no value".
 */
export function applyValue(t: CellTarget, i: number, period: string | null, day: number, asOfDay: number, v: StoredValue | null | undefined): void {
  if (v === null || v === undefined) return;
  const eff = t.effective;
  if (eff !== null) {
    if (day > asOfDay || day < eff[i]) return;
    eff[i] = day;
    writeCell(t, 0, i, v);
    return;
  }
  const p = periodSlot(t, period);
  if (p < 0) return;
  writeCell(t, p, i, v);
  if (p === 0 && t.recorded !== null) t.recorded[i] = 1;
}

/**
 * Writes the register's value of an attribute at row i where no record has set it: the register is
 * the weakest claim (period 0 of a periodic attribute; a point attribute with no dated value). An
 * empty register value clears such a cell. Idempotent: applying the same register row twice changes nothing.
 */
export function applyRegisterValue(t: CellTarget, i: number, v: StoredValue | null | undefined): void {
  if (t.effective !== null ? t.effective[i] !== NO_DAY : t.recorded !== null && t.recorded[i] === 1) return;
  if (v === null || v === undefined || v === '') clearCell(t, 0, i);
  else writeCell(t, 0, i, v);
}
