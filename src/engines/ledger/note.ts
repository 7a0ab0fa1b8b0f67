import { concatBytes, fromBase64, toBase64, utf8 } from './bytes.ts';
import { isCosignature, type SignerKey, type VerifierKey } from './keys.ts';

/**
 * Signed notes (c2sp.org/signed-note): a text ending in a newline, a blank line, then
 * lines `— name base64(keyid ‖ signature)`. Cosignatures (c2sp.org/tlog-cosignature) are
 * note signatures over `cosignature/v1\ntime T\n` + the note text, with T before the signature.
 */

/** Why a note was rejected. */
export type NoteErrorCode = 'note.malformed' | 'note.badSignature' | 'note.unsigned' | 'note.quorum' | 'note.checkpoint';

/** A rejected note, with a code and the facts behind it. */
export class NoteError extends Error {
  readonly code: NoteErrorCode;
  readonly facts: Readonly<Record<string, unknown>>;

  constructor(code: NoteErrorCode, message: string, facts: Record<string, unknown> = {}) {
    super(message);
    this.name = 'NoteError';
    this.code = code;
    this.facts = facts;
  }
}

/** One signature line of a note. */
export interface NoteSignature {
  name: string;
  keyId: number;
  /** The bytes after the key ID (for cosignatures: timestamp ‖ signature). */
  signature: Uint8Array;
  /** The line as it appears in the note, without the newline. */
  line: string;
}

/** A note split into its text and signature lines, not yet verified. */
export interface ParsedNote {
  text: string;
  signatures: NoteSignature[];
}

const MAX_SIGNATURES = 64;

/** Splits a signed note into text and signatures; throws NoteError('note.malformed') naming the rule. */
export function parseNote(note: string): ParsedNote {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new NoteError('note.malformed', 'note contains a control character other than newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('note.malformed', 'note has no blank line between text and signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2).split('\n');
  if (lines[lines.length - 1] !== '') throw new NoteError('note.malformed', 'note does not end in a newline');
  lines.pop();
  if (lines.length === 0) throw new NoteError('note.unsigned', 'note has no signature lines');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('note.malformed', `note has ${lines.length} signatures, more than ${MAX_SIGNATURES}`);
  const signatures = lines.map((line, i) => {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!m || m[1].includes('+')) throw new NoteError('note.malformed', `signature line ${i + 1} is not "— name base64"`);
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(m[2]);
    } catch {
      throw new NoteError('note.malformed', `signature line ${i + 1} (${m[1]}): signature is not base64`);
    }
    if (bytes.length < 5) throw new NoteError('note.malformed', `signature line ${i + 1} (${m[1]}): signature is too short`);
    const keyId = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
    return { name: m[1], keyId, signature: bytes.slice(4), line };
  });
  return { text, signatures };
}

function cosignedMessage(text: string, timestamp: number): Uint8Array {
  return utf8(`cosignature/v1\ntime ${timestamp}\n${text}`);
}

function signatureLine(key: { name: string; keyId: number }, payload: Uint8Array): string {
  const id = new Uint8Array([key.keyId >>> 24, (key.keyId >>> 16) & 0xff, (key.keyId >>> 8) & 0xff, key.keyId & 0xff]);
  return `\u2014 ${key.name} ${toBase64(concatBytes(id, payload))}`;
}

/**
 * A signature line by a signer over a note text; cosigner keys also need the time.
 * @example await signatureLineFor(logKey, 'origin\n5\nroot=\n')
 */
export async function signatureLineFor(key: SignerKey, text: string, at?: Date): Promise<string> {
  if (!text.endsWith('\n')) throw new NoteError('note.malformed', 'note text must end in a newline');
  if (!isCosignature(key.algorithm)) return signatureLine(key, await key.signRaw(utf8(text)));
  if (!at) throw new Error(`signing as cosigner ${key.name} needs a timestamp`);
  const timestamp = Math.floor(at.getTime() / 1000);
  const ts = new Uint8Array(8);
  new DataView(ts.buffer).setBigUint64(0, BigInt(timestamp));
  return signatureLine(key, concatBytes(ts, await key.signRaw(cosignedMessage(text, timestamp))));
}

/** A signed note: the text, a blank line and one signature line per key. */
export async function signNote(text: string, keys: readonly SignerKey[], at?: Date): Promise<string> {
  const lines = await Promise.all(keys.map((k) => signatureLineFor(k, text, at)));
  return `${text}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** One verified signature: which key, and for cosignatures when it was made. */
export interface VerifiedSignature {
  name: string;
  keyId: number;
  algorithm: VerifierKey['algorithm'];
  /** POSIX seconds of a cosignature. */
  timestamp?: number;
}

/**
 * Verifies a note against known keys: signatures of unknown keys are ignored, a known
 * key's failing signature rejects the note, and at least one known key must have signed.
 */
export async function verifyNote(note: string, keys: readonly VerifierKey[]): Promise<{ text: string; verified: VerifiedSignature[] }> {
  const parsed = parseNote(note);
  const verified: VerifiedSignature[] = [];
  for (const sig of parsed.signatures) {
    const key = keys.find((k) => k.name === sig.name && k.keyId === sig.keyId);
    if (!key) continue;
    let ok: boolean;
    let timestamp: number | undefined;
    if (isCosignature(key.algorithm)) {
      if (sig.signature.length < 9) throw new NoteError('note.badSignature', `cosignature of ${key.name} is too short`, { name: key.name });
      const t = new DataView(sig.signature.buffer, sig.signature.byteOffset, 8).getBigUint64(0);
      if (t > BigInt(Number.MAX_SAFE_INTEGER)) throw new NoteError('note.badSignature', `cosignature of ${key.name} has an impossible timestamp`);
      timestamp = Number(t);
      ok = await key.verifyRaw(cosignedMessage(parsed.text, timestamp), sig.signature.subarray(8));
    } else {
      ok = await key.verifyRaw(utf8(parsed.text), sig.signature);
    }
    if (!ok) throw new NoteError('note.badSignature', `signature of ${key.name} (key ${key.keyId.toString(16).padStart(8, '0')}) does not verify`, { name: key.name });
    if (!verified.some((v) => v.name === key.name && v.keyId === key.keyId)) verified.push({ name: key.name, keyId: key.keyId, algorithm: key.algorithm, timestamp });
  }
  if (verified.length === 0) throw new NoteError('note.unsigned', 'no signature of a known key on the note', { names: parsed.signatures.map((s) => s.name) });
  return { text: parsed.text, verified };
}

/** Adds signature lines to a note, skipping lines it already has. */
export function addSignatureLines(note: string, lines: readonly string[]): string {
  const parsed = parseNote(note);
  const have = new Set(parsed.signatures.map((s) => s.line));
  const added = lines.filter((l) => l.length > 0 && !have.has(l));
  return `${note}${added.map((l) => `${l}\n`).join('')}`;
}
