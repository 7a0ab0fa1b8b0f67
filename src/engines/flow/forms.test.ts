import { describe, expect, it } from 'vitest';
import { createFormValidator } from './forms.ts';

describe('the forms registry', () => {
  it('is checked when the validator is made: each bad schema named by its form key, as inline ones are at import', () => {
    const fine = { type: 'object', required: ['amount'], properties: { amount: { type: 'integer', minimum: 1 } } };
    expect(() => createFormValidator({ fine })).not.toThrow();
    let thrown: unknown;
    try {
      createFormValidator({ fine, broken: { type: 'nonsense' }, slow: { type: 'object', properties: { code: { type: 'string', pattern: '(a+)+$' } } } });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'flow.forms.invalid', details: { problems: [expect.stringMatching(/^form "broken": the form schema does not compile/), expect.stringMatching(/^form "slow": the form schema's pattern "\(a\+\)\+\$" repeats a repetition/)] } });
  });
});
