import { describe, expect, it } from 'vitest';
import { sm3 } from './sm3.ts';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const ascii = (s: string) => new TextEncoder().encode(s);

describe('SM3 (GB/T 32905-2016 Annex A)', () => {
  it('hashes the standard examples', () => {
    expect(hex(sm3(ascii('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(hex(sm3(ascii('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
  it('hashes parts as their concatenation', () => {
    expect(hex(sm3(ascii('ab'), ascii('c')))).toBe(hex(sm3(ascii('abc'))));
  });
});
