import { describe, expect, it } from 'vitest';
import { firstTooDeep } from './json-depth.ts';

describe('firstTooDeep', () => {
  it('finds the first object or array past the limit, counting the value as level 1', () => {
    expect(firstTooDeep({ a: [{ b: {} }] }, 4)).toBeUndefined();
    expect(firstTooDeep({ a: [{ b: {} }] }, 3)).toEqual(['a', '0', 'b']);
    expect(firstTooDeep({ a: [{ b: {} }] }, 2)).toEqual(['a', '0']);
    expect(firstTooDeep([1, 'x', null], 1)).toBeUndefined();
    expect(firstTooDeep('text', 0)).toBeUndefined();
  });
  it('measures values nested far deeper than the stack would allow a recursive walk', () => {
    let deep: unknown = {};
    for (let i = 0; i < 200_000; i++) deep = { k: [deep] };
    expect(firstTooDeep(deep, 64)).toEqual(Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? 'k' : '0')));
  });
});
