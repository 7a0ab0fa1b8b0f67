import { describe, expect, it } from 'vitest';
import { checkAttributeSpec, codesOf, namedCodeList, toEngineSchema } from './catalogue.ts';
import { DEFAULT_ATTRIBUTES, DEFAULT_CATEGORIES, DEFAULT_DEPARTMENTS } from './catalogue.data.ts';
import { parsePeriod, periodWindow } from './period.ts';

const known = { categories: new Set(DEFAULT_CATEGORIES.map((c) => c.key)), departments: new Set(DEFAULT_DEPARTMENTS.map((d) => d.code)) };

describe('attribute catalogue', () => {
  it('ships at least 60 valid attributes across at least 12 categories, each used', () => {
    expect(DEFAULT_ATTRIBUTES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(DEFAULT_ATTRIBUTES.map((a) => a.key)).size).toBe(DEFAULT_ATTRIBUTES.length);
    const used = new Set(DEFAULT_ATTRIBUTES.map((a) => a.category));
    expect(used.size).toBeGreaterThanOrEqual(12);
    for (const c of DEFAULT_CATEGORIES) expect(used.has(c.key)).toBe(true);
    for (const a of DEFAULT_ATTRIBUTES) expect(checkAttributeSpec(a, known), a.key).toEqual([]);
  });

  it('carries the attributes real policies test', () => {
    const keys = new Set(DEFAULT_ATTRIBUTES.map((a) => a.key));
    for (const k of ['industry', 'registered_at', 'registered_capital', 'employees', 'insured_employees', 'revenue', 'taxable_income', 'total_assets', 'rd_spend', 'high_tech_revenue', 'tech_staff', 'patents_invention', 'patents_utility', 'patents_design', 'credit_rating', 'abnormal_list', 'dishonest_list', 'licences']) {
      expect(keys.has(k), k).toBe(true);
    }
    expect(new Set(DEFAULT_ATTRIBUTES.map((a) => a.dataClass))).toEqual(new Set(['public', 'internal', 'sensitive', 'personal']));
  });

  it('takes the industry code list from the kernel’s GB/T 4754-2017 table: 97 divisions in 20 sections', () => {
    const industry = DEFAULT_ATTRIBUTES.find((a) => a.key === 'industry')!;
    const codes = codesOf(industry);
    expect(codes).toHaveLength(97);
    expect(codes.find((c) => c.code === 'I65')?.zh).toBe('软件和信息技术服务业');
    expect(namedCodeList('gbt4754-section')).toHaveLength(20);
  });

  it('names the field and rule of a bad attribute', () => {
    const errors = checkAttributeSpec({ key: 'Bad Key', zh: '', en: 'x', type: 'set', category: 'nowhere', dataClass: 'personal', department: 'tax', frequency: 'year', codes: [] }, known);
    expect(errors.map((e) => `${e.field}:${e.rule}`)).toEqual(expect.arrayContaining(['key:pattern', 'zh:required', 'category:known', 'codes:required', 'dataClass:personalText']));
  });

  it('gives the engine a schema without personal data or free text, with periods for periodic attributes', () => {
    const schema = toEngineSchema(DEFAULT_ATTRIBUTES);
    const keys = schema.map((a) => a.key);
    expect(keys).not.toContain('legal_rep_id_number');
    expect(keys).not.toContain('name');
    expect(schema.find((a) => a.key === 'revenue')).toMatchObject({ type: 'money', periods: 3 });
    expect(schema.find((a) => a.key === 'licences')?.values?.length).toBeLessThanOrEqual(32);
    expect(schema.length).toBeGreaterThanOrEqual(64);
  });
});

describe('periods', () => {
  it('parses years, quarters, months and days, and windows the last complete periods', () => {
    expect(parsePeriod('2025Q3')).toEqual({ kind: 'quarter', text: '2025-Q3', start: '2025-07-01', end: '2025-09-30' });
    expect(parsePeriod('2024-2')).toMatchObject({ kind: 'month', text: '2024-02', end: '2024-02-29' });
    expect(parsePeriod('2025-02-29')).toBeUndefined();
    expect(periodWindow('year', '2026-03-02', 3)).toEqual(['2025', '2024', '2023']);
    expect(periodWindow('quarter', '2026-01-15', 2)).toEqual(['2025-Q4', '2025-Q3']);
    expect(periodWindow('month', '2026-01-31', 2)).toEqual(['2025-12', '2025-11']);
  });
});
