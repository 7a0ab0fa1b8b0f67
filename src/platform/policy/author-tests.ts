import { explainSubject, indexAttributes, rowSubject, type AttributeSchema, type AuthorTestResult, type PolicyUnit } from '../../engines/rules/index.ts';
import { AppError } from '../../kernel/errors.ts';
import { compileAt } from './population.ts';

/** An author test's outcome; `error` when the case could not be evaluated at all. */
export type UnitTestResult = AuthorTestResult & { error?: string };

/**
 * Runs a unit's author tests as the engine's `runAuthorTests` does (each as of its own date, else
 * the unit's validFrom, else `defaultAsOf`), with the evaluation rules of this module: a date before
 * the unit's validFrom is "not in force" rather than an error, and a case that cannot be compiled
 * fails alone, with its reason, instead of stopping the others.
 */
export function runUnitTests(unit: PolicyUnit, schema: AttributeSchema, defaultAsOf: string): UnitTestResult[] {
  const attrs = indexAttributes(schema);
  return (unit.tests ?? []).map((t) => {
    const asOf = t.asOf ?? unit.validFrom ?? defaultAsOf;
    const expected = { eligible: t.eligible, amount: t.amount };
    try {
      const [r] = explainSubject([compileAt(unit, attrs, asOf)], rowSubject(t.facts, schema), attrs);
      const passed = r.eligible === t.eligible && (t.amount === undefined || r.amount === t.amount);
      const out: UnitTestResult = { unit: unit.id, name: t.name, asOf, passed, expected, actual: { eligible: r.eligible, amount: r.amount } };
      if (!passed) out.explanation = r.explanation;
      return out;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return { unit: unit.id, name: t.name, asOf, passed: false, expected, actual: { eligible: false, amount: 0 }, error: e.message };
    }
  });
}
