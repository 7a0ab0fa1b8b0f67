import { sql } from 'kysely';
import type { ModuleMigration } from '../../db/index.ts';

/**
 * Policy units and their versions (immutable: triggers refuse UPDATE and DELETE on versions), and
 * population-match runs.
 */
export const policyMigrations: ModuleMigration[] = [
  {
    name: '0510_policy_units',
    async up(db, family) {
      await db.schema
        .createTable('policy_units')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title_zh', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('owner_org_id', 'text')
        .addColumn('latest_version', 'integer', (c) => c.notNull())
        .addColumn('published_version', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('policy_unit_versions')
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('policy_unit_versions_pk', ['unit_id', 'version'])
        .execute();
      if (family === 'sqlite') {
        await sql`create trigger policy_unit_versions_no_update before update on policy_unit_versions begin select raise(abort, 'policy unit versions are immutable'); end`.execute(db);
        await sql`create trigger policy_unit_versions_no_delete before delete on policy_unit_versions begin select raise(abort, 'policy unit versions are immutable'); end`.execute(db);
      } else {
        await sql`create function policy_unit_versions_immutable() returns trigger language plpgsql as $$ begin raise exception 'policy unit versions are immutable'; end $$`.execute(db);
        await sql`create trigger policy_unit_versions_no_change before update or delete on policy_unit_versions for each row execute function policy_unit_versions_immutable()`.execute(db);
      }
    },
  },
  {
    name: '0520_policy_runs',
    async up(db) {
      await db.schema
        .createTable('policy_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('population', 'integer')
        .addColumn('result', 'text')
        .addColumn('error', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('policy_runs_org').on('policy_runs').columns(['org_id', 'started_at']).execute();
    },
  },
];
