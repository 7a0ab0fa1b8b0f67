import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../kernel/errors.ts';

/**
 * Envelope encryption under the platform's master key (`MASTER_KEY`): AES-256-GCM with a fresh
 * 96-bit nonce per value and a label as additional data, so a wrapped value moved to another
 * purpose (another witness, another asset) no longer opens. Text form `v1.<nonce>.<ciphertext‖tag>`.
 */
export interface KeyVault {
  /** Whether a master key is configured. */
  readonly ready: boolean;
  /** Encrypts bytes under the master key, bound to `label`. */
  wrap(plain: Uint8Array, label: string): string;
  /** Decrypts what `wrap` gave for the same label; throws when it was changed or the label differs. */
  unwrap(wrapped: string, label: string): Uint8Array;
}

/** AES-256-GCM encryption of bytes under a 32-byte key, bound to a label (also used for data in custody). */
export function sealBytes(key: Uint8Array, plain: Uint8Array, label: string): { nonce: Uint8Array; ciphertext: Uint8Array } {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(label, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { nonce: new Uint8Array(nonce), ciphertext: new Uint8Array(body) };
}

/** Decrypts `sealBytes` output; throws `Error('decryption failed')` when key, label or bytes do not match. */
export function openBytes(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, label: string): Uint8Array {
  if (ciphertext.length < 16) throw new Error('decryption failed: ciphertext shorter than its tag');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(label, 'utf8'));
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  try {
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]));
  } catch {
    throw new Error('decryption failed: wrong key, wrong label or changed bytes');
  }
}

/** A vault over a master key; without one, every use answers 503 `not_ready.master_key`. */
export function createKeyVault(masterKey: Uint8Array | null): KeyVault {
  if (masterKey && masterKey.length !== 32) throw new Error(`master key: must be 32 bytes, got ${masterKey.length}`);
  const key = (): Uint8Array => {
    if (!masterKey) throw new AppError('not_ready.master_key', 'No master key is configured (set MASTER_KEY): signing keys and data in custody cannot be opened');
    return masterKey;
  };
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  return {
    ready: masterKey !== null,
    wrap(plain, label) {
      const { nonce, ciphertext } = sealBytes(key(), plain, label);
      return `v1.${b64(nonce)}.${b64(ciphertext)}`;
    },
    unwrap(wrapped, label) {
      const parts = wrapped.split('.');
      if (parts.length !== 3 || parts[0] !== 'v1') throw new Error(`wrapped key for ${label}: not in the v1.<nonce>.<ciphertext> form`);
      return openBytes(key(), Buffer.from(parts[1], 'base64'), Buffer.from(parts[2], 'base64'), label);
    },
  };
}
