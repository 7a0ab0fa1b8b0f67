import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageOn, birthDateOf, computeIdCheckDigit, parseIdNumber, sexOf, validateIdNumber } from './id-number.ts';
import { AppError } from './errors.ts';

const TODAY = '2026-06-01';

function checksOf(no: string, today = TODAY): string[] {
  const r = validateIdNumber(no, today);
  return r.ok ? [] : r.errors.map((e) => e.check);
}

describe('resident identity number (GB 11643-1999)', () => {
  it('accepts the standard example 11010519491231002X and reads its parts', () => {
    const r = validateIdNumber('11010519491231002X', TODAY);
    expect(r).toEqual({
      ok: true,
      value: { number: '11010519491231002X', division: '110105', birthDate: '1949-12-31', sequence: '002', sex: 'female', checkDigit: 'X' },
    });
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31');
    expect(sexOf('11010519491231002X')).toBe('female');
    expect(ageOn('11010519491231002X', '2026-12-30')).toBe(76);
    expect(ageOn('11010519491231002X', '2026-12-31')).toBe(77);
  });

  it('accepts a lower-case x', () => {
    expect(validateIdNumber('11010519491231002x', TODAY).ok).toBe(true);
  });

  it('computes the MOD 11-2 check digit', () => {
    expect(computeIdCheckDigit('11010519491231002')).toBe('X');
    const body = '33010619900307123';
    const no = body + computeIdCheckDigit(body);
    expect(validateIdNumber(no, TODAY)).toMatchObject({ ok: true, value: { sex: 'male', birthDate: '1990-03-07' } });
  });

  it('names each failed check', () => {
    expect(checksOf('11010519491231002')).toEqual(['id.length']);
    expect(checksOf('1101051949123100XX')).toEqual(['id.format']);
    expect(checksOf('110105194912310021')).toEqual(['id.checkDigit']);
    const withCheck = (body: string) => body + computeIdCheckDigit(body);
    expect(checksOf(withCheck('11010519490230002'))).toEqual(['id.birthDate']);
    expect(checksOf(withCheck('00010519491231002'))).toEqual(['id.division']);
    // Born after `today`: a real date, but not yet.
    expect(checksOf(withCheck('33010620260602001'))).toEqual(['id.birthDate']);
    expect(checksOf(withCheck('33010620260601001'))).toEqual([]);
    const r = validateIdNumber('110105194912310021', TODAY);
    expect(r.ok ? '' : r.errors[0].message).toContain('should be "X"; found "1"');
  });

  it('parseIdNumber throws validation.failed', () => {
    expect(() => parseIdNumber('110105194912310021')).toThrow(AppError);
  });

  it('property: every single-character change of a valid number is rejected', () => {
    const arb = fc.record({
      day: fc.integer({ min: 0, max: 30_000 }),
      seq: fc.integer({ min: 0, max: 999 }),
      i: fc.nat(17),
      ch: fc.constantFrom(...'0123456789X'),
    });
    fc.assert(
      fc.property(arb, ({ day, seq, i, ch }) => {
        const birth = new Date(Date.UTC(1940, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
        const body = `330106${birth}${String(seq).padStart(3, '0')}`;
        const no = body + computeIdCheckDigit(body);
        expect(validateIdNumber(no, TODAY).ok).toBe(true);
        fc.pre(no[i] !== ch);
        expect(validateIdNumber(no.slice(0, i) + ch + no.slice(i + 1), TODAY).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
