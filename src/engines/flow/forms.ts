import { Ajv, type ValidateFunction } from 'ajv';
import safeRegex from 'safe-regex2';
import { AppError, type FieldError } from '../../kernel/errors.ts';
import type { FlowNode } from './model.ts';

/** JSON Schemas of task forms by form key, for tasks that name `onething:formKey`. */
export type FormRegistry = Record<string, Record<string, unknown>>;

/**
 * Validates task completion data against the task's form: its inline
 * `onething:formSchema`, else the registry's schema for its form key.
 * Throws `validation.failed` with one FieldError per broken rule. The
 * registry's schemas are checked here, as inline ones are at import
 * (`formSchemaProblems`): a bad one stops the engine from being made
 * (`flow.forms.invalid`), not a task's completion later.
 */
export function createFormValidator(registry: FormRegistry) {
  const bad = Object.entries(registry).flatMap(([key, schema]) => formSchemaProblems(schema).map((p) => `form "${key}": ${p}`));
  if (bad.length > 0) throw new AppError('flow.forms.invalid', `the forms registry has ${bad.length} problem(s): ${bad.join('; ')}`, { problems: bad });
  const ajv = new Ajv({ allErrors: true, strict: false });
  const cache = new Map<object, ValidateFunction>();
  return {
    validate(node: FlowNode | undefined, data: Record<string, unknown>): void {
      const spec = node?.userTask;
      const schema = spec?.form ?? (spec?.formKey ? registry[spec.formKey] : undefined);
      if (!schema) return;
      let check = cache.get(schema);
      if (!check) cache.set(schema, (check = ajv.compile(schema)));
      if (check(data)) return;
      const errors: FieldError[] = (check.errors ?? []).map((e) => {
        const missing = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
        return { field: `data${(e.instancePath + missing).replace(/\//g, '.')}`, rule: e.keyword, message: e.message ?? e.keyword };
      });
      throw new AppError('validation.failed', `form of task ${node!.id} is not valid`, { errors });
    },
  };
}

/**
 * What is wrong with a task's form schema, found at import rather than at the first completion: a schema the
 * validator cannot compile (an unknown type, a pattern that is no regular expression, a `$ref` to anything outside
 * it: nothing is fetched), and a `pattern` (or `patternProperties` key) with nested repetition, such as `(a+)+$`,
 * whose matching can take exponential time on a crafted answer and hold the server (safe-regex2's star-height
 * test). Empty when the schema is fine.
 * @example formSchemaProblems({ type: 'nonsense' }) // ['the form schema does not compile: …']
 */
export function formSchemaProblems(schema: unknown): string[] {
  const problems: string[] = [];
  // Patterns, without recursion (a schema nested deep is still JSON).
  const stack: unknown[] = [schema];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    const patterns = [...(typeof o.pattern === 'string' ? [o.pattern] : []), ...(o.patternProperties && typeof o.patternProperties === 'object' ? Object.keys(o.patternProperties) : [])];
    for (const p of patterns) {
      try {
        new RegExp(p, 'u');
      } catch (err) {
        problems.push(`the form schema's pattern "${p}" is not a regular expression: ${(err as Error).message}`);
        continue;
      }
      if (!safeRegex(p, { limit: 1000 })) problems.push(`the form schema's pattern "${p}" repeats a repetition: matching it can take exponential time on a crafted answer (write it without nested quantifiers)`);
    }
    for (const k of Object.keys(o)) stack.push(o[k]);
  }
  if (problems.length === 0) {
    try {
      new Ajv({ allErrors: true, strict: false }).compile(schema as Record<string, unknown>);
    } catch (err) {
      problems.push(`the form schema does not compile: ${(err as Error).message}`);
    }
  }
  return problems;
}
