import type { AttributeDef, AttributeSchema, PolicyUnit } from '../../engines/rules/index.ts';
import { DEFAULT_ATTRIBUTES } from '../registry/catalogue.data.ts';
import { toEngineSchema } from '../registry/catalogue.ts';
import type { AttributeSpec } from '../registry/catalogue.types.ts';

const PEOPLE = { zh: '人', en: 'people' };

/**
 * Facts the shipped units need that the enterprise mirror's catalogue does not hold yet. They are
 * declared here so units validate and posted facts can carry them; in the mirror they read as
 * missing until the catalogue defines the same keys (the catalogue's definition then wins).
 */
export const SUPPLEMENTARY_ATTRIBUTES: readonly AttributeDef[] = [
  { key: 'rd_spend_domestic', type: 'money', zh: '境内研发费用', en: 'Domestic R&D spend', periods: 3 },
  { key: 'unemployment_contributions', type: 'money', zh: '失业保险缴费额（单位和职工）', en: 'Unemployment-insurance contributions (employer and staff)', periods: 3 },
  { key: 'unemployment_contribution_months', type: 'integer', zh: '失业保险足额缴费月数', en: 'Months of full unemployment-insurance contributions', periods: 3, unit: { zh: '个月', en: 'months' } },
  { key: 'unemployment_new_claimants', type: 'integer', zh: '新增领取失业保险金人数', en: 'New unemployment-benefit claimants', periods: 3, unit: PEOPLE },
  { key: 'unemployment_insured_avg', type: 'integer', zh: '失业保险参保缴费月平均人数', en: 'Average insured headcount (monthly)', periods: 3, unit: PEOPLE },
];

/**
 * The attribute schema policy units are written against: the catalogue's engine schema (every
 * attribute the mirror's snapshot holds) plus the supplementary attributes it lacks.
 * @example validateUnit(unit, policySchema((await registry.catalogue.load()).attributes))
 */
export function policySchema(specs: readonly AttributeSpec[]): AttributeSchema {
  const base = toEngineSchema(specs);
  const known = new Set(base.map((a) => a.key));
  return [...base, ...SUPPLEMENTARY_ATTRIBUTES.filter((a) => !known.has(a.key))];
}

/** The schema of the shipped catalogue (what the CLI validates against, with no database). */
export const SHIPPED_POLICY_SCHEMA: AttributeSchema = policySchema(DEFAULT_ATTRIBUTES);

const PERIOD_OPS = new Set(['period', 'sum_periods', 'avg_periods', 'ratio_sums']);

/** The attribute keys a unit reads (in conditions, tables and its benefit formula). */
export function attributesUsed(unit: PolicyUnit): Set<string> {
  const out = new Set<string>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x === null || typeof x !== 'object') return;
    for (const [k, v] of Object.entries(x)) {
      if (k === 'var' && typeof v === 'string') out.add(v);
      else if (PERIOD_OPS.has(k) && Array.isArray(v)) {
        for (const a of v.slice(0, k === 'ratio_sums' ? 2 : 1)) if (typeof a === 'string') out.add(a);
      } else walk(v);
    }
  };
  walk(unit.eligibility);
  for (const t of Object.values(unit.tables ?? {})) walk(t.inputs);
  if (unit.benefit && 'base' in unit.benefit) walk(unit.benefit.base);
  return out;
}
