import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  USCC_CHARSET,
  buildUscc,
  computeIso7064Mod1110,
  computeOrgCodeCheckDigit,
  computeRegistrationCheckDigit,
  computeUsccCheckCharacter,
  parseUscc,
  validateRegistrationNumber,
  validateUscc,
} from './uscc.ts';
import { AppError } from './errors.ts';

// Public codes of Zhejiang companies, printed on their business licences.
const VALID = ['91330000727215176K', '91330000733796106P', '91330100716105852F', '91330200711192037M'];

function checksOf(code: string): string[] {
  const r = validateUscc(code);
  return r.ok ? [] : r.errors.map((e) => e.check);
}

describe('USCC (GB 32100-2015)', () => {
  it.each(VALID)('accepts the public code %s and parses its parts', (code) => {
    const r = validateUscc(code);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ authority: '9', authorityName: '工商', entityType: '1', entityTypeName: '企业' });
    expect(r.value.division).toBe(code.slice(2, 8));
    expect(r.value.organisationCode).toBe(code.slice(8, 17));
    expect(r.value.checkCharacter).toBe(code[17]);
  });

  it('rejects 9144030071526726X7 naming the check character, expected and found', () => {
    const r = validateUscc('9144030071526726X7');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].check).toBe('uscc.checkCharacter');
    expect(r.errors[0].message).toContain('should be "G"');
    expect(r.errors[0].message).toContain('found "7"');
  });

  it('rejects every single-character change of the public codes', () => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZa* ';
    for (const code of VALID) {
      for (let i = 0; i < 18; i++) {
        for (const ch of alphabet) {
          if (ch === code[i]) continue;
          const changed = code.slice(0, i) + ch + code.slice(i + 1);
          expect(checksOf(changed).length, changed).toBeGreaterThan(0);
        }
      }
    }
  });

  const partsArb = fc.record({
    authority: fc.constant('9'),
    entityType: fc.constantFrom('1', '2', '3'),
    division: fc.constantFrom('330100', '330106', '330203', '110105'),
    organisationCode8: fc.array(fc.constantFrom(...USCC_CHARSET), { minLength: 8, maxLength: 8 }).map((a) => a.join('')),
  });

  it('property: built codes are valid and any single change is rejected', () => {
    fc.assert(
      fc.property(partsArb, fc.nat(17), fc.constantFrom(...USCC_CHARSET, 'I', 'O', 'Z', 'S', 'V', 'a'), (parts, i, ch) => {
        const code = buildUscc(parts);
        expect(validateUscc(code).ok).toBe(true);
        fc.pre(code[i] !== ch);
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        expect(validateUscc(changed).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('names each structural check', () => {
    expect(checksOf('91330000727215176')).toEqual(['uscc.length']);
    expect(checksOf('91330000727215176k')).toEqual(['uscc.charset']);
    expect(checksOf('9133000072721517OK')).toEqual(['uscc.charset']);
    const withBody = (first16: string) => {
      const first17 = first16 + computeOrgCodeCheckDigit(first16.slice(8));
      return first17 + computeUsccCheckCharacter(first17);
    };
    expect(checksOf(withBody('B1330000' + '72721517'))).toEqual(['uscc.authority']);
    expect(checksOf(withBody('94330000' + '72721517'))).toEqual(['uscc.entityType']);
    expect(checksOf(withBody('91000000' + '72721517'))).toEqual(['uscc.division']);
    // Wrong organisation-code digit, but a check character recomputed over it: only GB 11714 fails.
    const first17 = '91330000' + '72721517' + '7';
    const r = validateUscc(first17 + computeUsccCheckCharacter(first17));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.check)).toEqual(['uscc.orgCodeCheckDigit']);
      expect(r.errors[0].message).toContain('should be "6"');
    }
  });

  it('computes the GB 11714 check digit, including X and 0', () => {
    expect(computeOrgCodeCheckDigit('72721517')).toBe('6');
    expect(computeOrgCodeCheckDigit('71610585')).toBe('2');
    const digits = new Set<string>();
    for (let n = 0; n < 400; n++) digits.add(computeOrgCodeCheckDigit(String(10_000_000 + n * 7919)));
    expect([...digits].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('parseUscc throws validation.failed with the failed checks as field errors', () => {
    expect(parseUscc(VALID[0]).division).toBe('330000');
    try {
      parseUscc('9144030071526726X7');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('validation.failed');
      expect((e as AppError).details).toEqual({ errors: [expect.objectContaining({ field: 'uscc', rule: 'uscc.checkCharacter' })] });
    }
  });

  it('buildUscc refuses parts that do not make a valid code', () => {
    expect(() => buildUscc({ authority: '9', entityType: '7', division: '330106', organisationCode8: 'MA27XX01' })).toThrow(/entity type/);
    expect(() => buildUscc({ authority: '9', entityType: '1', division: '3301', organisationCode8: 'MA27XX01' })).toThrow(AppError);
    expect(buildUscc({ authority: '9', entityType: '1', division: '330106', organisationCode8: 'MA27XX01' })).toMatch(/^91330106MA27XX01..$/);
  });
});

describe('legacy registration number (ISO 7064 MOD 11,10)', () => {
  it('matches the ISO 7064 MOD 11,10 reference values', () => {
    expect(computeIso7064Mod1110('79462')).toBe('3');
    expect(computeIso7064Mod1110('00200667308')).toBe('5');
  });

  it('accepts numbers with their check digit and names each failed check', () => {
    const body = '33010600012345';
    const number = body + computeRegistrationCheckDigit(body);
    expect(validateRegistrationNumber(number)).toMatchObject({ ok: true, value: { division: '330106' } });
    const wrong = body + String((Number(number[14]) + 1) % 10);
    expect(validateRegistrationNumber(wrong)).toMatchObject({ ok: false, errors: [{ check: 'regno.checkDigit' }] });
    expect(validateRegistrationNumber('3301060001234')).toMatchObject({ ok: false, errors: [{ check: 'regno.length' }] });
    expect(validateRegistrationNumber('33010600012345A')).toMatchObject({ ok: false, errors: [{ check: 'regno.charset' }] });
  });

  it('property: every single-digit change of a valid number is rejected', () => {
    const digitsArb = fc.array(fc.constantFrom(...'0123456789'), { minLength: 8, maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(digitsArb, fc.nat(14), fc.nat(9), (tail, i, d) => {
        const body = '330100' + tail;
        const number = body + computeRegistrationCheckDigit(body);
        expect(validateRegistrationNumber(number).ok).toBe(true);
        fc.pre(number[i] !== String(d));
        expect(validateRegistrationNumber(number.slice(0, i) + d + number.slice(i + 1)).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
