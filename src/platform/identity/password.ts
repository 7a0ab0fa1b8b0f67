import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { FieldError } from '../../kernel/errors.ts';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// scrypt parameters: N=2^15, r=8, p=1 (OWASP's minimum recommendation for scrypt), 32-byte key.
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** Hashes a password with scrypt into a self-describing string `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether a password matches a hash made by `hashPassword` (constant-time comparison). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * Password complexity as a classified-protection level-3 review expects (GB/T 22239-2019 8.1.4.1):
 * at least 10 characters, three of the four classes (upper, lower, digit, symbol), not containing
 * the username.
 */
export function checkPasswordComplexity(password: string, username: string, field = 'password'): FieldError[] {
  const errors: FieldError[] = [];
  if (password.length < 10) errors.push({ field, rule: 'password.minLength', message: 'Password must have at least 10 characters' });
  if (password.length > 128) errors.push({ field, rule: 'password.maxLength', message: 'Password must have at most 128 characters' });
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3)
    errors.push({ field, rule: 'password.classes', message: 'Password must mix three of: upper case, lower case, digits, symbols' });
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    errors.push({ field, rule: 'password.containsUsername', message: 'Password must not contain the username' });
  return errors;
}
