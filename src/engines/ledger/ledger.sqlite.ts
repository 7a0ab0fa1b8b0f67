import { nativeSqliteHandle, type Database } from '../../db/index.ts';
import type { BatchWrite, TileRow } from './ledger.repository.ts';

/** The part of a better-sqlite3 statement used here (the driver itself is src/db's to import). */
interface Statement {
  run(...params: unknown[]): { changes: number };
  all(...params: unknown[]): unknown[];
}

type TileDbRow = { level: number; tile_index: number; width: number; hashes: Uint8Array };

/** Rows per multi-row INSERT: one statement call carries this many entries. */
const ROWS = 64;
/**
 * WAL pages after which the ledger's own commits checkpoint (SQLite's default is 1,000 pages,
 * 4 MiB). A batch with lookup by leaf hash dirties about one page per entry, so with the default
 * nearly every commit also ran a checkpoint (copy + two fsyncs); at 8,192 pages (32 MiB) one
 * checkpoint serves several commits and pages dirtied again are copied once.
 */
export const LEDGER_WAL_AUTOCHECKPOINT = 8192;

/**
 * The two hot paths of the ledger on a local SQLite file, as better-sqlite3 prepared
 * statements instead of a Kysely round of building, compiling and preparing per query:
 * committing a batch (≈ 2× less CPU per append) and reading tiles for proofs. They write and
 * read exactly the rows the portable Kysely path does (ledger.repository.ts). Each call holds
 * Kysely's single connection (`connection().execute`) so no other query interleaves with it.
 * Undefined when the database is not SQLite.
 */
export function createSqliteLedgerPath(database: Database, options: { walAutocheckpoint?: number } = {}) {
  const handle = database.family === 'sqlite' ? nativeSqliteHandle(database) : undefined;
  if (!handle) return undefined;
  const cache = new Map<string, Statement>();
  const prepared = (text: string): Statement => {
    let st = cache.get(text);
    if (!st) cache.set(text, (st = handle.prepare(text) as unknown as Statement));
    return st;
  };
  const placeholders = (columns: number, rows: number) => Array.from({ length: rows }, () => `(${Array.from({ length: columns }, () => '?').join(', ')})`).join(', ');
  const insertEntries = (rows: number) => prepared(`insert into ledger_entries (log_id, idx, leaf_hash, data, appended_at) values ${placeholders(5, rows)}`);
  const insertLookup = (rows: number) => prepared(`insert into ledger_leaf_index (leaf_hash, log_id, idx) values ${placeholders(3, rows)}`);
  const upsertTile = prepared(`insert into ledger_tiles (log_id, level, tile_index, width, hashes) values (?, ?, ?, ?, ?)
    on conflict (log_id, level, tile_index) do update set width = excluded.width, hashes = excluded.hashes`);
  const advanceHead = prepared('update ledger_logs set size = ?, root_hash = ?, updated_at = ? where id = ? and size = ?');
  const readTile = prepared('select level, tile_index, width, hashes from ledger_tiles where log_id = ? and level = ? and tile_index = ?');
  // Set around the ledger's commits only; other modules' commits keep the connection's setting.
  const connectionAutocheckpoint = Number(handle.pragma('wal_autocheckpoint', { simple: true }));
  // Never below the connection's own: an SQLite file's checkpointer thread copies the WAL in the background and
  // leaves the connection a backstop far above this (src/db), so the ledger's commits do no checkpoint themselves.
  const pages = options.walAutocheckpoint ?? Math.max(LEDGER_WAL_AUTOCHECKPOINT, connectionAutocheckpoint);
  // Unchanged (the usual case beside a checkpointer thread), the setting is left alone: no statement around commits.
  const ownInterval = pages !== connectionAutocheckpoint;
  const ledgerCheckpoints = prepared(`pragma wal_autocheckpoint = ${pages}`);
  const defaultCheckpoints = prepared(`pragma wal_autocheckpoint = ${connectionAutocheckpoint}`);
  const begin = prepared('begin immediate');
  const commit = prepared('commit');
  const rollback = prepared('rollback');
  const buf = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

  function writeRows(batch: BatchWrite): void {
    const { logId, at, entries } = batch;
    let i = 0;
    for (; i + ROWS <= entries.length; i += ROWS) {
      const params: unknown[] = [];
      const lookup: unknown[] = [];
      for (let j = i; j < i + ROWS; j++) {
        const e = entries[j];
        const leafHash = buf(e.leafHash);
        params.push(logId, e.index, leafHash, buf(e.data), at);
        lookup.push(leafHash, logId, e.index);
      }
      insertEntries(ROWS).run(...params);
      if (batch.indexLeafHashes) insertLookup(ROWS).run(...lookup);
    }
    for (; i < entries.length; i++) {
      const e = entries[i];
      insertEntries(1).run(logId, e.index, buf(e.leafHash), buf(e.data), at);
      if (batch.indexLeafHashes) insertLookup(1).run(buf(e.leafHash), logId, e.index);
    }
    for (const t of batch.tiles) upsertTile.run(logId, t.level, t.index, t.width, buf(t.hashes));
  }

  return {
    /**
     * Writes one batch in one transaction (`begin immediate` … `commit`), or nothing; false when
     * the stored size is not `oldSize` (another writer appended).
     */
    commitBatch(batch: BatchWrite, beforeCommit?: () => Promise<void>): Promise<boolean> {
      return database.kysely.connection().execute(async () => {
        begin.run();
        try {
          if (advanceHead.run(batch.newSize, buf(batch.rootHash), batch.at, batch.logId, batch.oldSize).changes !== 1) {
            rollback.run();
            return false;
          }
          writeRows(batch);
          if (beforeCommit) await beforeCommit();
          if (ownInterval) ledgerCheckpoints.run();
          try {
            commit.run();
          } finally {
            if (ownInterval) defaultCheckpoints.run();
          }
          return true;
        } catch (error) {
          if (handle.inTransaction) rollback.run();
          throw error;
        }
      });
    },
    /** The stored tiles among these keys (missing ones are left out). */
    readTiles(logId: string, keys: readonly { level: number; index: number }[]): Promise<TileRow[]> {
      return database.kysely.connection().execute(async () => {
        const out: TileRow[] = [];
        for (const k of keys) {
          for (const r of readTile.all(logId, k.level, k.index) as TileDbRow[]) {
            out.push({ level: Number(r.level), index: Number(r.tile_index), width: Number(r.width), hashes: new Uint8Array(r.hashes.buffer, r.hashes.byteOffset, r.hashes.byteLength) });
          }
        }
        return out;
      });
    },
  };
}

/** The SQLite fast path of one database. */
export type SqliteLedgerPath = NonNullable<ReturnType<typeof createSqliteLedgerPath>>;
