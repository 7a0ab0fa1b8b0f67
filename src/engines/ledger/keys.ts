import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { sm2PublicKey, sm2RandomPrivateKey, sm2Sign, sm2Verify } from './sm2.ts';
import { concatBytes as concat, fromBase64, toBase64 as b64, utf8 } from './bytes.ts';

/**
 * Signing keys for signed notes (c2sp.org/signed-note): the log's checkpoint key and the
 * witnesses' cosigning keys, in Ed25519 or SM2. Keys travel as text: verifier keys
 * `name+keyid+base64(type ‖ public key)` and signer keys `PRIVATE+KEY+name+keyid+base64(type ‖ private key)`.
 *
 * Signature types (the bytes hashed into the key ID):
 * - `0x01` Ed25519 note signature (signed-note spec);
 * - `0x04` Ed25519 timestamped cosignature (c2sp.org/tlog-cosignature);
 * - `0xFF ‖ "sm2/v1"` SM2 (GB/T 32918.2, default ID) note signature, r ‖ s;
 * - `0xFF ‖ "sm2-cosignature/v1"` SM2 timestamped cosignature: u64 time ‖ r ‖ s over the
 *   same message as the Ed25519 cosignature.
 */
export type KeyAlgorithm = 'ed25519' | 'ed25519-cosignature' | 'sm2' | 'sm2-cosignature';

const TYPE_BYTES: Record<KeyAlgorithm, Uint8Array> = {
  ed25519: new Uint8Array([0x01]),
  'ed25519-cosignature': new Uint8Array([0x04]),
  sm2: new Uint8Array([0xff, ...utf8('sm2/v1')]),
  'sm2-cosignature': new Uint8Array([0xff, ...utf8('sm2-cosignature/v1')]),
};

/** Whether signatures of this algorithm are timestamped cosignatures. */
export function isCosignature(algorithm: KeyAlgorithm): boolean {
  return algorithm.endsWith('-cosignature');
}


/** The signed-note key ID: SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4] as an unsigned 32-bit number. */
export function computeKeyId(name: string, algorithm: KeyAlgorithm, publicKey: Uint8Array): number {
  const h = sha256(concat(utf8(name), new Uint8Array([0x0a]), TYPE_BYTES[algorithm], publicKey));
  return ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
}

function checkName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name)) throw new Error(`key name "${name}": must be non-empty, without spaces or "+"`);
}

function decodeTyped(b: Uint8Array, field: string): { algorithm: KeyAlgorithm; key: Uint8Array } {
  for (const algorithm of Object.keys(TYPE_BYTES) as KeyAlgorithm[]) {
    const t = TYPE_BYTES[algorithm];
    const keyLength = b.length - t.length;
    if (keyLength <= 0 || !t.every((v, i) => b[i] === v)) continue;
    // Only the exact type prefix counts: "sm2/v1" must not match "sm2-cosignature/v1".
    const expected = algorithm.startsWith('sm2') ? [32, 65] : [32];
    if (expected.includes(keyLength)) return { algorithm, key: b.slice(t.length) };
  }
  throw new Error(`${field}: unknown signature type or key length`);
}

/** A public key that checks signatures of one name and key ID. */
export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly algorithm: KeyAlgorithm;
  readonly publicKey: Uint8Array;
  /** The text form `name+keyid+base64(type ‖ public key)`. */
  readonly text: string;
  /** Checks a raw signature (without key ID and timestamp) over a message. */
  verifyRaw(message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** A private key that signs as one name and key ID. */
export interface SignerKey {
  readonly name: string;
  readonly keyId: number;
  readonly algorithm: KeyAlgorithm;
  readonly verifier: VerifierKey;
  /** The text form `PRIVATE+KEY+name+keyid+base64(type ‖ private key)`; keep it secret. */
  readonly text: string;
  /** A raw signature over a message. */
  signRaw(message: Uint8Array): Promise<Uint8Array>;
}

// WebCrypto Ed25519 (Node ≥ 18.4, current browsers) verifies ~10× faster than pure JS; fall back when absent.
const subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle;
// TypeScript 5.9 types WebCrypto inputs as ArrayBuffer-backed views; ours always are.
const view = (b: Uint8Array): Uint8Array<ArrayBuffer> => b as Uint8Array<ArrayBuffer>;
let webEd25519: boolean | undefined;
async function hasWebEd25519(): Promise<boolean> {
  if (webEd25519 !== undefined) return webEd25519;
  try {
    await subtle!.importKey('raw', ed25519.getPublicKey(new Uint8Array(32)), { name: 'Ed25519' }, false, ['verify']);
    webEd25519 = true;
  } catch {
    webEd25519 = false;
  }
  return webEd25519;
}

function ed25519Verifier(publicKey: Uint8Array): (m: Uint8Array, s: Uint8Array) => Promise<boolean> {
  let imported: Promise<CryptoKey> | undefined;
  return async (message, signature) => {
    if (signature.length !== 64) return false;
    if (await hasWebEd25519()) {
      imported ??= subtle!.importKey('raw', view(publicKey), { name: 'Ed25519' }, false, ['verify']);
      return subtle!.verify({ name: 'Ed25519' }, await imported, view(signature), view(message));
    }
    try {
      return ed25519.verify(signature, message, publicKey);
    } catch {
      return false;
    }
  };
}

function ed25519Signer(secret: Uint8Array): (m: Uint8Array) => Promise<Uint8Array> {
  // RFC 8410 PKCS#8 wrapping of a 32-byte Ed25519 seed.
  const pkcs8 = concat(new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]), secret);
  let imported: Promise<CryptoKey> | undefined;
  return async (message) => {
    if (await hasWebEd25519()) {
      imported ??= subtle!.importKey('pkcs8', view(pkcs8), { name: 'Ed25519' }, false, ['sign']);
      return new Uint8Array(await subtle!.sign({ name: 'Ed25519' }, await imported, view(message)));
    }
    return ed25519.sign(message, secret);
  };
}

function buildVerifier(name: string, algorithm: KeyAlgorithm, publicKey: Uint8Array): VerifierKey {
  checkName(name);
  const keyId = computeKeyId(name, algorithm, publicKey);
  const text = `${name}+${keyId.toString(16).padStart(8, '0')}+${b64(concat(TYPE_BYTES[algorithm], publicKey))}`;
  const verifyRaw = algorithm.startsWith('sm2')
    ? async (m: Uint8Array, s: Uint8Array) => sm2Verify(s, m, publicKey)
    : ed25519Verifier(publicKey);
  return { name, keyId, algorithm, publicKey, text, verifyRaw };
}

function buildSigner(name: string, algorithm: KeyAlgorithm, privateKey: Uint8Array): SignerKey {
  const isSm2 = algorithm.startsWith('sm2');
  const verifier = buildVerifier(name, algorithm, isSm2 ? sm2PublicKey(privateKey) : ed25519.getPublicKey(privateKey));
  const text = `PRIVATE+KEY+${name}+${verifier.keyId.toString(16).padStart(8, '0')}+${b64(concat(TYPE_BYTES[algorithm], privateKey))}`;
  const signRaw = isSm2 ? async (m: Uint8Array) => sm2Sign(m, privateKey) : ed25519Signer(privateKey);
  return { name, keyId: verifier.keyId, algorithm, verifier, text, signRaw };
}

/**
 * A new random signer key of an algorithm under a name.
 * @example const log = generateSignerKey('ledger.example/log', 'ed25519'); log.verifier.text
 */
export function generateSignerKey(name: string, algorithm: KeyAlgorithm): SignerKey {
  const privateKey = algorithm.startsWith('sm2') ? sm2RandomPrivateKey() : ed25519.utils.randomSecretKey();
  return buildSigner(name, algorithm, privateKey);
}

/** A verifier key from its text form; throws naming what is malformed. */
export function parseVerifierKey(text: string): VerifierKey {
  // Base64 may itself contain "+": only the first two separate fields.
  const [name, idHex, ...rest] = text.trim().split('+');
  const data = rest.join('+');
  if (!name || !idHex || !data) throw new Error(`verifier key "${text.slice(0, 40)}": expected name+keyid+base64`);
  const { algorithm, key } = decodeTyped(fromBase64(data, `verifier key ${name}`), `verifier key ${name}`);
  const v = buildVerifier(name, algorithm, key);
  if (!/^[0-9a-f]{8}$/.test(idHex) || parseInt(idHex, 16) !== v.keyId) throw new Error(`verifier key ${name}: key ID ${idHex} does not match the key (expected ${v.keyId.toString(16).padStart(8, '0')})`);
  return v;
}

/** A signer key from its text form `PRIVATE+KEY+name+keyid+base64`; throws naming what is malformed. */
export function parseSignerKey(text: string): SignerKey {
  const [p0, p1, name, idHex, ...rest] = text.trim().split('+');
  const data = rest.join('+');
  if (p0 !== 'PRIVATE' || p1 !== 'KEY' || !name || !idHex || !data) throw new Error('signer key: expected PRIVATE+KEY+name+keyid+base64');
  const { algorithm, key } = decodeTyped(fromBase64(data, `signer key ${name}`), `signer key ${name}`);
  const s = buildSigner(name, algorithm, key);
  if (parseInt(idHex, 16) !== s.keyId) throw new Error(`signer key ${name}: key ID ${idHex} does not match the key`);
  return s;
}
