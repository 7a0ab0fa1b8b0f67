import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.ts';
import { createSqliteLedgerPath } from './ledger.sqlite.ts';

/** Rows of the ledger tables (see ledger.migrations.ts). */
export interface LedgerTables {
  ledger_logs: { id: string; origin: string; hash_suite: string; lookup_by_leaf_hash: number; size: number; root_hash: Uint8Array; created_at: string; updated_at: string };
  ledger_entries: { log_id: string; idx: number; leaf_hash: Uint8Array; data: Uint8Array; appended_at: string };
  ledger_leaf_index: { leaf_hash: Uint8Array; log_id: string; idx: number };
  ledger_tiles: { log_id: string; level: number; tile_index: number; width: number; hashes: Uint8Array };
  ledger_checkpoints: { log_id: string; size: number; note: string; cosignatures: number; created_at: string; updated_at: string };
  ledger_witness_state: { witness: string; origin: string; size: number; root_hash: Uint8Array; note: string; updated_at: string };
  ledger_anchors: { log_id: string; size: number; exported_at: string; payload: string };
}

/** A log's row. */
export interface LogRow {
  id: string;
  origin: string;
  hashSuite: string;
  /** Whether entries can be found by leaf hash (kept in `ledger_leaf_index`). */
  lookupByLeafHash: boolean;
  size: number;
  rootHash: Uint8Array;
}

/** One entry to insert. */
export interface EntryRow {
  index: number;
  leafHash: Uint8Array;
  data: Uint8Array;
}

/** One tile to write (insert or widen). */
export interface TileRow {
  level: number;
  index: number;
  width: number;
  hashes: Uint8Array;
}

/** A stored entry. */
export interface StoredEntry extends EntryRow {
  appendedAt: string;
}

/** The batch a commit writes; `oldSize` guards against a second writer. */
export interface BatchWrite {
  logId: string;
  oldSize: number;
  newSize: number;
  rootHash: Uint8Array;
  entries: EntryRow[];
  /** Also write leaf hash → index rows. */
  indexLeafHashes: boolean;
  tiles: TileRow[];
  at: string;
}

/** Thrown when the stored size is not the size a writer expected: another writer appended. */
export class LogConflictError extends Error {
  constructor(readonly logId: string, readonly expectedSize: number) {
    super(`log ${logId}: stored size is no longer ${expectedSize} (another writer appended)`);
    this.name = 'LogConflictError';
  }
}

// better-sqlite3 and pg bind Buffers, not plain Uint8Arrays; both return Buffers.
const toDb = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const fromDb = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const CHUNK = 500;

/** The only code that touches the ledger tables. */
export type LedgerRepository = ReturnType<typeof createLedgerRepository>;

/**
 * Queries of the ledger engine on one database (SQLite or PostgreSQL).
 * @example const repo = createLedgerRepository(database); await repo.findLogByOrigin('example.org/log')
 */
export function createLedgerRepository(database: Database, options: { walAutocheckpoint?: number } = {}) {
  const db = database.kysely as Kysely<LedgerTables>;
  // SQLite: prepared statements for the two hot paths (commits, tile reads); same rows as below.
  const pages = options.walAutocheckpoint;
  if (pages !== undefined && (!Number.isSafeInteger(pages) || pages < 0)) throw new Error('walAutocheckpoint: must be a non-negative integer (WAL pages)');
  const fast = createSqliteLedgerPath(database, options);
  const toLog = (r: LedgerTables['ledger_logs']): LogRow => ({ id: r.id, origin: r.origin, hashSuite: r.hash_suite, lookupByLeafHash: Number(r.lookup_by_leaf_hash) === 1, size: Number(r.size), rootHash: fromDb(r.root_hash) });

  return {
    db,
    async insertLog(log: LogRow, at: string): Promise<void> {
      await db.insertInto('ledger_logs').values({ id: log.id, origin: log.origin, hash_suite: log.hashSuite, lookup_by_leaf_hash: log.lookupByLeafHash ? 1 : 0, size: log.size, root_hash: toDb(log.rootHash), created_at: at, updated_at: at }).execute();
    },
    async findLogByOrigin(origin: string): Promise<LogRow | undefined> {
      const r = await db.selectFrom('ledger_logs').selectAll().where('origin', '=', origin).executeTakeFirst();
      return r && toLog(r);
    },
    async getLog(id: string): Promise<LogRow> {
      const r = await db.selectFrom('ledger_logs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return toLog(r);
    },
    async listLogs(): Promise<LogRow[]> {
      return (await db.selectFrom('ledger_logs').selectAll().orderBy('origin').execute()).map(toLog);
    },
    /**
     * Writes one batch in one transaction: entries, tiles and the new size, or nothing.
     * `beforeCommit` (a test hook) runs inside it; it gets the Kysely transaction except on SQLite.
     */
    async commitBatch(batch: BatchWrite, beforeCommit?: (trx?: Transaction<LedgerTables>) => Promise<void>): Promise<void> {
      if (fast) {
        if (!(await fast.commitBatch(batch, beforeCommit && (() => beforeCommit())))) throw new LogConflictError(batch.logId, batch.oldSize);
        return;
      }
      await db.transaction().execute(async (trx) => {
        const updated = await trx.updateTable('ledger_logs')
          .set({ size: batch.newSize, root_hash: toDb(batch.rootHash), updated_at: batch.at })
          .where('id', '=', batch.logId).where('size', '=', batch.oldSize)
          // RETURNING rather than the affected-row count, which kysely-pglite does not report.
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw new LogConflictError(batch.logId, batch.oldSize);
        for (let i = 0; i < batch.entries.length; i += CHUNK) {
          await trx.insertInto('ledger_entries').values(batch.entries.slice(i, i + CHUNK).map((e) => ({
            log_id: batch.logId, idx: e.index, leaf_hash: toDb(e.leafHash), data: toDb(e.data), appended_at: batch.at,
          }))).execute();
          if (batch.indexLeafHashes) {
            await trx.insertInto('ledger_leaf_index').values(batch.entries.slice(i, i + CHUNK).map((e) => ({
              leaf_hash: toDb(e.leafHash), log_id: batch.logId, idx: e.index,
            }))).execute();
          }
        }
        for (let i = 0; i < batch.tiles.length; i += 100) {
          await trx.insertInto('ledger_tiles').values(batch.tiles.slice(i, i + 100).map((t) => ({
            log_id: batch.logId, level: t.level, tile_index: t.index, width: t.width, hashes: toDb(t.hashes),
          }))).onConflict((oc) => oc.columns(['log_id', 'level', 'tile_index']).doUpdateSet((eb) => ({
            width: eb.ref('excluded.width'), hashes: eb.ref('excluded.hashes'),
          }))).execute();
        }
        if (beforeCommit) await beforeCommit(trx);
      });
    },
    async readTiles(logId: string, keys: readonly { level: number; index: number }[]): Promise<TileRow[]> {
      if (fast) return fast.readTiles(logId, keys);
      // One indexed lookup per level (`level = ? and tile_index in (…)`): an OR of (level, index)
      // pairs made SQLite scan every tile of the log.
      const byLevel = new Map<number, number[]>();
      for (const k of keys) byLevel.set(k.level, [...(byLevel.get(k.level) ?? []), k.index]);
      const out: TileRow[] = [];
      for (const [level, indexes] of byLevel) {
        const rows = await db.selectFrom('ledger_tiles').select(['level', 'tile_index', 'width', 'hashes'])
          .where('log_id', '=', logId).where('level', '=', level).where('tile_index', 'in', indexes)
          .execute();
        for (const r of rows) out.push({ level: Number(r.level), index: Number(r.tile_index), width: Number(r.width), hashes: fromDb(r.hashes) });
      }
      return out;
    },
    async getEntry(logId: string, index: number): Promise<StoredEntry | undefined> {
      const r = await db.selectFrom('ledger_entries').selectAll().where('log_id', '=', logId).where('idx', '=', index).executeTakeFirst();
      return r && { index: Number(r.idx), leafHash: fromDb(r.leaf_hash), data: fromDb(r.data), appendedAt: r.appended_at };
    },
    async findEntriesByLeafHash(logId: string, leafHash: Uint8Array): Promise<StoredEntry[]> {
      const hits = await db.selectFrom('ledger_leaf_index').select('idx')
        .where('leaf_hash', '=', toDb(leafHash)).where('log_id', '=', logId).execute();
      if (hits.length === 0) return [];
      const rows = await db.selectFrom('ledger_entries').selectAll()
        .where('log_id', '=', logId).where('idx', 'in', hits.map((h) => Number(h.idx))).orderBy('idx').execute();
      return rows.map((r) => ({ index: Number(r.idx), leafHash: fromDb(r.leaf_hash), data: fromDb(r.data), appendedAt: r.appended_at }));
    },
    async saveCheckpoint(logId: string, size: number, note: string, cosignatures: number, at: string): Promise<void> {
      await db.insertInto('ledger_checkpoints').values({ log_id: logId, size, note, cosignatures, created_at: at, updated_at: at })
        .onConflict((oc) => oc.columns(['log_id', 'size']).doUpdateSet({ note, cosignatures, updated_at: at })).execute();
    },
    async latestCheckpoint(logId: string, minCosignatures = 0): Promise<{ size: number; note: string; cosignatures: number } | undefined> {
      const r = await db.selectFrom('ledger_checkpoints').select(['size', 'note', 'cosignatures'])
        .where('log_id', '=', logId).where('cosignatures', '>=', minCosignatures).orderBy('size', 'desc').limit(1).executeTakeFirst();
      return r && { size: Number(r.size), note: r.note, cosignatures: Number(r.cosignatures) };
    },
    async insertAnchor(logId: string, size: number, exportedAt: string, payload: string): Promise<void> {
      await db.insertInto('ledger_anchors').values({ log_id: logId, size, exported_at: exportedAt, payload }).execute();
    },
    async listAnchors(logId: string): Promise<{ size: number; exportedAt: string; payload: string }[]> {
      const rows = await db.selectFrom('ledger_anchors').selectAll().where('log_id', '=', logId).orderBy('exported_at').execute();
      return rows.map((r) => ({ size: Number(r.size), exportedAt: r.exported_at, payload: r.payload }));
    },
    async getWitnessState(witness: string, origin: string): Promise<{ size: number; rootHash: Uint8Array; note: string } | undefined> {
      const r = await db.selectFrom('ledger_witness_state').select(['size', 'root_hash', 'note']).where('witness', '=', witness).where('origin', '=', origin).executeTakeFirst();
      return r && { size: Number(r.size), rootHash: fromDb(r.root_hash), note: r.note };
    },
    /** Moves a witness's state from oldSize to a new checkpoint only if it is still at oldSize (undefined = no state yet). */
    async advanceWitnessState(witness: string, origin: string, oldSize: number | undefined, next: { size: number; rootHash: Uint8Array; note: string }, at: string): Promise<boolean> {
      const values = { size: next.size, root_hash: toDb(next.rootHash), note: next.note, updated_at: at };
      const row = oldSize === undefined
        ? await db.insertInto('ledger_witness_state').values({ witness, origin, ...values })
          .onConflict((oc) => oc.columns(['witness', 'origin']).doNothing()).returning('size').executeTakeFirst()
        : await db.updateTable('ledger_witness_state').set(values)
          .where('witness', '=', witness).where('origin', '=', origin).where('size', '=', oldSize).returning('size').executeTakeFirst();
      return row !== undefined;
    },
    toDb,
    fromDb,
  };
}
