import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../../db/testing.ts';
import { readFacts, type ColumnSnapshot } from '../../../engines/rules/snapshot.ts';
import type { FactValue } from '../../../engines/rules/types.ts';
import { createRegistryFixture, csv, memoryBatch } from '../registry.testing.ts';
import type { StoredValue } from '../intake/validate-row.ts';
import { endOfDay } from '../period.ts';
import { rowOf } from './mirror-snapshot.ts';

// The attributes the generated batches use: every frequency and every column kind.
const ATTRS = {
  employees: { freq: 'year', gen: fc.integer({ min: 0, max: 500 }) },
  revenue: { freq: 'year', gen: fc.integer({ min: 0, max: 10_000_000 }).map((y) => `${y}.${String(y % 100).padStart(2, '0')}`) },
  insured_employees: { freq: 'month', gen: fc.integer({ min: 0, max: 300 }) },
  loans_outstanding: { freq: 'quarter', gen: fc.integer({ min: 0, max: 1_000_000 }) },
  industry: { freq: 'point', gen: fc.constantFrom('I65', 'C39', 'F51', 'M73') },
  high_tech: { freq: 'point', gen: fc.constantFrom('1', '0') },
  licences: { freq: 'point', gen: fc.subarray(['food_business', 'telecom_vas', 'hr_service', 'road_transport']).map((m) => m.join(';')) },
  registered_at: { freq: 'point', gen: fc.constantFrom('2001-02-03', '2015-06-01', '2020-12-31') },
} as const;
type Key = keyof typeof ATTRS;

const PERIODS = {
  year: fc.constantFrom('2023', '2024', '2025', '2026'),
  month: fc.constantFrom('2025-11', '2025-12', '2026-01', '2026-02'),
  quarter: fc.constantFrom('2025-Q3', '2025-Q4', '2026-Q1'),
  point: fc.constantFrom('2025-06-30', '2026-01-15', '2026-03-01', '2026-05-01'),
} as const;

const batchArb = fc
  .constantFrom('year', 'month', 'quarter', 'point')
  .chain((freq) => {
    const keys = (Object.keys(ATTRS) as Key[]).filter((k) => ATTRS[k].freq === freq);
    return fc.record({
      freq: fc.constant(freq),
      keys: fc.shuffledSubarray(keys, { minLength: 1 }),
      source: fc.constantFrom('stats', 'tax', 'hrss', 'amr'),
      rows: fc.array(fc.record({ who: fc.nat(4), period: PERIODS[freq], values: fc.record(Object.fromEntries(keys.map((k) => [k, fc.option(ATTRS[k].gen as fc.Arbitrary<string | number>, { nil: "" })]))) }), { minLength: 1, maxLength: 6 }),
      advanceHours: fc.nat(48),
      jsonLines: fc.boolean(),
    });
  });

const norm = (v: FactValue | FactValue[]): unknown => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v].sort() : Array.isArray(v) ? v.map(norm) : v);

describe('columnar snapshot', () => {
  it('equals a direct query of the records on generated batches', async () => {
    const sqlite = testDialects()[0];
    await fc.assert(
      fc.asyncProperty(fc.array(batchArb, { minLength: 1, maxLength: 8 }), fc.constantFrom('2026-02-10', '2026-03-05', '2026-06-30'), async (batches, asOf) => {
        const database = await sqlite.open();
        try {
          const tp = await createRegistryFixture(database);
          const all = [...tp.xihu, ...tp.binjiang];
          tp.clock.set('2026-01-01T00:00:00.000Z');
          for (const b of batches) {
            tp.clock.advance(b.advanceHours * 3_600_000);
            const rows = b.rows.map((r) => [all[r.who].uscc, r.period, ...b.keys.map((k) => String((r.values as Record<string, unknown>)[k] ?? ''))]);
            // Tabular batches store value arrays, JSON lines store objects: both paths are generated.
            const content = b.jsonLines
              ? rows.map((r) => JSON.stringify(Object.fromEntries(['uscc', 'period', ...b.keys].map((k, i) => [k, r[i]]).filter(([, v]) => v !== '')))).join('\n')
              : csv(['uscc', 'period', ...b.keys], rows);
            const { batch } = await tp.services.registry.intake.run(null, memoryBatch(content, b.source, { format: b.jsonLines ? 'jsonl' : 'csv' }));
            expect(['committed', 'duplicate']).toContain(batch.status);
          }
          const snap = await tp.services.registry.snapshots.build(asOf);
          const catalogue = await tp.services.registry.catalogue.load();
          for (const e of all) {
            // The reference: the enterprise's records straight from the database, resolved naively.
            const records = await tp.services.registry.values.recordsOf(e.uscc, endOfDay(asOf));
            const expected: Record<string, unknown> = {};
            for (const key of Object.keys(ATTRS) as Key[]) {
              const spec = catalogue.byKey.get(key)!;
              const spine = spec.spineColumn ? (e[spec.spineColumn] as StoredValue) : undefined;
              // The engine keeps a set as a bitset: a missing set reads as the empty set.
              const show = (v: StoredValue | undefined): unknown => (spec.type === 'set' && v === undefined ? [] : v);
              if (spec.frequency === 'point') {
                let best: { day: string; v: StoredValue } | undefined;
                for (const r of records) if (key in r.values && r.effective <= asOf && (!best || r.effective >= best.day)) best = { day: r.effective, v: r.values[key] };
                expected[key] = show(best ? best.v : spine);
              } else {
                expected[key] = snap.periods[key].map((p, i) => {
                  let v: StoredValue | undefined;
                  for (const r of records) if (r.period === p && key in r.values) v = r.values[key];
                  return show(v ?? (i === 0 ? spine : undefined));
                });
              }
            }
            const facts = readFacts(snap.engine as ColumnSnapshot, rowOf(snap, e.uscc));
            const actual = Object.fromEntries(Object.keys(ATTRS).map((k) => [k, norm(facts[k])]));
            expect(actual).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, norm(v as FactValue)])));
          }
        } finally {
          await database.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
