import type { ColumnSnapshot } from '../../../engines/rules/snapshot.ts';
import { isSnapshotAttribute, snapshotPeriodsOf, toEngineSchema } from '../catalogue.ts';
import type { AttributeSpec } from '../catalogue.types.ts';
import type { EnterpriseRecord } from '../enterprise.types.ts';
import type { StoredValue } from '../intake/validate-row.ts';
import { dayNumber, periodWindow } from '../period.ts';
import { allocateRows, applyRegisterValue, applyValue, cellTargets, reallocateRows, resizeViews, type RowArrays } from './columns.ts';

/** The last batch a snapshot has applied (arrival order is committedAt, then id). */
export interface Watermark {
  committedAt: string;
  id: string;
}

/**
 * How far a snapshot has followed the register's change log: every change up to `seq`, except
 * the `pending` sequence numbers that were missing when it looked (a transaction still open, or
 * rolled back), which are looked for again until they are an hour old.
 */
export interface RegisterWatermark {
  seq: number;
  pending: { seq: number; seenAt: string }[];
}

/**
 * The population as of a day, in the rules engine's columnar form (`engine`: one typed array per
 * attribute × period — Float64 with NaN for missing numbers, money and dates (day numbers), Int32
 * codes for enums (-1 missing), Uint8 for booleans (2 missing), Uint32 bitsets for sets), with
 * row i ↔ `usccs[i]`. Periodic attributes hold the last complete periods before `asOf`, latest first.
 */
export interface MirrorSnapshot {
  asOf: string;
  /** Row i's USCC: rows [0, sorted) in code-unit order (binary search), then enterprises registered since the build, in order of arrival. */
  usccs: string[];
  sorted: number;
  /** Rows the arrays have room for (new enterprises are appended without copying up to it). */
  capacity: number;
  engine: ColumnSnapshot;
  /** Periodic attribute → period texts, latest first (the engine's period index). */
  periods: Record<string, string[]>;
  /** Point attribute → day number of the value in force per row (so a late-arriving older value never overwrites a newer one). */
  effective: Record<string, Int32Array>;
  /** Periodic attribute with a register column → 1 where a record set its latest period (the register's value yields to it). */
  recorded: Record<string, Uint8Array>;
  watermark: Watermark | null;
  register: RegisterWatermark;
  specs: AttributeSpec[];
  /** Whether the arrays live on SharedArrayBuffers (worker threads read them in place). */
  shared: boolean;
}

/** A record to apply: one enterprise, one period (or point), some values. */
export interface SnapshotRecord {
  uscc: string;
  period: string | null;
  effective: string;
  values: Record<string, StoredValue>;
}

/** The register's columns a snapshot reads (no personal data). */
export type RegisterRow = Pick<EnterpriseRecord, 'uscc' | 'districtCode' | 'townCode' | 'industryCode' | 'registeredAt' | 'registeredCapitalFen' | 'employees' | 'revenueFen' | 'patentsInvention' | 'patentsUtility' | 'patentsDesign' | 'sizeClass' | 'status'>;

/** The snapshot's attributes: snapshot-worthy catalogue attributes (not personal, not free text). */
export function snapshotSpecs(specs: readonly AttributeSpec[]): AttributeSpec[] {
  return specs.filter(isSnapshotAttribute);
}

/** Room for growth: a build leaves space for this many new enterprises before arrays are copied. */
export function capacityFor(size: number): number {
  return size + 1024 + (size >>> 6);
}

/** An empty snapshot of a population (sorted USCCs) as of a day. */
export function createMirrorSnapshot(specs: readonly AttributeSpec[], usccs: string[], asOf: string, opts: { shared?: boolean; capacity?: number } = {}): MirrorSnapshot {
  const chosen = snapshotSpecs(specs);
  const sorted = sortedUsccs(usccs);
  const shared = opts.shared ?? false;
  const capacity = Math.max(opts.capacity ?? capacityFor(sorted.length), sorted.length);
  const rows = allocateRows(toEngineSchema(chosen), chosen, sorted.length, capacity, shared);
  const periods: Record<string, string[]> = {};
  for (const s of chosen) if (s.frequency !== 'point') periods[s.key] = periodWindow(s.frequency, asOf, snapshotPeriodsOf(s));
  return { asOf, usccs: sorted, sorted: sorted.length, capacity, ...rows, periods, watermark: null, register: { seq: 0, pending: [] }, specs: chosen, shared };
}

/** The list itself when already sorted (the usual case: the database returns USCC order), else a sorted copy. */
function sortedUsccs(usccs: string[]): string[] {
  for (let i = 1; i < usccs.length; i++) if (usccs[i - 1] >= usccs[i]) return [...new Set(usccs)].sort();
  return usccs;
}

// Rows appended after the build: USCC → row, rebuilt when the list has grown.
const appendedIndex = new WeakMap<string[], { size: number; rows: Map<string, number> }>();

/** The row of a USCC in a snapshot, or -1 (binary search of the sorted rows, then the appended ones: loading builds no index). */
export function rowOf(snap: Pick<MirrorSnapshot, 'usccs'> & { sorted?: number }, uscc: string): number {
  const list = snap.usccs;
  const sorted = snap.sorted ?? list.length;
  let lo = 0;
  let hi = sorted - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid];
    if (v === uscc) return mid;
    if (v < uscc) lo = mid + 1;
    else hi = mid - 1;
  }
  if (sorted === list.length) return -1;
  let tail = appendedIndex.get(list);
  if (!tail || tail.size !== list.length) {
    tail = { size: list.length, rows: new Map(list.slice(sorted).map((u, k) => [u, sorted + k])) };
    appendedIndex.set(list, tail);
  }
  return tail.rows.get(uscc) ?? -1;
}

/**
 * Appends rows for enterprises new to the snapshot (all cells missing) and returns their rows.
 * The arrays grow in place up to `capacity`; beyond it they are copied once into larger ones.
 */
export function appendRows(snap: MirrorSnapshot, usccs: readonly string[]): number[] {
  const fresh = [...new Set(usccs)].filter((u) => rowOf(snap, u) < 0);
  if (fresh.length === 0) return [];
  const first = snap.usccs.length;
  const size = first + fresh.length;
  let rows: RowArrays = snap;
  if (size > snap.capacity) {
    snap.capacity = capacityFor(size);
    rows = reallocateRows(snap, snap.specs, first, snap.capacity, snap.shared);
  }
  Object.assign(snap, resizeViews(rows, size));
  snap.usccs.push(...fresh);
  return fresh.map((_, k) => first + k);
}

/**
 * A writer of records into a snapshot, with per-attribute lookups prepared once. Records must be
 * applied in arrival order: for a period, the later arrival wins; for a point attribute, the value
 * with the latest day not after `asOf` wins (ties: the later arrival). Make a new writer after
 * `appendRows` (the arrays may have moved).
 */
export function createSnapshotWriter(snap: MirrorSnapshot) {
  const asOfDay = dayNumber(snap.asOf);
  const targets = cellTargets(snap.specs, snap, snap.periods);
  const register = snap.specs.filter((s) => s.spineColumn).map((s) => ({ column: s.spineColumn!, target: targets.get(s.key)! }));
  let dayCache = '';
  let dayValue = 0;
  return {
    /** Applies one record; returns false when its enterprise is not in the snapshot. */
    apply(rec: SnapshotRecord): boolean {
      const i = rowOf(snap, rec.uscc);
      if (i < 0) return false;
      this.applyAt(i, rec.period, rec.effective, Object.keys(rec.values), Object.values(rec.values));
      return true;
    },

    /** Applies one record given as parallel keys and values (null = no value), as tabular batches store them. */
    applyValues(uscc: string, period: string | null, effective: string, keys: readonly string[], values: readonly (StoredValue | null)[]): boolean {
      const i = rowOf(snap, uscc);
      if (i < 0) return false;
      this.applyAt(i, period, effective, keys, values);
      return true;
    },

    /** Applies one record's values at a known row. */
    applyAt(i: number, period: string | null, effective: string, keys: readonly string[], values: readonly (StoredValue | null)[]): void {
      if (effective !== dayCache) {
        dayCache = effective;
        dayValue = dayNumber(effective);
      }
      for (let k = 0; k < keys.length; k++) {
        const t = targets.get(keys[k]);
        if (t) applyValue(t, i, period, dayValue, asOfDay, values[k]);
      }
    },

    /** Writes the register's core columns of one enterprise where no record has set a value (the register is the weakest claim). */
    applyRegister(e: RegisterRow): boolean {
      const i = rowOf(snap, e.uscc);
      if (i < 0) return false;
      for (const { column, target } of register) applyRegisterValue(target, i, e[column as keyof RegisterRow] as StoredValue);
      return true;
    },
  };
}
