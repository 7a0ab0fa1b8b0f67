import { join } from 'node:path';
import type { Database } from './database.ts';
import { openSqlite } from './dialect/sqlite.ts';
import { openPostgres } from './dialect/postgres.ts';
import { openPglite } from './dialect/pglite.ts';

/**
 * Opens the database a URL names:
 * - `postgres://…` or `postgresql://…`: a PostgreSQL server;
 * - `sqlite:PATH` or `sqlite::memory:`: an SQLite file (WAL) or memory;
 * - `pglite:memory` or `pglite:DIR`: PostgreSQL in WASM (tests, demos).
 * Without a URL: SQLite at `<dataDir>/onething.db`.
 */
export async function openDatabase(url: string | undefined, dataDir = './data'): Promise<Database> {
  if (!url) return openSqlite(join(dataDir, 'onething.db'));
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (url.startsWith('pglite:')) {
    const rest = url.slice('pglite:'.length);
    return openPglite(rest === 'memory' || rest === '' ? 'memory://' : rest);
  }
  throw new Error(`DATABASE_URL: unsupported scheme in "${url.replace(/:[^:@/]*@/, ':***@')}" (use postgres://, sqlite: or pglite:)`);
}

/** Whether a URL is one `openDatabase` accepts; used by config validation. */
export function isSupportedDatabaseUrl(url: string): boolean {
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
      return true;
    } catch {
      return false;
    }
  }
  return url.startsWith('sqlite:') || url.startsWith('pglite:');
}
