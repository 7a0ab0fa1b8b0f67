import type { ModuleMigration } from '../../db/index.ts';

/** The platform's evidence logs, witness keys per institution, and the audit trail's seals. */
export const evidenceMigrations: ModuleMigration[] = [
  {
    name: '1000_evidence_init',
    async up(db) {
      // One row per platform log: its ledger origin and its signing key, wrapped by the master key.
      await db.schema
        .createTable('evidence_logs')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('origin', 'text', (c) => c.notNull().unique())
        .addColumn('hash_suite', 'text', (c) => c.notNull())
        .addColumn('verifier_key', 'text', (c) => c.notNull())
        .addColumn('signer_key_wrapped', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // One witness per institution (organisation); its private key never leaves the witness side.
      await db.schema
        .createTable('evidence_witnesses')
        .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('verifier_key', 'text', (c) => c.notNull())
        .addColumn('signer_key_wrapped', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // Which audit row went into which entry of the audit-trail log, with the hash appended.
      await db.schema
        .createTable('evidence_audit_seals')
        .addColumn('audit_id', 'text', (c) => c.primaryKey())
        .addColumn('log_index', 'integer', (c) => c.notNull().unique())
        .addColumn('audit_at', 'text', (c) => c.notNull())
        .addColumn('row_hash', 'text', (c) => c.notNull())
        .addColumn('sealed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('evidence_audit_seals_at').on('evidence_audit_seals').column('audit_at').execute();
    },
  },
];
