import type { CompiledQuery } from 'kysely';
import { nativePostgresPool, nativeSqliteCommittedReader, nativeSqliteHandle, type Database } from '../../db/index.ts';

/** The part of a better-sqlite3 statement used here (the driver itself is src/db's to import). */
interface RawStatement {
  all(...params: unknown[]): unknown[][];
  iterate(...params: unknown[]): IterableIterator<unknown[]>;
}

/** Runs a compiled query and answers its rows as arrays in the select's column order. */
export type RawRowReader = (query: CompiledQuery) => Promise<unknown[][]>;

/** Streams every row of a compiled query as arrays, `chunk` rows at a time, to `onRows`. */
export type RawRowScanner = (query: CompiledQuery, onRows: (rows: unknown[][]) => void, chunk?: number) => Promise<void>;

/**
 * A reader of rows as arrays for bulk scans (snapshot builds, hot reads): on SQLite through
 * better-sqlite3 statements prepared once per SQL text in raw mode (no object per row, no Kysely
 * round per call); elsewhere through Kysely, with each row's values taken in column order.
 * `committed` (hot reads answering requests): on SQLite, read through `nativeSqliteCommittedReader`,
 * so a read made while another caller's transaction is open on the connection does not see its rows.
 */
export function createRawRowReader(database: Database, opts: { committed?: boolean } = {}): RawRowReader {
  const handle = database.family === 'sqlite' ? nativeSqliteHandle(database) : undefined;
  if (handle) {
    // Statements per connection: the main one, and the read-only one a committed read may use.
    const caches = new Map<object, Map<string, RawStatement>>();
    return async (query) => {
      const on = (opts.committed ? nativeSqliteCommittedReader(database) : undefined) ?? handle;
      let cache = caches.get(on);
      if (!cache) caches.set(on, (cache = new Map()));
      let st = cache.get(query.sql);
      if (!st) cache.set(query.sql, (st = on.prepare(query.sql).raw(true) as unknown as RawStatement));
      return st.all(...query.parameters);
    };
  }
  const pool = database.engine === 'postgres' ? nativePostgresPool(database) : undefined;
  // node-postgres in array mode: no object per row to build and then take apart.
  if (pool) return async (query) => (await pool.query({ text: query.sql, values: [...query.parameters], rowMode: 'array' })).rows as unknown[][];
  return async (query) => (await database.kysely.executeQuery<Record<string, unknown>>(query)).rows.map((r) => Object.values(r));
}

/**
 * A scanner of a whole query's rows as arrays, in chunks: on SQLite one statement iterated
 * synchronously (the connection is not free for other statements meanwhile, so the scan runs to
 * its end without yielding); on PostgreSQL a cursor on a pooled connection, in a transaction of
 * its own, fetched chunk by chunk in array mode; on PGlite (one connection for all) one query.
 */
export function createRawRowScanner(database: Database): RawRowScanner {
  const handle = database.family === 'sqlite' ? nativeSqliteHandle(database) : undefined;
  if (handle) {
    return async (query, onRows, chunk = 8192) => {
      const st = handle.prepare(query.sql).raw(true) as unknown as RawStatement;
      let rows: unknown[][] = [];
      for (const row of st.iterate(...query.parameters)) {
        rows.push(row);
        if (rows.length === chunk) {
          onRows(rows);
          rows = [];
        }
      }
      if (rows.length) onRows(rows);
    };
  }
  const pool = database.engine === 'postgres' ? nativePostgresPool(database) : undefined;
  if (!pool) {
    // PGlite: one connection shared by every caller (no transaction of its own): one query, handed over in chunks.
    return async (query, onRows, chunk = 8192) => {
      const rows = (await database.kysely.executeQuery<Record<string, unknown>>(query)).rows;
      for (let i = 0; i < rows.length; i += chunk) onRows(rows.slice(i, i + chunk).map((r) => Object.values(r)));
    };
  }
  let cursors = 0;
  // A cursor on a pooled connection of its own, its chunks fetched in array mode (no object per row).
  return async (query, onRows, chunk = 8192) => {
    const cursor = `registry_scan_${++cursors}`;
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`declare ${cursor} no scroll cursor for ${query.sql}`, [...query.parameters]);
      const fetch = () => client.query({ text: `fetch forward ${Math.floor(chunk)} from ${cursor}`, rowMode: 'array' });
      for (let next = fetch(); ; ) {
        const { rows } = await next;
        // The next chunk is asked for before this one is handed over: the server reads it meanwhile.
        if (rows.length === chunk) next = fetch();
        if (rows.length) onRows(rows as unknown[][]);
        if (rows.length < chunk) break;
      }
      await client.query(`close ${cursor}`);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}
