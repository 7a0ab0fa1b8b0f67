// The citizen identity number (公民身份号码), GB 11643-1999: 6-digit address code (GB/T 2260),
// 8-digit birth date, 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check.
import { AppError } from './errors.ts';
import { toFieldErrors, type CheckFailure, type ValidationResult } from './validation.ts';

/** An identity number split into its parts. */
export interface ParsedIdNumber {
  /** The 18 characters, with a capital X as check character where there is one. */
  number: string;
  /** Digits 1–6: the GB/T 2260 code of the place of registration at first issue. */
  division: string;
  /** Digits 7–14 as a 'YYYY-MM-DD' date. */
  birthDate: string;
  /** Digits 15–17: the sequence number. */
  sequence: string;
  /** 'male' when the sequence is odd, 'female' when even (GB 11643-1999). */
  sex: 'male' | 'female';
  /** Digit 18. */
  checkDigit: string;
}

// GB 11643-1999: the weight of position p (1..17, from the left) is 2^(18-p) mod 11, i.e. 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The ISO 7064 MOD 11-2 check digit ('0'–'9' or 'X') of the first 17 digits of an identity number. */
export function computeIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new AppError('validation.failed', `identity number body must be 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

function isRealDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Today's date in Beijing (UTC+8, no daylight saving) as 'YYYY-MM-DD'. */
function beijingToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Checks an 18-character identity number; `today` ('YYYY-MM-DD', default: today in Beijing) bounds the birth date. */
export function validateIdNumber(input: string, today: string = beijingToday()): ValidationResult<ParsedIdNumber> {
  // Lower-case x is common in typed data; the standard's character is a capital X.
  const number = input.trim().toUpperCase();
  if (number.length !== 18) {
    return { ok: false, errors: [{ check: 'id.length', message: `An identity number has 18 characters; found ${number.length}.` }] };
  }
  if (!/^\d{17}[\dX]$/.test(number)) {
    return {
      ok: false,
      errors: [{ check: 'id.format', message: 'An identity number is 17 digits followed by a digit or X.' }],
    };
  }
  const errors: CheckFailure[] = [];
  const division = number.slice(0, 6);
  if (division < '110000' || division > '829999') {
    errors.push({ check: 'id.division', message: `Digits 1–6 "${division}" are not a GB/T 2260 division code.` });
  }
  const y = Number(number.slice(6, 10));
  const m = Number(number.slice(10, 12));
  const d = Number(number.slice(12, 14));
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (y < 1800 || !isRealDate(y, m, d)) {
    errors.push({ check: 'id.birthDate', message: `Digits 7–14 "${number.slice(6, 14)}" are not a real date.` });
  } else if (birthDate > today) {
    errors.push({ check: 'id.birthDate', message: `The birth date ${birthDate} is after today (${today}).` });
  }
  const expected = computeIdCheckDigit(number.slice(0, 17));
  if (number[17] !== expected) {
    errors.push({
      check: 'id.checkDigit',
      message: `Character 18, the check digit (ISO 7064 MOD 11-2), should be "${expected}"; found "${number[17]}".`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  const sequence = number.slice(14, 17);
  return {
    ok: true,
    value: { number, division, birthDate, sequence, sex: Number(sequence) % 2 === 1 ? 'male' : 'female', checkDigit: number[17] },
  };
}

/** Parses an identity number, throwing `validation.failed` (details: the failed checks) when it is invalid. */
export function parseIdNumber(number: string, today?: string): ParsedIdNumber {
  const result = validateIdNumber(number, today);
  if (!result.ok) {
    throw new AppError('validation.failed', `Invalid identity number: ${result.errors.map((e) => e.message).join(' ')}`, {
      errors: toFieldErrors('idNumber', result.errors),
    });
  }
  return result.value;
}

/** The birth date ('YYYY-MM-DD') written in a valid identity number. */
export function birthDateOf(number: string): string {
  return parseIdNumber(number).birthDate;
}

/** The sex written in a valid identity number (odd sequence: male). */
export function sexOf(number: string): 'male' | 'female' {
  return parseIdNumber(number).sex;
}

/** Age in whole years on `today` ('YYYY-MM-DD') of the holder of a valid identity number. */
export function ageOn(number: string, today: string): number {
  const birth = parseIdNumber(number, today).birthDate;
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) < birth.slice(5) ? years - 1 : years;
}
