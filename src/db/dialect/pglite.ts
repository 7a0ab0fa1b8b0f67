import { Kysely } from 'kysely';
import type { Database } from '../database.ts';

/**
 * PostgreSQL in WASM (PGlite), in memory or in a directory: real PostgreSQL for tests with no server.
 * Loaded lazily so production start-up never pays for the WASM module.
 */
export async function openPglite(dataDir = 'memory://'): Promise<Database> {
  const { KyselyPGlite } = await import('kysely-pglite');
  const { PGlite, types } = await import('@electric-sql/pglite');
  const client = new PGlite(dataDir, { parsers: { [types.INT8]: (value: string) => Number(value) } });
  const { dialect } = new KyselyPGlite(client);
  const kysely = new Kysely({ dialect });
  return { kysely, family: 'postgres', engine: 'pglite', description: `pglite:${dataDir}`, close: () => kysely.destroy() };
}
