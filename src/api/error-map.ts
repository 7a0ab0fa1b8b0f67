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
  // The flow engine and the workflow module (issue 6).
  'flow.import.invalid': 400,
  'flow.routing.unresolved': 422,
  'flow.definition.notFound': 404,
  'flow.task.notFound': 404,
  'flow.task.notAssignee': 403,
  'flow.task.claimed': 409,
  'flow.task.suspended': 409,
  'flow.task.completed': 409,
  'flow.task.cancelled': 409,
  'flow.instance.notRunning': 409,
  'flow.instance.notCompleted': 409,
  // A definition deployed before the import rejected endless cycles: it cannot run, whatever is asked of it.
  'flow.step.endless': 422,
  // A step the process's own data stop (a condition that cannot be evaluated, no flow to take, a collection that is
  // no list, a timer date that is no date, a BPMN error nothing catches, a template that gives no text): the
  // process cannot go on with these data, and the caller is told why (as "internal", it hid the message).
  'flow.expression.failed': 422,
  'flow.gateway.noPath': 422,
  'flow.flow.noPath': 422,
  'flow.multiInstance.notList': 422,
  'flow.multiInstance.badCardinality': 422,
  'flow.timer.badDate': 422,
  'flow.error.uncaught': 422,
  'flow.template.notText': 422,
  'flow.definition.noStart': 422,
  'flow.instance.notFound': 404,
  'flow.instance.conflict': 409,
  'flow.message.noSubscription': 404,
  'flow.message.unmatched': 404,
  'flow.stats.badTime': 400,
  // Market exit (issue 7): a deregistration whose conditions fail, an objection after the notice closed.
  'market.exit.ineligible': 422,
  'market.exit.notice_closed': 409,
  // The rules engine's own codes (an invalid unit, an unknown parameter, a bad breakdown dimension) are bad input.
  rules: 400,
  internal: 500,
};

/** The HTTP status for a domain error code. */
export function httpStatusOf(code: string): number {
  return STATUS_BY_CODE[code] ?? STATUS_BY_CODE[code.split('.')[0]] ?? 500;
}
