/** JSON Schemas of the drafting API (drafts of policy units, public comment). */
import { APPROVAL_MODES } from '../../platform/policy/lifecycle.types.ts';
import { MAX_COMMENT_LENGTH } from '../../platform/policy/comments.service.ts';
import { certificateNeedSchema } from './policy-schemas.ts';
import { fieldErrors } from './rules-schemas.ts';

const text = { type: 'string' } as const;
const textOrNull = { type: ['string', 'null'] } as const;
const open = { type: 'object', additionalProperties: true } as const;
const title = { type: 'object', properties: { zh: text, en: text } } as const;
const period = { type: 'object', required: ['openedAt', 'closesOn', 'closedAt'], properties: { openedAt: text, closesOn: text, closedAt: textOrNull, open: { type: 'boolean' } } } as const;

/** A draft (its document may be invalid while the author edits; `problems` lists why). */
export const draftSchema = {
  type: 'object', required: ['id', 'unitId', 'document', 'revision', 'status', 'orgId'],
  properties: {
    id: text, unitId: text, baseVersion: { type: ['integer', 'null'] }, document: open, revision: { type: 'integer' },
    status: { type: 'string', enum: ['editing', 'published', 'discarded'] }, orgId: text, createdBy: text, updatedBy: text,
    comment: { anyOf: [period, { type: 'null' }] }, publishedVersion: { type: ['integer', 'null'] }, createdAt: text, updatedAt: text,
    problems: fieldErrors,
  },
} as const;

/** A comment with its answer. */
export const commentSchema = {
  type: 'object', required: ['id', 'draftId', 'companyName', 'body', 'createdAt', 'answer'],
  properties: {
    id: text, draftId: text, uscc: text, companyName: text, body: text, createdAt: text,
    answer: { anyOf: [{ type: 'object', required: ['text', 'at'], properties: { text, at: text } }, { type: 'null' }] },
  },
} as const;

/** A draft under (or after) public comment, in plain language. */
export const consultationSchema = {
  type: 'object', required: ['draftId', 'unitId', 'title', 'period'],
  properties: {
    draftId: text, unitId: text, title, category: textOrNull, source: { ...open, type: ['object', 'null'] }, validFrom: textOrNull, validTo: textOrNull,
    scope: { type: 'array', items: text }, period,
    plain: { anyOf: [{ type: 'object', additionalProperties: true, description: 'conditions as sentences (all / any / not groups) and the benefit' }, { type: 'null' }] },
    comments: { anyOf: [{ type: 'array', items: commentSchema }, { type: 'integer' }] },
  },
} as const;

/** A comment or an answer in a request. */
export const commentBody = (field: string) => ({
  type: 'object', required: [field], additionalProperties: false, properties: { [field]: { type: 'string', minLength: 1, maxLength: MAX_COMMENT_LENGTH } },
}) as const;

/** Publishing a draft. */
export const publishBody = {
  type: 'object', required: ['revision'], additionalProperties: false,
  properties: {
    revision: { type: 'integer', minimum: 1 },
    mode: { type: 'string', enum: [...APPROVAL_MODES] },
    budgetLineId: { type: 'string', minLength: 1, maxLength: 100 },
    certificates: { type: 'array', maxItems: 20, items: certificateNeedSchema },
    asOf: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  },
} as const;
