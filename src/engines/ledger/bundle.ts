import { fromBase64, toBase64, toHex } from './bytes.ts';
import { parseCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import { getHashSuite, isHashSuiteName } from './hash-suite.ts';
import { parseVerifierKey, type VerifierKey } from './keys.ts';
import { verifyInclusion } from './merkle.ts';
import { parseNote } from './note.ts';
import type { LedgerLog } from './ledger-log.ts';

/**
 * A proof bundle: everything needed to check, offline, that an entry is in a log whose
 * checkpoint a quorum of witnesses cosigned. Format `onething-proof-bundle/v1`; see docs/ledger.md.
 */
export interface ProofBundle {
  format: 'onething-proof-bundle/v1';
  hashSuite: 'sha256' | 'sm3';
  /** The entry's bytes in base64 (the leaf hash is computed), or… */
  data?: string;
  /** …only its leaf hash H(0x00 ‖ data) in base64, when the data stays private. */
  leafHash?: string;
  leafIndex: number;
  /** Inclusion proof for leafIndex in the checkpoint's tree size, base64 hashes bottom first. */
  inclusionProof: string[];
  /** The cosigned checkpoint note, verbatim. */
  checkpoint: string;
  /** Verifier keys (`name+keyid+base64`) of the log. */
  logKeys: string[];
  /** Verifier keys of the witnesses. */
  witnessKeys: string[];
  /** How many distinct witnesses must have cosigned. */
  quorum: number;
}

/** What a verified bundle proves. */
export interface BundleVerdict {
  origin: string;
  treeSize: number;
  rootHash: string;
  leafIndex: number;
  leafHashHex: string;
  hashSuite: string;
  cosigners: string[];
  quorum: number;
  witnesses: number;
}

/** A bundle that does not prove what it claims; `field` names the part at fault. */
export class BundleError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

const fail = (field: string, message: string): never => {
  throw new BundleError(field, `${field}: ${message}`);
};

function parseKeys(value: unknown, field: string): VerifierKey[] {
  if (!Array.isArray(value) || value.some((k) => typeof k !== 'string')) return fail(field, 'must be an array of verifier key strings');
  return value.map((k: string, i) => {
    try {
      return parseVerifierKey(k);
    } catch (e) {
      return fail(`${field}[${i}]`, (e as Error).message);
    }
  });
}

/**
 * Checks a bundle with nothing but its contents: the checkpoint's log signature and quorum
 * of cosignatures, then the inclusion proof against the checkpoint's root. Resolves with
 * what is proven; rejects with a BundleError (or the ProofError/NoteError) saying why not.
 * @example const verdict = await verifyProofBundle(JSON.parse(text))
 */
export async function verifyProofBundle(input: unknown): Promise<BundleVerdict> {
  const b = (typeof input === 'object' && input !== null ? input : fail('bundle', 'must be a JSON object')) as Partial<ProofBundle>;
  if (b.format !== 'onething-proof-bundle/v1') fail('format', `must be "onething-proof-bundle/v1", not ${JSON.stringify(b.format)}`);
  if (!isHashSuiteName(b.hashSuite)) fail('hashSuite', 'must be "sha256" or "sm3"');
  const suite = getHashSuite(b.hashSuite!);
  if (!Number.isSafeInteger(b.leafIndex) || b.leafIndex! < 0) fail('leafIndex', 'must be a non-negative integer');
  if (!Number.isSafeInteger(b.quorum) || b.quorum! < 0) fail('quorum', 'must be a non-negative integer');
  if (typeof b.checkpoint !== 'string') fail('checkpoint', 'must be the checkpoint note text');
  if (!Array.isArray(b.inclusionProof) || b.inclusionProof.some((h) => typeof h !== 'string')) fail('inclusionProof', 'must be an array of base64 hashes');
  const logKeys = parseKeys(b.logKeys, 'logKeys');
  const witnessKeys = parseKeys(b.witnessKeys ?? [], 'witnessKeys');
  if (logKeys.length === 0) fail('logKeys', 'needs at least one key');
  if (b.quorum! > new Set(witnessKeys.map((k) => k.name)).size) fail('quorum', `${b.quorum} is more than the ${witnessKeys.length} witness keys given`);
  let leafHash: Uint8Array;
  try {
    if (typeof b.data === 'string') {
      leafHash = suite.leafHash(fromBase64(b.data, 'data'));
      if (typeof b.leafHash === 'string' && b.leafHash !== toBase64(leafHash)) fail('leafHash', 'does not match H(0x00 ‖ data): the entry was changed');
    } else if (typeof b.leafHash === 'string') leafHash = fromBase64(b.leafHash, 'leafHash');
    else leafHash = fail('data', 'the bundle needs data or leafHash');
  } catch (e) {
    if (e instanceof BundleError) throw e;
    return fail('data', (e as Error).message);
  }
  const proof = b.inclusionProof!.map((h, i) => {
    try {
      return fromBase64(h);
    } catch {
      return fail(`inclusionProof[${i}]`, 'is not base64');
    }
  });
  const trusted = await verifyCheckpoint(b.checkpoint!, { logKeys, witnessKeys, quorum: b.quorum! });
  verifyInclusion(suite, b.leafIndex!, trusted.size, leafHash, proof, trusted.rootHash);
  return {
    origin: trusted.origin,
    treeSize: trusted.size,
    rootHash: toBase64(trusted.rootHash),
    leafIndex: b.leafIndex!,
    leafHashHex: toHex(leafHash),
    hashSuite: suite.name,
    cosigners: [...new Set(trusted.cosignatures.map((c) => c.name))],
    quorum: b.quorum!,
    witnesses: new Set(witnessKeys.map((k) => k.name)).size,
  };
}

/**
 * Builds a bundle for entry `index` against a cosigned checkpoint note (its size must cover the
 * entry); without `checkpoint`, the log's newest stored one with at least `quorum` cosignatures.
 * `withData: false` leaves the data out and ships only the leaf hash.
 */
export async function buildProofBundle(log: LedgerLog, input: {
  index: number;
  checkpoint?: string;
  logKeys: readonly VerifierKey[];
  witnessKeys: readonly VerifierKey[];
  quorum: number;
  withData?: boolean;
}): Promise<ProofBundle> {
  const note = input.checkpoint ?? (await log.latestCheckpoint(input.quorum))?.note;
  if (!note) throw new BundleError('checkpoint', `log ${log.origin} has no checkpoint with ${input.quorum} cosignatures yet`);
  const { size } = parseCheckpoint(parseNote(note).text);
  const entry = await log.getEntry(input.index);
  if (!entry) throw new BundleError('index', `log ${log.origin} has no entry ${input.index}`);
  if (input.index >= size) throw new BundleError('checkpoint', `checkpoint size ${size} does not cover entry ${input.index}`);
  return {
    format: 'onething-proof-bundle/v1',
    hashSuite: log.suite.name,
    ...(input.withData === false ? {} : { data: toBase64(entry.data) }),
    leafHash: toBase64(entry.leafHash),
    leafIndex: input.index,
    inclusionProof: (await log.proofs.inclusionProof(input.index, size)).map(toBase64),
    checkpoint: note,
    logKeys: input.logKeys.map((k) => k.text),
    witnessKeys: input.witnessKeys.map((k) => k.text),
    quorum: input.quorum,
  };
}
