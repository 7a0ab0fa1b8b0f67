import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { mod, invert } from '@noble/curves/abstract/modular.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { sm3 } from '../../kernel/sm3.ts';
import { buildCombTable, combSumX, type CombTable } from './sm2-comb.ts';

/**
 * SM2 digital signatures (GB/T 32918.2-2016 / GM/T 0003.2) on the recommended curve
 * sm2p256v1, with the signer's distinguishing ID folded into Z_A. The curve arithmetic
 * is @noble/curves'; the signature scheme is written here because neither noble nor
 * Node's crypto.sign implements the GB one (Node signs with an empty or no ID).
 */

// GB/T 32918.5-2017 §2 (recommended parameters).
const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const A = 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn;
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

const Point = weierstrass({ p: P, n: N, h: 1n, a: A, b: B, Gx: GX, Gy: GY });
type CurvePoint = InstanceType<typeof Point>;

/**
 * Verification with tables (sm2-comb.ts): [s]G + [t]P_A as ≤ 64 mixed additions and no doubling
 * (≈ 0.2 ms instead of ≈ 1.8 ms for a shared double-and-add walk). The base point's table is
 * built when first needed (tens of ms, once); a public key's table when the key verifies its
 * second signature, so one-shot checks (the CLI) skip the cost and repeated checks (a bank's
 * trusted witnesses) get the fast path. Signing uses noble's width-8 table of the base point.
 */
Point.BASE.precompute(8);
let baseComb: CombTable | undefined;

/** A decoded public key with its Z_A per signer ID and, after the second use, its table. */
interface KnownKey {
  point: CurvePoint;
  uses: number;
  za: Map<string, Uint8Array>;
  comb?: CombTable;
}
const KNOWN_KEYS_MAX = 32;
const knownKeys = new Map<string, KnownKey>();
const hexOf = (b: Uint8Array): string => {
  let s = '';
  for (const v of b) s += (v < 16 ? '0' : '') + v.toString(16);
  return s;
};

/** The key's cache entry (LRU of KNOWN_KEYS_MAX keys), or undefined if it is not a valid curve point. */
function knownKey(publicKey: Uint8Array): KnownKey | undefined {
  const hex = hexOf(publicKey);
  let key = knownKeys.get(hex);
  if (key) {
    knownKeys.delete(hex);
  } else {
    try {
      const point = Point.fromBytes(publicKey);
      point.assertValidity();
      key = { point, uses: 0, za: new Map() };
    } catch {
      return undefined;
    }
    if (knownKeys.size >= KNOWN_KEYS_MAX) knownKeys.delete(knownKeys.keys().next().value!);
  }
  knownKeys.set(hex, key);
  if (++key.uses === 2) key.comb = buildCombTable(key.point, P);
  return key;
}

/** The default signer ID of GB/T 35276-2017 §10.1 (ASCII "1234567812345678"). */
export const SM2_DEFAULT_ID = new TextEncoder().encode('1234567812345678');

const toBytes32 = (n: bigint): Uint8Array => {
  const out = new Uint8Array(32);
  let v = n;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
};

const toBigInt = (bytes: Uint8Array): bigint => {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
};

/** A private scalar d in [1, n-2] as 32 bytes; the public key is the 65-byte point 04 ‖ x ‖ y. */
export function sm2PublicKey(privateKey: Uint8Array): Uint8Array {
  const d = toBigInt(privateKey);
  if (d < 1n || d > N - 2n) throw new Error('privateKey: SM2 private key must be in [1, n-2]');
  return Point.BASE.multiply(d).toBytes(false);
}

/** A fresh random SM2 private key (32 bytes). */
export function sm2RandomPrivateKey(): Uint8Array {
  for (;;) {
    const d = mod(toBigInt(randomBytes(40)), N - 2n) + 1n;
    if (d >= 1n && d <= N - 2n) return toBytes32(d);
  }
}

/** Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5). */
export function sm2Za(publicKey: Uint8Array, id: Uint8Array = SM2_DEFAULT_ID): Uint8Array {
  const point = Point.fromBytes(publicKey);
  const bits = id.length * 8;
  if (bits > 0xffff) throw new Error('id: SM2 signer ID must be shorter than 8192 bytes');
  return sm3(
    new Uint8Array([bits >> 8, bits & 0xff]),
    id,
    toBytes32(A),
    toBytes32(B),
    toBytes32(GX),
    toBytes32(GY),
    toBytes32(point.x),
    toBytes32(point.y),
  );
}

/** Options of an SM2 signature: the signer ID and, for test vectors only, a fixed nonce k. */
export interface Sm2SignOptions {
  id?: Uint8Array;
  /** Only for known-answer tests: the per-signature random k (32 bytes). */
  k?: Uint8Array;
}

/**
 * Signs a message with SM2 (GB/T 32918.2 §6.1): e = SM3(Z_A ‖ M); returns r ‖ s (64 bytes).
 * @example sm2Sign(message, privateKey) // Uint8Array(64)
 */
export function sm2Sign(message: Uint8Array, privateKey: Uint8Array, options: Sm2SignOptions = {}): Uint8Array {
  const d = toBigInt(privateKey);
  if (d < 1n || d > N - 2n) throw new Error('privateKey: SM2 private key must be in [1, n-2]');
  const publicKey = Point.BASE.multiply(d).toBytes(false);
  const e = toBigInt(sm3(sm2Za(publicKey, options.id), message));
  const dInv = invert(1n + d, N);
  for (let attempt = 0; attempt < 64; attempt++) {
    const k = options.k ? toBigInt(options.k) : mod(toBigInt(randomBytes(40)), N - 1n) + 1n;
    const x1 = Point.BASE.multiply(k).x;
    const r = mod(e + x1, N);
    if (r === 0n || r + k === N) {
      if (options.k) throw new Error('k: the fixed nonce gives r = 0 or r + k = n');
      continue;
    }
    const s = mod(dInv * (k - r * d), N);
    if (s === 0n) {
      if (options.k) throw new Error('k: the fixed nonce gives s = 0');
      continue;
    }
    const out = new Uint8Array(64);
    out.set(toBytes32(r), 0);
    out.set(toBytes32(s), 32);
    return out;
  }
  throw new Error('SM2 signing failed to find a nonce');
}

/**
 * Verifies an SM2 signature r ‖ s (64 bytes) of a message under a 65-byte public key
 * (GB/T 32918.2 §7.1); false for any malformed input.
 */
export function sm2Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, id: Uint8Array = SM2_DEFAULT_ID): boolean {
  if (signature.length !== 64) return false;
  const r = toBigInt(signature.subarray(0, 32));
  const s = toBigInt(signature.subarray(32));
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  const key = knownKey(publicKey);
  if (!key) return false;
  const t = mod(r + s, N);
  if (t === 0n) return false;
  const idHex = hexOf(id);
  let za = key.za.get(idHex);
  if (!za) {
    if (key.za.size >= 8) key.za.clear();
    key.za.set(idHex, (za = sm2Za(publicKey, id)));
  }
  const e = toBigInt(sm3(za, message));
  // (x1, y1) = [s]G + [t]P_A: with tables, additions only; else one shared doubling chain (also
  // when the tables meet the identity or a doubling, which only crafted scalars reach).
  if (key.comb) {
    baseComb ??= buildCombTable(Point.BASE, P);
    const x1 = combSumX(baseComb, s, key.comb, t, P);
    if (x1 !== undefined) return mod(e + x1, N) === r;
  }
  const sum = Point.BASE.mulAddUnsafe(s, key.point, t);
  if (sum.is0()) return false;
  return mod(e + sum.x, N) === r;
}
