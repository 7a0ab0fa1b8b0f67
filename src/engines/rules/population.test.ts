import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileUnit, validateUnit } from './compile.ts';
import { explainSubject, type Explanation } from './explain.ts';
import type { CompiledUnit } from './ir.ts';
import { createPopulationPool, type PopulationPool } from './population-pool.ts';
import { eligibleSet, matchPopulation } from './population.ts';
import { RowCompiler, RowCursor } from './row-compile.ts';
import { evaluateRow, rowReader } from './row-eval.ts';
import { createSandbox } from './sandbox.ts';
import { screenSubject } from './screen.ts';
import { readFacts, snapshotFromFacts } from './snapshot.ts';
import type { AttributeSchema, Benefit, DecisionTable, Expr, Facts, PolicyUnit } from './types.ts';

const schema: AttributeSchema = [
  { key: 'n', type: 'number', zh: '数', en: 'N', periods: 3 },
  { key: 'm', type: 'money', zh: '额', en: 'M', periods: 3 },
  { key: 'i', type: 'integer', zh: '整', en: 'I' },
  { key: 'd', type: 'date', zh: '日', en: 'D' },
  { key: 'e', type: 'enum', zh: '类', en: 'E', values: ['a', 'b', 'c'] },
  { key: 's', type: 'set', zh: '集', en: 'S', values: ['x', 'y', 'z'] },
  { key: 'b', type: 'boolean', zh: '是', en: 'B' },
  { key: 't', type: 'text', zh: '文', en: 'T' },
];

// Small value sets so that boundaries (equality, zero divisors, missing) are hit often.
const numV = fc.constantFrom<number | undefined>(0, 1, 2, 3, 5, 10, -1, 0.5, undefined);
const moneyV = fc.constantFrom<number | undefined>(0, 100, 250, 1000, 5000, undefined);
const thr = fc.constantFrom(0, 1, 2, 3, 5, 10, 0.5, 100, 1000, 2500);
const facts: fc.Arbitrary<Facts> = fc.record({
  n: fc.array(numV, { minLength: 3, maxLength: 3 }),
  m: fc.array(moneyV, { minLength: 3, maxLength: 3 }),
  i: numV,
  d: fc.constantFrom<string | undefined>('2019-02-28', '2020-02-29', '2021-03-01', '2023-06-30', undefined, 'not-a-date'),
  e: fc.constantFrom<string | undefined>('a', 'b', 'c', 'zz', undefined),
  s: fc.subarray(['x', 'y', 'z']),
  b: fc.constantFrom<boolean | undefined>(true, false, undefined),
  t: fc.constantFrom<string | undefined>('p', 'q', undefined),
});

const { num, cond } = fc.letrec<{ num: Expr; cond: Expr }>((tie) => ({
  num: fc.oneof(
    { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
    fc.constantFrom<Expr>({ var: 'i' }, { var: 'n' }, { var: 'm' }, { period: ['n', 1] }, { period: ['m', 2] }, { sum_periods: ['m', 3] }, { avg_periods: ['n', 2] }, { ratio_sums: ['n', 'm', 3] }, { age_years: [{ var: 'd' }] }, { table: 'tn' }, { table: 'tc' }),
    thr,
    fc.tuple(fc.constantFrom('+', '-', '*', '/', 'min', 'max'), tie('num'), tie('num')).map(([op, a, b]) => ({ [op]: [a, b] })),
    fc.tuple(tie('cond'), tie('num'), tie('num')).map(([c, a, b]) => ({ if: [c, a, b] })),
    fc.tuple(tie('cond'), tie('num'), tie('cond'), tie('num'), tie('num')).map(([c, a, d, b, e]) => ({ if: [c, a, d, b, e] })),
  ),
  cond: fc.oneof(
    { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
    fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('num'), thr).map(([op, a, t]) => ({ [op]: [a, t] })),
    fc.tuple(fc.constantFrom('<', '>=', '!='), tie('num'), tie('num')).map(([op, a, b]) => ({ [op]: [a, b] })),
    fc.tuple(fc.constantFrom('<', '<='), thr, tie('num'), thr).map(([op, lo, x, hi]) => ({ [op]: [lo, x, hi] })),
    fc.tuple(fc.constantFrom('==', '!='), fc.constantFrom('a', 'b')).map(([op, v]) => ({ [op]: [{ var: 'e' }, v] })),
    fc.tuple(fc.constantFrom('==', '!='), fc.constantFrom('p', 'q', 'r')).map(([op, v]) => ({ [op]: [{ var: 't' }, v] })),
    fc.constantFrom<Expr>({ var: 'b' }, { '==': [{ var: 'b' }, false] }, { in: ['y', { var: 's' }] }, { in: [{ var: 'e' }, ['a', 'c']] }, { in: [{ var: 'i' }, [1, 5]] }, { '==': [{ table: 'ts' }, 'lo'] }, { '>=': [{ var: 'd' }, '2020-02-29'] }),
    fc.array(tie('cond'), { minLength: 1, maxLength: 3 }).map((xs) => ({ and: xs })),
    fc.array(tie('cond'), { minLength: 1, maxLength: 3 }).map((xs) => ({ or: xs })),
    tie('cond').map((x) => ({ '!': [x] })),
    fc.tuple(tie('cond'), tie('cond'), tie('cond'), tie('cond'), tie('cond')).map(([c, a, d, b, e]) => ({ if: [c, a, d, b, e] })),
  ),
}));

const tables: Record<string, DecisionTable> = {
  tn: { hitPolicy: 'first', inputs: [{ var: 'e' }, { var: 'i' }], rows: [{ when: [{ in: ['a'] }, { '<': 3 }], then: 1 }, { when: ['-', { '>=': 3, '<=': 5 }], then: 2 }, { when: ['-', '-'], then: 3 }] },
  tc: { hitPolicy: 'collect', aggregate: 'sum', inputs: [{ period: ['n', 0] }], rows: [{ when: [{ '>': 0 }], then: 10 }, { when: [{ '>=': 1 }], then: 5 }], default: -1 },
  ts: { hitPolicy: 'unique', inputs: [{ var: 'm' }], rows: [{ when: [{ '<': 1000 }], then: 'lo' }, { when: [{ '>=': 1000 }], then: 'hi' }] },
};

const benefit: fc.Arbitrary<Benefit | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant<Benefit>({ fixed: 5000 }),
  fc.tuple(fc.constantFrom(0.1, 0.25, 1), num).map(([rate, base]) => ({ rate, base, cap: 2000 })),
  num.map((base) => ({ brackets: [{ upTo: 100, rate: 0.5 }, { upTo: 1000, rate: 0.2 }, { upTo: null, rate: 0.1 }], base })),
);

function unitOf(eligibility: Expr, b: Benefit | undefined): PolicyUnit {
  return { id: 'g', version: 1, title: { zh: '生成', en: 'Generated' }, tables, eligibility, ...(b ? { benefit: b } : {}) };
}

/** The verdict of an explanation tree, checking on the way that every group agrees with its items. */
function verdict(e: Explanation): boolean {
  if (e.kind === 'condition') return e.held;
  const items = e.items.map(verdict);
  const held = e.kind === 'all' ? items.every(Boolean) : e.kind === 'any' ? items.some(Boolean) : !items[0];
  expect(e.held).toBe(held);
  return held;
}

/** Failed conditions of an explanation as a reader lists them (a failed `not` lists the conditions it holds); stops past `limit`. */
function failedIn(e: Explanation, limit: number): number {
  if (e.held) return 0;
  if (e.kind === 'condition') return 1;
  if (e.kind === 'not') return e.items.filter((i) => i.kind === 'condition').length;
  let n = 0;
  for (const i of e.items) {
    n += failedIn(i, limit - n);
    if (n > limit) break;
  }
  return n;
}

describe('columnar evaluator against the row reference', () => {
  it('agrees on 10,000+ generated unit × subject pairs (0 mismatches)', () => {
    const read = rowReader(schema);
    let pairs = 0;
    let runs = 0;
    fc.assert(
      fc.property(cond, benefit, fc.array(facts, { minLength: 40, maxLength: 70 }), (eligibility, b, rows) => {
        const unit = unitOf(eligibility, b);
        if (validateUnit(unit, schema).length > 0) return true;
        const compiled = compileUnit(unit, schema, '2024-03-01');
        const snap = snapshotFromFacts(schema, rows);
        const result = matchPopulation([compiled], snap, { chunk: 32 });
        const bits = eligibleSet(result, 0);
        // The other fast paths: compiled row closures (explanations, AND survivors), the sandbox
        // (column-wide then survivors one by one), and explanations.
        const rows1 = new RowCompiler(snap);
        const test = rows1.test(compiled.eligibility);
        const cursor = new RowCursor();
        // Every other run tests the survivors of an AND's first condition one by one.
        const sandbox = createSandbox(snap, { rowShare: runs++ % 2 === 0 ? 1 : 1 / 8 }).run(compiled, { dims: ['e', 't'] });
        let total = 0;
        rows.forEach((f, i) => {
          const ref = evaluateRow(compiled, read(f));
          const at = `subject ${i} ${JSON.stringify(f)} unit ${JSON.stringify(eligibility)}`;
          const fast = ((bits[i >>> 5] >>> (i & 31)) & 1) === 1;
          expect(fast, at).toBe(ref.eligible);
          expect(test(cursor.at(i)), at).toBe(ref.eligible);
          expect(((sandbox.bits[i >>> 5] >>> (i & 31)) & 1) === 1, at).toBe(ref.eligible);
          const [explained] = explainSubject([compiled], read(f), schema);
          expect({ eligible: explained.eligible, amount: explained.amount, held: verdict(explained.explanation) }, at).toEqual({ ...ref, held: ref.eligible });
          // The screen (no explanations): same verdict and amount, failed conditions counted alike.
          const limit = i % 3 === 0 ? 1 : Infinity;
          const sc = screenSubject([compiled], read(f), schema, { limit });
          expect({ eligible: sc.eligible[0] === 1, amount: sc.amount[0], failed: sc.failed[0] }, at).toEqual({ eligible: ref.eligible, amount: ref.amount, failed: failedIn(explained.explanation, limit) });
          total += ref.amount;
        });
        expect(result.units[0].totalFen).toBe(total);
        expect(sandbox.totalFen).toBe(total);
        pairs += rows.length;
        return true;
      }),
      { numRuns: 220, seed: Number(process.env.RULES_SEED ?? 20261126) },
    );
    expect(pairs).toBeGreaterThanOrEqual(10_000);
  });

  it('reads a snapshot row back as the facts it was written from', () => {
    fc.assert(fc.property(facts, (f) => {
      const snap = snapshotFromFacts(schema, [f]);
      const back = readFacts(snap, 0);
      const read = rowReader(schema);
      const u = compileUnit(unitOf({ '>=': [{ sum_periods: ['m', 3] }, 0] }, undefined), schema, '2024-01-01');
      expect(evaluateRow(u, read(back))).toEqual(evaluateRow(u, read(f)));
    }), { numRuns: 200 });
  });
});

describe('worker pool', () => {
  let pool: PopulationPool;
  beforeAll(async () => { pool = await createPopulationPool({ workers: 2 }); });
  afterAll(async () => { await pool?.close(); });

  it('gives the same sets and totals as one thread, with progress', async () => {
    const rows = fc.sample(facts, { numRuns: 3000, seed: 7 });
    const units: CompiledUnit[] = fc.sample(fc.tuple(cond, benefit), { numRuns: 40, seed: 11 })
      .map(([c, b]) => unitOf(c, b))
      .filter((u) => validateUnit(u, schema).length === 0)
      .map((u, k) => ({ ...compileUnit(u, schema, '2024-03-01'), id: `g${k}` }));
    const local = matchPopulation(units, snapshotFromFacts(schema, rows), { chunk: 256 });
    const progress: number[] = [];
    const shared = await pool.match(units, snapshotFromFacts(schema, rows, { shared: true }), { chunk: 256, onProgress: (p) => progress.push(p) });
    expect(shared.units).toEqual(local.units);
    expect(Array.from(shared.bits)).toEqual(Array.from(local.bits));
    expect(progress.at(-1)).toBe(1);
    expect(units.length).toBeGreaterThan(20);
    // The same unit array again reuses the set the workers keep; a new array is sent anew.
    const again = await pool.match(units, snapshotFromFacts(schema, rows, { shared: true }), { chunk: 512 });
    expect(Array.from(again.bits)).toEqual(Array.from(local.bits));
    const fewer = await pool.match(units.slice(0, 5), snapshotFromFacts(schema, rows, { shared: true }));
    expect(fewer.units).toEqual(local.units.slice(0, 5));
    // Written into an earlier result: the same sets, and a unit no longer in force matches nobody.
    const lapsed = units.map((u, k) => (k === 0 ? { ...u, inForce: false } : u));
    const into = await pool.match(lapsed, snapshotFromFacts(schema, rows, { shared: true }), { into: again });
    expect(into).toBe(again);
    expect(into.units[0].count).toBe(0);
    expect(Array.from(eligibleSet(into, 0)).every((w) => w === 0)).toBe(true);
    expect(Array.from(into.bits.subarray(into.words))).toEqual(Array.from(local.bits.subarray(local.words)));
    expect(into.units.slice(1)).toEqual(local.units.slice(1));
    const single = matchPopulation(lapsed, snapshotFromFacts(schema, rows), { into: matchPopulation(units, snapshotFromFacts(schema, rows)) });
    expect(Array.from(single.bits)).toEqual(Array.from(into.bits));
  });

  it('refuses a snapshot that is not shared', async () => {
    await expect(pool.match([], snapshotFromFacts(schema, []))).rejects.toThrow(/SharedArrayBuffer/);
  });
});
