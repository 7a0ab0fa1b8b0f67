/**
 * The one map from domain error codes to HTTP statuses. Codes not listed are 500.
 * A code matches exactly or by its first segment (`validation.*` → 400).
 */
const STATUS_BY_CODE: Record<string, number> = {
  'validation.failed': 400,
  validation: 400,
  'auth.unauthenticated': 401,
  'auth.invalid_credentials': 401,
  'auth.forbidden': 403,
  'auth.locked': 423,
  'auth.oidc_disabled': 404,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  'calendar.out_of_range': 400,
  not_ready: 503,
  'registry.connector_failed': 502,
  internal: 500,
};

/** The HTTP status for a domain error code. */
export function httpStatusOf(code: string): number {
  return STATUS_BY_CODE[code] ?? STATUS_BY_CODE[code.split('.')[0]] ?? 500;
}
