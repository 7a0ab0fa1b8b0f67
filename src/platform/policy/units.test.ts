import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileUnit, explainSubject, rowSubject, runAuthorTests, validateUnit, type ExplainedCondition, type PolicyUnit } from '../../engines/rules/index.ts';
import { industryDivisions } from '../../kernel/industry.ts';
import { classifySize, SIZE_THRESHOLDS, sizeRowOf } from '../../kernel/size-class.ts';
import { DEFAULT_ATTRIBUTES } from '../registry/catalogue.data.ts';
import { attributesUsed, SHIPPED_POLICY_SCHEMA, SUPPLEMENTARY_ATTRIBUTES } from './policy-schema.ts';
import { checkUnitJson, readUnitFiles, SHIPPED_UNITS_DIR } from './unit-files.ts';

const dir = fileURLToPath(SHIPPED_UNITS_DIR);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const units = readUnitFiles(dir).map((f) => f.unit);
const byId = (id: string): PolicyUnit => units.find((u) => u.id === id)!;

describe('the shipped policy units', () => {
  it('are four files, one unit each, with distinct ids', () => {
    expect(files.length).toBe(4);
    expect(new Set(units.map((u) => u.id)).size).toBe(units.length);
  });

  for (const unit of units) {
    describe(unit.id, () => {
      it('is valid against the JSON Schema and the catalogue’s attributes', () => {
        expect(checkUnitJson(unit)).toEqual([]);
        expect(validateUnit(unit, SHIPPED_POLICY_SCHEMA)).toEqual([]);
      });

      it('passes its author tests (at least 8, both outcomes)', () => {
        const results = runAuthorTests(unit, SHIPPED_POLICY_SCHEMA, '2025-06-30');
        expect(results.length).toBeGreaterThanOrEqual(8);
        expect(results.some((r) => r.expected.eligible) && results.some((r) => !r.expected.eligible)).toBe(true);
        expect(results.filter((r) => !r.passed).map((r) => ({ name: r.name, expected: r.expected, actual: r.actual }))).toEqual([]);
      });

      it('uses catalogue attributes, or declared supplementary ones', () => {
        const used = attributesUsed(unit);
        expect(used.size).toBeGreaterThan(2);
        const catalogue = new Set(DEFAULT_ATTRIBUTES.map((a) => a.key));
        const supplementary = new Set(SUPPLEMENTARY_ATTRIBUTES.map((a) => a.key));
        for (const key of used) expect(catalogue.has(key) || supplementary.has(key), key).toBe(true);
      });
    });
  }

  it('catches a wrong expectation (an author test can fail)', () => {
    const unit = byId('cn-cit-small-low-profit');
    const wrong = { ...unit, tests: [{ ...unit.tests![1], amount: unit.tests![1].amount! + 1 }] };
    expect(runAuthorTests(wrong, SHIPPED_POLICY_SCHEMA, '2025-06-30')[0].passed).toBe(false);
  });
});

describe('小型微利企业 over its dated history', () => {
  const unit = byId('cn-cit-small-low-profit');
  const at = (asOf: string, incomeYuan: number) => {
    const [r] = explainSubject([compileUnit(unit, SHIPPED_POLICY_SCHEMA, asOf)], rowSubject({ taxable_income: incomeYuan * 100, employees: 10, total_assets: 100_000_000 }, SHIPPED_POLICY_SCHEMA), SHIPPED_POLICY_SCHEMA);
    return r.amount / 100;
  };
  // Tax saved against the 25% statutory rate, by the effective rates of each period.
  const expected = (year: number, x: number) => {
    const [low, high] = year <= 2020 ? [0.05, 0.1] : year === 2021 ? [0.025, 0.1] : year === 2022 ? [0.025, 0.05] : [0.05, 0.05];
    return Math.round((Math.min(x, 1_000_000) * (0.25 - low) + Math.max(x - 1_000_000, 0) * (0.25 - high)) * 100) / 100;
  };

  it('gives the tax saved in every year 2019–2027 on incomes up to 3 million yuan', () => {
    fc.assert(fc.property(fc.integer({ min: 2019, max: 2027 }), fc.integer({ min: 1, max: 3_000_000 }), (year, x) => {
      expect(at(`${year}-12-31`, x)).toBeCloseTo(expected(year, x), 2);
    }), { numRuns: 300, seed: 4 });
  });

  it('explains the caps in force with their values', () => {
    const [r] = explainSubject([compileUnit(unit, SHIPPED_POLICY_SCHEMA, '2024-12-31')], rowSubject({ taxable_income: 310_000_000, employees: 10, total_assets: 1 }, SHIPPED_POLICY_SCHEMA), SHIPPED_POLICY_SCHEMA);
    const items = (r.explanation as { items: ExplainedCondition[] }).items;
    expect(items[1]).toMatchObject({ held: false, actual: 310_000_000, threshold: 300_000_000, param: 'income_cap' });
    expect(items[1].zh).toContain('不符合');
    expect(items[1].en).toContain('not met');
  });
});

describe('SME size classification agrees with the kernel (src/kernel/size-class.ts)', () => {
  const unit = byId('cn-sme-size-class');
  const compiled = compileUnit(unit, SHIPPED_POLICY_SCHEMA, '2025-06-30');
  const codes = industryDivisions().map((d) => d.code);
  const classOf = (facts: Record<string, unknown>) => {
    const [r] = explainSubject([compiled], rowSubject(facts as never, SHIPPED_POLICY_SCHEMA), SHIPPED_POLICY_SCHEMA);
    return { cls: (r.explanation as ExplainedCondition).actual, eligible: r.eligible };
  };
  // Values on and around every threshold of every row, so each boundary is hit.
  const around = (k: 'employees' | 'revenue' | 'assets') => {
    const out = new Set<number>([0]);
    for (const t of Object.values(SIZE_THRESHOLDS)) for (const c of ['large', 'medium', 'small'] as const) {
      const v = (t[c] as Record<string, number>)[k];
      if (v !== undefined) for (const d of [-1, 0, 1]) out.add(k === 'employees' ? v + d : v * 1_000_000 + d);
    }
    return [...out].filter((v) => v >= 0);
  };

  it('covers every industry division with a row', () => {
    for (const code of codes) expect(classOf({ industry: code, employees: 5000, revenue: 1e13, total_assets: 1e13 }).cls, code).toBe('large');
  });

  it('gives the same class on 3,000 generated firms, thresholds ± 1 included', () => {
    fc.assert(fc.property(
      fc.constantFrom(...codes),
      fc.oneof(fc.constantFrom(...around('employees')), fc.integer({ min: 0, max: 5000 })),
      fc.oneof(fc.constantFrom(...around('revenue')), fc.integer({ min: 0, max: 3e12 })),
      fc.oneof(fc.constantFrom(...around('assets')), fc.integer({ min: 0, max: 3e12 })),
      (industry, employees, revenue, assets) => {
        const kernel = classifySize(industry, { employees, revenueFen: revenue, assetsFen: assets });
        const got = classOf({ industry, employees, revenue, total_assets: assets });
        expect(got.cls, `${industry} (${sizeRowOf(industry)}) ${employees} ${revenue} ${assets}`).toBe(kernel);
        expect(got.eligible).toBe(kernel !== 'large');
      },
    ), { numRuns: 3000, seed: 11 });
  });

  it('the refund unit carries the same size table', () => {
    expect(byId('cn-ui-job-stabilisation-refund').tables!.size_class).toEqual(unit.tables!.size_class);
  });
});
