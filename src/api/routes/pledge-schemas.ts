/** JSON Schemas of the data-IP pledge routes. */
import { CONSENT_BASES, COLUMN_TYPES, HASH_ALGS } from '../../scenarios/data-ip-pledge/pledge.types.ts';

/** An id path parameter. */
export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } } as const;

const text = (max: number, min = 0) => ({ type: 'string', minLength: min, maxLength: max }) as const;

/** The three rules' inputs. */
const ruleProperties = {
  subjectClasses: { type: 'array', minItems: 1, maxItems: 20, uniqueItems: true, items: text(40, 1) },
  consents: {
    type: 'array', maxItems: 20,
    items: {
      type: 'object', additionalProperties: false, required: ['subjectClass', 'basis', 'scope', 'date'],
      properties: { subjectClass: text(40, 1), basis: { type: 'string', enum: CONSENT_BASES }, scope: text(500, 1), date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
    },
  },
  schema: {
    type: 'array', minItems: 1, maxItems: 100,
    items: { type: 'object', additionalProperties: false, required: ['name', 'type', 'required'], properties: { name: text(100, 1), type: { type: 'string', enum: COLUMN_TYPES }, required: { type: 'boolean' } } },
  },
  sample: {
    type: 'object', additionalProperties: false, required: ['columns', 'rows'],
    properties: {
      columns: { type: 'array', minItems: 1, maxItems: 100, items: text(100) },
      rows: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 2000 } } },
    },
  },
} as const;

/** The body of a rules check. */
export const checkBody = { type: 'object', additionalProperties: false, required: ['subjectClasses', 'consents', 'schema', 'sample'], properties: ruleProperties } as const;

/** The body of a registration. */
export const registerBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description', 'subjectClasses', 'consents', 'schema', 'sample', 'hashAlg', 'fingerprint'],
  properties: {
    ...ruleProperties,
    name: text(200, 1),
    description: text(2000),
    hashAlg: { type: 'string', enum: HASH_ALGS },
    fingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    fileName: text(255),
    fileSize: { type: 'integer', minimum: 0 },
    previousId: text(64, 1),
    custodyData: { type: 'string', maxLength: 28_000_000, description: 'the whole file in base64, only when the company chooses custody' },
  },
} as const;

/** A loosely described object answer (documented in docs/scenarios/data-ip-pledge.md). */
export const objectAnswer = { type: 'object', additionalProperties: true } as const;

/** The body of a valuation (amount in fen). */
export const valuationBody = {
  type: 'object', additionalProperties: false, required: ['amountFen', 'method'],
  properties: { amountFen: { type: 'integer', minimum: 1, maximum: 9_000_000_000_000_000 }, method: { type: 'string', enum: ['income', 'market', 'cost'] }, note: { type: 'string', maxLength: 1000, default: '' } },
} as const;
/** The body of a pledge: the bank's valuation, the contract number and text. */
export const pledgeBody = {
  type: 'object', additionalProperties: false, required: ['valuationId', 'contractNo', 'contractText'],
  properties: { valuationId: text(64, 1), contractNo: text(64, 1), contractText: text(200_000, 1) },
} as const;
/** The body of a loan: amount in fen and term in months. */
export const loanBody = {
  type: 'object', additionalProperties: false, required: ['amountFen', 'termMonths'],
  properties: { amountFen: { type: 'integer', minimum: 1, maximum: 9_000_000_000_000_000 }, termMonths: { type: 'integer', minimum: 1, maximum: 120 } },
} as const;
