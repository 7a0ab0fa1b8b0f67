import { isoToDays } from '../../../engines/rules/dates.ts';
import { createSnapshot, MISSING_CODE, type Column, type ColumnSnapshot } from '../../../engines/rules/snapshot.ts';
import { isSnapshotAttribute, snapshotPeriodsOf, toEngineSchema } from '../catalogue.ts';
import type { AttributeSpec } from '../catalogue.types.ts';
import type { EnterpriseRecord } from '../enterprise.types.ts';
import type { StoredValue } from '../intake/validate-row.ts';
import { dayNumber, periodWindow } from '../period.ts';

/** The last batch a snapshot has applied (arrival order is committedAt, then id). */
export interface Watermark {
  committedAt: string;
  id: string;
}

/**
 * The population as of a day, in the rules engine's columnar form (`engine`: one typed array per
 * attribute × period — Float64 with NaN for missing numbers, money and dates (day numbers), Int32
 * codes for enums (-1 missing), Uint8 for booleans (2 missing), Uint32 bitsets for sets), with
 * row i ↔ `usccs[i]`. Periodic attributes hold the last complete periods before `asOf`, latest first.
 */
export interface MirrorSnapshot {
  asOf: string;
  /** Row i's USCC, sorted (code-unit order), so a row is found by binary search. */
  usccs: string[];
  engine: ColumnSnapshot;
  /** Periodic attribute → period texts, latest first (the engine's period index). */
  periods: Record<string, string[]>;
  /** Point attribute → day number of the value in force per row (so a late-arriving older value never overwrites a newer one). */
  effective: Record<string, Int32Array>;
  watermark: Watermark | null;
  specs: AttributeSpec[];
}

/** A record to apply: one enterprise, one period (or point), some values. */
export interface SnapshotRecord {
  uscc: string;
  period: string | null;
  effective: string;
  values: Record<string, StoredValue>;
}

const NO_DAY = -2_147_483_648;

/** The snapshot's attributes: snapshot-worthy catalogue attributes (not personal, not free text). */
export function snapshotSpecs(specs: readonly AttributeSpec[]): AttributeSpec[] {
  return specs.filter(isSnapshotAttribute);
}

/** An empty snapshot of a population (sorted USCCs) as of a day. */
export function createMirrorSnapshot(specs: readonly AttributeSpec[], usccs: string[], asOf: string, opts: { shared?: boolean } = {}): MirrorSnapshot {
  const chosen = snapshotSpecs(specs);
  const engine = createSnapshot(toEngineSchema(chosen), usccs.length, opts);
  const periods: Record<string, string[]> = {};
  const effective: Record<string, Int32Array> = {};
  for (const s of chosen) {
    if (s.frequency === 'point') effective[s.key] = new Int32Array(usccs.length).fill(NO_DAY);
    else periods[s.key] = periodWindow(s.frequency, asOf, snapshotPeriodsOf(s));
  }
  return { asOf, usccs: sortedUsccs(usccs), engine, periods, effective, watermark: null, specs: chosen };
}

/** The list itself when already sorted (the usual case: the database returns USCC order), else a sorted copy. */
function sortedUsccs(usccs: string[]): string[] {
  for (let i = 1; i < usccs.length; i++) if (usccs[i - 1] >= usccs[i]) return [...new Set(usccs)].sort();
  return usccs;
}

/** The row of a USCC in a snapshot, or -1 (binary search: no index to build when a snapshot loads). */
export function rowOf(snap: Pick<MirrorSnapshot, 'usccs'>, uscc: string): number {
  const list = snap.usccs;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid];
    if (v === uscc) return mid;
    if (v < uscc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Writes one value into a column cell in the engine's encoding; values of the wrong shape become missing. */
function writeCell(col: Column, codeIndex: Map<string, number> | undefined, p: number, i: number, v: StoredValue): void {
  switch (col.kind) {
    case 'num':
      col.periods[p][i] = typeof v === 'number' ? v : typeof v === 'string' ? isoToDays(v) : NaN;
      return;
    case 'code':
      col.periods[p][i] = typeof v === 'string' ? (codeIndex?.get(v) ?? MISSING_CODE) : MISSING_CODE;
      return;
    case 'bool':
      col.periods[p][i] = v === true ? 1 : v === false ? 0 : 2;
      return;
    case 'set': {
      let bits = 0;
      if (Array.isArray(v)) for (const m of v) { const b = codeIndex?.get(m); if (b !== undefined) bits |= 1 << b; }
      col.periods[p][i] = bits >>> 0;
      return;
    }
  }
}

/**
 * A writer of records into a snapshot, with per-attribute lookups prepared once. Records must be
 * applied in arrival order: for a period, the later arrival wins; for a point attribute, the value
 * with the latest day not after `asOf` wins (ties: the later arrival).
 */
export function createSnapshotWriter(snap: MirrorSnapshot) {
  const asOfDay = dayNumber(snap.asOf);
  const targets = new Map<string, { col: Column; codes?: Map<string, number>; periods?: Map<string, number>; effective?: Int32Array }>();
  for (const s of snap.specs) {
    const col = snap.engine.columns[s.key];
    const names = col.kind === 'code' ? col.dict : col.kind === 'set' ? col.members : undefined;
    targets.set(s.key, {
      col,
      codes: names && new Map(names.map((n, i) => [n, i])),
      periods: snap.periods[s.key] && new Map(snap.periods[s.key].map((p, i) => [p, i])),
      effective: snap.effective[s.key],
    });
  }
  const spine = snap.specs.filter((s) => s.spineColumn).map((s) => ({ column: s.spineColumn!, target: targets.get(s.key)! }));
  let dayCache = '';
  let dayValue = 0;
  return {
    /** Applies one record; returns false when its enterprise is not in the snapshot. */
    apply(rec: SnapshotRecord): boolean {
      const keys = Object.keys(rec.values);
      return this.applyValues(rec.uscc, rec.period, rec.effective, keys, keys.map((k) => rec.values[k]));
    },

    /** Applies one record given as parallel keys and values (null = no value), as tabular batches store them. */
    applyValues(uscc: string, period: string | null, effective: string, keys: readonly string[], values: readonly (StoredValue | null)[]): boolean {
      const i = rowOf(snap, uscc);
      if (i < 0) return false;
      if (effective !== dayCache) {
        dayCache = effective;
        dayValue = dayNumber(effective);
      }
      for (let k = 0; k < keys.length; k++) {
        const v = values[k];
        if (v === null || v === undefined) continue;
        const t = targets.get(keys[k]);
        if (!t) continue;
        if (t.effective) {
          if (dayValue > asOfDay || dayValue < t.effective[i]) continue;
          t.effective[i] = dayValue;
          writeCell(t.col, t.codes, 0, i, v);
        } else {
          const p = period === null ? undefined : t.periods?.get(period);
          if (p !== undefined) writeCell(t.col, t.codes, p, i, v);
        }
      }
      return true;
    },

    /** Writes the register's core columns of one enterprise as the base every record overrides. */
    applySpine(e: Partial<EnterpriseRecord> & { uscc: string }): void {
      const i = rowOf(snap, e.uscc);
      if (i < 0) return;
      // The register's value is the weakest claim: period 0 of a periodic attribute, the earliest day of a point one.
      for (const { column, target } of spine) {
        const v = e[column];
        if (v !== undefined && v !== null && v !== '') writeCell(target.col, target.codes, 0, i, v as StoredValue);
      }
    },
  };
}
