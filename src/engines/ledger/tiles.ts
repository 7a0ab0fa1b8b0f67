import type { NodeId } from './merkle.ts';

/**
 * The tree stored as tiles, after c2sp.org/tlog-tiles: a tile of level L and index T holds
 * the hashes of tree height 8L, indices 256·T … 256·T + W − 1 (W = width, 1…256; a tile
 * with W < 256 is partial and grows until full, then never changes).
 *
 * Difference from tlog-tiles, so proofs need no hashing: after the W hashes of height 8L
 * (row 0, exactly a tlog-tiles tile) the tile also stores rows 1…7, the complete nodes of
 * heights 8L+1 … 8L+7 inside it (⌊W/2^k⌋ hashes in row k). A proof then reads at most one
 * tile per 8 levels and hashes only across the right edge.
 */
/** Tree levels per tile (tlog-tiles uses 8). */
export const TILE_HEIGHT = 8;
/** Hashes in the bottom row of a full tile: 2^TILE_HEIGHT. */
export const TILE_WIDTH = 256;
const HASH = 32;

/** Where a node lives: tile level and index, row inside the tile and position in the row. */
export interface TileAddress {
  level: number;
  index: number;
  row: number;
  position: number;
}

/** The tile address of a complete-subtree node. */
export function tileAddress(node: NodeId): TileAddress {
  const level = Math.floor(node.level / TILE_HEIGHT);
  const row = node.level % TILE_HEIGHT;
  const perTile = 2 ** (TILE_HEIGHT - row);
  return { level, index: Math.floor(node.index / perTile), row, position: node.index % perTile };
}

/** Number of hashes before row k in a tile of a width. */
export function rowOffset(width: number, row: number): number {
  let n = 0;
  for (let r = 0; r < row; r++) n += Math.floor(width / 2 ** r);
  return n;
}

/** Byte length of a tile of a width. */
export function tileByteLength(width: number): number {
  return rowOffset(width, TILE_HEIGHT) * HASH;
}

/** The hash at an address inside a stored tile, or undefined if the tile is too narrow. */
export function hashInTile(hashes: Uint8Array, width: number, row: number, position: number): Uint8Array | undefined {
  if (position >= Math.floor(width / 2 ** row)) return undefined;
  const at = (rowOffset(width, row) + position) * HASH;
  return hashes.subarray(at, at + HASH);
}

/** A tile being filled in memory. */
export interface TileBuffer {
  level: number;
  index: number;
  rows: Uint8Array[][];
}

/** The stored form of a tile buffer: width and the rows concatenated. */
export function serializeTile(tile: TileBuffer): { width: number; hashes: Uint8Array } {
  const width = tile.rows[0].length;
  const out = new Uint8Array(tileByteLength(width));
  let at = 0;
  for (let r = 0; r < TILE_HEIGHT; r++) {
    for (let j = 0; j < Math.floor(width / 2 ** r); j++) {
      out.set(tile.rows[r][j], at);
      at += HASH;
    }
  }
  return { width, hashes: out };
}

/** A tile buffer from its stored form (for the partial tile at the right edge). */
export function deserializeTile(level: number, index: number, width: number, hashes: Uint8Array): TileBuffer {
  const rows: Uint8Array[][] = [];
  for (let r = 0; r < TILE_HEIGHT; r++) {
    const row: Uint8Array[] = [];
    for (let j = 0; j < Math.floor(width / 2 ** r); j++) row.push(hashInTile(hashes, width, r, j)!.slice());
    rows.push(row);
  }
  return { level, index, rows };
}

/** The tile key used in maps: `level/index`. */
export const tileKey = (level: number, index: number): string => `${level}/${index}`;
