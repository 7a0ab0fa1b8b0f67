import type { FieldError } from '../../kernel/errors.ts';
import { isIsoDate } from './dates.ts';
import type { ParameterDef } from './types.ts';

/**
 * The value of a dated parameter in force on `asOf` (`YYYY-MM-DD`): the one with the latest
 * `from` not after it, or undefined before the first.
 * @example valueAsOf({ values: [{ from: '2019-01-01', value: 1 }, { from: '2023-01-01', value: 2 }] }, '2022-12-31') === 1
 */
export function valueAsOf(def: ParameterDef, asOf: string): number | string | boolean | undefined {
  let best: { from: string; value: number | string | boolean } | undefined;
  for (const v of def.values) if (v.from <= asOf && (!best || v.from > best.from)) best = v;
  return best?.value;
}

/** Checks one parameter definition: dates valid and distinct, values of one type. */
export function checkParameter(def: ParameterDef, path: string, errors: FieldError[]): void {
  if (!def || !Array.isArray(def.values) || def.values.length === 0) {
    errors.push({ field: `${path}/values`, rule: 'parameter.noValues', message: 'a parameter needs at least one dated value' });
    return;
  }
  const seen = new Set<string>();
  const types = new Set<string>();
  def.values.forEach((v, i) => {
    if (!isIsoDate(v?.from))
      errors.push({ field: `${path}/values/${i}/from`, rule: 'date.format', message: `"${v?.from}" is not a YYYY-MM-DD date` });
    else if (seen.has(v.from))
      errors.push({ field: `${path}/values/${i}/from`, rule: 'parameter.duplicateDate', message: `two values take effect on ${v.from}` });
    seen.add(v?.from);
    types.add(typeof v?.value);
    if (typeof v?.value === 'number' && !Number.isFinite(v.value))
      errors.push({ field: `${path}/values/${i}/value`, rule: 'type.number', message: 'value must be a finite number' });
  });
  if (types.size > 1) errors.push({ field: `${path}/values`, rule: 'type.mismatch', message: 'all dated values must have one type' });
  for (const t of types)
    if (!['number', 'string', 'boolean'].includes(t))
      errors.push({ field: `${path}/values`, rule: 'type.scalar', message: `values must be numbers, strings or booleans, not ${t}` });
  if (def.kind === 'money' && def.values.some((v) => typeof v.value === 'number' && !Number.isInteger(v.value)))
    errors.push({ field: `${path}/values`, rule: 'money.integerFen', message: 'money parameters are integer fen' });
}

/** Every date on which some parameter of the unit changes (sorted), for static checks across time. */
export function parameterDates(params: Record<string, ParameterDef> | undefined): string[] {
  const dates = new Set<string>();
  for (const def of Object.values(params ?? {})) for (const v of def?.values ?? []) if (isIsoDate(v.from)) dates.add(v.from);
  return [...dates].sort();
}
