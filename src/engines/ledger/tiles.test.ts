import { describe, expect, it } from 'vitest';
import { deserializeTile, hashInTile, rowOffset, serializeTile, tileAddress, tileByteLength } from './tiles.ts';

describe('tile layout', () => {
  it('addresses nodes: level 8L+k, index i → tile (L, ⌊i / 2^(8−k)⌋), row k', () => {
    expect(tileAddress({ level: 0, index: 300 })).toEqual({ level: 0, index: 1, row: 0, position: 44 });
    expect(tileAddress({ level: 3, index: 33 })).toEqual({ level: 0, index: 1, row: 3, position: 1 });
    expect(tileAddress({ level: 8, index: 256 })).toEqual({ level: 1, index: 1, row: 0, position: 0 });
    expect(tileAddress({ level: 23, index: 2 ** 20 + 1 })).toEqual({ level: 2, index: 2 ** 19, row: 7, position: 1 });
  });
  it('stores ⌊W/2^k⌋ hashes in row k', () => {
    expect(rowOffset(256, 8)).toBe(510);
    expect(tileByteLength(256)).toBe(510 * 32);
    expect(rowOffset(5, 8)).toBe(5 + 2 + 1);
  });
  it('serializes and reads back a partial tile', () => {
    const h = (n: number) => new Uint8Array(32).fill(n);
    const tile = { level: 0, index: 0, rows: [[h(1), h(2), h(3), h(4), h(5)], [h(6), h(7)], [h(8)], [], [], [], [], []] };
    const { width, hashes } = serializeTile(tile);
    expect(width).toBe(5);
    expect(hashInTile(hashes, width, 1, 1)).toEqual(h(7));
    expect(hashInTile(hashes, width, 2, 0)).toEqual(h(8));
    expect(hashInTile(hashes, width, 2, 1)).toBeUndefined();
    expect(deserializeTile(0, 0, width, hashes).rows).toEqual(tile.rows);
  });
});
