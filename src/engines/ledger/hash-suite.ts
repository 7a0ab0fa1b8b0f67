import { sha256 } from '@noble/hashes/sha2.js';
import { sm3 } from '../../kernel/sm3.ts';

/** The name of a log's hash function, stored with the log and written into proof bundles. */
export type HashSuiteName = 'sha256' | 'sm3';

/**
 * The hash function of one log and the RFC 9162 §2.1.1 domain-separated hashes built on it.
 * @example getHashSuite('sm3').leafHash(bytes)
 */
export interface HashSuite {
  readonly name: HashSuiteName;
  /** Digest length in bytes (32 for both suites). */
  readonly size: number;
  /** Plain digest of the data. */
  digest(data: Uint8Array): Uint8Array;
  /** MTH of an empty tree: H(""). */
  emptyRoot(): Uint8Array;
  /** Leaf hash H(0x00 ‖ data). */
  leafHash(data: Uint8Array): Uint8Array;
  /** Interior node hash H(0x01 ‖ left ‖ right). */
  nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array;
}

function buildSuite(name: HashSuiteName, hash: (data: Uint8Array) => Uint8Array): HashSuite {
  const empty = hash(new Uint8Array(0));
  return {
    name,
    size: 32,
    digest: hash,
    emptyRoot: () => empty.slice(),
    leafHash(data) {
      const buf = new Uint8Array(data.length + 1);
      buf[0] = 0x00;
      buf.set(data, 1);
      return hash(buf);
    },
    nodeHash(left, right) {
      const buf = new Uint8Array(1 + left.length + right.length);
      buf[0] = 0x01;
      buf.set(left, 1);
      buf.set(right, 1 + left.length);
      return hash(buf);
    },
  };
}

const SUITES: Record<HashSuiteName, HashSuite> = {
  sha256: buildSuite('sha256', (d) => sha256(d)),
  sm3: buildSuite('sm3', (d) => sm3(d)),
};

/** Whether a string names a hash suite the ledger knows. */
export function isHashSuiteName(name: unknown): name is HashSuiteName {
  return name === 'sha256' || name === 'sm3';
}

/** The hash suite of a name; throws naming the field when the name is unknown. */
export function getHashSuite(name: HashSuiteName | string): HashSuite {
  if (!isHashSuiteName(name)) throw new Error(`hashSuite: unknown hash suite "${name}" (use sha256 or sm3)`);
  return SUITES[name];
}
