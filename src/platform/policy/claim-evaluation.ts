import { explainSubject, rowSubject, type AttributeSchema, type Explanation, type Facts, type PolicyUnit, type SubjectResult } from '../../engines/rules/index.ts';
import type { FieldError } from '../../kernel/errors.ts';
import type { BankAccount } from './lifecycle.types.ts';
import { attributesUsed } from './policy-schema.ts';
import { compileAt, regionScoped } from './population.ts';

/** Whether a fact is missing (a periodic fact: its latest period is). */
export function isMissing(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0 || v[0] === null || v[0] === undefined;
  return v === null || v === undefined;
}

/** The attributes a unit reads that the facts lack: what an applicant is asked for. */
export function missingFacts(unit: PolicyUnit, facts: Facts): string[] {
  return [...attributesUsed(regionScoped(unit))].filter((k) => isMissing(facts[k])).sort();
}

/** One unit's result for facts as of a day, with its explanation rendered (sentences in zh and en). */
export function evaluateUnit(unit: PolicyUnit, schema: AttributeSchema, facts: Facts, asOf: string): SubjectResult {
  const compiled = compileAt(regionScoped(unit), schema, asOf);
  return JSON.parse(JSON.stringify(explainSubject([compiled], rowSubject(facts, schema), schema)[0])) as SubjectResult;
}

/** The facts with the answers filling the gaps only (data always wins over an answer). */
export function mergeAnswers(facts: Facts, answers: Facts): Facts {
  const out: Facts = { ...facts };
  for (const [k, v] of Object.entries(answers)) if (isMissing(facts[k])) out[k] = v;
  return out;
}

/** The sentences of the conditions that did not hold (why not), in both languages. */
export function whyNot(e: Explanation): { zh: string; en: string }[] {
  if (e.kind === 'condition') return e.held ? [] : [{ zh: e.zh, en: e.en }];
  if (e.kind === 'not') return e.held ? [] : e.items.flatMap((i) => (i.kind === 'condition' ? [{ zh: `${i.zh}（不应成立）`, en: `${i.en} (must not hold)` }] : []));
  if (e.held) return [];
  return e.items.flatMap(whyNot);
}

/** Checks a receiving account: a name, a 6–32 digit number, a 12-digit bank code (CNAPS). */
export function accountProblems(a: unknown, field = 'account'): FieldError[] {
  if (a === null || typeof a !== 'object') return [{ field, rule: 'required', message: 'a receiving account { name, number, bank } is required' }];
  const acc = a as Partial<BankAccount>;
  const errors: FieldError[] = [];
  if (typeof acc.name !== 'string' || acc.name.trim() === '' || acc.name.length > 100) errors.push({ field: `${field}.name`, rule: 'required', message: 'the account holder’s name (1–100 characters)' });
  if (typeof acc.number !== 'string' || !/^\d{6,32}$/.test(acc.number)) errors.push({ field: `${field}.number`, rule: 'pattern', message: 'the account number is 6–32 digits' });
  if (typeof acc.bank !== 'string' || !/^\d{12}$/.test(acc.bank)) errors.push({ field: `${field}.bank`, rule: 'pattern', message: 'the bank code (CNAPS) is 12 digits' });
  return errors;
}
