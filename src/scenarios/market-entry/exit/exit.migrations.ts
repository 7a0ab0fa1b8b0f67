import type { ModuleMigration } from '../../../db/index.ts';

/**
 * Market exit (issue 7): deregistration cases with their public notices and objections (0720), and
 * registration agents with their authorisations and complaints (0725).
 */
export const exitMigrations: ModuleMigration[] = [
  {
    name: '0720_market_exit_cases',
    async up(db) {
      await db.schema
        .createTable('market_exit_cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('company_name', 'text', (c) => c.notNull())
        .addColumn('district_code', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_reason', 'text')
        .addColumn('notice_no', 'text', (c) => c.unique())
        .addColumn('notice_starts_at', 'text')
        .addColumn('notice_ends_at', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('opened_by', 'text')
        .addColumn('opened_org_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema.createIndex('market_exit_cases_uscc').on('market_exit_cases').columns(['uscc', 'status']).execute();
      await db.schema.createIndex('market_exit_cases_notice').on('market_exit_cases').columns(['status', 'notice_ends_at']).execute();
      await db.schema
        .createTable('market_exit_objections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('contact', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('source_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('market_exit_objections_case').on('market_exit_objections').columns(['case_id', 'created_at']).execute();
    },
  },
  {
    name: '0725_market_agents',
    async up(db) {
      await db.schema
        .createTable('market_agents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('registered_by', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('market_agent_authorisations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text', (c) => c.notNull())
        .addColumn('signed_by', 'text', (c) => c.notNull())
        .addColumn('signer_name', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('market_agent_authorisations_agent').on('market_agent_authorisations').columns(['agent_id', 'uscc']).execute();
      await db.schema.createIndex('market_agent_authorisations_uscc').on('market_agent_authorisations').columns(['uscc', 'status']).execute();
      await db.schema
        .createTable('market_agent_complaints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('filed_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('market_agent_complaints_agent').on('market_agent_complaints').columns(['agent_id']).execute();
    },
  },
];
