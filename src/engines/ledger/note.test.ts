import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { computeKeyId, generateSignerKey, parseSignerKey, parseVerifierKey, type KeyAlgorithm } from './keys.ts';
import { addSignatureLines, NoteError, parseNote, signNote, verifyNote } from './note.ts';
import { formatCheckpoint, parseCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import { concatBytes, utf8 } from './bytes.ts';

// golang.org/x/mod/sumdb/note's documented example: interoperability with the Go ecosystem.
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_TEXT = 'If you think cryptography is the answer to your problem,\nthen you don\'t know what your problem is.\n';
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const at = new Date('2026-01-05T08:00:00Z');

describe('signed notes', () => {
  it('verifies and reproduces the Go sumdb/note example', async () => {
    const vkey = parseVerifierKey(GO_VKEY);
    expect(vkey.algorithm).toBe('ed25519');
    expect((await verifyNote(GO_NOTE, [vkey])).text).toBe(GO_TEXT);
    const skey = parseSignerKey(GO_SKEY);
    expect(skey.verifier.text).toBe(GO_VKEY);
    expect(await signNote(GO_TEXT, [skey])).toBe(GO_NOTE);
  });

  it('computes key IDs as SHA-256(name ‖ \\n ‖ type ‖ key)[:4]', () => {
    const key = generateSignerKey('witness.example/w1', 'ed25519-cosignature');
    const h = sha256(concatBytes(utf8('witness.example/w1\n'), new Uint8Array([0x04]), key.verifier.publicKey));
    expect(key.keyId).toBe(((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0);
    expect(computeKeyId('a', 'sm2', new Uint8Array(65))).not.toBe(computeKeyId('a', 'sm2-cosignature', new Uint8Array(65)));
  });

  for (const algorithm of ['ed25519', 'sm2', 'ed25519-cosignature', 'sm2-cosignature'] as KeyAlgorithm[]) {
    it(`${algorithm}: keys round-trip as text; notes verify; tampering and wrong keys are rejected`, async () => {
      const key = generateSignerKey('example.org/k', algorithm);
      expect(parseSignerKey(key.text).verifier.text).toBe(key.verifier.text);
      const vkey = parseVerifierKey(key.verifier.text);
      const note = await signNote('example.org/k\n1\nAAAA\n', [key], at);
      const { verified } = await verifyNote(note, [vkey]);
      expect(verified[0].timestamp).toBe(algorithm.endsWith('cosignature') ? at.getTime() / 1000 : undefined);
      await expect(verifyNote(note.replace('\n1\n', '\n2\n'), [vkey])).rejects.toMatchObject({ code: 'note.badSignature' });
      const other = generateSignerKey('example.org/k', algorithm).verifier;
      await expect(verifyNote(note, [other])).rejects.toMatchObject({ code: 'note.unsigned' });
    });
  }

  it('rejects malformed notes naming the rule', () => {
    expect(() => parseNote('no blank line\n')).toThrow(/no blank line/);
    expect(() => parseNote('text\n\n\u2014 a b c\n')).toThrow(/signature line 1/);
    expect(() => parseNote('text\n\n\u2014 a AAAAAAAA')).toThrow(/newline/);
    expect(() => parseNote('te\u0007xt\n\n\u2014 a AAAAAAAA\n')).toThrow(/control character/);
    expect(() => parseVerifierKey('name+00000000+AQ==')).toThrow(/unknown signature type/);
  });

  it('adds signature lines once', async () => {
    const key = generateSignerKey('w', 'ed25519-cosignature');
    const note = await signNote('a\n', [generateSignerKey('a', 'ed25519')]);
    const line = (await signNote('a\n', [key], at)).split('\n')[2];
    expect(addSignatureLines(addSignatureLines(note, [line]), [line]).split('\n').filter((l) => l.startsWith('\u2014'))).toHaveLength(2);
  });
});

describe('checkpoints and quorum', () => {
  const origin = 'example.org/log';
  const rootHash = sha256(utf8('root'));
  it('formats and parses the three lines', () => {
    const text = formatCheckpoint({ origin, size: 20852163, rootHash });
    expect(text).toBe(`${origin}\n20852163\n${Buffer.from(rootHash).toString('base64')}\n`);
    expect(parseCheckpoint(text)).toEqual({ origin, size: 20852163, rootHash });
    expect(() => parseCheckpoint(`${origin}\n012\nAAAA\n`)).toThrow(/leading zeros/);
    expect(() => parseCheckpoint(`${origin}\n12\nAAAA\n`)).toThrow(/3 bytes, not 32/);
  });

  it('needs the log signature and k of n witnesses', async () => {
    const log = generateSignerKey(origin, 'ed25519');
    const witnesses = ['a', 'b', 'c', 'd', 'e'].map((w, i) => generateSignerKey(`witness.example/${w}`, i === 4 ? 'sm2-cosignature' : 'ed25519-cosignature'));
    const text = formatCheckpoint({ origin, size: 5, rootHash });
    const four = await signNote(text, [log, ...witnesses.slice(1)], at);
    const policy = { logKeys: [log.verifier], witnessKeys: witnesses.map((w) => w.verifier), quorum: 4 };
    const trusted = await verifyCheckpoint(four, policy);
    expect(trusted.cosignatures.map((c) => c.name)).toEqual(witnesses.slice(1).map((w) => w.name));
    await expect(verifyCheckpoint(four, { ...policy, quorum: 5 })).rejects.toThrow(/from 4 witnesses, 5 of 5 required/);
    const noLog = await signNote(text, witnesses, at);
    await expect(verifyCheckpoint(noLog, policy)).rejects.toThrow(/no valid signature of the log key/);
    const wrongOrigin = generateSignerKey('other.org/log', 'ed25519');
    await expect(verifyCheckpoint(await signNote(text, [wrongOrigin, ...witnesses], at), { ...policy, logKeys: [wrongOrigin.verifier] })).rejects.toThrow(NoteError);
  });
});
