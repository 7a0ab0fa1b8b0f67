import type { ModuleMigration } from '../../db/index.ts';

/** The licence catalogue of market entry (issue 7): one row per item, its spec as JSON, versioned by edits. */
export const marketMigrations: ModuleMigration[] = [
  {
    name: '0700_market_licences',
    async up(db) {
      await db.schema
        .createTable('market_licences')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .execute();
      await db.schema.createIndex('market_licences_department').on('market_licences').columns(['department', 'position']).execute();
    },
  },
  {
    // The licences and filings a company holds (issue 7): written when entry issues them, cancelled by exit ("1+N").
    name: '0705_market_permits',
    async up(db) {
      await db.schema
        .createTable('market_permits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('item_code', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('certificate_no', 'text', (c) => c.notNull().unique())
        .addColumn('application_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text')
        .addColumn('cancelled_at', 'text')
        .addColumn('cancel_reason', 'text')
        .addColumn('document_hash', 'text')
        .execute();
      await db.schema.createIndex('market_permits_uscc').on('market_permits').columns(['uscc', 'status']).execute();
      await db.schema.createIndex('market_permits_department').on('market_permits').columns(['department', 'status']).execute();
    },
  },
];
