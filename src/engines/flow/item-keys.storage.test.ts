import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { flowMigrations } from './migrations.ts';
import { ITEM_TABLES, itemRange } from './store.ts';

for (const dialect of testDialects()) {
  describe(`item keys (${dialect.name})`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, flowMigrations);
    });
    afterAll(async () => database?.close());

    it('compare byte by byte, so an instance key range holds exactly its rows', async () => {
      if (database.family === 'postgres') {
        for (const [table] of ITEM_TABLES) {
          const { rows } = await sql<{ collation_name: string | null }>`select collation_name from information_schema.columns
            where table_schema = current_schema() and table_name = ${table} and column_name = 'id'`.execute(database.kysely);
          expect(rows, table).toEqual([{ collation_name: 'C' }]);
        }
      }
      // Ids a language collation would sort into the wrong ranges: punctuation and case ignored at first.
      const ids = ['fi_1.t1', 'fi_1.t10', 'fi_1.t2', 'fi_1-x.t1', 'fi_10.t1', 'fi_1/.t1', 'fi_1a.t1', 'FI_1.t1', 'fi_1.T1', 'fi_1'];
      await database.kysely.insertInto('flow_tokens').values(ids.map((id) => ({ id, instance_id: id.split('.')[0], element_id: 'e', state: 'waiting', entered_at: '2026-01-01T00:00:00.000Z' }))).execute();
      const [lo, hi] = itemRange('fi_1');
      const inRange = await database.kysely.selectFrom('flow_tokens').select('id').where('id', '>', lo).where('id', '<', hi).orderBy('id').execute();
      expect(inRange.map((r) => r.id)).toEqual(['fi_1.T1', 'fi_1.t1', 'fi_1.t10', 'fi_1.t2']);
    });
  });
}
