import { CompiledQuery, type Kysely } from 'kysely';
import { nativeSqliteHandle, type Database } from '../../db/index.ts';

/** The part of a better-sqlite3 statement used here (the driver itself is src/db's to import). */
interface RawStatement {
  run(...params: unknown[]): { changes: number };
}

/** A table written in bulk: its columns with their PostgreSQL types, and the key a repeated row conflicts on. */
export interface BulkTable {
  name: string;
  columns: readonly (readonly [name: string, type: 'text' | 'integer' | 'bigint'])[];
  /** Columns of a unique constraint: a row already there is skipped (`on conflict do nothing`). */
  conflict?: readonly string[];
}

/** One value for every row (a publication's unit, version, day…): no array of a million copies. */
export interface Same {
  same: unknown;
}

/** A column's values: one per row, or the same for all. */
export type BulkColumn = readonly unknown[] | Same;

/** Writes many rows given column by column; answers how many were inserted (conflicting rows skipped). */
export type BulkInsert = (trx: Kysely<never>, table: BulkTable, columns: readonly BulkColumn[], count: number) => Promise<number>;

const isSame = (c: BulkColumn): c is Same => !Array.isArray(c);

/**
 * Multi-row inserts without a JavaScript object per row or a query built per chunk: on SQLite one
 * better-sqlite3 statement of 100 rows prepared once per table and run inside the caller's Kysely
 * transaction (the same connection, which the transaction holds); on PostgreSQL (and PGlite) one
 * `insert … select from unnest($1::text[], …)` per call, the arrays sent as parameters.
 */
export function createBulkInsert(database: Database): BulkInsert {
  const handle = database.family === 'sqlite' ? nativeSqliteHandle(database) : undefined;
  const conflictOf = (t: BulkTable) => (t.conflict ? ` on conflict (${t.conflict.join(', ')}) do nothing` : '');
  if (handle) {
    const ROWS = 100;
    const cache = new Map<string, RawStatement>();
    const statement = (t: BulkTable, rows: number): RawStatement => {
      const key = `${t.name}:${rows}`;
      let st = cache.get(key);
      if (!st) {
        const one = `(${t.columns.map(() => '?').join(', ')})`;
        const sql = `insert into ${t.name} (${t.columns.map(([c]) => c).join(', ')}) values ${Array.from({ length: rows }, () => one).join(', ')}${conflictOf(t)}`;
        cache.set(key, (st = handle.prepare(sql) as unknown as RawStatement));
      }
      return st;
    };
    return async (_trx, t, columns, count) => {
      const width = columns.length;
      let inserted = 0;
      const full = new Array<unknown>(ROWS * width);
      for (let start = 0; start < count; start += ROWS) {
        const rows = Math.min(ROWS, count - start);
        const params = rows === ROWS ? full : new Array<unknown>(rows * width);
        for (let c = 0; c < width; c++) {
          const col = columns[c];
          if (isSame(col)) for (let r = 0; r < rows; r++) params[r * width + c] = col.same;
          else for (let r = 0; r < rows; r++) params[r * width + c] = col[start + r];
        }
        inserted += statement(t, rows).run(...params).changes;
      }
      return inserted;
    };
  }
  return async (trx, t, columns, count) => {
    if (count === 0) return 0;
    // Parameter $k+1 is column k: a scalar for a column the same in every row, else its array.
    const params = columns.map((col) => (isSame(col) ? col.same : col.length === count ? col : col.slice(0, count)));
    const arrays = columns.flatMap((col, c) => (isSame(col) ? [] : [c]));
    const select = columns.map((col, c) => (isSame(col) ? `$${c + 1}::${t.columns[c][1]}` : `u.c${c}`));
    // unnest of several arrays walks them side by side: row r takes element r of each.
    const from = arrays.length ? ` from unnest(${arrays.map((c) => `$${c + 1}::${t.columns[c][1]}[]`).join(', ')}) as u(${arrays.map((c) => `c${c}`).join(', ')})` : '';
    const sql = `with ins as (insert into ${t.name} (${t.columns.map(([c]) => c).join(', ')}) select ${select.join(', ')}${from}${conflictOf(t)} returning 1) select count(*) as n from ins`;
    const r = await trx.executeQuery<{ n: number | string }>(CompiledQuery.raw(sql, params));
    return Number(r.rows[0].n);
  };
}

/** The same value for every row of a bulk insert. */
export function same(value: unknown): Same {
  return { same: value };
}
