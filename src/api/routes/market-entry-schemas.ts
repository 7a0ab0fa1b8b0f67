/** JSON Schemas of the market-entry application routes (issue 7, entry): the application, a change, corrections. */

const text = (max: number, min = 1) => ({ type: 'string', minLength: min, maxLength: max }) as const;
const person = {
  name: text(30),
  idNumber: text(18),
  phone: { type: 'string', maxLength: 11 },
} as const;
const address = {
  type: 'object', additionalProperties: false, required: ['districtCode', 'townCode', 'detail'],
  properties: { districtCode: { type: 'string', pattern: '^[0-9]{6}$' }, townCode: { type: 'string', pattern: '^[0-9]{9}$' }, detail: text(100) },
} as const;
const officers = {
  type: 'array', maxItems: 20,
  items: { type: 'object', additionalProperties: false, required: ['name', 'idNumber', 'position'], properties: { ...person, position: { type: 'string', enum: ['legal_rep', 'director', 'supervisor', 'manager', 'finance'] } } },
} as const;
const codes = (maxItems: number) => ({ type: 'array', maxItems, items: text(48) }) as const;

/** An entry application. */
export const entryBody = {
  type: 'object', additionalProperties: false, required: ['name', 'legalForm', 'registeredCapitalYuan', 'address', 'scopeCodes', 'items', 'shareholders', 'officers'],
  properties: {
    name: text(60, 2), legalForm: text(20), registeredCapitalYuan: { type: 'number', minimum: 0 }, address, scopeCodes: codes(40), items: codes(40),
    shareholders: { type: 'array', maxItems: 50, items: { type: 'object', additionalProperties: false, required: ['name', 'idNumber', 'subscribedYuan'], properties: { ...person, subscribedYuan: { type: 'number' } } } },
    officers, commitment: { type: 'boolean' }, actingFor: text(64),
  },
} as const;

/** A change application (address, scope, officers). */
export const changeBody = {
  type: 'object', additionalProperties: false, required: ['uscc'],
  properties: { uscc: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' }, address, scopeCodes: codes(40), officers, items: codes(40), commitment: { type: 'boolean' }, actingFor: text(64) },
} as const;

/** An application id. */
export const applicationParams = { type: 'object', required: ['id'], properties: { id: text(64) } } as const;

/** A certificate number. */
export const certificateParams = { type: 'object', required: ['no'], properties: { no: { type: 'string', pattern: '^[0-9A-Z-]{10,40}$' } } } as const;

/** The answer to a correction request. */
export const correctionAnswerBody = { type: 'object', additionalProperties: false, required: ['answer'], properties: { answer: text(2000, 2) } } as const;

/** A correction of an application. */
export const correctionParams = { type: 'object', required: ['id', 'cid'], properties: { id: text(64), cid: text(64) } } as const;

/** Any object answer (the shapes are documented in docs/scenarios/market-entry.md). */
export const anyObject = { type: 'object', additionalProperties: true } as const;

/** Any list answer. */
export const anyList = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;
