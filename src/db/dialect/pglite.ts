import { Kysely, type DatabaseConnection, type Dialect, type Driver } from 'kysely';
import type { Database } from '../database.ts';

/**
 * PostgreSQL in WASM (PGlite), in memory or in a directory: real PostgreSQL for tests with no server.
 * Loaded lazily so production start-up never pays for the WASM module.
 */
export async function openPglite(dataDir = 'memory://', opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  const { KyselyPGlite } = await import('kysely-pglite');
  const { PGlite, types } = await import('@electric-sql/pglite');
  // `loadDataDir`: start from a dumped cluster (`dumpDataDir`) instead of running initdb.
  const options = { parsers: { [types.INT8]: (value: string) => Number(value) }, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) };
  // In memory without naming `memory://`: kysely-pglite creates the client's `dataDir` as a directory, and
  // `memory://` became an empty `memory:` folder in the working directory.
  const client = dataDir === 'memory://' ? new PGlite(options) : new PGlite(dataDir, options);
  const { dialect } = new KyselyPGlite(client);
  const kysely = new Kysely({ dialect: oneAtATime(dialect) });
  return { kysely, family: 'postgres', engine: 'pglite', description: `pglite:${dataDir}`, close: () => kysely.destroy() };
}

/**
 * The dialect with its connection handed to one holder at a time, as Kysely's SQLite driver does. PGlite is one
 * session: kysely-pglite gives every caller a connection onto it at once, so two transactions at the same moment
 * ran inside each other (one's rollback took the other's writes with it, after that one had been told it committed).
 */
function oneAtATime(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => serialised(dialect.createDriver()),
  };
}

function serialised(driver: Driver): Driver {
  let tail: Promise<void> = Promise.resolve();
  const releases = new WeakMap<DatabaseConnection, () => void>();
  return {
    init: () => driver.init(),
    async acquireConnection() {
      let release!: () => void;
      const previous = tail;
      tail = new Promise<void>((resolve) => (release = resolve));
      await previous;
      try {
        const connection = await driver.acquireConnection();
        releases.set(connection, release);
        return connection;
      } catch (err) {
        release();
        throw err;
      }
    },
    beginTransaction: (connection, settings) => driver.beginTransaction(connection, settings),
    commitTransaction: (connection) => driver.commitTransaction(connection),
    rollbackTransaction: (connection) => driver.rollbackTransaction(connection),
    async releaseConnection(connection) {
      await driver.releaseConnection(connection);
      releases.get(connection)?.();
      releases.delete(connection);
    },
    destroy: () => driver.destroy(),
  };
}
