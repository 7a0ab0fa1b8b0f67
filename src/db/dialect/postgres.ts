import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.ts';

// int8 (bigint: money in fen, counts) as a JS number: every value we store is far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

const pools = new WeakMap<object, pg.Pool>();

/**
 * The node-postgres pool behind a database from `openPostgres`: for hot paths that send one literal
 * multi-statement query per round trip and read its results (Kysely returns only a single statement's rows).
 */
export function nativePostgresPool(database: Database): pg.Pool | undefined {
  return pools.get(database.kysely);
}

/** Connects to a PostgreSQL server by URL (`postgres://user@host:5432/db`). */
export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  const kysely = new Kysely({ dialect: new PostgresDialect({ pool }) });
  pools.set(kysely, pool);
  const safe = new URL(url);
  safe.password = '';
  return { kysely, family: 'postgres', engine: 'postgres', description: safe.toString(), close: () => kysely.destroy() };
}
