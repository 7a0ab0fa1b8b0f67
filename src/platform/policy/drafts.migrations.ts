import type { ModuleMigration } from '../../db/index.ts';

/**
 * Drafting (issue 5, stage 1): mutable drafts of policy units, kept apart from the immutable
 * versions (`policy_unit_versions`), with an optimistic revision; public comment on a draft and the
 * officials' answers.
 */
export const policyDraftMigrations: ModuleMigration[] = [
  {
    name: '0650_policy_drafts',
    async up(db) {
      await db.schema
        .createTable('policy_drafts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('base_version', 'integer')
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('comment_opened_at', 'text')
        .addColumn('comment_closes_on', 'text')
        .addColumn('comment_closed_at', 'text')
        .addColumn('published_version', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('policy_drafts_org').on('policy_drafts').columns(['org_id', 'updated_at']).execute();
      await db.schema.createIndex('policy_drafts_unit').on('policy_drafts').columns(['unit_id']).execute();
    },
  },
  {
    name: '0651_policy_draft_comments',
    async up(db) {
      await db.schema
        .createTable('policy_draft_comments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('draft_id', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('company_name', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('answer', 'text')
        .addColumn('answered_by', 'text')
        .addColumn('answered_at', 'text')
        .execute();
      await db.schema.createIndex('policy_draft_comments_draft').on('policy_draft_comments').columns(['draft_id', 'created_at']).execute();
    },
  },
];
