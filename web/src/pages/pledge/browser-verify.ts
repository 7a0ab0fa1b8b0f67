// The bank's check, run in the browser: nothing here trusts the server's verdict. It recomputes
// the leaf hash, walks the RFC 9162 inclusion proof to the checkpoint's root, and checks the log's
// Ed25519 signature and the witnesses' cosignatures (c2sp.org/signed-note, tlog-cosignature)
// with Web Crypto (pure-JS Ed25519 where the browser lacks it). The web app may import only the
// kernel, so this is an independent implementation of the ledger engine's verification half.
import { ed25519 } from '@noble/curves/ed25519.js';
import { sm3 } from '../../../../src/kernel/sm3.ts';

/** An entry with its inclusion proof against a cosigned checkpoint, as the API returns it. */
export interface EntryProof {
  origin: string;
  hashSuite: string;
  leafIndex: number;
  data: string;
  leafHash: string;
  treeSize: number;
  inclusionProof: string[];
  checkpoint: string;
}

/** The keys and quorum the check trusts. */
export interface TrustPolicy {
  origin: string;
  logKey: string;
  witnessKeys: { name: string; key: string; orgName: string; orgNameEn: string }[];
  quorum: number;
}

/** One check and its outcome; `detail` holds figures for the page (not translated). */
export interface CheckOutcome {
  key: 'entry' | 'leafHash' | 'inclusion' | 'logSignature' | 'cosignatures';
  ok: boolean;
  detail: string;
  /** For cosignatures: the witnesses whose signatures verified. */
  signers?: string[];
}

const enc = new TextEncoder();
const fromB64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const toB64 = (b: Uint8Array): string => btoa(String.fromCharCode(...b));
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** SHA-256 (Web Crypto) or SM3 (the kernel's), as the log's hash suite says. */
export async function digest(suite: string, data: Uint8Array): Promise<Uint8Array> {
  if (suite === 'sm3') return sm3(data);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(data)));
}

/** The fingerprint of a file as the company computed it at registration (hex). */
export async function fingerprintHex(alg: 'sha256' | 'sm3', data: Uint8Array): Promise<string> {
  return hex(await digest(alg, data));
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or an error naming why it cannot. */
export async function rootFromInclusion(suite: string, index: number, size: number, leaf: Uint8Array, proof: Uint8Array[]): Promise<Uint8Array> {
  if (index >= size) throw new Error(`leaf index ${index} is not below tree size ${size}`);
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (p.length !== 32) throw new Error('a proof hash is not 32 bytes');
    if (sn === 0) throw new Error('the proof is longer than the tree is deep');
    if (fn % 2 === 1 || fn === sn) {
      r = await digest(suite, concat(new Uint8Array([1]), p, r));
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await digest(suite, concat(new Uint8Array([1]), r, p));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error('the proof is shorter than the tree is deep');
  return r;
}

interface ParsedKey {
  name: string;
  keyId: number;
  type: number;
  publicKey: Uint8Array;
}

/** A signed-note verifier key `name+keyid+base64(type ‖ key)`, its key ID recomputed. */
export async function parseKey(text: string): Promise<ParsedKey> {
  const [name, idHex, ...rest] = text.trim().split('+');
  const bytes = fromB64(rest.join('+'));
  if (bytes.length !== 33 || (bytes[0] !== 0x01 && bytes[0] !== 0x04)) throw new Error(`key ${name}: not an Ed25519 note or cosignature key`);
  const id = (await crypto.subtle.digest('SHA-256', concat(enc.encode(name), new Uint8Array([0x0a]), bytes))) as ArrayBuffer;
  const keyId = new DataView(id).getUint32(0);
  if (keyId.toString(16).padStart(8, '0') !== idHex) throw new Error(`key ${name}: key ID ${idHex} does not match the key`);
  return { name, keyId, type: bytes[0], publicKey: bytes.slice(1) };
}

async function verifyEd25519(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('raw', concat(publicKey), { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, concat(signature), concat(message));
  } catch {
    try {
      return ed25519.verify(signature, message, publicKey);
    } catch {
      return false;
    }
  }
}

/** Splits a signed note into its text and signature lines. */
export function splitNote(note: string): { text: string; lines: { name: string; bytes: Uint8Array }[] } {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('the checkpoint has no signature block');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2).split('\n').filter(Boolean).map((line) => {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!m) throw new Error('a signature line is malformed');
    return { name: m[1], bytes: fromB64(m[2]) };
  });
  return { text, lines };
}

/**
 * Checks one entry proof against a trust policy, in the browser. `expect` states what the entry
 * must say (its kind and the fingerprint the bank computed or typed). Every check runs and reports.
 */
export async function checkEntryProof(proof: EntryProof, trust: TrustPolicy, expect: { kind: string; fingerprint: string }): Promise<CheckOutcome[]> {
  const out: CheckOutcome[] = [];
  const data = fromB64(proof.data);
  let entry: Record<string, unknown> = {};
  try {
    entry = JSON.parse(new TextDecoder().decode(data)) as Record<string, unknown>;
  } catch {
    // reported below
  }
  const entryOk = entry.kind === expect.kind && entry.fingerprint === expect.fingerprint;
  out.push({ key: 'entry', ok: entryOk, detail: `#${proof.leafIndex} kind=${String(entry.kind)} fingerprint=${String(entry.fingerprint).slice(0, 16)}…` });

  const leaf = await digest(proof.hashSuite, concat(new Uint8Array([0]), data));
  out.push({ key: 'leafHash', ok: toB64(leaf) === proof.leafHash, detail: `${proof.hashSuite} ${hex(leaf).slice(0, 16)}…` });

  let text = '';
  let lines: { name: string; bytes: Uint8Array }[] = [];
  try {
    ({ text, lines } = splitNote(proof.checkpoint));
    const [origin, sizeLine, rootLine] = text.split('\n');
    const root = await rootFromInclusion(proof.hashSuite, proof.leafIndex, Number(sizeLine), leaf, proof.inclusionProof.map(fromB64));
    const ok = origin === trust.origin && Number(sizeLine) === proof.treeSize && equal(root, fromB64(rootLine));
    out.push({ key: 'inclusion', ok, detail: `${proof.inclusionProof.length} hashes → root ${toB64(root).slice(0, 12)}… / checkpoint ${rootLine.slice(0, 12)}… size ${sizeLine}` });
  } catch (e) {
    out.push({ key: 'inclusion', ok: false, detail: (e as Error).message });
  }

  try {
    const logKey = await parseKey(trust.logKey);
    const line = lines.find((l) => l.name === logKey.name && new DataView(l.bytes.buffer, l.bytes.byteOffset).getUint32(0) === logKey.keyId);
    const ok = Boolean(line) && logKey.name === trust.origin && (await verifyEd25519(logKey.publicKey, line!.bytes.slice(4), enc.encode(text)));
    out.push({ key: 'logSignature', ok, detail: `${logKey.name} ${logKey.keyId.toString(16).padStart(8, '0')}` });
  } catch (e) {
    out.push({ key: 'logSignature', ok: false, detail: (e as Error).message });
  }

  const signers: string[] = [];
  for (const w of trust.witnessKeys) {
    try {
      const key = await parseKey(w.key);
      const line = lines.find((l) => l.name === key.name && new DataView(l.bytes.buffer, l.bytes.byteOffset).getUint32(0) === key.keyId);
      if (!line || line.bytes.length !== 4 + 8 + 64) continue;
      const time = new DataView(line.bytes.buffer, line.bytes.byteOffset + 4, 8).getBigUint64(0);
      const message = enc.encode(`cosignature/v1\ntime ${time}\n${text}`);
      if (await verifyEd25519(key.publicKey, line.bytes.slice(12), message)) signers.push(w.orgName);
    } catch {
      // A key that does not parse counts as no cosignature.
    }
  }
  out.push({ key: 'cosignatures', ok: signers.length >= trust.quorum, detail: `${signers.length}/${trust.witnessKeys.length} ≥ ${trust.quorum}`, signers });
  return out;
}
