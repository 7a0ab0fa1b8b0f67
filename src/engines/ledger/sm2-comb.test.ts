import { describe, expect, it } from 'vitest';
import { p256 } from '@noble/curves/nist.js';
import { buildCombTable, combSumX } from './sm2-comb.ts';

// The tables are generic over the prime: checked here against @noble/curves on NIST P-256.
const { Point } = p256;
const p = Point.Fp.ORDER;
const n = Point.Fn.ORDER;
const random = (seed: number) => {
  let x = BigInt(seed) * 0x9e3779b97f4a7c15n;
  return () => {
    x = (x * 6364136223846793005n + 1442695040888963407n) % (1n << 256n);
    return x % n;
  };
};

describe('fixed-base tables (sm2-comb)', () => {
  const q = Point.BASE.multiply(0x1234567890abcdefn);
  const [tableG, tableQ] = [buildCombTable(Point.BASE, p), buildCombTable(q, p)];

  it('[a]G + [b]Q equals the generic double-scalar multiplication', () => {
    const next = random(7);
    const scalars = [1n, 2n, 255n, 256n, 0xff00n, 1n << 255n, n - 1n, ...Array.from({ length: 30 }, next)];
    for (const a of scalars) {
      const b = next();
      expect(combSumX(tableG, a, tableQ, b, p)).toBe(Point.BASE.mulAddUnsafe(a, q, b).x);
    }
    expect(combSumX(tableG, 0n, tableQ, 5n, p)).toBe(q.multiply(5n).x);
  });

  it('reports the identity and the doubling case instead of a wrong x', () => {
    expect(combSumX(tableG, 0n, tableQ, 0n, p)).toBeUndefined();
    // [1]G + [1]G: the second addition is a doubling.
    expect(combSumX(tableG, 1n, tableG, 1n, p)).toBeUndefined();
    // [a]G + [n − a]G is the identity.
    expect(combSumX(tableG, 3n, tableG, n - 3n, p)).toBeUndefined();
  });
});
