import type { HashSuite } from './hash-suite.ts';
import { consistencyPlan, foldRight, inclusionPlan, planNodes, rangeNodes, type NodeId, type ProofItem } from './merkle.ts';
import { hashInTile, tileAddress, tileKey, TILE_WIDTH } from './tiles.ts';
import type { LedgerRepository, TileRow } from './ledger.repository.ts';

/**
 * Proofs and historical roots of one log, read from its stored tiles: one query per proof,
 * at most one tile per 8 tree levels. Full tiles never change, so a small LRU keeps them.
 * @example const reader = createProofReader({ repo, logId, suite }); await reader.inclusionProof(3, 10)
 */
export function createProofReader(deps: { repo: LedgerRepository; logId: string; suite: HashSuite; cacheTiles?: number }) {
  const { repo, logId, suite } = deps;
  const capacity = deps.cacheTiles ?? 256;
  const cache = new Map<string, TileRow>();

  async function nodeHashes(nodes: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
    const tiles = new Map<string, TileRow>();
    const missing = new Map<string, { level: number; index: number }>();
    for (const n of nodes) {
      const a = tileAddress(n);
      const key = tileKey(a.level, a.index);
      const cached = cache.get(key);
      if (cached) {
        cache.delete(key);
        cache.set(key, cached);
        tiles.set(key, cached);
      } else missing.set(key, { level: a.level, index: a.index });
    }
    for (const row of await repo.readTiles(logId, [...missing.values()])) {
      const key = tileKey(row.level, row.index);
      tiles.set(key, row);
      if (row.width === TILE_WIDTH && capacity > 0) {
        cache.set(key, row);
        if (cache.size > capacity) cache.delete(cache.keys().next().value!);
      }
    }
    const out = new Map<string, Uint8Array>();
    for (const n of nodes) {
      const a = tileAddress(n);
      const tile = tiles.get(tileKey(a.level, a.index));
      const h = tile && hashInTile(tile.hashes, tile.width, a.row, a.position);
      if (!h) throw new Error(`log ${logId}: node ${n.level}/${n.index} is not stored (tree smaller than asked?)`);
      out.set(`${n.level}/${n.index}`, h);
    }
    return out;
  }

  async function materialize(items: ProofItem[]): Promise<Uint8Array[]> {
    const hashes = await nodeHashes(planNodes(items));
    return items.map((item) => foldRight(suite, item.map((n) => hashes.get(`${n.level}/${n.index}`)!)));
  }

  return {
    /** Inclusion proof of leaf `index` in the tree of `size` leaves (size ≤ committed size). */
    inclusionProof: (index: number, size: number) => materialize(inclusionPlan(index, size)),
    /** Consistency proof from size1 to size2 (0 < size1 ≤ size2 ≤ committed size). */
    consistencyProof: (size1: number, size2: number) => materialize(consistencyPlan(size1, size2)),
    /** Root hash of the tree at any committed size. */
    async rootAt(size: number): Promise<Uint8Array> {
      if (size === 0) return suite.emptyRoot();
      const [root] = await materialize([rangeNodes(0, size)]);
      return root;
    },
    /** Forgets cached tiles (tests, or after restoring a backup). */
    clearCache: () => cache.clear(),
  };
}

/** The proof reader of one log. */
export type ProofReader = ReturnType<typeof createProofReader>;
