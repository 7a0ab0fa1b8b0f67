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
