import { describe, expect, it } from 'vitest';
import { differenceInDifferences, normalCdf, type DidSubject } from './evaluation-did.ts';
import { modifiedZ, outlierFindings, overlapFindings, quantile, sharedAccountFindings } from './supervision-rules.ts';

/** A seeded generator (mulberry32) and normal draws (Box–Muller): the same data every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { u, normal: () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()) };
}

const PERIODS = ['2021', '2022', '2023', '2024', '2025'];

/**
 * Synthetic companies in 12 cells; each cell has its own level and trend and its own chance of
 * benefiting (selection on the cell), so comparing all beneficiaries with all others is biased and
 * only the matched comparison recovers `effect` (added from 2024 on).
 */
function synthetic(effect: number, seed: number, n = 1200): DidSubject[] {
  const r = rng(seed);
  const out: DidSubject[] = [];
  for (let i = 0; i < n; i++) {
    const cellNo = i % 12;
    const trend = 5 + cellNo * 4;
    const treated = r.u() < 0.15 + cellNo * 0.05;
    const level = 100 + cellNo * 30 + r.normal() * 20;
    const values = new Map<string, number>();
    PERIODS.forEach((p, t) => values.set(p, level + trend * t + (treated && p >= '2024' ? effect : 0) + r.normal() * 8));
    out.push({ id: `e${i}`, cell: `C${cellNo}`, treated, values });
  }
  return out;
}

describe('difference-in-differences with exact matching', () => {
  it('recovers a known effect within its 95% interval, and the naive comparison does not', () => {
    const subjects = synthetic(25, 7);
    const r = differenceInDifferences(subjects, PERIODS, '2024');
    expect(r.before).toEqual(['2021', '2022', '2023']);
    expect(r.ci95[0]).toBeLessThan(25);
    expect(r.ci95[1]).toBeGreaterThan(25);
    expect(r.att).toBeGreaterThan(20);
    expect(r.p).toBeLessThan(0.001);
    // Unmatched: one cell only, every company in it — the pooled difference is biased by cell trends.
    const naive = differenceInDifferences(subjects.map((s) => ({ ...s, cell: 'all' })), PERIODS, '2024');
    expect(naive.ci95[0] > 25 || naive.ci95[1] < 25).toBe(true);
    expect(r.series).toHaveLength(5);
    expect(r.cells).toHaveLength(12);
  });

  it('gives an interval covering 0 for a null effect', () => {
    const r = differenceInDifferences(synthetic(0, 11), PERIODS, '2024');
    expect(r.ci95[0]).toBeLessThan(0);
    expect(r.ci95[1]).toBeGreaterThan(0);
    expect(r.p).toBeGreaterThan(0.05);
  });

  it('covers the true effect in about 95% of repeated samples (the standard error is honest)', () => {
    let covered = 0;
    const runs = 60;
    for (let s = 0; s < runs; s++) {
      const r = differenceInDifferences(synthetic(10, 100 + s, 600), PERIODS, '2024');
      if (r.ci95[0] <= 10 && 10 <= r.ci95[1]) covered++;
    }
    expect(covered / runs).toBeGreaterThanOrEqual(0.85);
  });

  it('leaves out beneficiaries without a control in their cell', () => {
    const v = new Map([['2023', 1], ['2024', 2]]);
    const r = differenceInDifferences([
      { id: 'a', cell: 'x', treated: true, values: v }, { id: 'b', cell: 'x', treated: false, values: v }, { id: 'c', cell: 'y', treated: true, values: v },
    ], ['2023', '2024'], '2024');
    expect(r).toMatchObject({ treated: 1, controls: 1, unmatchedTreated: 1, att: 0 });
  });

  it('normal CDF', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 3);
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
  });
});

describe('supervision detectors', () => {
  const claim = { id: 'c1', unitId: 'u1', uscc: 'X', amountFen: 600_000, districtCode: '330106' };

  it('(a) sums a company’s claims on the units of a cap group', () => {
    const cap = { id: 'g', title: '人才类', categories: ['奖补'], unitIds: [], capFen: 1_000_000, updatedBy: 'u', updatedAt: '' };
    const cat = (id: string) => (id === 'u3' ? '资质' : '奖补');
    const other = { ...claim, id: 'c2', unitId: 'u2', amountFen: 500_000 };
    expect(overlapFindings(claim, [claim, other], [cap], cat)).toMatchObject([{ kind: 'overlap_cap', evidence: { totalFen: 1_100_000 } }]);
    expect(overlapFindings(claim, [claim, { ...other, unitId: 'u3' }], [cap], cat)).toEqual([]);
    expect(overlapFindings(claim, [claim, { ...other, amountFen: 400_000 }], [cap], cat)).toEqual([]);
  });

  it('(d) needs at least the minimum of companies on one account', () => {
    const acc = { number: '6222020200112233', bank: '102331000015' };
    expect(sharedAccountFindings(acc, [{ uscc: 'A', claimId: '1' }, { uscc: 'A', claimId: '2' }], 2)).toEqual([]);
    expect(sharedAccountFindings(acc, [{ uscc: 'A', claimId: '1' }, { uscc: 'B', claimId: '2' }], 2)[0].reason.zh).toContain('2 家企业共用');
  });

  it('(e) flags an amount above p99 with a high modified z-score, approved in the official’s own district only', () => {
    const others = Array.from({ length: 30 }, (_, i) => 100_000 + i * 1000);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(modifiedZ(200_000, others).z).toBeGreaterThan(3.5);
    const own = { userId: 'o', name: '王', divisionCode: '330106', ownDistrict: true };
    expect(outlierFindings({ ...claim, amountFen: 200_000 }, others, own, { outlierMinSample: 10, outlierZ: 3.5 })).toHaveLength(1);
    expect(outlierFindings({ ...claim, amountFen: 120_000 }, others, own, { outlierMinSample: 10, outlierZ: 3.5 })).toEqual([]);
    expect(outlierFindings({ ...claim, amountFen: 200_000 }, others, { ...own, divisionCode: '330108', ownDistrict: false }, { outlierMinSample: 10, outlierZ: 3.5 })).toEqual([]);
    expect(outlierFindings({ ...claim, amountFen: 200_000 }, others.slice(0, 5), own, { outlierMinSample: 10, outlierZ: 3.5 })).toEqual([]);
  });
});
