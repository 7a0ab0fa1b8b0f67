import type { HashSuite } from './hash-suite.ts';
import { foldRight, type NodeId } from './merkle.ts';
import { deserializeTile, serializeTile, tileAddress, tileKey, TILE_HEIGHT, TILE_WIDTH, type TileBuffer } from './tiles.ts';
import type { TileRow } from './ledger.repository.ts';

/**
 * The right edge of a log's tree in memory: the complete subtrees whose fold is the root
 * (the "frontier", at most one per bit of the size) and the partial tile of each level.
 * Appending a leaf creates exactly the new complete nodes, which go into their tiles;
 * only the tiles touched since the last `takeDirtyTiles` are written.
 */
export class TreeState {
  private frontier: { level: number; hash: Uint8Array }[] = [];
  private buffers: TileBuffer[] = [];
  private dirty = new Map<string, TileBuffer>();

  private constructor(private readonly suite: HashSuite, public size: number) {}

  /** An empty tree. */
  static empty(suite: HashSuite): TreeState {
    return new TreeState(suite, 0);
  }

  /**
   * The state of a stored tree of `size` leaves, from its partial tiles (one per level).
   * `readTiles` returns the stored rows of the keys asked for.
   */
  static async load(suite: HashSuite, size: number, readTiles: (keys: { level: number; index: number }[]) => Promise<TileRow[]>): Promise<TreeState> {
    const state = new TreeState(suite, size);
    const keys: { level: number; index: number; width: number }[] = [];
    for (let level = 0; TILE_WIDTH ** level <= size; level++) {
      const count = Math.floor(size / TILE_WIDTH ** level);
      const width = count % TILE_WIDTH;
      if (width > 0) keys.push({ level, index: Math.floor(count / TILE_WIDTH), width });
    }
    const rows = await readTiles(keys);
    for (const k of keys) {
      const row = rows.find((r) => r.level === k.level && r.index === k.index);
      if (!row || row.width < k.width) throw new Error(`tree of size ${size}: tile ${k.level}/${k.index} is missing or narrower than ${k.width}`);
      // A stored partial tile may be wider than this size only if a failed writer left it; cut it back.
      const full = deserializeTile(k.level, k.index, row.width, row.hashes);
      state.buffers[k.level] = { level: k.level, index: k.index, rows: full.rows.map((r, i) => r.slice(0, Math.floor(k.width / 2 ** i))) };
    }
    // Frontier: one complete subtree per set bit of size, largest first, all inside the partial tiles.
    let start = 0;
    for (let level = Math.floor(Math.log2(Math.max(size, 1))) + 1; level >= 0; level--) {
      if (start + 2 ** level <= size) {
        state.frontier.push({ level, hash: state.nodeHash({ level, index: start / 2 ** level }) });
        start += 2 ** level;
      }
    }
    return state;
  }

  private nodeHash(node: NodeId): Uint8Array {
    const a = tileAddress(node);
    const buf = this.buffers[a.level];
    const h = buf && buf.index === a.index ? buf.rows[a.row][a.position] : undefined;
    if (!h) throw new Error(`node ${node.level}/${node.index} is not on the right edge of the tree`);
    return h;
  }

  private addNode(level: number, index: number, hash: Uint8Array): void {
    const a = tileAddress({ level, index });
    let buf = this.buffers[a.level];
    if (!buf || buf.index !== a.index) {
      buf = { level: a.level, index: a.index, rows: Array.from({ length: TILE_HEIGHT }, () => []) };
      this.buffers[a.level] = buf;
    }
    buf.rows[a.row].push(hash);
    this.dirty.set(tileKey(buf.level, buf.index), buf);
  }

  /** Appends one leaf hash; returns its index. */
  append(leafHash: Uint8Array): number {
    const index = this.size;
    let hash = leafHash;
    let level = 0;
    let i = index;
    this.addNode(0, i, hash);
    // One merge per trailing 1-bit of the index: each closes a complete subtree.
    while (i % 2 === 1) {
      hash = this.suite.nodeHash(this.frontier.pop()!.hash, hash);
      level++;
      i = Math.floor(i / 2);
      this.addNode(level, i, hash);
    }
    this.frontier.push({ level, hash });
    this.size++;
    return index;
  }

  /** The root hash of the current size. */
  root(): Uint8Array {
    return this.frontier.length === 0 ? this.suite.emptyRoot() : foldRight(this.suite, this.frontier.map((f) => f.hash));
  }

  /** The tiles changed since the last call, serialized, and forgets them. */
  takeDirtyTiles(): TileRow[] {
    const rows = [...this.dirty.values()].map((t) => ({ level: t.level, index: t.index, ...serializeTile(t) }));
    this.dirty.clear();
    return rows;
  }
}
