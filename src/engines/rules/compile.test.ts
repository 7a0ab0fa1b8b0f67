import { describe, expect, it } from 'vitest';
import { runAuthorTests } from './author-tests.ts';
import { compileUnit, MAX_UNIT_DEPTH, validateAttributeSchema, validateUnit } from './compile.ts';
import { explainSubject, type ExplainedCondition, type ExplainedGroup } from './explain.ts';
import { formatFenEn, formatFenZh } from './money.ts';
import { rowSubject } from './row-eval.ts';
import { buildRdUnit, exampleSchema } from './testing.ts';
import type { PolicyUnit } from './types.ts';

const rules = (unit: PolicyUnit) => validateUnit(unit, exampleSchema).map((e) => `${e.field} ${e.rule}`);

describe('validateUnit', () => {
  it('accepts the example unit and schema', () => {
    expect(validateAttributeSchema(exampleSchema)).toEqual([]);
    expect(validateUnit(buildRdUnit(), exampleSchema)).toEqual([]);
  });

  it('names an unknown attribute by its path', () => {
    expect(rules(buildRdUnit({ eligibility: { and: [{ '>': [{ var: 'staff' }, 1] }, { '>=': [{ var: 'profit' }, 0] }] } }))).toEqual([
      '/eligibility/and/1/>=/0/var attribute.unknown',
    ]);
  });

  it('names type mismatches, enum values and period ranges', () => {
    expect(rules(buildRdUnit({ eligibility: { '>': [{ var: 'sector' }, 3] } }))).toEqual(['/eligibility/>/1 type.mismatch']);
    expect(rules(buildRdUnit({ eligibility: { '==': [{ var: 'sector' }, 'Z'] } }))).toEqual(['/eligibility/==/1 enum.unknownValue']);
    expect(rules(buildRdUnit({ eligibility: { '>': [{ sum_periods: ['revenue', 4] }, 0] } }))).toEqual(['/eligibility/>/0/sum_periods period.outOfRange']);
    expect(rules(buildRdUnit({ eligibility: { and: [{ var: 'staff' }] } }))).toEqual(['/eligibility/and/0 type.mismatch']);
    expect(rules(buildRdUnit({ eligibility: { foo: [1] } }))).toEqual(['/eligibility/foo expr.unknownOperator']);
    expect(rules(buildRdUnit({ eligibility: { '>': [{ var: 'staff' }, { param: 'nope' }] } }))).toEqual(['/eligibility/>/1/param parameter.unknown']);
  });

  it('finds overlapping rows under unique and unreachable rows under first', () => {
    const u = buildRdUnit();
    u.tables!.rd_threshold.rows[1].when = [{ '>=': { param: 'band_low' }, '<=': { param: 'band_high' } }];
    expect(rules(u)).toEqual(['/tables/rd_threshold/rows/1 table.overlap']);
    u.tables!.rd_threshold.hitPolicy = 'first';
    expect(rules(u)).toEqual([]);
    u.tables!.rd_threshold.rows.push({ when: [{ '>': 300_000_000_00 }], then: 0.02 });
    expect(rules(u)).toEqual(['/tables/rd_threshold/rows/3 table.unreachableRow']);
  });

  it('refuses a condition nested past MAX_UNIT_DEPTH with its path, instead of overflowing the stack', () => {
    const negated = (n: number) => {
      let e: unknown = { '>=': [{ var: 'staff' }, 1] };
      for (let i = 0; i < n; i++) e = { '!': [e] };
      return buildRdUnit({ eligibility: e as PolicyUnit['eligibility'] });
    };
    // Each `!` is two levels of JSON (its object and its argument list).
    expect(validateUnit(negated(90), exampleSchema)).toEqual([]);
    for (const n of [101, 20_000]) {
      const errors = validateUnit(negated(n), exampleSchema);
      expect(errors).toEqual([{ field: `/eligibility${'/!/0'.repeat((MAX_UNIT_DEPTH - 2) / 2)}/!`, rule: 'depth', message: `nested more than ${MAX_UNIT_DEPTH} levels deep` }]);
      expect(() => compileUnit(negated(n), exampleSchema, '2024-06-30')).toThrow(/nested more than/);
    }
  });
  it('reports an overlap that appears only under a later parameter value', () => {
    const u = buildRdUnit();
    u.parameters!.band_low.values.push({ from: '2025-01-01', value: 300_000_000_00 });
    const errors = validateUnit(u, exampleSchema);
    expect(errors.map((e) => e.rule)).toContain('table.unreachableRow');
    expect(errors[0].message).toContain('2025-01-01');
  });
});

describe('compileUnit and explanations', () => {
  it('picks the parameter in force on the evaluation date', () => {
    const unit = buildRdUnit();
    const facts = unit.tests![0].facts;
    const s = rowSubject(facts, exampleSchema);
    const [r2023] = explainSubject([compileUnit(unit, exampleSchema, '2023-12-31')], s, exampleSchema);
    const [r2024] = explainSubject([compileUnit(unit, exampleSchema, '2024-01-01')], s, exampleSchema);
    expect([r2023.amount, r2024.amount]).toEqual([200_000_00, 300_000_00]);
    expect(r2024.amountText).toEqual({ zh: '30 万元', en: 'CNY 300,000' });
  });

  it('explains each condition with the value, the threshold in force and a sentence', () => {
    const unit = buildRdUnit();
    const facts = { ...unit.tests![0].facts, tech_staff: 9 };
    const [r] = explainSubject([compileUnit(unit, exampleSchema, '2024-06-30')], rowSubject(facts, exampleSchema), exampleSchema);
    expect(r.eligible).toBe(false);
    const items = (r.explanation as ExplainedGroup).items as ExplainedCondition[];
    expect(items.map((i) => i.held)).toEqual([true, true, true, false]);
    expect(items[1]).toMatchObject({ actual: 0.03, threshold: 0.03 });
    expect(items[1].zh).toBe('近3期研发费用占营业收入比例 3% ≥ 研发强度门槛 3% — 符合');
    expect(items[1].en).toBe('R&D expenses ÷ Operating revenue over last 3 periods 3% ≥ R&D intensity threshold 3% — met');
    expect(items[3]).toMatchObject({ actual: 0.09, threshold: 0.1, param: 'tech_share' });
    expect(items[3].en).toBe('(Technical staff ÷ Employees) 9% ≥ 10% — not met');
    expect(items[0].zh).toBe('成立日期至今满年数 4 ≥ 1 — 符合');
  });

  it('renders sentences when serialised', () => {
    const unit = buildRdUnit();
    const [r] = explainSubject([compileUnit(unit, exampleSchema, '2024-06-30')], rowSubject(unit.tests![0].facts, exampleSchema), exampleSchema);
    const json = JSON.parse(JSON.stringify(r));
    expect(json.explanation.items[3]).toEqual({ kind: 'condition', held: true, actual: 0.1, threshold: 0.1, param: 'tech_share', zh: '(科技人员数 ÷ 职工人数) 10% ≥ 10% — 符合', en: '(Technical staff ÷ Employees) 10% ≥ 10% — met' });
    expect(json.amountText).toEqual({ zh: '30 万元', en: 'CNY 300,000' });
  });

  it('renders money in 元, 万元 and 亿元 with integer math', () => {
    expect(formatFenZh(21_000_000_000)).toBe('2.1 亿元');
    expect(formatFenZh(20_000_000_000)).toBe('2 亿元');
    expect(formatFenZh(123_456_00)).toBe('12.3456 万元');
    expect(formatFenZh(1_234_50)).toBe('1,234.5 元');
    expect(formatFenZh(-5)).toBe('-0.05 元');
    expect(formatFenEn(21_000_000_000)).toBe('CNY 210 million');
  });

  it('writes a money comparison as a sentence in both languages', () => {
    const unit: PolicyUnit = { id: 'cap', version: 1, title: { zh: '上限', en: 'Cap' }, eligibility: { '<=': [{ var: 'revenue' }, 20_000_000_000] } };
    const [r] = explainSubject([compileUnit(unit, exampleSchema, '2024-01-01')], rowSubject({ revenue: [21_000_000_000] }, exampleSchema), exampleSchema);
    expect((r.explanation as ExplainedCondition).zh).toBe('营业收入 2.1 亿元 ≤ 2 亿元 — 不符合');
    expect((r.explanation as ExplainedCondition).en).toBe('Operating revenue CNY 210 million ≤ CNY 200 million — not met');
  });
});

describe('runAuthorTests', () => {
  it('passes the example unit\'s own tests and fails a wrong expectation with its explanation', () => {
    const unit = buildRdUnit();
    expect(runAuthorTests(unit, exampleSchema, '2024-01-01').map((t) => t.passed)).toEqual([true, true]);
    unit.tests![0].amount = 1;
    const [bad] = runAuthorTests(unit, exampleSchema, '2024-01-01');
    expect(bad.passed).toBe(false);
    expect(bad.actual).toEqual({ eligible: true, amount: 300_000_00 });
    expect(bad.explanation?.held).toBe(true);
  });
});
