import type { ModuleMigration } from '../../db/index.ts';

/**
 * "Policies for me" reads a company's claims, pushes and inbox newest first: indexes on (uscc, then
 * the sort order) give the rows in that order, where the single-column uscc indexes they replace
 * left a sort of every row of the company (SQLite: "USE TEMP B-TREE FOR ORDER BY").
 */
export const forMeIndexMigrations: ModuleMigration[] = [
  {
    name: '0647_policy_for_me_indexes',
    async up(db) {
      await db.schema.createIndex('policy_claims_uscc_created').on('policy_claims').columns(['uscc', 'created_at', 'id']).execute();
      await db.schema.dropIndex('policy_claims_uscc').execute();
      await db.schema.createIndex('policy_pushes_uscc_created').on('policy_pushes').columns(['uscc', 'created_at']).execute();
      await db.schema.dropIndex('policy_pushes_uscc').execute();
      await db.schema.createIndex('policy_notifications_uscc_created').on('policy_notifications').columns(['uscc', 'created_at', 'id']).execute();
      await db.schema.dropIndex('policy_notifications_uscc').execute();
    },
  },
];
