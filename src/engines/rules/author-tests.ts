import { compileUnit, indexAttributes } from './compile.ts';
import { explainSubject, type Explanation } from './explain.ts';
import { rowSubject } from './row-eval.ts';
import type { AttributeSchema, PolicyUnit } from './types.ts';

/** The outcome of one author test. */
export interface AuthorTestResult {
  unit: string;
  name: string;
  asOf: string;
  passed: boolean;
  expected: { eligible: boolean; amount?: number };
  actual: { eligible: boolean; amount: number };
  /** The explanation, kept for failures so an author sees which condition disagreed. */
  explanation?: Explanation;
}

/**
 * Runs the tests that live with a unit. Each test is evaluated as of its own date (else the
 * unit's validFrom, else `defaultAsOf`).
 * @example runAuthorTests(unit, schema, '2024-01-01').every((t) => t.passed)
 */
export function runAuthorTests(unit: PolicyUnit, schema: AttributeSchema, defaultAsOf: string): AuthorTestResult[] {
  const attrs = indexAttributes(schema);
  return (unit.tests ?? []).map((t) => {
    const asOf = t.asOf ?? unit.validFrom ?? defaultAsOf;
    const compiled = compileUnit(unit, attrs, asOf);
    const [r] = explainSubject([compiled], rowSubject(t.facts, schema), attrs);
    const passed = r.eligible === t.eligible && (t.amount === undefined || r.amount === t.amount);
    const out: AuthorTestResult = { unit: unit.id, name: t.name, asOf, passed, expected: { eligible: t.eligible, amount: t.amount }, actual: { eligible: r.eligible, amount: r.amount } };
    if (!passed) out.explanation = r.explanation;
    return out;
  });
}
