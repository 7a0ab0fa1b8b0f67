import { AppError } from '../kernel/errors.ts';

/** Network errors of a database connection (Node's), and PostgreSQL's SQLSTATE classes for connections (08), authorisation (28) and a missing database (3D000). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '3D000']);

/**
 * The line a command that failed prints, for an error no command answered itself: a database it cannot reach or
 * log in to says so (with the driver's words), an AppError its code and message, anything else its message. The
 * stack is for LOG_LEVEL=debug.
 * @example describeCliError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))
 */
export function describeCliError(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (UNREACHABLE.has(code) || code.startsWith('08') || code.startsWith('28')) {
      return `cannot reach the database (DATABASE_URL): ${(e as Error).message || code}`;
    }
  }
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  return `error: ${(error as Error)?.message ?? String(error)} (LOG_LEVEL=debug shows where)`;
}
