import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.ts';

// int8 (bigint: money in fen, counts) as a JS number: every value we store is far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

/** Connects to a PostgreSQL server by URL (`postgres://user@host:5432/db`). */
export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  const kysely = new Kysely({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return { kysely, family: 'postgres', engine: 'postgres', description: safe.toString(), close: () => kysely.destroy() };
}
