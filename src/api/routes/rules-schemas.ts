/** JSON Schemas of the rules API (policy units, evaluation, runs, sandbox). */

/** A `YYYY-MM-DD` day (the service also checks it is a real date). */
export const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** A policy unit document: checked by the service against `policy-unit.schema.json` and the attribute schema. */
export const unitDocument = { type: 'object', additionalProperties: true, description: 'A policy unit (see docs/policy-units.md and src/engines/rules/policy-unit.schema.json)' } as const;

/** An open object (explanations, facts, run results): serialised as it is. */
const open = { type: 'object', additionalProperties: true } as const;

/** A stored unit with its pointers. */
export const storedUnitSchema = {
  type: 'object',
  required: ['id', 'title', 'latestVersion', 'publishedVersion'],
  properties: {
    id: { type: 'string' },
    title: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
    category: { type: ['string', 'null'] },
    ownerOrgId: { type: ['string', 'null'] },
    latestVersion: { type: 'integer' },
    publishedVersion: { type: ['integer', 'null'] },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

/** One immutable version. */
export const versionSchema = {
  type: 'object',
  required: ['unitId', 'version', 'unit', 'hash', 'origin'],
  properties: {
    unitId: { type: 'string' },
    version: { type: 'integer' },
    unit: open,
    hash: { type: 'string' },
    origin: { type: 'string', enum: ['shipped', 'author'] },
    createdBy: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
  },
} as const;

/** A field error list. */
export const fieldErrors = {
  type: 'array',
  items: { type: 'object', required: ['field', 'rule', 'message'], properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } } },
} as const;

/** The result of one unit for one subject, with its explanation tree. */
export const subjectResultSchema = {
  type: 'object',
  required: ['id', 'version', 'title', 'inForce', 'eligible', 'amount', 'explanation'],
  properties: {
    id: { type: 'string' },
    version: { type: 'integer' },
    title: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
    inForce: { type: 'boolean' },
    eligible: { type: 'boolean' },
    amount: { type: 'integer', description: 'fen' },
    amountText: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
    explanation: { ...open, description: 'all / any / not groups of conditions: held, actual, threshold, param, zh, en' },
  },
} as const;

/** An author test's outcome. */
export const testResultSchema = {
  type: 'object',
  required: ['unit', 'name', 'asOf', 'passed', 'expected', 'actual'],
  properties: {
    unit: { type: 'string' },
    name: { type: 'string' },
    asOf: { type: 'string' },
    passed: { type: 'boolean' },
    expected: { type: 'object', properties: { eligible: { type: 'boolean' }, amount: { type: 'integer' } } },
    actual: { type: 'object', properties: { eligible: { type: 'boolean' }, amount: { type: 'integer' } } },
    explanation: open,
    error: { type: 'string', description: 'why the case could not be evaluated' },
  },
} as const;

/** A population run. */
export const runSchema = {
  type: 'object',
  required: ['id', 'kind', 'status', 'asOf', 'startedAt'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    status: { type: 'string', enum: ['running', 'done', 'failed'] },
    asOf: { type: 'string' },
    orgId: { type: 'string' },
    requestedBy: { type: 'string' },
    scope: open,
    population: { type: ['integer', 'null'] },
    progress: { type: ['number', 'null'], description: 'share done, 0..1, while running' },
    result: {
      type: ['object', 'null'],
      properties: {
        units: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' }, version: { type: 'integer' }, title: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
              inForce: { type: 'boolean' }, count: { type: 'integer' }, totalFen: { type: 'integer' }, sample: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
    error: { type: ['string', 'null'] },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
  },
} as const;

const cell = { type: 'object', properties: { a: { type: ['string', 'null'] }, b: { type: ['string', 'null'] }, count: { type: 'integer' }, totalFen: { type: 'integer' } } } as const;

/** What a sandbox run answers. */
export const sandboxSchema = {
  type: 'object',
  required: ['asOf', 'population', 'count', 'totalFen'],
  properties: {
    asOf: { type: 'string' },
    population: { type: 'integer' },
    count: { type: 'integer' },
    totalFen: { type: 'integer' },
    breakdown: { type: ['object', 'null'], properties: { dims: { type: 'array', items: { type: 'string' } }, cells: { type: 'array', items: cell } } },
    diff: {
      type: ['object', 'null'],
      properties: {
        replaces: { type: 'integer' }, gained: { type: 'integer' }, lost: { type: 'integer' }, kept: { type: 'integer' },
        gainedSample: { type: 'array', items: { type: 'string' } }, lostSample: { type: 'array', items: { type: 'string' } },
      },
    },
    sweep: {
      type: ['object', 'null'],
      properties: {
        parameter: { type: 'string' },
        points: { type: 'array', items: { type: 'object', properties: { value: { type: ['number', 'string', 'boolean'] }, count: { type: 'integer' }, totalFen: { type: 'integer' } } } },
      },
    },
  },
} as const;
