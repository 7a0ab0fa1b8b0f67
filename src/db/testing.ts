import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';
import { openSqlite } from './dialect/sqlite.ts';
import { openPglite } from './dialect/pglite.ts';
import { openPostgres } from './dialect/postgres.ts';
import { sql } from 'kysely';

/** A database engine a storage test runs on. */
export interface TestDialect {
  name: 'sqlite' | 'pglite' | 'postgres';
  /** Opens a fresh, empty database. */
  open(): Promise<Database>;
}

let serverSchemaCounter = 0;

/**
 * The engines every storage suite runs on: SQLite and PGlite always, and a real
 * PostgreSQL server when `TEST_DATABASE_URL` is set (each `open` gets its own schema).
 * Use: `for (const dialect of testDialects()) describe(dialect.name, () => …)`.
 */
export function testDialects(): TestDialect[] {
  const list: TestDialect[] = [
    { name: 'sqlite', open: async () => openSqlite(':memory:') },
    { name: 'pglite', open: async () => openPglite('memory://', { loadDataDir: await pgliteTemplate() }) },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'postgres',
      async open() {
        const schema = `t_${process.pid}_${Date.now().toString(36)}_${++serverSchemaCounter}`;
        const admin = openPostgres(url, { max: 1 });
        await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
        await admin.close();
        const u = new URL(url);
        u.searchParams.set('options', `-c search_path=${schema}`);
        const database = openPostgres(u.toString(), { max: 4 });
        return {
          ...database,
          schema,
          async close() {
            await database.close();
            const cleanup = openPostgres(url, { max: 1 });
            await sql`drop schema ${sql.id(schema)} cascade`.execute(cleanup.kysely);
            await cleanup.close();
          },
        };
      },
    });
  }
  return list;
}

let template: Promise<Blob> | undefined;

/**
 * A newly initialised PGlite cluster as `dumpDataDir` gives it: a test's PGlite starts from it in ~0.7 s instead of
 * running initdb in WASM (2.5–4 s here; some 80 opens a test run). Made once per machine and PGlite build, kept in
 * the temp directory (written to a new file, then renamed, so a concurrent reader never sees half of it), and read
 * once per process.
 */
function pgliteTemplate(): Promise<Blob> {
  return (template ??= (async () => {
    const main = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
    const { size, mtimeMs } = statSync(main);
    const file = join(tmpdir(), `onething-pglite-${createHash('sha256').update(`${main} ${size} ${mtimeMs}`).digest('hex').slice(0, 16)}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const { PGlite } = await import('@electric-sql/pglite');
    const fresh = new PGlite();
    await fresh.waitReady;
    const dump = await fresh.dumpDataDir('none');
    await fresh.close();
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    return dump;
  })());
}
