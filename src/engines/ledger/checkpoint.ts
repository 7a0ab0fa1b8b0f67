import { fromBase64, toBase64 } from './bytes.ts';
import type { VerifierKey } from './keys.ts';
import { NoteError, verifyNote, type VerifiedSignature } from './note.ts';

/**
 * Checkpoints (c2sp.org/tlog-checkpoint): a note whose text is the origin line, the tree
 * size in decimal and the base64 root hash, each ending in a newline.
 */
export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
}

/** The note text of a checkpoint. */
export function formatCheckpoint(c: Checkpoint): string {
  if (c.origin.length === 0 || /[\n]/.test(c.origin)) throw new Error('origin: must be one non-empty line');
  return `${c.origin}\n${c.size}\n${toBase64(c.rootHash)}\n`;
}

/** A checkpoint from note text; throws NoteError('note.checkpoint') naming the bad line. */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw new NoteError('note.checkpoint', 'checkpoint text needs origin, size and root hash lines, each ending in a newline');
  const [origin, sizeLine, rootLine] = lines;
  if (origin.length === 0) throw new NoteError('note.checkpoint', 'checkpoint origin line is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) throw new NoteError('note.checkpoint', `checkpoint size line "${sizeLine}" is not a decimal without leading zeros`);
  let rootHash: Uint8Array;
  try {
    rootHash = fromBase64(rootLine);
  } catch {
    throw new NoteError('note.checkpoint', 'checkpoint root hash line is not base64');
  }
  if (rootHash.length !== 32) throw new NoteError('note.checkpoint', `checkpoint root hash has ${rootHash.length} bytes, not 32`);
  return { origin, size: Number(sizeLine), rootHash };
}

/** What a client trusts: the log's key(s), the witnesses' keys and how many must cosign. */
export interface TrustPolicy {
  logKeys: readonly VerifierKey[];
  witnessKeys: readonly VerifierKey[];
  /** k of the n witness keys whose cosignatures are required. */
  quorum: number;
}

/** A checkpoint that passed a trust policy, and who vouched for it. */
export interface TrustedCheckpoint extends Checkpoint {
  text: string;
  logSignatures: VerifiedSignature[];
  cosignatures: VerifiedSignature[];
}

/**
 * Verifies a cosigned checkpoint note against a trust policy: a valid log signature whose
 * name is the origin, and cosignatures from at least `quorum` distinct witness keys.
 * @example await verifyCheckpoint(note, { logKeys: [log], witnessKeys: five, quorum: 4 })
 */
export async function verifyCheckpoint(note: string, policy: TrustPolicy): Promise<TrustedCheckpoint> {
  const { text, verified } = await verifyNote(note, [...policy.logKeys, ...policy.witnessKeys]);
  const checkpoint = parseCheckpoint(text);
  const logSignatures = verified.filter((v) => policy.logKeys.some((k) => k.name === v.name && k.keyId === v.keyId));
  if (logSignatures.length === 0) throw new NoteError('note.unsigned', `checkpoint of ${checkpoint.origin} has no valid signature of the log key`, { origin: checkpoint.origin });
  if (!logSignatures.some((s) => s.name === checkpoint.origin)) throw new NoteError('note.checkpoint', `checkpoint origin "${checkpoint.origin}" is not the log key name`, { origin: checkpoint.origin });
  const cosignatures = verified.filter((v) => policy.witnessKeys.some((k) => k.name === v.name && k.keyId === v.keyId));
  // A witness holding two keys (say Ed25519 and SM2) still counts once.
  const witnesses = new Set(cosignatures.map((c) => c.name)).size;
  if (witnesses < policy.quorum) {
    throw new NoteError('note.quorum', `checkpoint has valid cosignatures from ${witnesses} witnesses, ${policy.quorum} of ${new Set(policy.witnessKeys.map((k) => k.name)).size} required`, { have: witnesses, quorum: policy.quorum });
  }
  return { ...checkpoint, text, logSignatures, cosignatures };
}
