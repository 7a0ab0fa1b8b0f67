import { AppError } from '../../kernel/errors.ts';
import { NodeIds, RangeEvaluator, Scratch } from './column-eval.ts';
import { compileUnit, indexAttributes } from './compile.ts';
import type { CompiledUnit } from './ir.ts';
import { forEachBit, popcount, popcount32 } from './kernels.ts';
import { RowCompiler } from './row-compile.ts';
import { amountFor } from './row-eval.ts';
import { gatherSum } from './population.ts';
import type { ColumnSnapshot } from './snapshot.ts';
import type { PolicyUnit } from './types.ts';

/** One cell of a two-dimension breakdown (null = missing value). */
export interface BreakdownCell {
  a: string | null;
  b: string | null;
  count: number;
  totalFen: number;
}

/** Who a draft adds and removes compared with the unit it would replace. */
export interface SandboxDiff {
  gained: number;
  lost: number;
  kept: number;
  /** Up to `sample` subject indexes of each group, in order. */
  gainedSample: number[];
  lostSample: number[];
}

/** What a draft would do to the population. */
export interface SandboxResult {
  count: number;
  totalFen: number;
  breakdown?: { dims: [string, string]; cells: BreakdownCell[] };
  diff?: SandboxDiff;
  /** Eligible set of the draft (do not modify). */
  bits: Uint32Array;
}

/** Options of one sandbox run. */
export interface SandboxOptions {
  /** Two enum or text attributes to break the result down by (e.g. sector × region). */
  dims?: [string, string];
  /** The unit the draft would replace: a compiled unit, or its eligible set from a population match. */
  base?: CompiledUnit | Uint32Array;
  /** How many subject indexes of gained and lost to return (default 20). */
  sample?: number;
}

/** A sandbox over one snapshot: drafts are evaluated on the whole population on this thread. */
export interface Sandbox {
  run(draft: CompiledUnit, opts?: SandboxOptions): SandboxResult;
  /** Evaluates `unit` with parameter `name` set to each of `values` (as of `asOf`): count and cost per value. */
  sweep(unit: PolicyUnit, name: string, values: (number | string | boolean)[], asOf: string): { value: number | string | boolean; count: number; totalFen: number }[];
  /** Forgets every memoised result (call when the snapshot changes); the memory is kept for reuse. */
  clear(): void;
}

/** Memory a sandbox's memo may hold before a run starts it afresh (at least four number columns). */
const MEMO_BUDGET_BYTES = 192 * 1024 * 1024;

/** The unit with parameter `name` fixed to `value` at every date. */
export function withParameter(unit: PolicyUnit, name: string, value: number | string | boolean): PolicyUnit {
  const def = unit.parameters?.[name];
  if (!def) throw new AppError('rules.unknownParameter', `unit "${unit.id}" has no parameter "${name}"`, { field: `/parameters/${name}` });
  return { ...unit, parameters: { ...unit.parameters, [name]: { ...def, values: [{ from: '0001-01-01', value }] } } };
}

/**
 * Creates a sandbox on a snapshot. Results of nodes are memoised across runs, so a sweep only
 * recomputes the conditions its parameter touches. An AND is evaluated column-wide until few
 * subjects survive for its next condition's cost (see ROW_SHARE; `tuning.rowShare` caps the share:
 * 1 = always after the first condition, 0 = never), then survivor by survivor.
 * @example const sb = createSandbox(snap); sb.run(compileUnit(draft, schema, '2025-01-01'), { dims: ['sector', 'region'] })
 */
export function createSandbox(snap: ColumnSnapshot, tuning: { rowShare?: number } = {}): Sandbox {
  // Results live in reusable memory: a sandbox serves many drafts, and fresh 8 MB columns per
  // node cost page faults and garbage collections (measured: more than the evaluation itself).
  const scratch = new Scratch();
  const ev = new RangeEvaluator(snap, 0, snap.size, new NodeIds(), scratch, new RowCompiler(snap), tuning.rowShare);
  const budget = Math.max(MEMO_BUDGET_BYTES, snap.size * 8 * 4);

  /** Starts a run: forgets the memo when it holds more than the budget. */
  function begin(): void {
    if (scratch.inUse() > budget) clear();
  }

  function clear(): void {
    ev.clear();
    scratch.reset();
  }
  const attrs = indexAttributes(snap.schema);

  /** The unit's eligible set, in memory the memo owns (copy it before handing it out). */
  function evaluate(unit: CompiledUnit): Uint32Array {
    return unit.inForce ? ev.bits(unit.eligibility) : new Uint32Array(ev.words);
  }

  /**
   * Amounts in fen: a number for a fixed benefit; for many eligible subjects (or a formula already
   * priced, as on every point of a sweep) every subject's amount, memoised per formula; for few,
   * a function pricing one subject (a whole column is priced above 1/16 of the population: the
   * column kernels are several times faster per subject than pricing one at a time).
   */
  function priced(unit: CompiledUnit, eligible: number): number | Float64Array | ((i: number) => number) | undefined {
    const b = unit.benefit;
    if (!b) return undefined;
    if (b.k === 'fixed') return b.amount;
    const memo = ev.memoAmounts(b);
    if (memo || eligible > snap.size >>> 4) return memo ?? ev.amounts(b);
    const base = ev.num(b.base);
    return (i) => amountFor(b, base[i]);
  }

  function total(unit: CompiledUnit, bits: Uint32Array): number {
    const n = popcount(bits);
    const p = priced(unit, n);
    if (p === undefined) return 0;
    if (typeof p === 'number') return n * p;
    if (p instanceof Float64Array) return gatherSum(p, bits);
    let sum = 0;
    forEachBit(bits, (i) => { sum += p(i); });
    return sum;
  }

  function codesOf(key: string): { codes: Int32Array; dict: string[] } {
    const col = snap.columns[key];
    if (!col || col.kind !== 'code') throw new AppError('rules.badDimension', `breakdown dimension "${key}" must be an enum or text attribute`, { field: 'dims' });
    return { codes: col.periods[0], dict: col.dict };
  }

  return {
    run(draft, opts = {}) {
      begin();
      const bits = evaluate(draft).slice();
      const result: SandboxResult = { count: popcount(bits), totalFen: 0, bits };
      if (opts.dims) {
        const [a, b] = opts.dims.map(codesOf);
        const nb = b.dict.length + 1;
        const counts = new Float64Array((a.dict.length + 1) * nb);
        const sums = new Float64Array(counts.length);
        const p = priced(draft, result.count);
        const sum = tally(bits, a.codes, b.codes, nb, counts, sums, p);
        result.totalFen = sum;
        const cells: BreakdownCell[] = [];
        counts.forEach((c, k) => {
          if (c === 0) return;
          const ia = Math.floor(k / nb) - 1;
          const ib = (k % nb) - 1;
          cells.push({ a: ia < 0 ? null : a.dict[ia], b: ib < 0 ? null : b.dict[ib], count: c, totalFen: sums[k] });
        });
        result.breakdown = { dims: opts.dims, cells };
      } else result.totalFen = total(draft, bits);
      if (opts.base) {
        const base = opts.base instanceof Uint32Array ? opts.base : evaluate(opts.base).slice();
        const gained = new Uint32Array(bits.length);
        const lost = new Uint32Array(bits.length);
        let kept = 0;
        for (let w = 0; w < bits.length; w++) {
          gained[w] = bits[w] & ~base[w];
          lost[w] = base[w] & ~bits[w];
          kept += popcount32(bits[w] & base[w]);
        }
        const sample = opts.sample ?? 20;
        result.diff = { gained: popcount(gained), lost: popcount(lost), kept, gainedSample: first(gained, sample), lostSample: first(lost, sample) };
      }
      return result;
    },
    sweep(unit, name, values, asOf) {
      begin();
      // Column-wide only: every point shares the results of the conditions the parameter does not
      // touch, which survivor-by-survivor tests would recompute at each point.
      const share = ev.rowShare;
      ev.rowShare = 0;
      try {
        return values.map((value) => {
          const compiled = compileUnit(withParameter(unit, name, value), attrs, asOf);
          const bits = evaluate(compiled);
          return { value, count: popcount(bits), totalFen: total(compiled, bits) };
        });
      } finally {
        ev.rowShare = share;
      }
    },
    clear,
  };
}

/**
 * Counts the set bits into cells `(a + 1) × nb + b + 1` (codes of -1 = missing land in row or
 * column 0) and adds their amounts; one loop per kind of price, so each stays monomorphic.
 * Returns the total in fen.
 */
function tally(bits: Uint32Array, a: Int32Array, b: Int32Array, nb: number, counts: Float64Array, sums: Float64Array, p: number | Float64Array | ((i: number) => number) | undefined): number {
  if (p === undefined || typeof p === 'number') {
    for (let w = 0; w < bits.length; w++) {
      let x = bits[w];
      while (x !== 0) {
        const low = x & -x;
        x ^= low;
        const i = (w << 5) + 31 - Math.clz32(low);
        counts[(a[i] + 1) * nb + b[i] + 1]++;
      }
    }
    const fen = p ?? 0;
    let n = 0;
    for (let k = 0; k < counts.length; k++) { sums[k] = counts[k] * fen; n += counts[k]; }
    return n * fen;
  }
  let sum = 0;
  if (p instanceof Float64Array) {
    for (let w = 0; w < bits.length; w++) {
      let x = bits[w];
      while (x !== 0) {
        const low = x & -x;
        x ^= low;
        const i = (w << 5) + 31 - Math.clz32(low);
        const cell = (a[i] + 1) * nb + b[i] + 1;
        const fen = p[i];
        counts[cell]++;
        sums[cell] += fen;
        sum += fen;
      }
    }
    return sum;
  }
  forEachBit(bits, (i) => {
    const cell = (a[i] + 1) * nb + b[i] + 1;
    const fen = p(i);
    counts[cell]++;
    sums[cell] += fen;
    sum += fen;
  });
  return sum;
}

function first(bits: Uint32Array, n: number): number[] {
  const out: number[] = [];
  for (let w = 0; w < bits.length && out.length < n; w++) {
    let x = bits[w];
    while (x !== 0 && out.length < n) {
      const low = x & -x;
      out.push((w << 5) + 31 - Math.clz32(low));
      x ^= low;
    }
  }
  return out;
}
