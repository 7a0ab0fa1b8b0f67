import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageColumn, completeYears, daysToIso, isIsoDate, isoToDays } from './dates.ts';
import { amountFor, roundHalfUp } from './row-eval.ts';
import { makeNode } from './ir.ts';

describe('roundHalfUp', () => {
  it('equals Math.round on any double, ties included', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (x, k) => {
      expect(roundHalfUp(x) === Math.round(x)).toBe(true);
      expect(roundHalfUp(k + 0.5) === Math.round(k + 0.5)).toBe(true);
      expect(roundHalfUp(k - 0.5) === Math.round(k - 0.5)).toBe(true);
    }), { numRuns: 2000 });
  });
});

describe('amountFor', () => {
  const base = makeNode({ k: 'attr', a: 'x', p: 0, t: 'num', d: 'money' });
  it('applies rate, floor and cap in fen', () => {
    expect(amountFor({ k: 'rate', rate: 0.1, base, cap: 500 }, 12_345)).toBe(500);
    expect(amountFor({ k: 'rate', rate: 0.1, base }, 12_345)).toBe(1235);
    expect(amountFor({ k: 'rate', rate: 0.1, base, floor: 2000 }, 12_345)).toBe(2000);
    expect(amountFor({ k: 'rate', rate: 0.1, base }, NaN)).toBe(0);
  });
  it('applies marginal and flat brackets', () => {
    const brackets = [{ upTo: 1000, rate: 0.1 }, { upTo: 5000, rate: 0.05 }, { upTo: null, rate: 0.01 }];
    expect(amountFor({ k: 'brackets', brackets, base, mode: 'marginal' }, 10_000)).toBe(100 + 200 + 50);
    expect(amountFor({ k: 'brackets', brackets, base, mode: 'flat' }, 3000)).toBe(150);
    expect(amountFor({ k: 'brackets', brackets, base, mode: 'marginal', cap: 120 }, 10_000)).toBe(120);
  });
});

describe('dates', () => {
  it('round-trips day numbers and counts complete years with anniversaries', () => {
    fc.assert(fc.property(fc.integer({ min: -200_000, max: 200_000 }), (d) => { expect(isoToDays(daysToIso(d))).toBe(d); }));
    expect(completeYears(isoToDays('2020-02-29'), isoToDays('2021-02-28'))).toBe(0);
    expect(completeYears(isoToDays('2020-02-29'), isoToDays('2021-03-01'))).toBe(1);
    expect(completeYears(isoToDays('2023-07-01'), isoToDays('2024-07-01'))).toBe(1);
    expect(isIsoDate('2023-02-29')).toBe(false);
  });
});

describe('completeYears', () => {
  it('matches counting anniversaries on calendar dates', () => {
    fc.assert(fc.property(fc.integer({ min: -50_000, max: 50_000 }), fc.integer({ min: -50_000, max: 50_000 }), (a, b) => {
      const [y1, m1, d1] = daysToIso(a).split('-').map(Number);
      const [y2, m2, d2] = daysToIso(b).split('-').map(Number);
      const expected = y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
      expect(completeYears(a, b)).toBe(expected);
    }), { numRuns: 3000 });
  });
});

describe('ageColumn', () => {
  it('equals completeYears for every day of birth, anniversaries and 29 February included', () => {
    fc.assert(fc.property(fc.integer({ min: -200_000, max: 100_000 }), fc.array(fc.integer({ min: -250_000, max: 100_000 }), { minLength: 1, maxLength: 50 }), (to, froms) => {
      // Days of birth around the anniversaries of `to` too, where an off-by-one would show.
      const near = froms.flatMap((f) => [f, to - 365 * (f % 120), to - 366 * (f % 120), to - 365 * (f % 120) - 1]);
      const from = Float64Array.from([...near, NaN]);
      const out = new Float64Array(from.length);
      ageColumn(from, to, out, from.length);
      from.forEach((f, i) => expect(out[i]).toBe(completeYears(f, to)));
    }), { numRuns: 500 });
    const to = isoToDays('2024-02-29');
    const out = new Float64Array(3);
    ageColumn(Float64Array.of(isoToDays('2020-02-29'), isoToDays('2023-02-28'), isoToDays('2023-03-01')), to, out, 3);
    expect([...out]).toEqual([4, 1, 0]);
  });
});
