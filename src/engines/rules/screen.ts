import { planFor, verdictOf, type Shape, type TreePlan } from './explain.ts';
import type { CompiledUnit } from './ir.ts';
import { amountFor, type RowSubject } from './row-eval.ts';
import type { RowCursor } from './row-compile.ts';
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
 * sentences. Units with the same condition tree (equal keys) are evaluated once, and so is each
 * distinct condition several units share (by key): the plan is remembered per array of units, so
 * keep an array unchanged once screened (compile anew instead).
 * Agrees with `explainSubject` unit for unit (tested).
 * @example const { eligible, failed } = screenSubject(units, rowSubject(facts, schema), schema, { limit: 3 })
 */
export function screenSubject(units: CompiledUnit[], s: RowSubject, attrs: Map<string, AttributeDef> | AttributeDef[], opts: { limit?: number } = {}): SubjectScreen {
  const limit = opts.limit ?? Infinity;
  const plan = planFor(attrs);
  const n = units.length;
  const out: SubjectScreen = { eligible: new Uint8Array(n), amount: new Float64Array(n), failed: new Int32Array(n) };
  const sp = screenPlanOf(units, plan);
  const { same, trees, slots, tests } = sp;
  const holds = new Uint8Array(n);
  const c = plan.load(s.facts);
  // Each distinct condition once (units share many: a district, an active registration, a size class).
  const v = new Uint8Array(tests.length);
  for (let t = 0; t < tests.length; t++) v[t] = tests[t](c) ? 1 : 0;
  const h = new Uint8Array(sp.maxSlots);
  for (let k = 0; k < n; k++) {
    const u = units[k];
    const first = same[k];
    if (first !== k) {
      // The same condition tree as an earlier unit: the same verdict and failures.
      holds[k] = holds[first];
      out.failed[k] = out.failed[first];
    } else {
      const p = trees[k]!;
      const at = slots[k]!;
      for (let j = 0; j < at.length; j += 2) h[at[j]] = v[at[j + 1]];
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

/**
 * What screening an array of units needs besides the subject, built once per array (and plan):
 * per unit the first unit with the same condition tree (equal keys mean equal results), the tree
 * plans of the first ones, the distinct conditions of all of them (by key) and, per first unit,
 * pairs (verdict slot, distinct condition) to copy the verdicts from.
 */
interface ScreenPlan {
  plan: ReturnType<typeof planFor>;
  same: Int32Array;
  trees: (TreePlan | undefined)[];
  slots: (Int32Array | undefined)[];
  tests: ((c: RowCursor) => boolean)[];
  maxSlots: number;
}

const screenPlans = new WeakMap<CompiledUnit[], ScreenPlan>();

function screenPlanOf(units: CompiledUnit[], plan: ReturnType<typeof planFor>): ScreenPlan {
  let sp = screenPlans.get(units);
  if (sp?.plan === plan && sp.same.length === units.length) return sp;
  const seen = new Map<string, number>();
  const same = new Int32Array(units.length);
  const trees: (TreePlan | undefined)[] = new Array(units.length);
  const slots: (Int32Array | undefined)[] = new Array(units.length);
  const tests: ((c: RowCursor) => boolean)[] = [];
  const testOf = new Map<string, number>();
  let maxSlots = 1;
  for (let k = 0; k < units.length; k++) {
    const key = units[k].eligibility.key;
    const at = seen.get(key);
    if (at !== undefined) {
      same[k] = at;
      continue;
    }
    seen.set(key, k);
    same[k] = k;
    const p = plan.tree(units[k].eligibility);
    trees[k] = p;
    maxSlots = Math.max(maxSlots, p.slots);
    const pairs = new Int32Array(p.leaves.length * 2);
    p.leaves.forEach((leaf, j) => {
      let t = testOf.get(leaf.t.n.key);
      if (t === undefined) {
        testOf.set(leaf.t.n.key, (t = tests.length));
        tests.push(leaf.test);
      }
      pairs[2 * j] = leaf.off;
      pairs[2 * j + 1] = t;
    });
    slots[k] = pairs;
  }
  sp = { plan, same, trees, slots, tests, maxSlots };
  screenPlans.set(units, sp);
  return sp;
}
