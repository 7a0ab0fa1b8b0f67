import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allocateFen,
  applyRateBp,
  assertFen,
  divideRounded,
  fenToYuanString,
  formatFen,
  formatFenCompact,
  parseYuan,
  sumFen,
  type Fen,
} from './money.ts';
import { AppError } from './errors.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : 'not an AppError';
  }
  return undefined;
}

describe('money in integer fen', () => {
  it('parses yuan by string arithmetic', () => {
    expect(parseYuan('12.34')).toBe(1234);
    expect(parseYuan('12.3')).toBe(1230);
    expect(parseYuan('12.')).toBe(1200);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('-0.5')).toBe(-50);
    expect(parseYuan(' ¥1,234,567.89 ')).toBe(123456789);
    // 0.1 + 0.2 style float traps cannot happen: 1.005 yuan has too many decimals and is refused.
    expect(parseYuan('19.99')).toBe(1999);
  });

  it('refuses non-amounts and more than 2 decimals, naming the rule', () => {
    expect(codeOf(() => parseYuan('1.005'))).toBe('money.invalid');
    expect(() => parseYuan('1.005')).toThrow(/more than 2 decimals/);
    expect(codeOf(() => parseYuan('12a'))).toBe('money.invalid');
    expect(codeOf(() => parseYuan(''))).toBe('money.invalid');
    expect(codeOf(() => parseYuan('1e5'))).toBe('money.invalid');
    expect(codeOf(() => parseYuan('999999999999999999'))).toBe('money.unsafe');
  });

  it('formats fen as ¥ with separators', () => {
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(-100)).toBe('-¥1.00');
    expect(fenToYuanString(-123456)).toBe('-1234.56');
    expect(codeOf(() => formatFen(1.5))).toBe('money.unsafe');
  });

  it('formats compact amounts for cockpits', () => {
    expect(formatFenCompact(21_000_000_000)).toBe('2.1 亿元');
    expect(formatFenCompact(20_000_000_000)).toBe('2 亿元');
    expect(formatFenCompact(123_450_000)).toBe('123.5 万元');
    expect(formatFenCompact(1_000_000)).toBe('1 万元');
    expect(formatFenCompact(999_999)).toBe('10,000 元');
    expect(formatFenCompact(12_345)).toBe('123.5 元');
    expect(formatFenCompact(-21_000_000_000, 2)).toBe('-2.1 亿元');
    expect(formatFenCompact(1_234_567_890_123_456, 2)).toBe('123,456.79 亿元');
  });

  it('applies basis-point rates with integer half-up rounding', () => {
    expect(applyRateBp(10_001, 250)).toBe(250);
    expect(applyRateBp(10_020, 250)).toBe(251); // 250.5 → 251
    expect(applyRateBp(10_020, 250, 'down')).toBe(250);
    expect(applyRateBp(10_001, 250, 'up')).toBe(251);
    expect(applyRateBp(-10_020, 250)).toBe(-251);
    expect(applyRateBp(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
    expect(codeOf(() => applyRateBp(100, 2.5))).toBe('money.invalid');
  });

  it('property: rounding agrees with a rational reference', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        const q = divideRounded(n, d, 'half-up');
        // |n/d - q| ≤ 1/2, and exactly 1/2 only when rounding away from zero.
        const twice = 2n * n - 2n * q * d;
        const abs = twice < 0n ? -twice : twice;
        expect(abs <= d).toBe(true);
        if (abs === d) expect(q === 0n || (q < 0n) === (n < 0n)).toBe(true);
        const down = divideRounded(n, d, 'down');
        expect(down).toBe(n / d);
      }),
    );
  });

  it('property: parseYuan inverts fenToYuanString', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), (fen) => {
        expect(parseYuan(fenToYuanString(fen as Fen))).toBe(fen);
      }),
    );
  });

  it('sums safely and refuses overflow', () => {
    expect(sumFen([1, 2, 3])).toBe(6);
    expect(sumFen([])).toBe(0);
    expect(codeOf(() => sumFen([Number.MAX_SAFE_INTEGER, 1]))).toBe('money.unsafe');
    expect(codeOf(() => sumFen([0.1, 0.2]))).toBe('money.unsafe');
    expect(codeOf(() => assertFen(Number.NaN))).toBe('money.unsafe');
  });

  it('allocates exactly, largest remainder first', () => {
    expect(allocateFen(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateFen(-10, [1, 2])).toEqual([-3, -7]);
    expect(allocateFen(5, [0, 1])).toEqual([0, 5]);
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.array(fc.nat(1000), { minLength: 1, maxLength: 8 }), (fen, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const shares = allocateFen(fen, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(fen);
        const total = weights.reduce((a, b) => a + b, 0);
        shares.forEach((s, i) => expect(Math.abs(s - (fen * weights[i]) / total)).toBeLessThan(1));
      }),
    );
  });
});
