import { sql } from 'kysely';
import type { ModuleMigration } from '../../db/index.ts';

/** The enterprise mirror's spine: one row per USCC. */
export const registryMigrations: ModuleMigration[] = [
  {
    name: '0300_registry_enterprises',
    async up(db) {
      await db.schema
        .createTable('enterprises')
        .addColumn('uscc', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('district_code', 'text', (c) => c.notNull())
        .addColumn('town_code', 'text', (c) => c.notNull())
        .addColumn('industry_code', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .addColumn('registered_capital_fen', 'bigint', (c) => c.notNull())
        .addColumn('employees', 'integer', (c) => c.notNull())
        .addColumn('revenue_fen', 'bigint', (c) => c.notNull())
        .addColumn('patents_invention', 'integer', (c) => c.notNull())
        .addColumn('patents_utility', 'integer', (c) => c.notNull())
        .addColumn('patents_design', 'integer', (c) => c.notNull())
        .addColumn('size_class', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('legal_rep_name', 'text', (c) => c.notNull())
        .addColumn('legal_rep_id_number', 'text', (c) => c.notNull())
        .addColumn('legal_rep_phone', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('enterprises_district').on('enterprises').columns(['district_code', 'town_code']).execute();
      await db.schema.createIndex('enterprises_town').on('enterprises').column('town_code').execute();
      await db.schema.createIndex('enterprises_industry').on('enterprises').column('industry_code').execute();
      await db.schema.createIndex('enterprises_name').on('enterprises').column('name').execute();
    },
  },
];

/**
 * The mirror's catalogue, dated values and intake (issue 3). The catalogue is rows: adding an
 * attribute needs no migration. Values arrive as records (one row of a department's batch: an
 * enterprise, a period and the values it sends), so lineage is kept once per row, not per value.
 */
export const registryMirrorMigrations: ModuleMigration[] = [
  {
    name: '0310_registry_catalogue',
    async up(db) {
      await db.schema
        .createTable('registry_attributes')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('data_class', 'text', (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('registry_categories')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('registry_departments')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  {
    name: '0320_registry_values',
    async up(db) {
      await db.schema
        .createTable('registry_batches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('interface', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text')
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('period', 'text')
        .addColumn('partial', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('rows_total', 'integer', (c) => c.notNull())
        .addColumn('rows_accepted', 'integer', (c) => c.notNull())
        .addColumn('rows_rejected', 'integer', (c) => c.notNull())
        .addColumn('values_count', 'integer', (c) => c.notNull())
        .addColumn('rejections', 'text')
        .addColumn('message', 'text')
        .addColumn('created_by', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('committed_at', 'text')
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('registry_batches_hash').on('registry_batches').columns(['hash', 'status']).execute();
      await db.schema.createIndex('registry_batches_committed').on('registry_batches').columns(['committed_at']).execute();
      await db.schema
        .createTable('registry_records')
        .addColumn('batch_id', 'text', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('period', 'text')
        .addColumn('effective', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('registry_records_pk', ['batch_id', 'row_no'])
        .execute();
      await db.schema.createIndex('registry_records_uscc').on('registry_records').columns(['uscc']).execute();
    },
  },
  {
    // Tabular batches store each row's values as a JSON array in the batch's column order: the
    // keys are written once per batch, not once per row (a third of the bytes of a 30-value row).
    name: '0325_registry_batch_columns',
    async up(db) {
      await db.schema.alterTable('registry_batches').addColumn('columns', 'text').execute();
    },
  },
  {
    name: '0330_registry_sharing',
    async up(db) {
      await db.schema
        .createTable('registry_agreements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('providers', 'text', (c) => c.notNull())
        .addColumn('consumers', 'text', (c) => c.notNull())
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('allow_clear', 'integer', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_to', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('registry_agreements_purpose').on('registry_agreements').columns(['purpose']).execute();
    },
  },
  {
    name: '0340_registry_connectors',
    async up(db) {
      await db.schema
        .createTable('registry_connectors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('token', 'text')
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('period', 'text')
        .addColumn('partial', 'integer', (c) => c.notNull())
        .addColumn('every_minutes', 'integer', (c) => c.notNull())
        .addColumn('next_run_at', 'text', (c) => c.notNull())
        .addColumn('last_run_at', 'text')
        .addColumn('last_batch_id', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    // The register's change log: every insert into and update of `enterprises`, whoever writes it,
    // logged by triggers in the same transaction, so snapshots follow new enterprises and changed
    // core columns incrementally. PostgreSQL logs per statement (one insert … select for a bulk load).
    name: '0350_registry_register_changes',
    async up(db, family) {
      if (family === 'sqlite') {
        await sql`create table registry_register_changes (seq integer primary key autoincrement, uscc text not null)`.execute(db);
        await sql`create trigger registry_enterprises_inserted after insert on enterprises begin insert into registry_register_changes (uscc) values (new.uscc); end`.execute(db);
        await sql`create trigger registry_enterprises_updated after update on enterprises begin insert into registry_register_changes (uscc) values (new.uscc); end`.execute(db);
        return;
      }
      await sql`create table registry_register_changes (seq bigserial primary key, uscc text not null)`.execute(db);
      await sql`create function registry_log_enterprise_changes() returns trigger language plpgsql as $$ begin insert into registry_register_changes (uscc) select uscc from changed_enterprises; return null; end $$`.execute(db);
      await sql`create trigger registry_enterprises_inserted after insert on enterprises referencing new table as changed_enterprises for each statement execute function registry_log_enterprise_changes()`.execute(db);
      await sql`create trigger registry_enterprises_updated after update on enterprises referencing new table as changed_enterprises for each statement execute function registry_log_enterprise_changes()`.execute(db);
    },
  },
];
