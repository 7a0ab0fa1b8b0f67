import type { FieldError } from '../../kernel/errors.ts';
import { LICENCE_KINDS, LICENCE_MODES, type LicenceItem } from './licence.types.ts';

const CODE = /^[a-z][a-z0-9_]{2,47}$/;
const LEVELS = ['district', 'city', 'province'];

/** What an item is checked against: the known department codes, fact keys and item codes. */
export interface LicenceCheckContext {
  departments: ReadonlySet<string>;
  facts: ReadonlySet<string>;
  codes: ReadonlySet<string>;
}

function text(errors: FieldError[], field: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'string' || value.trim().length < min) errors.push({ field, rule: 'required', message: `${field} must be a text of at least ${min} characters` });
  else if (value.length > max) errors.push({ field, rule: 'maxLength', message: `${field} must be at most ${max} characters` });
}

function list(errors: FieldError[], field: string, value: unknown, known: ReadonlySet<string> | null, max: number): string[] {
  if (!Array.isArray(value)) {
    errors.push({ field, rule: 'type', message: `${field} must be a list` });
    return [];
  }
  if (value.length > max) errors.push({ field, rule: 'maxItems', message: `${field} must hold at most ${max} entries` });
  const seen = new Set<string>();
  value.forEach((v, i) => {
    if (typeof v !== 'string' || !v.trim() || v.length > 100) errors.push({ field: `${field}.${i}`, rule: 'type', message: `${field}.${i} must be a text of 1 to 100 characters` });
    else if (seen.has(v)) errors.push({ field: `${field}.${i}`, rule: 'unique', message: `${field}.${i} repeats ${v}` });
    else if (known && !known.has(v)) errors.push({ field: `${field}.${i}`, rule: 'known', message: `${field}.${i}: ${v} is not in the catalogue` });
    if (typeof v === 'string') seen.add(v);
  });
  return value.filter((v): v is string => typeof v === 'string');
}

/**
 * Every broken rule of one item, field by field (`code` + `pattern`, `timeLimitDays` + `range`,
 * `requires.0` + `known`, …). Prerequisites are checked to exist; cycles are checked over the whole catalogue.
 */
export function checkLicenceItem(item: LicenceItem, ctx: LicenceCheckContext): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof item.code !== 'string' || !CODE.test(item.code)) errors.push({ field: 'code', rule: 'pattern', message: 'code must be 3–48 lower-case letters, digits or _ starting with a letter' });
  text(errors, 'name', item.name, 2, 60);
  text(errors, 'nameEn', item.nameEn, 2, 120);
  if (!ctx.departments.has(item.department)) errors.push({ field: 'department', rule: 'known', message: `department ${String(item.department)} is not an approving department` });
  if (!LEVELS.includes(item.level)) errors.push({ field: 'level', rule: 'enum', message: `level must be one of ${LEVELS.join(', ')}` });
  if (!LICENCE_KINDS.includes(item.kind)) errors.push({ field: 'kind', rule: 'enum', message: `kind must be one of ${LICENCE_KINDS.join(', ')}` });
  if (!LICENCE_MODES.includes(item.mode)) errors.push({ field: 'mode', rule: 'enum', message: `mode must be one of ${LICENCE_MODES.join(', ')}` });
  if (item.kind === 'filing' && item.mode === 'commitment') errors.push({ field: 'mode', rule: 'filing.commitment', message: 'a filing is recorded, not granted on commitment: mode must be automatic or review' });
  text(errors, 'basis.law', item.basis?.law, 4, 80);
  text(errors, 'basis.article', item.basis?.article, 2, 80);
  if (item.basis?.law && !/^《.+》$/.test(item.basis.law)) errors.push({ field: 'basis.law', rule: 'pattern', message: 'basis.law must be the title in 《》' });
  if (!Number.isInteger(item.timeLimitDays) || item.timeLimitDays < 0 || item.timeLimitDays > 120) errors.push({ field: 'timeLimitDays', rule: 'range', message: 'timeLimitDays must be a whole number of working days from 0 to 120' });
  else if (item.kind === 'licence' && item.mode === 'review' && item.timeLimitDays === 0) errors.push({ field: 'timeLimitDays', rule: 'review.limit', message: 'a reviewed licence needs a time limit of at least one working day' });
  list(errors, 'facts', item.facts, ctx.facts, 40);
  list(errors, 'documents', item.documents, null, 20);
  const requires = list(errors, 'requires', item.requires, ctx.codes, 10);
  if (requires.includes(item.code)) errors.push({ field: 'requires', rule: 'self', message: 'an item cannot require itself' });
  if (item.beforeRegistration && requires.includes('business_licence')) errors.push({ field: 'requires', rule: 'beforeRegistration', message: 'a pre-registration approval cannot require the business licence' });
  if (typeof item.active !== 'boolean') errors.push({ field: 'active', rule: 'type', message: 'active must be true or false' });
  return errors;
}

/** A cycle among prerequisites, as the codes along it (`['a', 'b', 'a']`), or null. */
export function findPrerequisiteCycle(items: readonly Pick<LicenceItem, 'code' | 'requires'>[]): string[] | null {
  const byCode = new Map(items.map((i) => [i.code, i]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (code: string): string[] | null => {
    if (state.get(code) === 'done') return null;
    if (state.get(code) === 'open') return [...path.slice(path.indexOf(code)), code];
    state.set(code, 'open');
    path.push(code);
    for (const next of byCode.get(code)?.requires ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(code, 'done');
    return null;
  };
  for (const i of items) {
    const cycle = visit(i.code);
    if (cycle) return cycle;
  }
  return null;
}

/** Every problem of a whole catalogue: each item's rules, duplicate codes, and prerequisite cycles. */
export function checkLicenceCatalogue(items: readonly LicenceItem[], ctx: Omit<LicenceCheckContext, 'codes'>): FieldError[] {
  const codes = new Set(items.map((i) => i.code));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.code)) errors.push({ field: `items.${i}.code`, rule: 'unique', message: `code ${item.code} appears twice` });
    seen.add(item.code);
    for (const e of checkLicenceItem(item, { ...ctx, codes })) errors.push({ ...e, field: `items.${i}.${e.field}` });
  });
  const cycle = findPrerequisiteCycle(items);
  if (cycle) errors.push({ field: 'requires', rule: 'acyclic', message: `prerequisites form a cycle: ${cycle.join(' → ')}` });
  return errors;
}
