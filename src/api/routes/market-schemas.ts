/** JSON Schemas of the market-entry routes (issue 7): licence catalogue, business scope, guidance, name check. */

const text = (max: number, min = 1) => ({ type: 'string', minLength: min, maxLength: max }) as const;
const codeList = (maxItems: number) => ({ type: 'array', maxItems, items: text(48) }) as const;
const strings = { type: 'array', items: { type: 'string' } } as const;

/** The path parameter of one item. */
export const codeParams = { type: 'object', required: ['code'], properties: { code: { type: 'string', pattern: '^[a-z][a-z0-9_]{2,47}$' } } } as const;

const itemProperties = {
  code: { type: 'string', pattern: '^[a-z][a-z0-9_]{2,47}$' },
  name: text(60, 2),
  nameEn: text(120, 2),
  department: text(32),
  level: { type: 'string', enum: ['district', 'city', 'province'] },
  kind: { type: 'string', enum: ['licence', 'filing'] },
  mode: { type: 'string', enum: ['automatic', 'commitment', 'review'] },
  basis: { type: 'object', additionalProperties: false, required: ['law', 'article'], properties: { law: text(80, 4), article: text(80, 2) } },
  timeLimitDays: { type: 'integer', minimum: 0, maximum: 120 },
  facts: { type: 'array', maxItems: 40, items: text(48) },
  documents: { type: 'array', maxItems: 20, items: text(100) },
  requires: { type: 'array', maxItems: 10, items: text(48) },
  beforeRegistration: { type: 'boolean' },
  active: { type: 'boolean' },
} as const;
const itemRequired = ['code', 'name', 'nameEn', 'department', 'level', 'kind', 'mode', 'basis', 'timeLimitDays', 'facts', 'documents', 'requires', 'active'] as const;

/** A new catalogue item. */
export const itemBody = { type: 'object', additionalProperties: false, required: itemRequired, properties: itemProperties } as const;

/** A replaced catalogue item, optionally with the version it was read at (optimistic locking). */
export const itemUpdateBody = {
  type: 'object', additionalProperties: false, required: itemRequired,
  properties: { ...itemProperties, expectedVersion: { type: 'integer', minimum: 1, description: 'The version the edit was based on; 409 when the stored one differs' } },
} as const;

/** An item as applicants see it. */
export const itemView = {
  type: 'object',
  additionalProperties: true,
  required: ['code', 'name', 'department', 'departmentName', 'kind', 'mode', 'timeLimitDays', 'basis', 'version', 'zeroMaterials'],
  properties: {
    ...itemProperties,
    version: { type: 'integer' },
    departmentName: { type: 'string' },
    departmentKind: { type: 'string' },
    mirrorFacts: strings,
    factsToProvide: strings,
    zeroMaterials: { type: 'boolean' },
  },
} as const;

/** Filters of the catalogue list. */
export const itemListQuery = {
  type: 'object', additionalProperties: false,
  properties: {
    department: text(32), kind: { type: 'string', enum: ['licence', 'filing'] }, mode: { type: 'string', enum: ['automatic', 'commitment', 'review'] }, q: text(60), active: { type: 'boolean' },
  },
} as const;

const department = { type: 'object', required: ['code', 'zh', 'en', 'kind'], properties: { code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' }, kind: { type: 'string' } } } as const;

const fact = { type: 'object', required: ['key', 'zh', 'en'], properties: { key: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' }, mirror: { type: 'string', description: 'The registry attribute that holds the fact' } } } as const;

/** The catalogue list. */
export const itemList = {
  type: 'object', required: ['items', 'departments', 'facts', 'total'],
  properties: { items: { type: 'array', items: itemView }, departments: { type: 'array', items: department }, facts: { type: 'array', items: fact }, total: { type: 'integer' } },
} as const;

const scopeEntry = {
  type: 'object', required: ['code', 'wording', 'section', 'class', 'licences'],
  properties: { code: { type: 'string' }, wording: { type: 'string' }, section: { type: 'string' }, class: { type: 'string', enum: ['general', 'licensed'] }, licences: strings },
} as const;

/** Search (q) or browse (section) the standard business-scope wordings. */
export const scopeQuery = {
  type: 'object', additionalProperties: false,
  properties: { q: text(100), section: { type: 'string', pattern: '^[A-T]$' }, limit: { type: 'integer', minimum: 1, maximum: 600, default: 20 } },
} as const;

/** Business-scope entries, with the search score when searched. */
export const scopeList = {
  type: 'object', required: ['items', 'total'],
  properties: { items: { type: 'array', items: { ...scopeEntry, properties: { ...scopeEntry.properties, score: { type: 'number' } } } }, total: { type: 'integer' } },
} as const;

/** Free business-scope text to match against the standard wordings. */
export const scopeMatchBody = { type: 'object', additionalProperties: false, required: ['text'], properties: { text: text(4000) } } as const;

const fragment = { type: 'object', required: ['fragment', 'entry', 'how', 'score'], properties: { fragment: { type: 'string' }, entry: { anyOf: [scopeEntry, { type: 'null' }] }, how: { type: ['string', 'null'] }, score: { type: 'number' } } } as const;

/** Each fragment and the standard wording it matched. */
export const scopeMatchAnswer = { type: 'object', required: ['fragments'], properties: { fragments: { type: 'array', items: fragment } } } as const;

/** What the applicant chose. */
export const suggestBody = {
  type: 'object', additionalProperties: false,
  properties: { scopeCodes: codeList(100), scopeText: text(4000, 0), add: codeList(50), remove: codeList(50) },
} as const;

/** The suggested licences and the consequences of the applicant's choice. */
export const suggestAnswer = {
  type: 'object', required: ['scope', 'fragments', 'scopeText', 'items', 'removed', 'problems', 'totals'],
  properties: {
    scope: { type: 'array', items: scopeEntry },
    fragments: { type: 'array', items: fragment },
    scopeText: { type: 'string' },
    items: {
      type: 'array',
      items: {
        ...itemView,
        required: [...itemView.required, 'reasons', 'suggested'],
        properties: {
          ...itemView.properties,
          suggested: { type: 'boolean' },
          reasons: { type: 'array', items: { type: 'object', required: ['kind', 'text'], properties: { kind: { type: 'string' }, from: { type: 'string' }, text: { type: 'string' } } } },
        },
      },
    },
    removed: strings,
    problems: { type: 'array', items: { type: 'object', required: ['rule', 'item', 'message'], properties: { rule: { type: 'string' }, item: { type: 'string' }, missing: { type: 'string' }, scope: { type: 'string' }, message: { type: 'string' } } } },
    totals: { type: 'object', additionalProperties: { type: 'integer' } },
  },
} as const;

/** A name to check. */
export const nameCheckBody = {
  type: 'object', additionalProperties: false, required: ['name', 'districtCode'],
  properties: {
    name: text(60, 1),
    legalForm: { type: 'string', enum: ['llc', 'jsc', 'sole', 'partnership', 'individual', 'foreign', 'collective'] },
    districtCode: { type: 'string', pattern: '^[0-9]{6}$' },
  },
} as const;

/** The name check's answer. */
export const nameCheckAnswer = {
  type: 'object', required: ['name', 'acceptable', 'parts', 'problems', 'conflicts'],
  properties: {
    name: { type: 'string' },
    acceptable: { type: 'boolean' },
    parts: { type: 'object', properties: { division: { type: ['string', 'null'] }, tradeName: { type: ['string', 'null'] }, industry: { type: ['string', 'null'] }, form: { type: ['string', 'null'] } } },
    problems: { type: 'array', items: { type: 'object', required: ['rule', 'basis', 'message'], properties: { rule: { type: 'string' }, basis: { type: 'string' }, message: { type: 'string' }, words: strings } } },
    conflicts: { type: 'array', items: { type: 'object', required: ['uscc', 'name', 'status'], properties: { uscc: { type: 'string' }, name: { type: 'string' }, status: { type: 'string' } } } },
  },
} as const;
