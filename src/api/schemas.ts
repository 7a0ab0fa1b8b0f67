/** JSON Schemas shared by the routes (request validation, response serialisation, OpenAPI). */

/** Every error answer. */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable error code, e.g. validation.failed' },
    message: { type: 'string' },
    details: {
      type: 'object',
      additionalProperties: true,
      properties: {
        errors: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'rule', 'message'],
            properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;

/** The error responses most routes can give. */
export function errorResponses(...statuses: number[]): Record<number, { $ref: string }> {
  return Object.fromEntries(statuses.map((s) => [s, { $ref: 'Error#' }]));
}

/** Page and page size query parameters. */
export const pagingQuery = {
  page: { type: 'integer', minimum: 1, maximum: 100000, default: 1 },
  pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
} as const;

/** An organisation as the API shows it. */
export const orgSchema = {
  type: 'object',
  required: ['id', 'code', 'name', 'nameEn', 'kind', 'divisionCode'],
  properties: {
    id: { type: 'string' },
    code: { type: 'string' },
    name: { type: 'string' },
    nameEn: { type: 'string' },
    kind: { type: 'string' },
    divisionCode: { type: ['string', 'null'] },
  },
} as const;

/** The signed-in user. */
export const meSchema = {
  type: 'object',
  required: ['id', 'username', 'displayName', 'role', 'org', 'enterpriseUscc'],
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string' },
    org: orgSchema,
    enterpriseUscc: { type: ['string', 'null'] },
  },
} as const;
