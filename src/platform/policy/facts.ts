import type { AttributeDef, AttributeSchema, Facts } from '../../engines/rules/index.ts';
import type { FieldError } from '../../kernel/errors.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a text is a real calendar day `YYYY-MM-DD`. */
export function isDay(v: unknown): v is string {
  if (typeof v !== 'string' || !DAY.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function checkValue(a: AttributeDef, v: unknown, field: string, errors: FieldError[]): void {
  if (v === null || v === undefined) return; // missing
  const bad = (rule: string, message: string) => errors.push({ field, rule, message });
  switch (a.type) {
    case 'money':
      if (!Number.isSafeInteger(v)) bad('type.money', `${a.key} is money: an integer number of fen`);
      break;
    case 'integer':
      if (!Number.isSafeInteger(v)) bad('type.integer', `${a.key} is a whole number`);
      break;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) bad('type.number', `${a.key} is a number`);
      break;
    case 'date':
      if (!isDay(v)) bad('type.date', `${a.key} is a YYYY-MM-DD date`);
      break;
    case 'boolean':
      if (typeof v !== 'boolean') bad('type.boolean', `${a.key} is true or false`);
      break;
    case 'enum':
      if (typeof v !== 'string') bad('type.enum', `${a.key} is one of its codes`);
      else if (a.values && !a.values.includes(v)) bad('code.unknown', `"${v}" is not a code of ${a.key}`);
      break;
    case 'text':
      if (typeof v !== 'string') bad('type.text', `${a.key} is text`);
      break;
    case 'set':
      if (!Array.isArray(v)) bad('type.set', `${a.key} is a list of codes`);
      else v.forEach((m, i) => { if (typeof m !== 'string' || (a.values && !a.values.includes(m))) errors.push({ field: `${field}.${i}`, rule: 'code.unknown', message: `"${String(m)}" is not a code of ${a.key}` }); });
      break;
  }
}

/**
 * Checks a subject's facts against the attribute schema: known keys, value types (money in integer
 * fen, dates `YYYY-MM-DD`, enum codes), and for periodic attributes an array of at most `periods`
 * values, latest first. `null` is a missing value. Errors name `facts.<key>[.<period>]`.
 */
export function checkFacts(facts: unknown, schema: AttributeSchema, prefix = 'facts'): FieldError[] {
  if (facts === null || typeof facts !== 'object' || Array.isArray(facts)) return [{ field: prefix, rule: 'type.object', message: 'facts is an object: attribute key → value' }];
  const byKey = new Map(schema.map((a) => [a.key, a]));
  const errors: FieldError[] = [];
  for (const [key, v] of Object.entries(facts as Facts)) {
    const a = byKey.get(key);
    const field = `${prefix}.${key}`;
    if (!a) {
      errors.push({ field, rule: 'attribute.unknown', message: `unknown attribute ${key}` });
      continue;
    }
    const periods = a.periods ?? 1;
    if (a.type !== 'set' && Array.isArray(v)) {
      if (periods === 1) errors.push({ field, rule: 'type.periods', message: `${key} holds one value, not a list` });
      else if (v.length > periods) errors.push({ field, rule: 'periods.max', message: `${key} holds at most ${periods} periods (latest first)` });
      else v.forEach((x, i) => checkValue(a, x, `${field}.${i}`, errors));
    } else checkValue(a, v, field, errors);
  }
  return errors;
}
