import { describe, expect, it } from 'vitest';
import { DEMO_MASTER_KEY, loadConfig, parseMasterKey } from './config.ts';

describe('MASTER_KEY', () => {
  it('takes 64 hex digits or 44 base64 characters', () => {
    const hex = 'ab'.repeat(32);
    expect(parseMasterKey(hex)).toEqual(new Uint8Array(32).fill(0xab));
    expect(parseMasterKey(Buffer.from(new Uint8Array(32).fill(7)).toString('base64'))).toEqual(new Uint8Array(32).fill(7));
    expect(parseMasterKey('abc')).toBeUndefined();
    expect(loadConfig({ MASTER_KEY: hex, DEMO_ENTERPRISES: '0' }).masterKey).toEqual(new Uint8Array(32).fill(0xab));
  });
  it('falls back to the public demo key only in demo mode, and names a bad value', () => {
    expect(loadConfig({}).masterKey).toBe(DEMO_MASTER_KEY);
    expect(loadConfig({ DEMO_ENTERPRISES: '0' }).masterKey).toBeNull();
    expect(() => loadConfig({ MASTER_KEY: 'short' })).toThrow(/MASTER_KEY: must be 32 bytes/);
  });
});
