import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFacts } from '../../../engines/rules/snapshot.ts';
import { DEFAULT_ATTRIBUTES } from '../catalogue.data.ts';
import type { AttributeSpec } from '../catalogue.types.ts';
import { dayNumber } from '../period.ts';
import { applyValue, cellTargets } from './columns.ts';
import { createMirrorSnapshot } from './mirror-snapshot.ts';
import { applyArrayRow, planParts } from './snapshot-build.ts';

const KEYS = ['revenue', 'employees', 'industry', 'high_tech', 'licences', 'high_tech_expiry', 'land_area', 'name'];
const specs = DEFAULT_ATTRIBUTES.filter((a) => KEYS.includes(a.key));

describe('reading tabular records in place', () => {
  const value = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1e12, max: 1e12 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom('I65', 'C39', 'F51', 'I6', 'I655', '2027-05-01', '2027-05-31', '2024-02-29', '2023-02-29', '2027-13-01', '2027-00-10', '0999-01-01', '2027-5-1', 'not a code', 'a "quoted", [bracketed] \\ text', '中文', ''),
    fc.subarray(['food_business', 'telecom_vas', 'x]"y,z', 'food', '']),
  );

  it('fills the same cells as parsing the JSON array first', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: KEYS.length }), fc.constantFrom('2025', '2024', null), (values, period) => {
        const text = JSON.stringify(values);
        const a = createMirrorSnapshot(specs, ['A'], '2026-03-02');
        const b = createMirrorSnapshot(specs, ['A'], '2026-03-02');
        const asOfDay = dayNumber('2026-03-02');
        const day = dayNumber('2026-01-15');
        const ta = cellTargets(a.specs, a, a.periods);
        const tb = cellTargets(b.specs, b, b.periods);
        applyArrayRow(text, KEYS.map((k) => ta.get(k) ?? null), 0, period, day, asOfDay);
        const parsed = JSON.parse(text) as unknown[];
        KEYS.forEach((k, i) => tb.has(k) && i < parsed.length && applyValue(tb.get(k)!, 0, period, day, asOfDay, parsed[i] as never));
        expect(readFacts(a.engine, 0)).toEqual(readFacts(b.engine, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a malformed record instead of guessing', () => {
    const snap = createMirrorSnapshot(specs, ['A'], '2026-03-02');
    const t = cellTargets(snap.specs, snap, snap.periods);
    expect(() => applyArrayRow('[1 2]', [t.get('employees')!, null], 0, '2025', 0, 1)).toThrow(/malformed/);
  });
});

describe('splitting a build over threads', () => {
  const spec = (key: string): AttributeSpec => ({ key, zh: key, en: key, type: 'integer', category: 'tax', dataClass: 'internal', department: 'stats', frequency: 'year' });
  const all = ['a', 'b', 'c', 'd', 'e'].map(spec);

  it('keeps attributes sent together in one share, balances shares by rows, and gives JSON batches to all', () => {
    const parts = planParts(all, [
      { id: 'b1', columns: ['a', 'b'], rows: 100 },
      { id: 'b2', columns: ['c'], rows: 90 },
      { id: 'b3', columns: ['b', 'd'], rows: 10 },
      { id: 'b4', columns: null, rows: 5 },
    ], 2);
    expect(parts).toHaveLength(2);
    const [first, second] = parts;
    expect(first.keys).toEqual(expect.arrayContaining(['a', 'b', 'd']));
    expect(second.keys).toEqual(expect.arrayContaining(['c']));
    expect([...first.keys, ...second.keys].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(first.batches.map((b) => b.id)).toEqual(['b1', 'b3', 'b4']);
    expect(second.batches.map((b) => b.id)).toEqual(['b2', 'b4']);
    expect(planParts(all, [{ id: 'b1', columns: ['a', 'b', 'c', 'd', 'e'], rows: 1 }], 2)).toHaveLength(1);
  });
});
