import { APPROVAL_MODES } from '../../platform/policy/lifecycle.types.ts';

/** A day `YYYY-MM-DD`. */
export const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
/** An id in a path. */
export const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;
const text = { type: 'string' } as const;
const textOrNull = { type: ['string', 'null'] } as const;
const fen = { type: 'integer' } as const;
const free = { type: 'object', additionalProperties: true } as const;
const title = { type: 'object', required: ['zh', 'en'], properties: { zh: text, en: text } } as const;

/** A receiving account in a request. */
export const accountBody = {
  type: 'object', required: ['name', 'number', 'bank'], additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, number: { type: 'string', pattern: '^\\d{6,32}$' }, bank: { type: 'string', pattern: '^\\d{12}$', description: 'CNAPS bank code' } },
} as const;

/** A budget line with its ledger balances (fen). */
export const budgetLineSchema = {
  type: 'object', required: ['id', 'title', 'orgId', 'capFen'],
  properties: { id: text, title: text, orgId: text, capFen: fen, createdAt: text, balances: { type: 'object', additionalProperties: { type: 'integer' } } },
} as const;

/** A certificate a unit's claims fetch from the certificate library; `proves`: a valid one proves that fact. */
export const certificateNeedSchema = {
  type: 'object', required: ['kind', 'title'], additionalProperties: false,
  properties: {
    kind: { type: 'string', minLength: 1, maxLength: 64 }, title: { type: 'string', minLength: 1, maxLength: 100 },
    proves: { type: 'object', required: ['fact', 'value'], additionalProperties: false, properties: { fact: { type: 'string', minLength: 1, maxLength: 64 }, value: { anyOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }] } } },
  },
} as const;

/** A unit's life-cycle settings. */
export const settingsSchema = {
  type: 'object', required: ['unitId', 'mode', 'budgetLineId'],
  properties: {
    unitId: text, mode: { type: 'string', enum: [...APPROVAL_MODES] }, budgetLineId: text,
    certificates: { type: ['array', 'null'], items: certificateNeedSchema }, updatedBy: text, updatedAt: text,
  },
} as const;

/** Setting a unit's approval mode, budget line and (optionally) the certificates its claims fetch. */
export const settingsBody = {
  type: 'object', required: ['mode', 'budgetLineId'], additionalProperties: false,
  properties: { mode: { type: 'string', enum: [...APPROVAL_MODES] }, budgetLineId: { type: 'string', minLength: 1, maxLength: 100 }, certificates: { type: 'array', maxItems: 20, items: certificateNeedSchema } },
} as const;

/** A publication (release and push) with its progress. */
export const publicationSchema = {
  type: 'object', required: ['id', 'unitId', 'version', 'status', 'asOf'],
  properties: {
    id: text, unitId: text, version: { type: 'integer' }, status: { type: 'string', enum: ['running', 'done', 'failed'] }, asOf: text, orgId: text, requestedBy: text,
    basis: { type: ['object', 'null'], additionalProperties: true }, eligible: { type: ['integer', 'null'] }, pushes: { type: ['integer', 'null'] }, claims: { type: ['integer', 'null'] },
    error: textOrNull, startedAt: text, finishedAt: textOrNull, progress: { type: ['number', 'null'] },
  },
} as const;

/** A payment of a claim. */
export const paymentSchema = {
  type: 'object', required: ['id', 'claimId', 'status', 'amountFen'],
  properties: { id: text, idemKey: text, claimId: text, budgetLineId: text, uscc: text, amountFen: fen, account: free, status: text, attempts: { type: 'integer' }, batchId: textOrNull, reason: textOrNull, createdAt: text, updatedAt: text },
} as const;

/** A claim. */
export const claimSchema = {
  type: 'object', required: ['id', 'unitId', 'version', 'uscc', 'mode', 'status', 'amountFen'],
  properties: {
    id: text, unitId: text, version: { type: 'integer' }, uscc: text, districtCode: text, townCode: text, mode: text, status: text, amountFen: fen,
    answers: free, promised: { type: 'array', items: text }, explanation: { type: ['object', 'null'], additionalProperties: true }, audit: textOrNull,
    account: { type: ['object', 'null'], additionalProperties: true }, reason: textOrNull, decidedBy: textOrNull, decidedAt: textOrNull,
    recoveryFen: fen, recoveredAt: textOrNull, createdAt: text, updatedAt: text, payments: { type: 'array', items: paymentSchema },
  },
} as const;

/** A payment batch (the file is fetched separately). */
export const batchSchema = {
  type: 'object', required: ['id', 'count', 'totalFen', 'status'],
  properties: { id: text, orgId: text, createdBy: text, count: { type: 'integer' }, totalFen: fen, status: text, createdAt: text, reconciledAt: textOrNull },
} as const;

/** "Policies for me". */
export const forMeSchema = {
  type: 'object', required: ['uscc', 'asOf', 'eligible', 'nearMisses', 'claims', 'pushes', 'inbox'],
  properties: {
    uscc: text, asOf: text,
    eligible: { type: 'array', items: { type: 'object', properties: { id: text, version: { type: 'integer' }, title, amount: fen, amountText: title, mode: textOrNull } } },
    nearMisses: { type: 'array', items: { type: 'object', properties: { id: text, version: { type: 'integer' }, title, why: { type: 'array', items: title } } } },
    claims: { type: 'array', items: claimSchema },
    pushes: { type: 'array', items: { type: 'object', properties: { id: text, publicationId: text, unitId: text, version: { type: 'integer' }, uscc: text, amountFen: fen, asOf: text, createdAt: text } } },
    inbox: { type: 'array', items: { type: 'object', properties: { id: text, uscc: text, kind: text, title, refId: textOrNull, createdAt: text } } },
  },
} as const;

/** What a company is asked before applying. */
export const quoteSchema = {
  type: 'object', required: ['unitId', 'version', 'mode', 'facts', 'missing', 'result'],
  properties: { unitId: text, version: { type: 'integer' }, mode: text, asOf: text, facts: free, missing: { type: 'array', items: text }, result: free, certificates: free },
} as const;
