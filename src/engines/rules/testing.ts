import type { AttributeSchema, PolicyUnit } from './types.ts';

/**
 * A small attribute schema and an R&D-intensity unit (a three-year ratio against a threshold
 * chosen by a decision table on the latest revenue band), used by tests and docs.
 */
export const exampleSchema: AttributeSchema = [
  { key: 'revenue', type: 'money', zh: '营业收入', en: 'Operating revenue', periods: 3 },
  { key: 'rd', type: 'money', zh: '研发费用', en: 'R&D expenses', periods: 3 },
  { key: 'rd_domestic', type: 'money', zh: '境内研发费用', en: 'Domestic R&D expenses', periods: 3 },
  { key: 'staff', type: 'integer', zh: '职工人数', en: 'Employees', unit: { zh: '人', en: 'people' } },
  { key: 'tech_staff', type: 'integer', zh: '科技人员数', en: 'Technical staff', unit: { zh: '人', en: 'people' } },
  { key: 'registered_at', type: 'date', zh: '成立日期', en: 'Registration date' },
  { key: 'sector', type: 'enum', zh: '行业', en: 'Sector', values: ['A', 'C', 'F', 'I'], labels: { C: { zh: '制造业', en: 'Manufacturing' }, I: { zh: '信息技术', en: 'IT' } } },
  { key: 'certs', type: 'set', zh: '资质', en: 'Certificates', values: ['iso9001', 'gmp', 'cmmi'] },
  { key: 'listed', type: 'boolean', zh: '是否上市', en: 'Listed' },
];

/** Builds the R&D-intensity unit; `overrides` replace top-level fields. */
export function buildRdUnit(overrides: Partial<PolicyUnit> = {}): PolicyUnit {
  return {
    id: 'rd-intensity',
    version: 1,
    title: { zh: '研发强度认定', en: 'R&D intensity recognition' },
    source: { document: 'Example rule', article: '11' },
    category: 'qualification',
    validFrom: '2016-01-01',
    parameters: {
      min_years: { zh: '成立年限', en: 'Years registered', kind: 'number', values: [{ from: '2016-01-01', value: 1 }] },
      band_low: { kind: 'money', values: [{ from: '2016-01-01', value: 50_000_000_00 }] },
      band_high: { kind: 'money', values: [{ from: '2016-01-01', value: 200_000_000_00 }] },
      domestic_share: { kind: 'ratio', values: [{ from: '2016-01-01', value: 0.6 }] },
      tech_share: { kind: 'ratio', values: [{ from: '2016-01-01', value: 0.1 }] },
      award: { kind: 'money', values: [{ from: '2016-01-01', value: 200_000_00 }, { from: '2024-01-01', value: 300_000_00 }] },
    },
    tables: {
      rd_threshold: {
        zh: '研发强度门槛', en: 'R&D intensity threshold',
        hitPolicy: 'unique',
        inputs: [{ var: 'revenue' }],
        rows: [
          { when: [{ '<=': { param: 'band_low' } }], then: 0.05 },
          { when: [{ '>': { param: 'band_low' }, '<=': { param: 'band_high' } }], then: 0.04 },
          { when: [{ '>': { param: 'band_high' } }], then: 0.03 },
        ],
      },
    },
    eligibility: {
      and: [
        { '>=': [{ age_years: [{ var: 'registered_at' }] }, { param: 'min_years' }] },
        { '>=': [{ ratio_sums: ['rd', 'revenue', 3] }, { table: 'rd_threshold' }] },
        { '>=': [{ ratio_sums: ['rd_domestic', 'rd', 3] }, { param: 'domestic_share' }] },
        { '>=': [{ '/': [{ var: 'tech_staff' }, { var: 'staff' }] }, { param: 'tech_share' }] },
      ],
    },
    benefit: { fixed: { param: 'award' } },
    tests: [
      {
        name: 'exactly 3% at the top band',
        asOf: '2024-06-30',
        facts: { revenue: [300_000_000_00, 250_000_000_00, 250_000_000_00], rd: [8_000_000_00, 8_000_000_00, 8_000_000_00], rd_domestic: [8_000_000_00, 8_000_000_00, 8_000_000_00], staff: 100, tech_staff: 10, registered_at: '2020-01-01' },
        eligible: true,
        amount: 300_000_00,
      },
      {
        name: 'registered less than a year',
        asOf: '2024-06-30',
        facts: { revenue: [1_000_000_00, 0, 0], rd: [100_000_00, 0, 0], rd_domestic: [100_000_00, 0, 0], staff: 10, tech_staff: 5, registered_at: '2023-07-01' },
        eligible: false,
      },
    ],
    ...overrides,
  };
}
