import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileUnit } from './compile.ts';
import { rowReader } from './row-eval.ts';
import { screenSubject } from './screen.ts';
import type { AttributeSchema, Expr, Facts, PolicyUnit } from './types.ts';

const schema: AttributeSchema = [
  { key: 'n', type: 'number', zh: '数', en: 'N' },
  { key: 'e', type: 'enum', zh: '类', en: 'E', values: ['a', 'b', 'c'] },
  { key: 'b', type: 'boolean', zh: '是', en: 'B' },
];

// A small pool of conditions, so generated units share many of them (as a city's units share a
// district, an active registration or a size class) and some share whole trees.
const leaf = fc.constantFrom<Expr>(
  { '>=': [{ var: 'n' }, 1] }, { '>=': [{ var: 'n' }, 5] }, { '<': [{ var: 'n' }, 3] }, { in: [{ var: 'e' }, ['a', 'b']] },
  { '==': [{ var: 'e' }, 'c'] }, { var: 'b' }, { '==': [{ var: 'b' }, false] },
);
const tree: fc.Arbitrary<Expr> = fc.oneof(
  leaf,
  fc.array(leaf, { minLength: 1, maxLength: 4 }).map((xs) => ({ and: xs })),
  fc.tuple(leaf, fc.array(leaf, { minLength: 1, maxLength: 3 })).map(([x, ys]) => ({ and: [x, { or: ys }] })),
  fc.tuple(leaf, leaf).map(([x, y]) => ({ and: [x, { '!': [y] }] })),
);
const facts: fc.Arbitrary<Facts> = fc.record({
  n: fc.constantFrom<number | undefined>(0, 1, 2, 3, 5, 8, undefined),
  e: fc.constantFrom<string | undefined>('a', 'b', 'c', undefined),
  b: fc.constantFrom<boolean | undefined>(true, false, undefined),
});

describe('screening many units at once', () => {
  it('gives each unit what screening it alone gives (shared conditions and trees evaluated once)', () => {
    const read = rowReader(schema);
    fc.assert(fc.property(fc.array(tree, { minLength: 1, maxLength: 30 }), fc.array(facts, { minLength: 1, maxLength: 5 }), fc.constantFrom(1, 3, Infinity), (trees, subjects, limit) => {
      const units = trees.map((eligibility, i) => compileUnit({ id: `u${i}`, version: 1, title: { zh: '单元', en: 'Unit' }, eligibility, benefit: { fixed: 100 + i } } as PolicyUnit, schema, '2026-01-01'));
      // Twice over the same subjects: the plan built on the first call is reused on the second.
      for (const f of [...subjects, ...subjects]) {
        const all = screenSubject(units, read(f), schema, { limit });
        units.forEach((u, k) => {
          const alone = screenSubject([u], read(f), schema, { limit });
          expect({ eligible: all.eligible[k], amount: all.amount[k], failed: all.failed[k] }).toEqual({ eligible: alone.eligible[0], amount: alone.amount[0], failed: alone.failed[0] });
        });
      }
    }), { numRuns: 200, seed: 20261126 });
  });
});
