import type { HashSuite } from './hash-suite.ts';
import { ProofError } from './proof-error.ts';

/**
 * RFC 9162 §2.1 Merkle tree math: roots, proof plans (which subtree hashes a proof
 * needs) and proof verification. Sizes and indexes are JS numbers (safe below 2^53);
 * the code divides instead of shifting so nothing wraps at 2^32.
 */

/** A complete subtree: `2^level` leaves starting at leaf `index * 2^level`. */
export interface NodeId {
  level: number;
  index: number;
}

/** One hash of a proof: the RFC's MTH of a leaf range, given as complete subtrees left to right. */
export type ProofItem = NodeId[];

const half = (x: number): number => Math.floor(x / 2);
const isOdd = (x: number): boolean => x % 2 === 1;

/** Whether n is a power of two (1, 2, 4, …). */
export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}

/** The largest power of two strictly below n (n ≥ 2): the RFC's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The root of a tree from its leaf hashes, in one pass with a stack of complete subtrees. */
export function rootFromLeafHashes(suite: HashSuite, leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return suite.emptyRoot();
  const stack: Uint8Array[] = [];
  for (let i = 0; i < leafHashes.length; i++) {
    let h = leafHashes[i];
    // Merge while the new leaf closes complete subtrees: one merge per trailing 1-bit of i.
    for (let j = i; isOdd(j); j = half(j)) h = suite.nodeHash(stack.pop()!, h);
    stack.push(h);
  }
  return foldRight(suite, stack);
}

/** Hashes a list of subtree hashes right to left, as MTH does for an incomplete range. */
export function foldRight(suite: HashSuite, hashes: readonly Uint8Array[]): Uint8Array {
  let h = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) h = suite.nodeHash(hashes[i], h);
  return h;
}

/** The complete subtrees whose fold is MTH(D[lo:hi]); lo must be aligned as in the RFC's recursion. */
export function rangeNodes(lo: number, hi: number): NodeId[] {
  const nodes: NodeId[] = [];
  let start = lo;
  while (start < hi) {
    const rest = hi - start;
    const size = isPowerOfTwo(rest) ? rest : splitPoint(rest);
    const level = Math.round(Math.log2(size));
    if (start % size !== 0) throw new RangeError(`range [${lo}, ${hi}): start ${start} is not aligned to ${size}`);
    nodes.push({ level, index: start / size });
    start += size;
  }
  return nodes;
}

/** The proof items of an inclusion proof for leaf `index` in a tree of `size` (RFC 9162 §2.1.3.1), bottom first. */
export function inclusionPlan(index: number, size: number): ProofItem[] {
  if (!(index >= 0 && index < size)) throw new ProofError('proof.indexOutOfRange', `leafIndex ${index} is not below treeSize ${size}`, { leafIndex: index, treeSize: size });
  const items: ProofItem[] = [];
  const walk = (m: number, lo: number, hi: number): void => {
    if (hi - lo === 1) return;
    const k = splitPoint(hi - lo);
    if (m < lo + k) {
      walk(m, lo, lo + k);
      items.push(rangeNodes(lo + k, hi));
    } else {
      walk(m, lo + k, hi);
      items.push(rangeNodes(lo, lo + k));
    }
  };
  walk(index, 0, size);
  return items;
}

/** The proof items of a consistency proof from size1 to size2 (RFC 9162 §2.1.4.1), bottom first. */
export function consistencyPlan(size1: number, size2: number): ProofItem[] {
  if (size1 <= 0) throw new ProofError('proof.emptyTree', `size1 is ${size1}: a consistency proof from an empty tree is meaningless`, { size1, size2 });
  if (size1 > size2) throw new ProofError('proof.sizeOrder', `size1 ${size1} is greater than size2 ${size2}`, { size1, size2 });
  const items: ProofItem[] = [];
  const sub = (m: number, lo: number, hi: number, whole: boolean): void => {
    if (m === hi - lo) {
      if (!whole) items.push(rangeNodes(lo, hi));
      return;
    }
    const k = splitPoint(hi - lo);
    if (m <= k) {
      sub(m, lo, lo + k, whole);
      items.push(rangeNodes(lo + k, hi));
    } else {
      sub(m - k, lo + k, hi, false);
      items.push(rangeNodes(lo, lo + k));
    }
  };
  sub(size1, 0, size2, true);
  return items;
}

/** Every distinct node a list of proof items needs, for one batched read. */
export function planNodes(items: readonly ProofItem[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const item of items) for (const n of item) seen.set(`${n.level}/${n.index}`, n);
  return [...seen.values()];
}

/** Turns proof items into hashes, given the hash of every node (keyed `level/index`). */
export function materializeProof(suite: HashSuite, items: readonly ProofItem[], nodeHash: (node: NodeId) => Uint8Array): Uint8Array[] {
  return items.map((item) => foldRight(suite, item.map(nodeHash)));
}

function checkHashes(suite: HashSuite, proof: readonly Uint8Array[], what: string): void {
  proof.forEach((h, i) => {
    if (h.length !== suite.size) throw new ProofError('proof.hashLength', `${what}[${i}] has ${h.length} bytes, a ${suite.name} hash has ${suite.size}`, { position: i });
  });
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or a ProofError when the
 * proof is malformed for this index and size.
 */
export function rootFromInclusionProof(suite: HashSuite, leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  if (!(Number.isSafeInteger(leafIndex) && Number.isSafeInteger(treeSize) && leafIndex >= 0 && leafIndex < treeSize)) {
    throw new ProofError('proof.indexOutOfRange', `leafIndex ${leafIndex} is not below treeSize ${treeSize}`, { leafIndex, treeSize });
  }
  if (leafHash.length !== suite.size) throw new ProofError('proof.hashLength', `leafHash has ${leafHash.length} bytes, a ${suite.name} hash has ${suite.size}`);
  checkHashes(suite, proof, 'inclusionProof');
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new ProofError('proof.tooLong', `inclusion proof has ${proof.length} hashes, more than leafIndex ${leafIndex} in treeSize ${treeSize} needs`, { leafIndex, treeSize, length: proof.length });
    if (isOdd(fn) || fn === sn) {
      r = suite.nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = suite.nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new ProofError('proof.tooShort', `inclusion proof has ${proof.length} hashes, fewer than leafIndex ${leafIndex} in treeSize ${treeSize} needs`, { leafIndex, treeSize, length: proof.length });
  return r;
}

/**
 * Verifies that `leafHash` is leaf `leafIndex` of the tree of `treeSize` leaves with `root`;
 * throws a ProofError with the reason otherwise.
 * @example verifyInclusion(getHashSuite('sha256'), 3, 8, leafHash, proof, root)
 */
export function verifyInclusion(suite: HashSuite, leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  const computed = rootFromInclusionProof(suite, leafIndex, treeSize, leafHash, proof);
  if (!equalBytes(computed, root)) throw new ProofError('proof.rootMismatch', `inclusion proof for leafIndex ${leafIndex} leads to a different root than the one of treeSize ${treeSize}`, { leafIndex, treeSize });
}

/**
 * Verifies that the tree (size2, root2) extends the tree (size1, root1) (RFC 9162 §2.1.4.2);
 * throws a ProofError with the reason otherwise. A proof from size 0 is always rejected.
 * @example verifyConsistency(getHashSuite('sha256'), 4, 7, proof, root4, root7)
 */
export function verifyConsistency(suite: HashSuite, size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2) && size1 >= 0)) throw new ProofError('proof.sizeOrder', `sizes ${size1} and ${size2} are not tree sizes`, { size1, size2 });
  if (size1 > size2) throw new ProofError('proof.sizeOrder', `size1 ${size1} is greater than size2 ${size2}`, { size1, size2 });
  if (size1 === 0) throw new ProofError('proof.emptyTree', 'a consistency proof from an empty tree (size1 = 0) is meaningless', { size1, size2 });
  if (size1 === size2) {
    if (proof.length > 0) throw new ProofError('proof.notEmpty', `size1 = size2 = ${size1} but the proof has ${proof.length} hashes`, { size1, size2 });
    if (!equalBytes(root1, root2)) throw new ProofError('proof.rootMismatch', `size1 = size2 = ${size1} but the roots differ`, { size1, size2 });
    return;
  }
  if (proof.length === 0) throw new ProofError('proof.empty', `consistency proof from ${size1} to ${size2} is empty`, { size1, size2 });
  checkHashes(suite, proof, 'consistencyProof');
  const path = [...proof];
  // Step 2: when size1 is a power of two its root is the first node of the path.
  if (isPowerOfTwo(size1)) path.unshift(root1);
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0) throw new ProofError('proof.tooLong', `consistency proof from ${size1} to ${size2} has more hashes than needed`, { size1, size2, length: proof.length });
    if (isOdd(fn) || fn === sn) {
      fr = suite.nodeHash(c, fr);
      sr = suite.nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = suite.nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new ProofError('proof.tooShort', `consistency proof from ${size1} to ${size2} has fewer hashes than needed`, { size1, size2, length: proof.length });
  if (!equalBytes(fr, root1)) throw new ProofError('proof.rootMismatch', `consistency proof does not lead to root1 of size ${size1}`, { size1, size2 });
  if (!equalBytes(sr, root2)) throw new ProofError('proof.rootMismatch', `consistency proof does not lead to root2 of size ${size2}`, { size1, size2 });
}

/** Byte equality, exported for callers comparing roots. */
export { equalBytes };
