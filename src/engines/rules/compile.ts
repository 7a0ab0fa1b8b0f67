import { AppError, type FieldError } from '../../kernel/errors.ts';
import { firstTooDeep } from '../../kernel/json-depth.ts';
import { compileExpr, resolveParam, type ExprContext } from './compile-expr.ts';
import { compileTable } from './compile-table.ts';
import { isIsoDate, isoToDays } from './dates.ts';
import type { BenefitIR, CompiledUnit, Node } from './ir.ts';
import { checkParameter, parameterDates } from './params.ts';
import type { Amount, AttributeDef, AttributeSchema, Json, PolicyUnit } from './types.ts';

const ATTRIBUTE_TYPES = ['number', 'money', 'integer', 'enum', 'set', 'date', 'boolean', 'text'];

/** Checks a caller's attribute schema: unique keys, known types, enum/set members, period counts. */
export function validateAttributeSchema(schema: AttributeSchema): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  schema.forEach((a, i) => {
    const p = `/${i}`;
    if (typeof a.key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(a.key)) errors.push({ field: `${p}/key`, rule: 'attribute.key', message: 'a key is letters, digits, _ and .' });
    else if (seen.has(a.key)) errors.push({ field: `${p}/key`, rule: 'attribute.duplicate', message: `"${a.key}" is declared twice` });
    seen.add(a.key);
    if (!ATTRIBUTE_TYPES.includes(a.type)) errors.push({ field: `${p}/type`, rule: 'attribute.type', message: `type is one of ${ATTRIBUTE_TYPES.join(', ')}` });
    if (!a.zh || !a.en) errors.push({ field: p, rule: 'attribute.label', message: 'zh and en names are required' });
    if ((a.type === 'enum' || a.type === 'set') && (!Array.isArray(a.values) || a.values.length === 0))
      errors.push({ field: `${p}/values`, rule: 'attribute.values', message: `an ${a.type} lists its members` });
    if (a.type === 'set' && (a.values?.length ?? 0) > 32) errors.push({ field: `${p}/values`, rule: 'attribute.setSize', message: 'a set holds at most 32 members' });
    if (a.periods !== undefined && (!Number.isInteger(a.periods) || a.periods < 1)) errors.push({ field: `${p}/periods`, rule: 'attribute.periods', message: 'periods is a positive integer' });
  });
  return errors;
}

/** Indexes an attribute schema by key. */
export function indexAttributes(schema: AttributeSchema): Map<string, AttributeDef> {
  return new Map(schema.map((a) => [a.key, a]));
}

function amount(ctx: ExprContext, a: Amount | undefined, path: string, kind: 'fen' | 'rate'): number | undefined {
  if (a === undefined) return undefined;
  const v = typeof a === 'object' && a !== null ? resolveParam(ctx, a.param, `${path}/param`)?.v : a;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    ctx.errors.push({ field: path, rule: 'type.number', message: `${kind === 'fen' ? 'an amount (fen)' : 'a rate'} must be a number` });
    return undefined;
  }
  if (kind === 'fen' && !Number.isInteger(v)) ctx.errors.push({ field: path, rule: 'money.integerFen', message: 'amounts are integer fen' });
  return v;
}

function compileBenefit(ctx: ExprContext, unit: PolicyUnit): BenefitIR | undefined {
  const b = unit.benefit as Record<string, unknown> | undefined;
  if (b === undefined) return undefined;
  const base = (): Node | undefined => {
    const n = compileExpr(ctx, b.base as Json, '/benefit/base');
    if (n && n.t !== 'num') ctx.errors.push({ field: '/benefit/base', rule: 'type.mismatch', message: `the base must be a number, found ${n.t}` });
    return n;
  };
  if ('fixed' in b) {
    const v = amount(ctx, b.fixed as Amount, '/benefit/fixed', 'fen');
    return v === undefined ? undefined : { k: 'fixed', amount: v };
  }
  if ('rate' in b) {
    const rate = amount(ctx, b.rate as Amount, '/benefit/rate', 'rate');
    const n = base();
    const cap = amount(ctx, b.cap as Amount | undefined, '/benefit/cap', 'fen');
    const floor = amount(ctx, b.floor as Amount | undefined, '/benefit/floor', 'fen');
    return rate === undefined || !n ? undefined : { k: 'rate', rate, base: n, cap, floor };
  }
  if ('brackets' in b && Array.isArray(b.brackets)) {
    const brackets = (b.brackets as { upTo: number | null; rate: Amount }[]).map((x, i) => ({
      upTo: x.upTo,
      rate: amount(ctx, x.rate, `/benefit/brackets/${i}/rate`, 'rate') ?? 0,
    }));
    brackets.forEach((x, i) => {
      const prev = i > 0 ? brackets[i - 1].upTo : -Infinity;
      if (x.upTo !== null && (!Number.isInteger(x.upTo) || prev === null || x.upTo <= prev))
        ctx.errors.push({ field: `/benefit/brackets/${i}/upTo`, rule: 'brackets.order', message: 'upTo is integer fen, increasing; only the last may be null' });
    });
    const n = base();
    const cap = amount(ctx, b.cap as Amount | undefined, '/benefit/cap', 'fen');
    const mode = b.mode === 'flat' ? 'flat' : 'marginal';
    return n ? { k: 'brackets', brackets, base: n, mode, cap } : undefined;
  }
  ctx.errors.push({ field: '/benefit', rule: 'benefit.kind', message: 'a benefit is { fixed }, { rate, base, cap? } or { brackets, base }' });
  return undefined;
}

function compileInto(unit: PolicyUnit, attrs: Map<string, AttributeDef>, asOf: string, errors: FieldError[]): CompiledUnit | undefined {
  const tables = new Map<string, Node | undefined>();
  const ctx: ExprContext = {
    attrs, unit, asOf, asOfDays: isoToDays(asOf), errors,
    table(name, path) {
      if (!tables.has(name)) tables.set(name, compileTable(ctx, name, path));
      return tables.get(name);
    },
  };
  const eligibility = compileExpr(ctx, unit.eligibility, '/eligibility');
  if (eligibility && eligibility.t !== 'bool')
    errors.push({ field: '/eligibility', rule: 'type.mismatch', message: `eligibility must be a condition, found a ${eligibility.t}` });
  const benefit = compileBenefit(ctx, unit);
  if (!eligibility || errors.length > 0) return undefined;
  const inForce = (!unit.validFrom || unit.validFrom <= asOf) && (!unit.validTo || asOf <= unit.validTo);
  return { id: unit.id, version: unit.version, title: unit.title, asOf, inForce, eligibility, benefit };
}

/**
 * How deep a unit's JSON may nest (conditions within conditions, with the unit's own levels): the compiler, the
 * explainer and JSON itself recurse on each level, and 5,000 nested `!` overflowed the stack. The library's units
 * (src/platform/policy/units) nest 8 to 13 levels.
 */
export const MAX_UNIT_DEPTH = 200;

function checkHeader(unit: PolicyUnit, errors: FieldError[]): void {
  const deep = firstTooDeep(unit, MAX_UNIT_DEPTH);
  if (deep !== undefined) {
    errors.push({ field: deep.map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''), rule: 'depth', message: `nested more than ${MAX_UNIT_DEPTH} levels deep` });
    return;
  }
  if (typeof unit?.id !== 'string' || unit.id === '') errors.push({ field: '/id', rule: 'required', message: 'id is a non-empty string' });
  if (!Number.isInteger(unit?.version) || unit.version < 1) errors.push({ field: '/version', rule: 'required', message: 'version is a positive integer' });
  if (!unit?.title?.zh || !unit?.title?.en) errors.push({ field: '/title', rule: 'required', message: 'title needs zh and en' });
  for (const k of ['validFrom', 'validTo'] as const)
    if (unit?.[k] !== undefined && !isIsoDate(unit[k])) errors.push({ field: `/${k}`, rule: 'date.format', message: `${k} is a YYYY-MM-DD date` });
  for (const [name, def] of Object.entries(unit?.parameters ?? {})) checkParameter(def, `/parameters/${name}`, errors);
  (unit?.tests ?? []).forEach((t, i) => {
    if (typeof t?.eligible !== 'boolean') errors.push({ field: `/tests/${i}/eligible`, rule: 'required', message: 'a test states eligible true or false' });
    if (t?.asOf !== undefined && !isIsoDate(t.asOf)) errors.push({ field: `/tests/${i}/asOf`, rule: 'date.format', message: 'asOf is a YYYY-MM-DD date' });
    if (t?.amount !== undefined && !Number.isInteger(t.amount)) errors.push({ field: `/tests/${i}/amount`, rule: 'money.integerFen', message: 'amounts are integer fen' });
  });
}

/**
 * Validates a unit against the attribute schema and returns every problem with its JSON Pointer
 * path. Checks run at each date a parameter changes, so a table that overlaps only under a later
 * threshold is still reported.
 * @example validateUnit(unit, schema) // [{ field: '/eligibility/and/1/>=/0/var', rule: 'attribute.unknown', … }]
 */
export function validateUnit(unit: PolicyUnit, schema: AttributeSchema): FieldError[] {
  const errors: FieldError[] = [];
  checkHeader(unit, errors);
  if (errors.length > 0) return errors;
  const attrs = indexAttributes(schema);
  const dates = parameterDates(unit.parameters);
  const probe = dates.length > 0 ? dates : [unit.validFrom ?? '2000-01-01'];
  const seen = new Set<string>();
  for (const d of probe) {
    const local: FieldError[] = [];
    compileInto(unit, attrs, d, local);
    for (const e of local) {
      // A parameter not yet in force at an early probe date is not an error of the unit.
      if (e.rule === 'parameter.notInForce' && d !== probe[probe.length - 1]) continue;
      const k = `${e.field}|${e.rule}`;
      if (!seen.has(k)) errors.push(e);
      seen.add(k);
    }
  }
  return errors;
}

/**
 * Compiles a unit for evaluation on `asOf` (`YYYY-MM-DD`): parameters resolved, tables checked,
 * types known. Throws AppError `rules.invalidUnit` listing every problem.
 * @example const c = compileUnit(unit, schema, '2024-06-30'); evaluateSubject([c], facts)
 */
export function compileUnit(unit: PolicyUnit, schema: AttributeSchema | Map<string, AttributeDef>, asOf: string): CompiledUnit {
  const errors: FieldError[] = [];
  checkHeader(unit, errors);
  if (!isIsoDate(asOf)) errors.push({ field: 'asOf', rule: 'date.format', message: 'asOf is a YYYY-MM-DD date' });
  const attrs = schema instanceof Map ? schema : indexAttributes(schema);
  const compiled = errors.length === 0 ? compileInto(unit, attrs, asOf, errors) : undefined;
  if (!compiled) throw new AppError('rules.invalidUnit', `policy unit "${unit?.id}" is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
  return compiled;
}
