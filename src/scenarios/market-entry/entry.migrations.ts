import type { ModuleMigration } from '../../db/index.ts';

/**
 * Market entry's own tables (issue 7, entry): applications ("one thing": registration with its
 * licences, and later changes) and the content of every certificate issued, with its hash and the
 * evidence-log entry that holds it. The permits themselves are `market_permits` (0705).
 */
export const entryMigrations: ModuleMigration[] = [
  {
    name: '0710_market_applications',
    async up(db) {
      await db.schema
        .createTable('market_applications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('applicant_org_id', 'text', (c) => c.notNull())
        .addColumn('applicant_user_id', 'text', (c) => c.notNull())
        .addColumn('acting_for', 'text')
        .addColumn('uscc', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('district_code', 'text', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('form', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text')
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('outcome', 'text')
        .execute();
      await db.schema.createIndex('market_applications_org').on('market_applications').columns(['applicant_org_id', 'submitted_at']).execute();
      await db.schema.createIndex('market_applications_district').on('market_applications').columns(['district_code', 'status']).execute();
      await db.schema.createIndex('market_applications_instance').on('market_applications').column('instance_id').execute();
      // The name an applicant asks for is held while its application runs: looked up at every submission.
      await db.schema.createIndex('market_applications_name').on('market_applications').columns(['name', 'status']).execute();
      await db.schema.createIndex('market_applications_uscc').on('market_applications').columns(['uscc', 'status']).execute();
    },
  },
  {
    name: '0711_market_certificates',
    async up(db) {
      await db.schema
        .createTable('market_certificates')
        .addColumn('certificate_no', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('log_index', 'integer')
        .addColumn('sealed_at', 'text')
        .execute();
      await db.schema.createIndex('market_certificates_application').on('market_certificates').column('application_id').execute();
      await db.schema.createIndex('market_certificates_unsealed').on('market_certificates').columns(['sealed_at', 'issued_at']).execute();
    },
  },
];
