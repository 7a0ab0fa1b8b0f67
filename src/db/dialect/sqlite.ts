import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from '../database.ts';
import { BACKSTOP_FRAMES, startCheckpointer } from './sqlite-checkpointer.ts';

const handles = new WeakMap<object, BetterSqlite3.Database>();
/** Per database: its file (null: in memory) and, once asked for, its read-only connection. */
const readers = new WeakMap<object, { file: string | null; reader?: BetterSqlite3.Database }>();

/**
 * Opens (creating if needed) an SQLite file in WAL mode, or `:memory:`. A file gets a checkpointer thread
 * (sqlite-checkpointer.ts) unless `checkpointer` is `'shared'`: another connection of this process to the same
 * file has one (the flow engine's group-commit writer thread).
 */
export function openSqlite(file: string, options: { checkpointer?: 'own' | 'shared' } = {}): Database {
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const native = new BetterSqlite3(file);
  // WAL: readers never block the writer; NORMAL sync stays durable across process crashes in WAL mode.
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  // A 128 MiB page cache (allocated as used): bulk imports of 1 M enterprises ran in half the time (docs/benchmarks.md).
  native.pragma('cache_size = -131072');
  // A file's WAL is copied into it by a thread of its own (sqlite-checkpointer.ts): the connection's own automatic
  // checkpoint, which would do the copy and its fsyncs inside the commit that crosses the threshold, is a backstop.
  // (Before the thread: every 10,000 pages instead of SQLite's 1,000, where checkpoint fsyncs fell inside short
  // commits — flow steps, ledger batches — and halved their rate; docs/benchmarks.md, flow.)
  const checkpointer = inMemory || options.checkpointer === 'shared' ? undefined : startCheckpointer(file);
  native.pragma(`wal_autocheckpoint = ${inMemory ? 10000 : BACKSTOP_FRAMES}`);
  const kysely = new Kysely({ dialect: new SqliteDialect({ database: withStatementCache(native) }) });
  handles.set(kysely, native);
  const read = { file: inMemory ? null : file } as { file: string | null; reader?: BetterSqlite3.Database };
  readers.set(kysely, read);
  const close = async () => {
    await checkpointer?.close();
    read.reader?.close();
    read.reader = undefined;
    await kysely.destroy();
  };
  return { kysely, family: 'sqlite', engine: 'sqlite', description: `sqlite:${file}`, close };
}

// Kysely's SQLite driver prepares every query anew (tens of µs of a request's CPU); the same SQL
// text reuses its statement instead. Kysely runs each to completion (all/run) before the next, so a
// shared statement is never busy; queries streamed with Kysely's `.stream()` must not share SQL text.
const STATEMENT_CACHE = 500;
const STATEMENT_TEXT_MAX = 4096;

function withStatementCache(native: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql) {
      let st = cache.get(sql);
      if (st) return st;
      st = withRowsBuiltHere(native.prepare(sql));
      if (sql.length > STATEMENT_TEXT_MAX) return st; // bulk inserts: many parameters, seldom the same text
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      cache.set(sql, st);
      return st;
    },
    close: () => native.close(),
  };
}

/** Makes a row object from a raw row (its values in column order). */
type RowBuilder = (row: unknown[]) => Record<string, unknown>;
const builders = new Map<string, RowBuilder>();

/**
 * A select's rows as objects built here from raw rows: better-sqlite3 builds each row's object property by property
 * from C strings (a lookup in V8's string table per column and row), which in a process with a large heap cost
 * 20 µs for a row of 18 columns (a flow inbox of 5,000 tasks: 100–120 ms); an object literal made once per column
 * list builds it at a fifth of that. The same objects: columns in order, a repeated name taking the later value.
 */
function withRowsBuiltHere(st: BetterSqlite3.Statement): SqliteStatement {
  if (!st.reader) return st;
  const names = st.columns().map((c) => c.name);
  if (names.includes('__proto__')) return st; // a literal would set the prototype, not a property
  const key = names.join('\u0000');
  let build = builders.get(key);
  if (!build) {
    // An object literal of the column names, each quoted by JSON.stringify.
    build = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as RowBuilder;
    if (builders.size < 2000) builders.set(key, build);
  }
  const raw = st.raw(true);
  return {
    reader: true,
    all(parameters) {
      const rows = raw.all(parameters) as unknown[][];
      const out = new Array<Record<string, unknown>>(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = build(rows[i]);
      return out;
    },
    run: (parameters) => raw.run(parameters),
    *iterate(parameters) {
      for (const row of raw.iterate(parameters) as IterableIterator<unknown[]>) yield build(row);
    },
  };
}

/**
 * Whether `file` is a backup this platform can restore: an intact SQLite database (`integrity_check`) holding the
 * migrations table of `migrateToLatest`. Opened read-only (its pages are not written; SQLite may open a `-shm` file
 * beside a WAL database), and a file that is no database at all ("file is not a database") is a reason, not an
 * exception.
 */
export function checkSqliteBackup(file: string): { ok: true; migrations: number } | { ok: false; reason: string } {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { ok: false, reason: `it fails the integrity check: ${String(integrity)}` };
    if (!db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get()) {
      return { ok: false, reason: 'it is an SQLite database, but no onething database (it has no migrations table)' };
    }
    const { n } = db.prepare('select count(*) as n from kysely_migration').get() as { n: number };
    return { ok: true, migrations: n };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  } finally {
    db?.close();
  }
}

/** The better-sqlite3 handle behind a database from `openSqlite` (online backup needs it). */
export function nativeSqliteHandle(database: Database): BetterSqlite3.Database | undefined {
  return handles.get(database.kysely);
}

/**
 * The connection a raw hot read (a session, one enterprise's row and records) should use to see committed rows
 * only: the main handle while no transaction is open on it (nothing uncommitted to see; its cache is warm), else
 * a second, read-only connection to the file, opened on first need (WAL readers see the last commit), so the read
 * never sees the rows of another caller's transaction that is open on the main connection meanwhile (Kysely runs
 * one transaction at a time there, but raw statements on the main handle would run inside it). An in-memory
 * database has one connection: always the main handle. The reader closes with the database.
 */
export function nativeSqliteCommittedReader(database: Database): BetterSqlite3.Database | undefined {
  const native = handles.get(database.kysely);
  const read = readers.get(database.kysely);
  if (!native || !read || read.file === null || !native.inTransaction) return native;
  if (!read.reader) {
    const reader = new BetterSqlite3(read.file, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    reader.pragma('cache_size = -32768');
    read.reader = reader;
  }
  return read.reader;
}
