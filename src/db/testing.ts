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
    { name: 'pglite', open: () => openPglite('memory://') },
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
