import { binaryType, type ModuleMigration } from '../../db/index.ts';

/** Data assets, their consent records, custody, grants, valuations, pledges and logged events. */
export const pledgeMigrations: ModuleMigration[] = [
  {
    name: '1700_pledge_init',
    async up(db, family) {
      await db.schema
        .createTable('pledge_assets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('lineage_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('previous_id', 'text', (c) => c.references('pledge_assets.id'))
        .addColumn('owner_org_id', 'text', (c) => c.notNull())
        .addColumn('owner_uscc', 'text', (c) => c.notNull())
        .addColumn('owner_name', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('subject_classes', 'text', (c) => c.notNull())
        .addColumn('schema_json', 'text', (c) => c.notNull())
        .addColumn('hash_alg', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text')
        .addColumn('file_size', 'bigint')
        .addColumn('quality_json', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .addColumn('registered_by', 'text', (c) => c.notNull())
        .addColumn('registration_index', 'bigint', (c) => c.notNull())
        .addColumn('serial', 'text', (c) => c.notNull().unique())
        .execute();
      await db.schema.createIndex('pledge_assets_fingerprint').on('pledge_assets').columns(['hash_alg', 'fingerprint']).unique().execute();
      await db.schema.createIndex('pledge_assets_owner').on('pledge_assets').columns(['owner_uscc', 'registered_at']).execute();
      await db.schema.createIndex('pledge_assets_lineage').on('pledge_assets').columns(['lineage_id', 'version']).unique().execute();
      await db.schema
        .createTable('pledge_consents')
        .addColumn('asset_id', 'text', (c) => c.notNull().references('pledge_assets.id'))
        .addColumn('subject_class', 'text', (c) => c.notNull())
        .addColumn('basis', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('consent_date', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pledge_consents_pk', ['asset_id', 'subject_class'])
        .execute();
      await db.schema
        .createTable('pledge_custody')
        .addColumn('asset_id', 'text', (c) => c.primaryKey().references('pledge_assets.id'))
        .addColumn('wrapped_key', 'text', (c) => c.notNull())
        .addColumn('nonce', binaryType(family), (c) => c.notNull())
        .addColumn('ciphertext', binaryType(family), (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('stored_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('pledge_grants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('pledge_assets.id'))
        .addColumn('grantee_org_id', 'text', (c) => c.notNull())
        .addColumn('grantee_name', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'text', (c) => c.notNull())
        .addColumn('granted_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('pledge_grants_asset').on('pledge_grants').columns(['asset_id', 'grantee_org_id']).execute();
      await db.schema
        .createTable('pledge_valuations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('pledge_assets.id'))
        .addColumn('bank_org_id', 'text', (c) => c.notNull())
        .addColumn('bank_name', 'text', (c) => c.notNull())
        .addColumn('valued_by', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('valued_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('pledge_pledges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('pledge_assets.id'))
        .addColumn('valuation_id', 'text', (c) => c.notNull().references('pledge_valuations.id'))
        .addColumn('bank_org_id', 'text', (c) => c.notNull())
        .addColumn('bank_name', 'text', (c) => c.notNull())
        .addColumn('contract_no', 'text', (c) => c.notNull())
        .addColumn('contract_sha256', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('loan_amount_fen', 'bigint')
        .addColumn('loan_term_months', 'integer')
        .addColumn('pledged_at', 'text', (c) => c.notNull())
        .addColumn('loan_at', 'text')
        .addColumn('released_at', 'text')
        .execute();
      await db.schema.createIndex('pledge_pledges_asset').on('pledge_pledges').columns(['asset_id', 'status']).execute();
      await db.schema
        .createTable('pledge_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('pledge_assets.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('org_id', 'text')
        .addColumn('log_index', 'bigint', (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('pledge_events_asset').on('pledge_events').columns(['asset_id', 'log_index']).execute();
    },
  },
];
