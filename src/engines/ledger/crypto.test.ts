import { describe, expect, it } from 'vitest';
import { sm3 } from '../../kernel/sm3.ts';
import { sm2PublicKey, sm2RandomPrivateKey, sm2Sign, sm2Verify, sm2Za } from './sm2.ts';
import { getHashSuite } from './hash-suite.ts';
import { getNodeHashSuite } from './hash-suite.node.ts';

const text = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

describe('SM3 (GB/T 32905-2016 Annex A)', () => {
  it('hashes "abc"', () => expect(hex(sm3(text('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'));
  it('hashes "abcd" × 16 (two blocks)', () => expect(hex(sm3(text('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'));
  it('hashes parts as their concatenation, at every padding boundary', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 200]) {
      const data = new Uint8Array(n).map((_, i) => i * 7);
      expect(hex(sm3(data.subarray(0, n >> 1), data.subarray(n >> 1)))).toBe(hex(sm3(data)));
    }
    expect(hex(sm3(new Uint8Array(55)))).not.toBe(hex(sm3(new Uint8Array(56))));
  });
  it('the writer\'s OpenSSL-backed suites give the portable suites\' hashes', () => {
    for (const name of ['sha256', 'sm3'] as const) {
      const [portable, native] = [getHashSuite(name), getNodeHashSuite(name)];
      for (const n of [0, 1, 31, 32, 64, 100]) {
        const data = new Uint8Array(n).map((_, i) => i * 13 + n);
        expect(hex(native.leafHash(data))).toBe(hex(portable.leafHash(data)));
        expect(hex(native.digest(data))).toBe(hex(portable.digest(data)));
      }
      const [l, r] = [portable.leafHash(text('l')), portable.leafHash(text('r'))];
      expect(hex(native.nodeHash(l, r))).toBe(hex(portable.nodeHash(l, r)));
      expect(hex(native.emptyRoot())).toBe(hex(portable.emptyRoot()));
    }
  });
  it('the sm3 suite uses it with the RFC 9162 prefixes', () => {
    const suite = getHashSuite('sm3');
    expect(hex(suite.leafHash(text('x')))).toBe(hex(sm3(new Uint8Array([0, ...text('x')]))));
    expect(() => getHashSuite('md5')).toThrow(/hashSuite: unknown hash suite "md5"/);
  });
});

describe('SM2 signature (GM/T 0003.5 Annex A, sm2p256v1, default ID)', () => {
  const d = fromHex('3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8');
  const k = fromHex('59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21');
  const message = text('message digest');
  it('produces the published r and s', () => {
    const sig = sm2Sign(message, d, { k });
    expect(hex(sig.subarray(0, 32)).toUpperCase()).toBe('F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3');
    expect(hex(sig.subarray(32)).toUpperCase()).toBe('B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA');
  });
  it('verifies the published signature, and not with another ID, message or key', () => {
    const sig = sm2Sign(message, d, { k });
    const pub = sm2PublicKey(d);
    expect(sm2Verify(sig, message, pub)).toBe(true);
    expect(sm2Verify(sig, message, pub, text('1234567812345679'))).toBe(false);
    expect(sm2Verify(sig, text('message digesT'), pub)).toBe(false);
    expect(sm2Verify(sig, message, sm2PublicKey(sm2RandomPrivateKey()))).toBe(false);
    expect(sm2Verify(sig.subarray(0, 63), message, pub)).toBe(false);
  });
  it('gives the same answers once the key has a precomputed table (from its second use on)', () => {
    const sig = sm2Sign(message, d, { k });
    const pub = sm2PublicKey(d);
    const other = sm2Sign(text('another message'), d);
    for (let use = 0; use < 4; use++) {
      expect(sm2Verify(sig, message, pub)).toBe(true);
      expect(sm2Verify(other, text('another message'), pub)).toBe(true);
      expect(sm2Verify(sig, text('message digesT'), pub)).toBe(false);
      expect(sm2Verify(sig, message, pub, text('ALICE'))).toBe(false);
      const flipped = sig.slice();
      flipped[40] ^= 1;
      expect(sm2Verify(flipped, message, pub)).toBe(false);
    }
    // Random keys and messages: the table path (third use on) agrees with the generic one.
    for (let i = 0; i < 5; i++) {
      const key = sm2RandomPrivateKey();
      const signed = text(`message ${i}`);
      const sigs = [0, 1, 2, 3].map(() => sm2Sign(signed, key));
      for (const s of sigs) expect(sm2Verify(s, signed, sm2PublicKey(key))).toBe(true);
      expect(sm2Verify(sigs[0], text(`message ${i + 1}`), sm2PublicKey(key))).toBe(false);
    }
    // Not a curve point: rejected, not cached as a key.
    const offCurve = pub.slice();
    offCurve[64] ^= 1;
    expect(sm2Verify(sig, message, offCurve)).toBe(false);
    expect(sm2Verify(sig, message, offCurve)).toBe(false);
  });
  it('Z_A depends on the ID', () => {
    const pub = sm2PublicKey(d);
    expect(hex(sm2Za(pub))).not.toBe(hex(sm2Za(pub, text('ALICE'))));
  });
  it('signs with random nonces that verify', () => {
    const key = sm2RandomPrivateKey();
    const a = sm2Sign(message, key);
    const b = sm2Sign(message, key);
    expect(hex(a)).not.toBe(hex(b));
    expect(sm2Verify(a, message, sm2PublicKey(key))).toBe(true);
    expect(sm2Verify(b, message, sm2PublicKey(key))).toBe(true);
  });
});
