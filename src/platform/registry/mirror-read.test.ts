import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalogue } from './catalogue.service.ts';
import { DEFAULT_ATTRIBUTES, DEFAULT_CATEGORIES, DEFAULT_DEPARTMENTS } from './catalogue.data.ts';
import type { EnterpriseRecord } from './enterprise.types.ts';
import type { StoredValue } from './intake/validate-row.ts';
import { resolveAttributes, type AttributeState, type Observation } from './mirror-read.ts';
import { parsePeriod } from './period.ts';
import type { LineageRecord } from './values.repository.ts';

const catalogue: Catalogue = {
  attributes: DEFAULT_ATTRIBUTES,
  categories: DEFAULT_CATEGORIES,
  departments: DEFAULT_DEPARTMENTS,
  byKey: new Map(DEFAULT_ATTRIBUTES.map((a) => [a.key, a])),
  codeIndex: new Map(),
  department: (code) => DEFAULT_DEPARTMENTS.find((d) => d.code === code),
};

/** The plain reading of the rule (maps of maps, sorted by each period's end): the reference for the fast path. */
function referenceResolve(records: readonly LineageRecord[], asOfDay: string, enterprise: EnterpriseRecord): Map<string, AttributeState> {
  const slots = new Map<string, Map<string, { last: Observation; bySource: Map<string, Observation> }>>();
  for (const rec of records) {
    for (const [key, value] of Object.entries(rec.values)) {
      const spec = catalogue.byKey.get(key);
      if (!spec) continue;
      const point = spec.frequency === 'point';
      if (point && rec.effective > asOfDay) continue;
      const slot = point ? rec.effective : (rec.period ?? rec.effective);
      const obs: Observation = { value, period: point ? null : rec.period, effective: rec.effective, source: rec.source, interface: rec.interface, batchId: rec.batchId, arrivedAt: rec.arrivedAt };
      const perKey = slots.get(key) ?? new Map();
      slots.set(key, perKey);
      const entry = perKey.get(slot) ?? { last: obs, bySource: new Map() };
      entry.last = obs;
      entry.bySource.set(obs.source, obs);
      perKey.set(slot, entry);
    }
  }
  const end = (slot: string) => parsePeriod(slot)?.end ?? slot;
  const out = new Map<string, AttributeState>();
  for (const spec of catalogue.attributes) {
    const perKey = slots.get(spec.key);
    if (!perKey) {
      const value = spec.spineColumn ? enterprise[spec.spineColumn] : undefined;
      if (value === undefined || value === null || value === '') continue;
      const base: Observation = { value, period: null, effective: enterprise.registeredAt, source: 'amr', interface: 'register', batchId: null, arrivedAt: null };
      out.set(spec.key, { spec, current: base, series: [base], conflicts: [] });
      continue;
    }
    const ordered = [...perKey.entries()].sort(([a], [b]) => (end(a) < end(b) ? -1 : end(a) > end(b) ? 1 : 0));
    const latest = ordered[ordered.length - 1][1];
    const sources = [...latest.bySource.values()];
    const key = (v: StoredValue) => (Array.isArray(v) ? v.join('|') : v);
    out.set(spec.key, { spec, current: latest.last, series: ordered.map(([, e]) => e.last), conflicts: sources.some((o) => key(o.value) !== key(sources[0].value)) ? sources : [] });
  }
  return out;
}

const enterprise: EnterpriseRecord = {
  uscc: '91330106MA2AXXXXX1', name: '测试企业', districtCode: '330106', townCode: '330106001', industryCode: 'I65', registeredAt: '2019-05-01',
  registeredCapitalFen: 500_000_000, employees: 40, revenueFen: 100, patentsInvention: 0, patentsUtility: 0, patentsDesign: 0, sizeClass: 'small', status: 'active',
  legalRepName: '张三', legalRepIdNumber: '', legalRepPhone: '', address: '',
};

// Yearly, monthly, quarterly and point attributes (one with a register column), from three sources.
const KEYS = ['employees', 'revenue', 'insured_employees', 'high_tech', 'licences', 'credit_rating'];
const PERIODS: Record<string, (string | null)[]> = { year: ['2024', '2025', null], month: ['2026-01', '2026-02', '2025-12'], quarter: ['2025-Q4', '2026-Q1'], point: [null] };
const DAYS = ['2025-12-31', '2026-01-15', '2026-02-28', '2026-03-31', '2026-04-02'];

const recordArb = fc.record({
  key: fc.constantFrom(...KEYS),
  periodPick: fc.nat(2),
  day: fc.constantFrom(...DAYS),
  source: fc.constantFrom('stats', 'tax', 'amr'),
  value: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constantFrom<StoredValue>(['food_business'], ['food_business', 'construction'])) as fc.Arbitrary<StoredValue>,
  extra: fc.option(fc.constantFrom(...KEYS)),
});

describe('resolveAttributes', () => {
  it('equals the plain reading of the rule on generated arrivals (periods, points after the as-of day, corrections, conflicting sources)', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 25 }), fc.constantFrom(...DAYS), (rows, asOf) => {
        const records: LineageRecord[] = rows.map((r, i) => {
          const spec = catalogue.byKey.get(r.key)!;
          const choices = PERIODS[spec.frequency];
          const period = choices[r.periodPick % choices.length];
          const values: Record<string, StoredValue> = { [r.key]: r.value };
          if (r.extra && r.extra !== r.key) values[r.extra] = r.value;
          return { batchId: `b${i}`, row: i, uscc: enterprise.uscc, period, effective: period ? parsePeriod(period)!.end : r.day, values, source: r.source, interface: 'file', arrivedAt: `2026-04-0${1 + (i % 2)}T00:00:0${i % 10}.000Z` };
        });
        expect(resolveAttributes(catalogue, records, asOf, enterprise)).toEqual(referenceResolve(records, asOf, enterprise));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the last arrival of a period and reports sources that disagree on the latest one', () => {
    const rec = (batchId: string, source: string, period: string, employees: number): LineageRecord => ({ batchId, row: 1, uscc: enterprise.uscc, period, effective: `${period}-12-31`, values: { employees }, source, interface: 'file', arrivedAt: `2026-01-0${batchId.length}T00:00:00.000Z` });
    const states = resolveAttributes(catalogue, [rec('a', 'stats', '2025', 40), rec('bb', 'stats', '2024', 30), rec('ccc', 'tax', '2025', 42), rec('dddd', 'stats', '2025', 41)], '2026-04-02', enterprise);
    const employees = states.get('employees')!;
    expect(employees.current).toMatchObject({ value: 41, source: 'stats', period: '2025' });
    expect(employees.series.map((o) => [o.period, o.value])).toEqual([['2024', 30], ['2025', 41]]);
    expect(employees.conflicts.map((o) => [o.source, o.value])).toEqual([['stats', 41], ['tax', 42]]);
    expect(states.get('registered_capital')).toMatchObject({ current: { value: 500_000_000, source: 'amr', interface: 'register' } });
  });
});
