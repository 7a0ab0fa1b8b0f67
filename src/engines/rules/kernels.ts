/**
 * Tight loops of the columnar evaluator. Each comparison kernel is generated once per operator so
 * V8 sees one monomorphic loop per (operator, shape); results are bitsets (bit j of word w =
 * subject 32·w + j). A comparison with NaN (missing) never holds, `!=` included.
 */
import { roundHalfUp } from './row-eval.ts';

/** A kernel writing the bits of `len` subjects into `out`. */
export type CmpKernel = (a: ArrayLike<number>, b: ArrayLike<number> | number, out: Uint32Array, len: number) => void;

const OPS = ['==', '!=', '<', '<=', '>', '>='] as const;

function test(op: string, x: string, y: string): string {
  if (op === '!=') return `(${x} === ${x} && ${y} === ${y} && ${x} !== ${y})`;
  if (op === '==') return `(${x} === ${y})`;
  return `(${x} ${op} ${y})`;
}

function generate(cond: string): CmpKernel {
  // Branchless and unrolled by 4: random data makes a branch per subject mispredict half the time.
  const bit = (j: string) => `((${cond.replace(/\bx\b/g, `a[base + ${j}]`).replace(/\bJ\b/g, j)}) << ${j})`;
  const body = Array.from({ length: 8 }, (_, q) => `bits |= ${[0, 1, 2, 3].map((r) => bit(String(q * 4 + r))).join(' | ')};`).join('\n');
  return new Function('a', 'b', 'out', 'len', `
    const full = len >>> 5;
    for (let w = 0; w < full; w++) {
      const base = w << 5;
      let bits = 0;
      ${body}
      out[w] = bits;
    }
    if ((len & 31) !== 0) {
      const base = full << 5;
      let bits = 0;
      for (let j = 0; j < (len & 31); j++) {
        const x = a[base + j];
        if (${cond.replace(/\bJ\b/g, 'j')}) bits |= 1 << j;
      }
      out[full] = bits;
    }`) as CmpKernel;
}

/** Column against a scalar: `a[i] op b`. */
export const cmpScalar: Record<string, CmpKernel> = Object.fromEntries(OPS.map((op) => [op, generate(test(op, 'x', 'b'))]));
/** Column against column: `a[i] op b[i]`. */
export const cmpVector: Record<string, CmpKernel> = Object.fromEntries(OPS.map((op) => [op, generate(test(op, 'x', 'b[base + J]'))]));

/** Codes against a lookup table: bit set when `table[a[i]]` is 1 (a code of -1 never matches). */
export const codeIn = generate('x >= 0 && b[x] === 1') as (a: Int32Array, table: Uint8Array, out: Uint32Array, len: number) => void;

/** A numeric range test with open or closed ends (NaN never inside). */
export function rangeBits(a: Float64Array, lo: number, loIncl: boolean, hi: number, hiIncl: boolean, out: Uint32Array, len: number): void {
  const k = RANGE[(loIncl ? 2 : 0) + (hiIncl ? 1 : 0)];
  k(a, [lo, hi], out, len);
}
const RANGE: CmpKernel[] = [
  generate('x > b[0] && x < b[1]'),
  generate('x > b[0] && x <= b[1]'),
  generate('x >= b[0] && x < b[1]'),
  generate('x >= b[0] && x <= b[1]'),
];

/** Bits of the set members: `(a[i] >>> bit) & 1`. */
export const setHas = generate('((x >>> b) & 1) === 1') as (a: Uint32Array, bit: number, out: Uint32Array, len: number) => void;

/** Bits where a tri-state boolean (0, 1, 2 = missing) equals `b`. */
export const triIs = generate('x === b') as (a: Uint8Array, b: number, out: Uint32Array, len: number) => void;

/** Mask of the valid bits in the last word of `len` subjects. */
export function tailMask(len: number): number {
  const r = len & 31;
  return r === 0 ? 0xffffffff : (1 << r) - 1;
}

/** Whether every word is zero. */
export function isZero(bits: Uint32Array): boolean {
  for (let i = 0; i < bits.length; i++) if (bits[i] !== 0) return false;
  return true;
}

/** Number of set bits of one 32-bit word. */
export function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Number of set bits. */
export function popcount(bits: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) n += popcount32(bits[i]);
  return n;
}

/** Calls `f(i)` for every set bit, in order. */
export function forEachBit(bits: Uint32Array, f: (i: number) => void): void {
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w];
    while (x !== 0) {
      const low = x & -x;
      f((w << 5) + 31 - Math.clz32(low));
      x ^= low;
    }
  }
}

/** amountFor's marginal brackets for a column: missing → 0, bracket sums, round, cap, ≥ 0. */
export function marginalAmounts(brackets: { upTo: number | null; rate: number }[], cap: number | undefined, base: Float64Array, out: Float64Array): void {
  const ups = Float64Array.from(brackets, (x) => x.upTo ?? Infinity);
  const rates = Float64Array.from(brackets, (x) => x.rate);
  const hi = cap ?? Infinity;
  const nb = ups.length;
  for (let i = 0; i < out.length; i++) {
    const v = base[i];
    if (v !== v) continue;
    let prev = 0;
    let sum = 0;
    for (let k = 0; k < nb; k++) {
      const up = ups[k];
      const top = v < up ? v : up;
      if (top > prev) sum += (top - prev) * rates[k];
      if (v <= up) break;
      prev = up;
    }
    let a = roundHalfUp(sum);
    if (a > hi) a = hi;
    out[i] = a > 0 ? a : 0;
  }
}

/** `out[i] += c[i]` for every i. */
export function addInto(out: Float64Array, c: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] += c[i];
}

/**
 * `out[i] = Σ as[p][i] ÷ Σ bs[p][i]` in one pass (NaN when the denominator is 0), summed in the
 * order of a running sum from 0 so the quotients equal those of separately summed columns.
 */
export function ratioOfSums(as: Float64Array[], bs: Float64Array[], out: Float64Array): void {
  if (as.length === 3 && bs.length === 3) {
    const [a0, a1, a2] = as;
    const [b0, b1, b2] = bs;
    for (let i = 0; i < out.length; i++) {
      const den = 0 + b0[i] + b1[i] + b2[i];
      out[i] = den === 0 ? NaN : (0 + a0[i] + a1[i] + a2[i]) / den;
    }
    return;
  }
  for (let i = 0; i < out.length; i++) {
    let x = 0;
    let y = 0;
    for (let p = 0; p < as.length; p++) { x += as[p][i]; y += bs[p][i]; }
    out[i] = y === 0 ? NaN : x / y;
  }
}
