import type { HashSuite } from './hash-suite.ts';
import { splitPoint } from './merkle.ts';

/**
 * A naive, recursive transcription of RFC 9162 §2.1 (MTH, PATH, PROOF/SUBPROOF) over the
 * whole leaf list. Slow on purpose: tests compare the fast code against it.
 * @example referenceRoot(suite, leaves)
 */
export function referenceRoot(suite: HashSuite, leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return suite.emptyRoot();
  if (leaves.length === 1) return suite.leafHash(leaves[0]);
  const k = splitPoint(leaves.length);
  return suite.nodeHash(referenceRoot(suite, leaves.slice(0, k)), referenceRoot(suite, leaves.slice(k)));
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1 by direct recursion. */
export function referenceInclusionProof(suite: HashSuite, m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = splitPoint(leaves.length);
  if (m < k) return [...referenceInclusionProof(suite, m, leaves.slice(0, k)), referenceRoot(suite, leaves.slice(k))];
  return [...referenceInclusionProof(suite, m - k, leaves.slice(k)), referenceRoot(suite, leaves.slice(0, k))];
}

/** PROOF(m, D[n]) of RFC 9162 §2.1.4.1 by direct recursion on SUBPROOF. */
export function referenceConsistencyProof(suite: HashSuite, m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  const sub = (mm: number, d: readonly Uint8Array[], whole: boolean): Uint8Array[] => {
    if (mm === d.length) return whole ? [] : [referenceRoot(suite, d)];
    const k = splitPoint(d.length);
    if (mm <= k) return [...sub(mm, d.slice(0, k), whole), referenceRoot(suite, d.slice(k))];
    return [...sub(mm - k, d.slice(k), false), referenceRoot(suite, d.slice(0, k))];
  };
  return sub(m, leaves, true);
}
