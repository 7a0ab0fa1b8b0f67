import { daysFromCivil, isoToDays } from '../../../engines/rules/dates.ts';
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
  /** The same codes, looked up by a span of a record's text without cutting it out (see `codeAt`). */
  codeTable: CodeTable | null;
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
      codeTable: names ? createCodeTable(names) : null,
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
      col.periods[p][i] = typeof v === 'number' ? v : typeof v === 'string' ? isoDaysAt(v, 0, v.length) : NaN;
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
 * The period slot that a record's value (not null) takes at row i, with the cell marked as set by
 * a record; -1 when the value does not apply. A periodic value takes its period's cell (a later
 * arrival overwrites an earlier one); a point value applies if its day is not after `asOfDay` and
 * not before the day of the value already there.
 */
export function claimCell(t: CellTarget, i: number, period: string | null, day: number, asOfDay: number): number {
  const eff = t.effective;
  if (eff !== null) {
    if (day > asOfDay || day < eff[i]) return -1;
    eff[i] = day;
    return 0;
  }
  const p = periodSlot(t, period);
  if (p === 0 && t.recorded !== null) t.recorded[i] = 1;
  return p;
}

/** Applies one value of a record at row i where `claimCell` lets it. Null and undefined are "no value". */
export function applyValue(t: CellTarget, i: number, period: string | null, day: number, asOfDay: number, v: StoredValue | null | undefined): void {
  if (v === null || v === undefined) return;
  const p = claimCell(t, i, period, day, asOfDay);
  if (p >= 0) writeCell(t, p, i, v);
}

/** Codes (of an enum or a set's members) in an open-addressed table, for lookups by a span of text. */
export interface CodeTable {
  names: readonly string[];
  /** Index + 1 of the name hashed to each slot (0: empty); a power of two of them. */
  slots: Int32Array;
}

/** FNV-1a of the characters `s[from, to)`. */
function hashSpan(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

/** A table of `names` (index i ↔ names[i]; a name listed twice answers its last index, as a Map built from the list does). */
export function createCodeTable(names: readonly string[]): CodeTable {
  let size = 16;
  while (size < names.length * 2) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  names.forEach((n, i) => {
    for (let at = hashSpan(n, 0, n.length) & mask; ; at = (at + 1) & mask) {
      if (slots[at] === 0) {
        slots[at] = i + 1;
        return;
      }
      if (names[slots[at] - 1] === n) {
        slots[at] = i + 1;
        return;
      }
    }
  });
  return { names, slots };
}

/** The index of the code written `s[from, to)` (no escapes), or -1: the lookup of `codes.get(s.slice(from, to))` without making the string. */
export function codeAt(table: CodeTable, s: string, from: number, to: number): number {
  const { slots, names } = table;
  const mask = slots.length - 1;
  const length = to - from;
  for (let at = hashSpan(s, from, to) & mask; ; at = (at + 1) & mask) {
    const entry = slots[at];
    if (entry === 0) return -1;
    const name = names[entry - 1];
    if (name.length === length && s.startsWith(name, from)) return entry - 1;
  }
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

/** The digit at `s[k]` (0–9), or -1. */
function digitAt(s: string, k: number): number {
  const c = s.charCodeAt(k) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** `isoToDays(s.slice(from, to))` read in place: the day number of a `YYYY-MM-DD` date, else NaN. */
export function isoDaysAt(s: string, from: number, to: number): number {
  if (to - from === 10 && s.charCodeAt(from + 4) === 45 && s.charCodeAt(from + 7) === 45) {
    const y0 = digitAt(s, from), y1 = digitAt(s, from + 1), y2 = digitAt(s, from + 2), y3 = digitAt(s, from + 3);
    const m0 = digitAt(s, from + 5), m1 = digitAt(s, from + 6), d0 = digitAt(s, from + 8), d1 = digitAt(s, from + 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return NaN;
    const m = m0 * 10 + m1;
    const d = d0 * 10 + d1;
    // Every month has a 28th; later days (and anything odd) go through the full check.
    if (m >= 1 && m <= 12 && d >= 1 && d <= 28) return daysFromCivil(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m, d);
  }
  return isoToDays(s.slice(from, to));
}
