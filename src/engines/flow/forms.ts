import { Ajv, type ValidateFunction } from 'ajv';
import { AppError, type FieldError } from '../../kernel/errors.ts';
import type { FlowNode } from './model.ts';

/** JSON Schemas of task forms by form key, for tasks that name `onething:formKey`. */
export type FormRegistry = Record<string, Record<string, unknown>>;

/**
 * Validates task completion data against the task's form: its inline
 * `onething:formSchema`, else the registry's schema for its form key.
 * Throws `validation.failed` with one FieldError per broken rule.
 */
export function createFormValidator(registry: FormRegistry) {
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
