import { sql } from 'kysely';
import type { ModuleMigration } from '../../db/index.ts';

/**
 * The policy life cycle (issue 5): unit settings (approval mode, budget line), publications and
 * their pushes, the companies' inbox, claims, a double-entry ledger per budget line (insert-only),
 * payments (one per claim and unit version: a unique idempotency key) and bank batches.
 */
export const policyLifecycleMigrations: ModuleMigration[] = [
  {
    name: '0610_policy_budget_and_settings',
    async up(db) {
      await db.schema
        .createTable('policy_budget_lines')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('cap_fen', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('touched_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('policy_unit_settings')
        .addColumn('unit_id', 'text', (c) => c.primaryKey())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('budget_line_id', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('policy_ledger')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('txn_id', 'text', (c) => c.notNull())
        .addColumn('budget_line_id', 'text', (c) => c.notNull())
        .addColumn('account', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('claim_id', 'text')
        .addColumn('memo', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('policy_ledger_line').on('policy_ledger').columns(['budget_line_id', 'account']).execute();
      await db.schema.createIndex('policy_ledger_claim').on('policy_ledger').columns(['claim_id']).execute();
    },
  },
  {
    name: '0620_policy_ledger_immutable',
    async up(db, family) {
      if (family === 'sqlite') {
        await sql`create trigger policy_ledger_no_update before update on policy_ledger begin select raise(abort, 'ledger entries are immutable'); end`.execute(db);
        await sql`create trigger policy_ledger_no_delete before delete on policy_ledger begin select raise(abort, 'ledger entries are immutable'); end`.execute(db);
      } else {
        await sql`create function policy_ledger_immutable() returns trigger language plpgsql as $$ begin raise exception 'ledger entries are immutable'; end $$`.execute(db);
        await sql`create trigger policy_ledger_no_change before update or delete on policy_ledger for each row execute function policy_ledger_immutable()`.execute(db);
      }
    },
  },
  {
    name: '0630_policy_publications_pushes',
    async up(db) {
      await db.schema
        .createTable('policy_publications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('basis', 'text')
        .addColumn('eligible', 'integer')
        .addColumn('pushes', 'integer')
        .addColumn('claims', 'integer')
        .addColumn('error', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema
        .createTable('policy_pushes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('publication_id', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('policy_pushes_once', ['unit_id', 'version', 'uscc'])
        .execute();
      await db.schema.createIndex('policy_pushes_uscc').on('policy_pushes').columns(['uscc']).execute();
      await db.schema
        .createTable('policy_notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title_zh', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('ref_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('policy_notifications_uscc').on('policy_notifications').columns(['uscc', 'created_at']).execute();
    },
  },
  {
    name: '0640_policy_claims_payments',
    async up(db) {
      await db.schema
        .createTable('policy_claims')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('district_code', 'text', (c) => c.notNull())
        .addColumn('town_code', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('promised', 'text', (c) => c.notNull())
        .addColumn('explanation', 'text')
        .addColumn('audit', 'text')
        .addColumn('account', 'text')
        .addColumn('reason', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('recovery_fen', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('recovered_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('policy_claims_once', ['unit_id', 'version', 'uscc'])
        .execute();
      await db.schema.createIndex('policy_claims_uscc').on('policy_claims').columns(['uscc']).execute();
      await db.schema.createIndex('policy_claims_status').on('policy_claims').columns(['status', 'district_code']).execute();
      await db.schema
        .createTable('policy_payments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('idem_key', 'text', (c) => c.notNull().unique())
        .addColumn('claim_id', 'text', (c) => c.notNull())
        .addColumn('budget_line_id', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('account', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('batch_id', 'text')
        .addColumn('reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('policy_payments_status').on('policy_payments').columns(['status']).execute();
      await db.schema
        .createTable('policy_payment_batches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('total_fen', 'bigint', (c) => c.notNull())
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('reconciled_at', 'text')
        .execute();
    },
  },
  {
    // "Policies for me" reads a company's payments by claim on every request: without this index a scan of every payment.
    name: '0645_policy_payments_claim',
    async up(db) {
      await db.schema.createIndex('policy_payments_claim').on('policy_payments').columns(['claim_id']).execute();
    },
  },
  {
    // The certificates a unit's claims fetch, kept with its settings (JSON; null: as declared in code).
    name: '0646_policy_unit_certificates',
    async up(db) {
      await db.schema.alterTable('policy_unit_settings').addColumn('certificates', 'text').execute();
    },
  },
];
