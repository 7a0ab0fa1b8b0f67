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
];
