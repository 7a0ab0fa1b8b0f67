import { describe, expect, it } from 'vitest';
import { compileUnit } from './compile.ts';
import { eligibleSet, matchPopulation } from './population.ts';
import { evaluateRow, rowReader } from './row-eval.ts';
import { createSandbox, withParameter } from './sandbox.ts';
import { snapshotFromFacts } from './snapshot.ts';
import { buildRdUnit, exampleSchema } from './testing.ts';
import type { Facts } from './types.ts';

// A deterministic population: every subject different, some with missing values.
function population(n: number): Facts[] {
  const sectors = ['A', 'C', 'F', 'I', undefined];
  return Array.from({ length: n }, (_, i) => {
    const rev = ((i * 7919) % 4000) * 1_000_000_00 / 10;
    return {
      revenue: [rev, rev * 0.9, rev * 1.1],
      rd: [Math.round(rev * ((i % 9) / 100)), Math.round(rev * 0.03), Math.round(rev * 0.04)],
      rd_domestic: [Math.round(rev * ((i % 9) / 100) * ((i % 5) / 4)), Math.round(rev * 0.03), Math.round(rev * 0.04)],
      staff: 10 + (i % 200),
      tech_staff: i % 40,
      registered_at: i % 13 === 0 ? undefined : `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-15`,
      sector: sectors[i % 5],
      certs: i % 3 === 0 ? ['iso9001'] : [],
      listed: i % 4 === 0,
    } as Facts;
  });
}

describe('sandbox', () => {
  const rows = population(3000);
  const snap = snapshotFromFacts(exampleSchema, rows);
  const asOf = '2024-06-30';
  const unit = buildRdUnit();
  const base = compileUnit(unit, exampleSchema, asOf);

  it('counts, costs and breaks down a draft exactly as row evaluation does', () => {
    const sb = createSandbox(snap);
    const r = sb.run(base, { dims: ['sector', 'sector'] });
    const read = rowReader(exampleSchema);
    const ref = rows.map((f) => evaluateRow(base, read(f)));
    expect(r.count).toBe(ref.filter((x) => x.eligible).length);
    expect(r.totalFen).toBe(ref.reduce((s, x) => s + x.amount, 0));
    expect(r.count).toBeGreaterThan(50);
    const cells = r.breakdown!.cells;
    expect(cells.reduce((s, c) => s + c.count, 0)).toBe(r.count);
    expect(cells.every((c) => c.a === c.b)).toBe(true);
    const missing = cells.find((c) => c.a === null)!;
    expect(missing.count).toBe(rows.filter((f, i) => f.sector === undefined && ref[i].eligible).length);
  });

  it('reports who a draft gains and loses against the unit it replaces', () => {
    const sb = createSandbox(snap);
    const draft = compileUnit(withParameter(unit, 'tech_share', 0.2), exampleSchema, asOf);
    const popBase = eligibleSet(matchPopulation([base], snap), 0);
    const r = sb.run(draft, { base: popBase, sample: 5 });
    const read = rowReader(exampleSchema);
    const lost = rows.map((f, i) => [i, evaluateRow(base, read(f)).eligible && !evaluateRow(draft, read(f)).eligible] as const).filter(([, l]) => l).map(([i]) => i);
    expect(r.diff).toMatchObject({ gained: 0, lost: lost.length, lostSample: lost.slice(0, 5) });
    expect(r.diff!.lost).toBeGreaterThan(0);
    expect(sb.run(base, { base: draft }).diff).toMatchObject({ gained: lost.length, lost: 0 });
  });

  it('sweeps a parameter over values with the same result as compiling each', () => {
    const sb = createSandbox(snap);
    const values = [0, 0.05, 0.1, 0.15, 0.2, 0.5];
    const sweep = sb.sweep(unit, 'tech_share', values, asOf);
    const each = values.map((v) => matchPopulation([compileUnit(withParameter(unit, 'tech_share', v), exampleSchema, asOf)], snap).units[0]);
    expect(sweep.map((s) => [s.count, s.totalFen])).toEqual(each.map((u) => [u.count, u.totalFen]));
    expect(sweep[0].count).toBeGreaterThan(sweep[5].count);
  });

  it('names a bad breakdown dimension and an unknown parameter', () => {
    const sb = createSandbox(snap);
    expect(() => sb.run(base, { dims: ['staff', 'sector'] })).toThrow(/dimension "staff"/);
    expect(() => withParameter(unit, 'nope', 1)).toThrow(/no parameter "nope"/);
  });
});
