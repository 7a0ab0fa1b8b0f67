/** JSON Schemas of the enterprise mirror's routes (issue 3). */

const label = { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;
const nullableLabel = { type: ['object', 'null'], required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;
const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
/** A stored value: number, text, boolean, a list of codes, or null (no `anyOf`: it would make serialisation validate every value). */
const anyValue = { description: 'number | string | boolean | string[] | null' } as const;
const codeEntry = { type: 'object', required: ['code', 'zh', 'en'], properties: { code: str, zh: str, en: str } } as const;

/** One catalogue attribute. */
export const attributeSpecSchema = {
  type: 'object',
  required: ['key', 'zh', 'en', 'type', 'category', 'dataClass', 'department', 'frequency'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', pattern: '^[a-z][a-z0-9_]{1,62}$' },
    zh: { type: 'string', minLength: 1, maxLength: 100 },
    en: { type: 'string', minLength: 1, maxLength: 200 },
    type: { type: 'string', enum: ['number', 'money', 'integer', 'enum', 'set', 'date', 'boolean', 'text'] },
    unit: label,
    category: str,
    dataClass: { type: 'string', enum: ['public', 'internal', 'sensitive', 'personal'] },
    department: str,
    frequency: { type: 'string', enum: ['year', 'quarter', 'month', 'point'] },
    periods: { type: 'integer', minimum: 1, maximum: 12 },
    codes: { type: 'array', maxItems: 500, items: codeEntry },
    codeList: { type: 'string', enum: ['gbt4754-division', 'gbt4754-section', 'gbt2260'] },
    min: { type: 'number' },
    max: { type: 'number' },
    maxLength: { type: 'integer', minimum: 1 },
    personalKind: { type: 'string', enum: ['name', 'idNumber', 'phone', 'bankCard', 'address'] },
    spineColumn: str,
    description: str,
  },
} as const;

/** An import job (a batch) with its progress. */
export const batchSchema = {
  type: 'object',
  required: ['id', 'source', 'interface', 'format', 'status', 'rowsTotal', 'rowsAccepted', 'rowsRejected', 'valuesCount', 'startedAt'],
  properties: {
    id: str, source: str, interface: str, format: str, fileName: nstr, hash: str, period: nstr, partial: { type: 'boolean' },
    status: { type: 'string', enum: ['running', 'committed', 'partial', 'rejected', 'duplicate', 'failed'] },
    rowsTotal: int, rowsAccepted: int, rowsRejected: int, valuesCount: int, message: nstr, createdBy: nstr,
    startedAt: str, committedAt: nstr, finishedAt: nstr,
    rejections: { type: 'array', items: { type: 'object', required: ['row', 'field', 'rule', 'reason'], properties: { row: int, field: str, rule: str, reason: str } } },
    progress: { type: ['object', 'null'], properties: { rowsRead: int, rowsAccepted: int, rowsRejected: int, bytesRead: int, bytesTotal: { type: ['integer', 'null'] } } },
  },
} as const;

/** One attribute as a reader sees it. */
export const attributeViewSchema = {
  type: 'object',
  required: ['key', 'zh', 'en', 'type', 'dataClass', 'value', 'access'],
  properties: {
    key: str, zh: str, en: str, type: str, unit: nullableLabel, dataClass: str, value: anyValue,
    labels: { type: ['array', 'null'], items: codeEntry },
    access: { type: 'string', enum: ['clear', 'masked', 'withheld'] },
    period: nstr, effective: nstr, source: nstr, sourceName: nstr, interface: nstr, arrivedAt: nstr,
  },
} as const;

/** One attribute of a portrait: its value and the index of its lineage; names, type, unit, data class and code labels are the catalogue's, joined by key. */
export const portraitAttributeSchema = {
  type: 'object',
  required: ['key', 'value', 'access', 'period', 'effective', 'lineage'],
  additionalProperties: false,
  properties: {
    key: str, value: anyValue, access: { type: 'string', enum: ['clear', 'masked', 'withheld'] },
    period: nstr, effective: nstr,
    lineage: { type: ['integer', 'null'], minimum: 0, description: 'Index into the portrait’s `lineage` list (source, interface, arrivedAt); null when withheld' },
  },
} as const;

/** Where a portrait's values came from, named by index from its attributes. */
export const portraitLineageSchema = {
  type: 'object',
  required: ['source', 'interface', 'arrivedAt'],
  additionalProperties: false,
  properties: { source: { type: 'string', description: 'Source department code (the catalogue’s departments)' }, interface: str, arrivedAt: { type: ['string', 'null'], description: 'When the batch arrived; null for the register’s own columns' } },
} as const;

/** The enterprise portrait. */
export const portraitSchema = {
  type: 'object',
  required: ['uscc', 'asOf', 'catalogue', 'identity', 'sizeClass', 'tags', 'categories', 'lineage', 'series', 'warnings', 'withheld'],
  properties: {
    uscc: str,
    asOf: str,
    catalogue: { type: 'string', description: 'The version (ETag) of the catalogue (GET /api/registry/catalogue) whose attributes, categories, departments and code lists the portrait names by key' },
    identity: {
      type: 'object',
      properties: { name: str, districtCode: str, districtName: str, townCode: str, townName: str, industryCode: str, industryName: str, sectionName: str, registeredAt: str, status: str },
    },
    sizeClass: { type: 'object', properties: { value: str, employees: { type: ['number', 'null'] }, revenueFen: { type: ['number', 'null'] }, assetsFen: { type: ['number', 'null'] }, rule: str } },
    tags: { type: 'array', items: { type: 'object', properties: { key: str, zh: str, en: str } } },
    categories: { type: 'array', items: { type: 'object', required: ['key', 'attributes'], additionalProperties: false, properties: { key: str, attributes: { type: 'array', items: portraitAttributeSchema } } } },
    lineage: { type: 'array', items: portraitLineageSchema },
    series: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'points'],
        additionalProperties: false,
        properties: { key: str, points: { type: 'array', items: { type: 'object', properties: { period: str, value: { type: 'number' }, source: str } } } },
      },
    },
    warnings: { type: 'array', items: { type: 'object', properties: { kind: str, attribute: str, message: str } } },
    withheld: int,
  },
} as const;

/** A sharing agreement. */
export const agreementSchema = {
  type: 'object',
  required: ['id', 'name', 'purpose', 'providers', 'consumers', 'attributes', 'allowClear', 'validFrom', 'validTo'],
  properties: {
    id: str, name: str, purpose: str, providers: { type: 'array', items: str }, consumers: { type: 'array', items: str }, attributes: { type: 'array', items: str },
    allowClear: { type: 'boolean' }, validFrom: str, validTo: nstr, createdBy: nstr, createdAt: str, revokedAt: nstr,
  },
} as const;

/** An HTTP pull connector. */
export const connectorSchema = {
  type: 'object',
  required: ['id', 'name', 'source', 'url', 'hasToken', 'format', 'mapping', 'everyMinutes', 'nextRunAt'],
  properties: {
    id: str, name: str, source: str, url: str, hasToken: { type: 'boolean' }, format: str,
    mapping: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
    period: nstr, partial: { type: 'boolean' }, everyMinutes: int, nextRunAt: str, lastRunAt: nstr, lastBatchId: nstr, lastError: nstr,
  },
} as const;

/** A day `YYYY-MM-DD`. */
export const dayPattern = '^\\d{4}-\\d{2}-\\d{2}$';
