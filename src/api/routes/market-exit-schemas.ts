/** JSON Schemas of the market-exit routes (issue 7): deregistration, objections, agents, monitoring. */

const text = (max: number, min = 1) => ({ type: 'string', minLength: min, maxLength: max }) as const;
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const uscc = { type: 'string', pattern: '^[0-9A-HJ-NP-RTUWXY]{18}$' } as const;

/** Any object answer (the services shape them). */
export const objectAnswer = { type: 'object', additionalProperties: true } as const;
/** A list answer. */
export const listAnswer = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;
/** `:id` of a case, agent or authorisation. */
export const idParams = { type: 'object', required: ['id'], properties: { id: text(64) } } as const;
/** `:noticeNo` of a public notice. */
export const noticeParams = { type: 'object', required: ['noticeNo'], properties: { noticeNo: { type: 'string', pattern: '^[A-Z]{2}\\d{14}[0-9A-Z_]{1,6}$' } } } as const;
/** The company an agent acts for (a company's own users leave it out). */
export const usccQuery = { type: 'object', additionalProperties: false, properties: { uscc } } as const;
/** Applying for simplified deregistration. */
export const simplifiedBody = { type: 'object', additionalProperties: false, required: ['commitment'], properties: { uscc, commitment: { type: 'boolean' } } } as const;
/** Filing the liquidation group (general deregistration). */
export const generalBody = {
  type: 'object', additionalProperties: false, required: ['cause', 'causeDate', 'liquidators'],
  properties: {
    uscc, cause: { type: 'string', enum: ['resolution', 'articles', 'merger', 'revoked', 'court'] }, causeDate: day,
    liquidators: { type: 'array', minItems: 1, maxItems: 15, items: { type: 'object', additionalProperties: false, required: ['name', 'idNumber', 'leader'], properties: { name: text(50, 2), idNumber: text(18, 15), leader: { type: 'boolean' } } } },
  },
} as const;
/** The liquidation report. */
export const reportBody = {
  type: 'object', additionalProperties: false, required: ['summary', 'debtsSettled', 'taxCleared', 'employeesSettled'],
  properties: { summary: text(4000, 10), debtsSettled: { type: 'boolean' }, taxCleared: { type: 'boolean' }, employeesSettled: { type: 'boolean' } },
} as const;
/** An online objection (public). */
export const objectionBody = {
  type: 'object', additionalProperties: false, required: ['name', 'contact', 'reason'],
  properties: { name: text(100, 2), contact: text(100, 5), reason: text(1000, 10) },
} as const;
/** Cases filter. */
export const casesQuery = {
  type: 'object', additionalProperties: false,
  properties: { kind: { type: 'string', enum: ['simplified', 'general', 'forced'] }, status: text(20), limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
} as const;
/** Forced deregistration: the rule's window. */
export const forcedQuery = { type: 'object', additionalProperties: false, properties: { inactiveYears: { type: 'integer', minimum: 1, maximum: 10, default: 2 } } } as const;
/** Opening a forced deregistration. */
export const forcedBody = { type: 'object', additionalProperties: false, required: ['uscc'], properties: { uscc, note: text(500), inactiveYears: { type: 'integer', minimum: 1, maximum: 10 } } } as const;
/** Registering an agent. */
export const agentBody = { type: 'object', additionalProperties: false, required: ['name', 'uscc', 'phone', 'address'], properties: { name: text(100, 4), uscc, phone: text(20, 7), address: text(200, 5) } } as const;
/** Signing an authorisation. */
export const authorisationBody = {
  type: 'object', additionalProperties: false, required: ['agentId', 'scope', 'validFrom', 'validUntil', 'signerName'],
  properties: { agentId: text(64), scope: { type: 'array', minItems: 1, maxItems: 4, items: { type: 'string', enum: ['registration', 'change', 'deregistration', 'licence'] } }, validFrom: day, validUntil: day, signerName: text(50, 2) },
} as const;
/** A complaint. */
export const complaintBody = { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: text(1000, 10) } } as const;
/** Monitoring filter. */
export const monitoringQuery = { type: 'object', additionalProperties: false, properties: { key: text(64) } } as const;
