import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from './dialect/postgres.ts';
import { migrateToLatest, type Database, type ModuleMigration } from './index.ts';
import { testDialects } from './testing.ts';

const server = testDialects().find((d) => d.name === 'postgres');
const notes: ModuleMigration[] = [{ name: '0001_notes', up: async (db) => { await db.schema.createTable('notes').addColumn('id', 'serial', (c) => c.primaryKey()).execute(); } }];

// On a shared server, other sessions (parallel test files) drop their schemas while Kysely's migrator lists every
// table on the server; the listing then fails with "schema … does not exist" about theirs (seen in CI).
describe.skipIf(!server)('migrations on a server where other schemas come and go', () => {
  let database: Database;
  beforeAll(async () => {
    database = await server!.open();
  });
  afterAll(async () => database?.close());

  it('migrate while another session creates and drops schemas of tables with sequences', async () => {
    const other = openPostgres(process.env.TEST_DATABASE_URL!, { max: 1 });
    let running = true;
    const churn = (async () => {
      for (let i = 0; running; i++) {
        const schema = `churn_${process.pid}_${i}`;
        await sql`create schema ${sql.id(schema)}`.execute(other.kysely);
        for (let t = 0; t < 10; t++) await sql`create table ${sql.id(schema)}.${sql.id(`t${t}`)} (id serial primary key)`.execute(other.kysely);
        await sql`drop schema ${sql.id(schema)} cascade`.execute(other.kysely);
      }
    })();
    try {
      expect(await migrateToLatest(database, notes)).toEqual(['0001_notes']);
      // Each call lists the server's tables again (nothing left to run); without the retry about one listing in
      // fifteen failed here.
      for (let i = 0; i < 60; i++) expect(await migrateToLatest(database, notes)).toEqual([]);
    } finally {
      running = false;
      await churn;
      await other.close();
    }
  }, 60_000);
});
