// The result shape every validator in the kernel shares, and its bridge to `FieldError`.
import type { FieldError } from './errors.ts';

/** One failed check of a validator: a stable machine name and a plain-English message. */
export interface CheckFailure {
  /** Stable name of the check, e.g. `uscc.checkCharacter`. */
  check: string;
  /** What failed, in plain English, with expected and found characters where there are any. */
  message: string;
}

/** The result every validator in the kernel returns: the parsed value, or every failed check. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: CheckFailure[] };

/** The failed checks as `FieldError`s of one field, for `validation.failed` details and API 400 replies. */
export function toFieldErrors(field: string, errors: readonly CheckFailure[]): FieldError[] {
  return errors.map((e) => ({ field, rule: e.check, message: e.message }));
}
