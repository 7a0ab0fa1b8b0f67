import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { OPERATORS } from './compile-expr.ts';
import { buildRdUnit } from './testing.ts';

const schema = JSON.parse(readFileSync(new URL('./policy-unit.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

describe('policy-unit.schema.json', () => {
  it('accepts the example unit', () => {
    expect(validate(buildRdUnit()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a unit with a misspelt field, a bad date or a bad benefit', () => {
    expect(validate({ ...buildRdUnit(), eligibilty: {} })).toBe(false);
    expect(validate({ ...buildRdUnit(), validFrom: '2024/01/01' })).toBe(false);
    expect(validate({ ...buildRdUnit(), benefit: { fixed: 1.5 } })).toBe(false);
    expect(validate({ ...buildRdUnit(), eligibility: { '>': [1, 2], '<': [1, 2] } })).toBe(false);
  });

  it('lists exactly the operators the compiler knows', () => {
    expect([...schema.$defs.expr.oneOf[1].propertyNames.enum].sort()).toEqual([...OPERATORS].sort());
  });
});
