import { planFor, verdictOf, type Shape } from './explain.ts';
import type { CompiledUnit } from './ir.ts';
import { amountFor, type RowSubject } from './row-eval.ts';
import type { AttributeDef } from './types.ts';

/**
 * One subject against many units without explanations: each unit's verdict, amount and the number
 * of its conditions that failed. A caller that shows a few explanations of thousands of units
 * screens them all and explains only the ones it shows (`explainSubject` on those).
 */
export interface SubjectScreen {
  /** Eligible (in force and the condition tree holds), per unit. */
  eligible: Uint8Array;
  /** Amount in fen (0 when not eligible or without a benefit), per unit. */
  amount: Float64Array;
  /**
   * Conditions that failed, counted as the explanation's failed conditions are listed (a failed
   * condition; under a failed `not`, each condition it holds); counting stops past `limit`.
   */
  failed: Int32Array;
}

/** Failed conditions of a tree (part) from the recorded verdicts, stopping past `limit`. */
function failedOf(x: Shape, h: Uint8Array, limit: number): number {
  switch (x.k) {
    case 'leaf': return h[x.leaf.off] === 1 ? 0 : 1;
    case 'not': return x.xs[0].k === 'leaf' && h[x.xs[0].leaf.off] === 1 ? 1 : 0;
    default: {
      let n = 0;
      for (let k = 0; k < x.xs.length && n <= limit; k++) {
        const y = x.xs[k];
        if (!verdictOf(y, h, 0)) n += failedOf(y, h, limit - n);
      }
      return n;
    }
  }
}

/**
 * Screens one subject against every compiled unit: verdicts from the compiled condition closures
 * (shared with explanations: values several units share are computed once), amounts from the
 * benefit formula, and failed conditions counted up to `limit` — no explanation objects, no
 * sentences. Units with the same condition tree (equal keys) are evaluated once: the grouping is
 * remembered per array of units, so keep an array unchanged once screened (compile anew instead).
 * Agrees with `explainSubject` unit for unit (tested).
 * @example const { eligible, failed } = screenSubject(units, rowSubject(facts, schema), schema, { limit: 3 })
 */
export function screenSubject(units: CompiledUnit[], s: RowSubject, attrs: Map<string, AttributeDef> | AttributeDef[], opts: { limit?: number } = {}): SubjectScreen {
  const limit = opts.limit ?? Infinity;
  const plan = planFor(attrs);
  const n = units.length;
  const out: SubjectScreen = { eligible: new Uint8Array(n), amount: new Float64Array(n), failed: new Int32Array(n) };
  const same = firstOfKey(units);
  const holds = new Uint8Array(n);
  const c = plan.load(s.facts);
  let h = new Uint8Array(64);
  for (let k = 0; k < n; k++) {
    const u = units[k];
    const first = same[k];
    if (first !== k) {
      // The same condition tree as an earlier unit: the same verdict and failures.
      holds[k] = holds[first];
      out.failed[k] = out.failed[first];
    } else {
      const p = plan.tree(u.eligibility);
      if (p.slots > h.length) h = new Uint8Array(p.slots * 2);
      const leaves = p.leaves;
      for (let j = 0; j < leaves.length; j++) h[leaves[j].off] = leaves[j].test(c) ? 1 : 0;
      if (verdictOf(p.shape, h, 0)) holds[k] = 1;
      else out.failed[k] = failedOf(p.shape, h, limit);
    }
    if (holds[k] === 1 && u.inForce) {
      out.eligible[k] = 1;
      const b = u.benefit;
      if (b) out.amount[k] = amountFor(b, b.k === 'fixed' ? 0 : (plan.value(b.base)(c) as number));
    }
  }
  return out;
}

const firsts = new WeakMap<CompiledUnit[], Int32Array>();

/**
 * Per unit, the first unit with the same condition tree (equal keys mean equal results): built
 * once per array of units, so a caller that keeps its compiled units evaluates each tree once.
 */
function firstOfKey(units: CompiledUnit[]): Int32Array {
  let f = firsts.get(units);
  if (!f || f.length !== units.length) {
    const seen = new Map<string, number>();
    f = new Int32Array(units.length);
    for (let k = 0; k < units.length; k++) {
      const key = units[k].eligibility.key;
      const at = seen.get(key);
      if (at === undefined) seen.set(key, k);
      f[k] = at ?? k;
    }
    firsts.set(units, f);
  }
  return f;
}
