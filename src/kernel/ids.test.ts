import { describe, expect, it } from 'vitest';
import { createIdGenerator } from './ids.ts';

describe('createIdGenerator', () => {
  it('makes distinct, well-formed ULIDs across refills of its random pool', () => {
    const ids = createIdGenerator(() => 1_767_225_600_000);
    const made = Array.from({ length: 2000 }, () => ids.next('aud'));
    for (const id of made) expect(id).toMatch(/^aud_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(made).size).toBe(made.length);
    // Same millisecond: the time part is shared, the random part differs.
    expect(new Set(made.map((id) => id.slice(4, 14))).size).toBe(1);
  });
});
