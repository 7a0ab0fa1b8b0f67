import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.ts';

// int8 (bigint: money in fen, counts) as a JS number: every value we store is far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

const pools = new WeakMap<object, pg.Pool>();
const pipelineConnectors = new WeakMap<object, () => Promise<pg.Client>>();

/**
 * The node-postgres pool behind a database from `openPostgres`: for hot paths that send one literal
 * multi-statement query per round trip and read its results (Kysely returns only a single statement's rows).
 */
export function nativePostgresPool(database: Database): pg.Pool | undefined {
  return pools.get(database.kysely);
}

/**
 * Opens a connection of its own in node-postgres's pipeline mode (each query goes out at once, with its own Sync,
 * so each is its own transaction and a failing one leaves the others be), to the database's server with the pool's
 * settings; undefined when the database is not a PostgreSQL server. The database closes it when it closes.
 */
export function connectPostgresPipelined(database: Database): Promise<pg.Client> | undefined {
  return pipelineConnectors.get(database.kysely)?.();
}

/** Connects to a PostgreSQL server by URL (`postgres://user@host:5432/db`). */
export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  const kysely = new Kysely({ dialect: new PostgresDialect({ pool }) });
  pools.set(kysely, pool);
  const pipelined = new Set<pg.Client>();
  let closed = false;
  pipelineConnectors.set(kysely, async () => {
    if (closed) throw new Error('the database is closed');
    const client = new pg.Client({ connectionString: url, pipeline: true });
    client.on('error', () => pipelined.delete(client)); // its queries fail; whoever holds it sees them fail
    client.on('end', () => pipelined.delete(client));
    pipelined.add(client);
    await client.connect();
    return client;
  });
  const safe = new URL(url);
  safe.password = '';
  const close = async () => {
    closed = true;
    await Promise.all([...pipelined].map((c) => c.end().catch(() => {})));
    await kysely.destroy();
  };
  return { kysely, family: 'postgres', engine: 'postgres', description: safe.toString(), close };
}
