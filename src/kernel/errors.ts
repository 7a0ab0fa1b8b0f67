/**
 * The one error domain code throws. `code` is a stable string (`auth.forbidden`,
 * `validation.failed`, …); the API maps codes to HTTP statuses in one place.
 */
export class AppError extends Error {
  readonly code: string;
  readonly details?: unknown;

  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

/** One broken rule of one field, as every validator reports it. */
export interface FieldError {
  /** Path of the field, e.g. `body.password` or `row 12.uscc`. */
  field: string;
  /** Machine name of the rule, e.g. `minLength`, `uscc.checkCharacter`. */
  rule: string;
  message: string;
}

/** Throws `validation.failed` listing every field error, or returns when there are none. */
export function assertNoFieldErrors(errors: FieldError[], message = 'Invalid input'): void {
  if (errors.length > 0) throw new AppError('validation.failed', message, { errors });
}
