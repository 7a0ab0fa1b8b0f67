import type { ModuleMigration } from '../../db/index.ts';

/** The certificates attached to a quick-apply claim: fetched from the library, or the id of an uploaded copy where none was found. */
export const claimCertificateMigrations: ModuleMigration[] = [
  {
    name: '0690_policy_claim_certificates',
    async up(db) {
      await db.schema
        .createTable('policy_claim_certificates')
        .addColumn('claim_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('number', 'text')
        .addColumn('issuer', 'text')
        .addColumn('issued_at', 'text')
        .addColumn('valid_until', 'text')
        .addColumn('verify_url', 'text')
        .addColumn('source', 'text')
        .addColumn('upload_ref', 'text')
        .addPrimaryKeyConstraint('policy_claim_certificates_pk', ['claim_id', 'kind'])
        .execute();
    },
  },
  {
    // Opening an uploaded copy asks which claims hold it (to let their reviewers in).
    name: '0691_policy_claim_certificate_uploads',
    async up(db) {
      await db.schema.createIndex('policy_claim_certificates_upload').on('policy_claim_certificates').columns(['upload_ref']).execute();
    },
  },
];
