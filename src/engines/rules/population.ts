import { NodeIds, RangeEvaluator, Scratch } from './column-eval.ts';
import type { BenefitIR, CompiledUnit } from './ir.ts';
import { forEachBit, popcount } from './kernels.ts';
import { amountFor, roundHalfUp } from './row-eval.ts';
import type { ColumnSnapshot } from './snapshot.ts';

/** Every unit's eligible set and amounts over a population. */
export interface PopulationResult {
  size: number;
  /** Words per unit bitset: ceil(size / 32). */
  words: number;
  units: { id: string; version: number; count: number; totalFen: number }[];
  /** Unit u's eligible set is `bits.subarray(u * words, (u + 1) * words)`. */
  bits: Uint32Array;
}

/** Options of a population match. */
export interface MatchOptions {
  /** Subjects per chunk (a multiple of 32); each chunk's shared predicates are evaluated once. */
  chunk?: number;
  /** Called after each chunk with the share done, 0..1. */
  onProgress?: (done: number) => void;
  /**
   * An earlier result for the same number of units and subjects to write into instead of
   * allocating anew (its sets and totals are replaced; a repeated match then holds one result's
   * memory, not one per run until the garbage collector frees them). Ignored when it does not fit.
   */
  into?: PopulationResult;
}

/** Default subjects per chunk: small enough for the chunk's memo to stay in cache-friendly sizes. */
export const DEFAULT_CHUNK = 16384;

/**
 * Evaluates every unit on subjects [start, start + len) and writes eligible bits into `bits`
 * (unit-major, `words` per unit) and counts and fen totals into `counts`/`sums`.
 */
export function matchRange(units: CompiledUnit[], snap: ColumnSnapshot, start: number, len: number, words: number, bits: Uint32Array, counts: Float64Array, sums: Float64Array, ids = new NodeIds(), scratch = new Scratch()): void {
  scratch.reset();
  const ev = new RangeEvaluator(snap, start, len, ids, scratch);
  const w0 = start >>> 5;
  for (let u = 0; u < units.length; u++) {
    const unit = units[u];
    if (!unit.inForce) continue;
    const b = ev.bits(unit.eligibility);
    bits.set(b, u * words + w0);
    const n = popcount(b);
    counts[u] += n;
    const benefit = unit.benefit;
    if (!benefit) continue;
    if (benefit.k === 'fixed') {
      sums[u] += n * benefit.amount;
      continue;
    }
    // Many eligible (or a formula another unit already priced): price everyone once per range
    // and gather; few eligible: price just them.
    const priced = ev.memoAmounts(benefit);
    if (priced || n > len >>> 4) sums[u] += gatherSum(priced ?? ev.amounts(benefit), b);
    else sums[u] += sumAmounts(benefit, ev.num(benefit.base), b);
  }
}

/** Sum of `values` over the set bits. */
export function gatherSum(values: Float64Array, bits: Uint32Array): number {
  let sum = 0;
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w];
    const base = w << 5;
    while (x !== 0) {
      const low = x & -x;
      sum += values[base + 31 - Math.clz32(low)];
      x ^= low;
    }
  }
  return sum;
}

/** Sum in fen of a benefit over the set bits; the rate formula is inlined (it is the common one). */
export function sumAmounts(benefit: BenefitIR, base: Float64Array, bits: Uint32Array): number {
  let sum = 0;
  if (benefit.k === 'rate') {
    const { rate, cap, floor } = benefit;
    const hi = cap ?? Infinity;
    const lo = floor ?? -Infinity;
    for (let w = 0; w < bits.length; w++) {
      let x = bits[w];
      while (x !== 0) {
        const low = x & -x;
        const v = base[(w << 5) + 31 - Math.clz32(low)];
        x ^= low;
        // Same steps as amountFor: missing base → 0, round, floor, cap, never negative.
        if (v !== v) continue;
        let a = roundHalfUp(v * rate);
        if (a < lo) a = lo;
        if (a > hi) a = hi;
        if (a > 0) sum += a;
      }
    }
    return sum;
  }
  forEachBit(bits, (i) => { sum += amountFor(benefit, base[i]); });
  return sum;
}

/**
 * `into` emptied for a new match of `units`, when it fits (same shape, and shared when `shared`);
 * only the sets of units not in force need zeroing, every other unit's words are overwritten.
 */
export function reuseResult(into: PopulationResult | undefined, units: CompiledUnit[], size: number, shared: boolean): PopulationResult | undefined {
  if (!into || into.size !== size || into.units.length !== units.length) return undefined;
  if (shared !== into.bits.buffer instanceof SharedArrayBuffer) return undefined;
  units.forEach((u, k) => {
    into.units[k] = { id: u.id, version: u.version, count: 0, totalFen: 0 };
    if (!u.inForce) into.bits.fill(0, k * into.words, (k + 1) * into.words);
  });
  return into;
}

/** Allocates an empty result for `units` over `size` subjects. */
export function emptyResult(units: CompiledUnit[], size: number, shared: boolean): PopulationResult {
  const words = (size + 31) >>> 5;
  const bytes = units.length * words * 4;
  const bits = new Uint32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return { size, words, bits, units: units.map((u) => ({ id: u.id, version: u.version, count: 0, totalFen: 0 })) };
}

/**
 * Matches every unit against every subject on this thread.
 * @example const r = matchPopulation(units, snap); r.units[0].count
 */
export function matchPopulation(units: CompiledUnit[], snap: ColumnSnapshot, opts: MatchOptions = {}): PopulationResult {
  const chunk = opts.chunk ?? DEFAULT_CHUNK;
  if (chunk % 32 !== 0) throw new RangeError('chunk must be a multiple of 32');
  const result = reuseResult(opts.into, units, snap.size, false) ?? emptyResult(units, snap.size, false);
  const counts = new Float64Array(units.length);
  const sums = new Float64Array(units.length);
  const ids = new NodeIds();
  const scratch = new Scratch();
  for (let start = 0; start < snap.size; start += chunk) {
    matchRange(units, snap, start, Math.min(chunk, snap.size - start), result.words, result.bits, counts, sums, ids, scratch);
    opts.onProgress?.(Math.min(1, (start + chunk) / snap.size));
  }
  result.units.forEach((r, u) => { r.count = counts[u]; r.totalFen = sums[u]; });
  return result;
}

/** The eligible set of unit `u` in a result. */
export function eligibleSet(result: PopulationResult, u: number): Uint32Array {
  return result.bits.subarray(u * result.words, (u + 1) * result.words);
}
