import { nativeSqliteHandle, type Database } from '../../db/index.ts';
import type { RowWriter } from './store.ts';

type Row = Record<string, unknown>;
/** The part of a better-sqlite3 statement used here (the driver itself is src/db's to import). */
interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
}

/** Row operations plus transaction control on SQLite's own connection. */
export interface SqliteRows extends RowWriter {
  begin(): void;
  commit(): void;
  rollback(): void;
}

/**
 * Row operations on SQLite through better-sqlite3 prepared statements, kept
 * per table and column list: a step then costs a few microseconds per row
 * instead of a Kysely round of building, compiling and preparing. Undefined
 * when the database is not a local SQLite file. Use only while holding the
 * connection (Kysely's `connection().execute`), so nothing else interleaves.
 */
export function createSqliteRows(database: Database): SqliteRows | undefined {
  const handle = database.family === 'sqlite' ? nativeSqliteHandle(database) : undefined;
  if (!handle) return undefined;
  const cache = new Map<string, Statement>();
  const prepared = (sql: string) => {
    let st = cache.get(sql);
    if (!st) cache.set(sql, (st = handle.prepare(sql) as unknown as Statement));
    return st;
  };
  const bind = (row: Row) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) out[k] = v === undefined ? null : v;
    return out;
  };
  const begin = prepared('begin immediate');
  const commit = prepared('commit');
  const rollback = prepared('rollback');
  return {
    begin: () => void begin.run(),
    commit: () => void commit.run(),
    rollback: () => {
      if (handle.inTransaction) rollback.run();
    },
    async loadInstanceRow(id) {
      return prepared('select * from flow_instances where id = ?').get(id) as Row | undefined;
    },
    async insert(table, rows) {
      for (const row of rows) {
        const cols = Object.keys(row);
        prepared(`insert into ${table} (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`).run(bind(row));
      }
    },
    async update(table, row, key, expectedHseq) {
      const cols = Object.keys(row).filter((c) => !key.includes(c));
      const where = key.map((k) => `${k} = @${k}`).join(' and ') + (expectedHseq === undefined ? '' : ' and hseq = @expected_hseq__');
      const params = expectedHseq === undefined ? bind(row) : { ...bind(row), expected_hseq__: expectedHseq };
      return prepared(`update ${table} set ${cols.map((c) => `${c} = @${c}`).join(', ')} where ${where}`).run(params).changes === 1;
    },
    async delete(table, rows, key) {
      const st = prepared(`delete from ${table} where ${key.map((k) => `${k} = ?`).join(' and ')}`);
      for (const row of rows) st.run(...key.map((k) => row[k]));
    },
  };
}
