import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from '../database.ts';

const handles = new WeakMap<object, BetterSqlite3.Database>();

/** Opens (creating if needed) an SQLite file in WAL mode, or `:memory:`. */
export function openSqlite(file: string): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const native = new BetterSqlite3(file);
  // WAL: readers never block the writer; NORMAL sync stays durable across process crashes in WAL mode.
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  // A 128 MiB page cache (allocated as used): bulk imports of 1 M enterprises ran in half the time (docs/benchmarks.md).
  native.pragma('cache_size = -131072');
  const kysely = new Kysely({ dialect: new SqliteDialect({ database: native }) });
  handles.set(kysely, native);
  return { kysely, family: 'sqlite', engine: 'sqlite', description: `sqlite:${file}`, close: () => kysely.destroy() };
}

/** The better-sqlite3 handle behind a database from `openSqlite` (online backup needs it). */
export function nativeSqliteHandle(database: Database): BetterSqlite3.Database | undefined {
  return handles.get(database.kysely);
}
