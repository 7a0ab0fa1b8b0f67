import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../db/index.ts';
import { platformMigrations } from '../migrations.ts';
import { lifecycleDb } from './lifecycle.repository.ts';

// SQLite's plan names a sort it cannot avoid ("USE TEMP B-TREE FOR ORDER BY"); PostgreSQL's depends on table statistics, so the check is SQLite's.
describe('"policies for me" reads a company’s records in index order', () => {
  it('sorts no claims, pushes or inbox messages of a company (SQLite plan)', async () => {
    const database = await openDatabase('sqlite::memory:');
    try {
      await migrateToLatest(database, platformMigrations);
      const { db } = lifecycleDb(database);
      const reads = [
        db.selectFrom('policy_claims').selectAll().where('uscc', '=', 'X').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200),
        db.selectFrom('policy_pushes').selectAll().where('uscc', '=', 'X').orderBy('created_at', 'desc').limit(200),
        db.selectFrom('policy_notifications').selectAll().where('uscc', '=', 'X').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200),
      ];
      for (const read of reads) {
        const q = read.compile();
        const plan = await database.kysely.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}` });
        const details = plan.rows.map((r) => r.detail).join(' | ');
        expect(details).toMatch(/USING INDEX policy_\w+_uscc_created/);
        expect(details).not.toContain('TEMP B-TREE');
      }
    } finally {
      await database.close();
    }
  });
});
