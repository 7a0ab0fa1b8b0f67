import { getHashes, hash } from 'node:crypto';
import { getHashSuite, type HashSuite, type HashSuiteName } from './hash-suite.ts';

/**
 * The writer's hash suites on Node: the same RFC 9162 hashes as hash-suite.ts, computed by
 * OpenSSL (`crypto.hash`, one call per hash) instead of JavaScript: ≈ 0.8 µs instead of 1.3 µs
 * per SHA-256 node hash, and ≈ 2× faster SM3. Falls back to the portable suite when the Node
 * build lacks the digest. Kept apart so the verification half stays free of Node APIs.
 */
const available = new Set(getHashes());
const OPENSSL_NAMES: Record<HashSuiteName, string> = { sha256: 'sha256', sm3: 'sm3' };

function nativeSuite(name: HashSuiteName): HashSuite {
  const portable = getHashSuite(name);
  const algorithm = OPENSSL_NAMES[name];
  if (typeof hash !== 'function' || !available.has(algorithm)) return portable;
  const digest = (data: Uint8Array): Uint8Array => {
    const out = hash(algorithm, data, 'buffer') as unknown as Buffer;
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };
  return {
    name,
    size: 32,
    digest,
    emptyRoot: portable.emptyRoot,
    leafHash(data) {
      const buf = new Uint8Array(data.length + 1);
      buf.set(data, 1);
      return digest(buf);
    },
    nodeHash(left, right) {
      const buf = new Uint8Array(1 + left.length + right.length);
      buf[0] = 0x01;
      buf.set(left, 1);
      buf.set(right, 1 + left.length);
      return digest(buf);
    },
  };
}

const SUITES: Record<HashSuiteName, HashSuite> = { sha256: nativeSuite('sha256'), sm3: nativeSuite('sm3') };

/** The hash suite of a name computed by Node's OpenSSL (same results as getHashSuite). */
export function getNodeHashSuite(name: HashSuiteName | string): HashSuite {
  return SUITES[getHashSuite(name).name];
}
