import type { ModuleMigration } from '../../db/index.ts';

/**
 * Supervision, subscriptions and claim reviews on the flow engine (issue 5, stages 5 and 6):
 * warnings with their resolution trail, the combined caps and thresholds they read, the account
 * index that finds receiving accounts shared by several companies, companies' subscriptions to
 * policy categories, and the link from a claim to its review process.
 */
export const policyOversightMigrations: ModuleMigration[] = [
  {
    name: '0660_policy_supervision',
    async up(db) {
      await db.schema
        .createTable('policy_warnings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        // One warning per finding: a re-check adds nothing it already raised.
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('claim_id', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('district_code', 'text', (c) => c.notNull())
        .addColumn('town_code', 'text', (c) => c.notNull())
        .addColumn('reason_zh', 'text', (c) => c.notNull())
        .addColumn('reason_en', 'text', (c) => c.notNull())
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('holds_payment', 'integer', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('policy_warnings_claim').on('policy_warnings').columns(['claim_id', 'status']).execute();
      await db.schema.createIndex('policy_warnings_status').on('policy_warnings').columns(['status', 'district_code']).execute();
      await db.schema
        .createTable('policy_warning_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('warning_id', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('holds_payment', 'integer', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text')
        .addColumn('note', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('policy_warning_events_warning').on('policy_warning_events').columns(['warning_id', 'at']).execute();
      await db.schema
        .createTable('policy_supervision_caps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('categories', 'text', (c) => c.notNull())
        .addColumn('unit_ids', 'text', (c) => c.notNull())
        .addColumn('cap_fen', 'bigint', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('policy_supervision_settings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('policy_account_index')
        .addColumn('account_key', 'text', (c) => c.notNull())
        .addColumn('claim_id', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('policy_account_index_pk', ['account_key', 'claim_id'])
        .execute();
    },
  },
  {
    name: '0665_policy_subscriptions',
    async up(db) {
      await db.schema
        .createTable('policy_subscriptions')
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('policy_subscriptions_pk', ['uscc', 'category'])
        .execute();
      await db.schema.createIndex('policy_subscriptions_category').on('policy_subscriptions').columns(['category']).execute();
    },
  },
  {
    name: '0670_policy_claim_reviews',
    async up(db) {
      await db.schema
        .createTable('policy_claim_reviews')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('claim_id', 'text', (c) => c.notNull())
        // `decision` (manual and unproven quick-apply claims) or `post_audit` (credit commitments).
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text', (c) => c.notNull().unique())
        .addColumn('process_key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addUniqueConstraint('policy_claim_reviews_once', ['claim_id', 'purpose'])
        .execute();
    },
  },
];
