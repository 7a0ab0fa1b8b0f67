import type { Catalogue } from './catalogue.service.ts';
import type { AttributeSpec } from './catalogue.types.ts';
import type { EnterpriseRecord } from './enterprise.types.ts';
import type { StoredValue } from './intake/validate-row.ts';
import { parsePeriod } from './period.ts';
import type { LineageRecord } from './values.repository.ts';

/** One value with its lineage. */
export interface Observation {
  value: StoredValue;
  /** The period it describes (`2025`, `2025-Q3`, `2025-09`), or null for a point in time. */
  period: string | null;
  /** The day it describes: the period's last day, or the day it was true. */
  effective: string;
  source: string;
  interface: string;
  batchId: string | null;
  /** When it arrived (the batch's commit); null for the register's own columns. */
  arrivedAt: string | null;
}

/** What the mirror knows of one attribute of one enterprise as of a date. */
export interface AttributeState {
  spec: AttributeSpec;
  /** The value in force: the latest period's (or the latest point's) last-arrived observation. */
  current: Observation;
  /** Per period, oldest first, the last-arrived observation (periodic attributes; one entry for point ones). */
  series: Observation[];
  /** Sources that disagree on the current period: their last observations, when they differ. */
  conflicts: Observation[];
}

/** The register's core columns as observations of the market regulator's register. */
function spineObservations(catalogue: Catalogue, enterprise: EnterpriseRecord): Map<string, Observation> {
  const out = new Map<string, Observation>();
  for (const spec of catalogue.attributes) {
    if (!spec.spineColumn) continue;
    const value = enterprise[spec.spineColumn];
    if (value === undefined || value === null || value === '') continue;
    out.set(spec.key, { value, period: null, effective: enterprise.registeredAt, source: 'amr', interface: 'register', batchId: null, arrivedAt: null });
  }
  return out;
}

function same(a: StoredValue, b: StoredValue): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.join('|') === b.join('|') : a === b;
}

/** One period slot of one attribute: its last observation and each source's last, in first-arrival order. */
interface Slot {
  slot: string;
  /** The slot's last day, for ordering (a period's end, or the day itself); set when the attribute has more than one slot. */
  end: string;
  last: Observation;
  bySource: Observation[];
}

/**
 * Resolves an enterprise's records (in arrival order, already cut at the as-of instant) into the
 * state of each attribute as of `asOfDay`: later arrivals correct earlier ones for the same period;
 * a point value holds from its day on, so values dated after the as-of day are left out.
 */
export function resolveAttributes(catalogue: Catalogue, records: readonly LineageRecord[], asOfDay: string, enterprise?: EnterpriseRecord): Map<string, AttributeState> {
  // key → its period slots in first-arrival order. Plain arrays searched in place: an attribute has
  // a few periods and one or two sources, and a portrait resolves ~70 attributes per request.
  const slots = new Map<string, Slot[]>();
  for (const rec of records) {
    for (const key in rec.values) {
      const spec = catalogue.byKey.get(key);
      if (!spec) continue;
      const point = spec.frequency === 'point';
      if (point && rec.effective > asOfDay) continue;
      const slot = point ? rec.effective : (rec.period ?? rec.effective);
      const obs: Observation = { value: rec.values[key], period: point ? null : rec.period, effective: rec.effective, source: rec.source, interface: rec.interface, batchId: rec.batchId, arrivedAt: rec.arrivedAt };
      const perKey = slots.get(key);
      if (!perKey) {
        slots.set(key, [{ slot, end: '', last: obs, bySource: [obs] }]);
        continue;
      }
      let entry: Slot | undefined;
      for (const e of perKey) if (e.slot === slot) entry = e;
      if (!entry) {
        perKey.push({ slot, end: '', last: obs, bySource: [obs] });
        continue;
      }
      entry.last = obs;
      const at = entry.bySource.findIndex((o) => o.source === obs.source);
      if (at >= 0) entry.bySource[at] = obs;
      else entry.bySource.push(obs);
    }
  }
  const out = new Map<string, AttributeState>();
  const spine = enterprise ? spineObservations(catalogue, enterprise) : new Map<string, Observation>();
  for (const spec of catalogue.attributes) {
    const perKey = slots.get(spec.key);
    if (!perKey) {
      const base = spine.get(spec.key);
      if (base) out.set(spec.key, { spec, current: base, series: [base], conflicts: [] });
      continue;
    }
    // Stable: slots ending on the same day keep their arrival order.
    if (perKey.length > 1) {
      for (const e of perKey) e.end = periodEnd(e.slot);
      perKey.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
    }
    const latest = perKey[perKey.length - 1];
    const sources = latest.bySource;
    const conflicts = sources.length > 1 && sources.some((o) => !same(o.value, sources[0].value)) ? sources : [];
    const series: Observation[] = [];
    for (const e of perKey) series.push(e.last);
    out.set(spec.key, { spec, current: latest.last, series, conflicts });
  }
  return out;
}

function periodEnd(slot: string): string {
  return parsePeriod(slot)?.end ?? slot;
}
