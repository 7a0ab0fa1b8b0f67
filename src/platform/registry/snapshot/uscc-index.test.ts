import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUsccIndex, openUsccIndex } from './uscc-index.ts';

const CODE = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const uscc = fc.array(fc.constantFrom(...CODE), { minLength: 18, maxLength: 18 }).map((c) => c.join(''));
// Keys the compact form cannot hold (wrong length, lower case, other characters) go through the fallback.
const odd = fc.oneof(fc.string({ maxLength: 20 }), uscc.map((u) => u.toLowerCase()), uscc.map((u) => `${u.slice(0, 17)}-`));

describe('USCC → row index', () => {
  it('answers what a Map of first occurrences answers, for present and absent keys', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(uscc, uscc, odd), { maxLength: 300 }), fc.array(fc.oneof(uscc, odd), { maxLength: 50 }), fc.boolean(), (keys, probes, shared) => {
        const reference = new Map<string, number>();
        keys.forEach((k, i) => reference.has(k) || reference.set(k, i));
        const index = createUsccIndex(keys, { shared });
        // The same arrays opened again, as a worker thread does.
        const reopened = openUsccIndex(index.data);
        for (const k of [...keys, ...probes]) {
          expect(index.get(k)).toBe(reference.get(k) ?? -1);
          expect(reopened.get(k)).toBe(reference.get(k) ?? -1);
        }
      }),
    );
  });

  it('keeps codes that differ in one character apart', () => {
    const a = '91330106MA27XYZ00A';
    const b = '91330106MA27XYZ00B';
    const index = createUsccIndex([a, b]);
    expect([index.get(a), index.get(b), index.get('91330106MA27XYZ00C')]).toEqual([0, 1, -1]);
  });
});
