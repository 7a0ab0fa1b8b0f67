import { createHash } from 'node:crypto';
import { sm3 } from '../../kernel/sm3.ts';
import type { HashAlg } from './pledge.types.ts';

/** The hex fingerprint of data: SHA-256 or SM3, as the browser computes it. */
export function fingerprintOf(data: Uint8Array, alg: HashAlg): string {
  if (alg === 'sha256') return createHash('sha256').update(data).digest('hex');
  return Buffer.from(sm3(data)).toString('hex');
}

/** SHA-256 (hex) of a text's UTF-8 bytes, e.g. a pledge contract. */
export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
