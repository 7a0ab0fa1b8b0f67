import { sql, type CreateTableBuilder } from 'kysely';
import type { ModuleMigration } from '../../db/index.ts';

/**
 * The flow engine's tables: definitions; instances, whose variables and live
 * state are one JSON document; the rows that state is also kept as (tokens,
 * tasks, jobs and timers, message subscriptions) for inboxes, due-job polling,
 * correlation and reporting; and history, one row per input with its lines.
 * On SQLite the row tables are WITHOUT ROWID: their keys (`<instance>.t7`, …)
 * cluster an instance's rows, so a step dirties few pages and the engine needs
 * no per-instance index (rows of an instance are the key range `<instance>.`).
 */
export const flowMigrations: ModuleMigration[] = [
  {
    name: '0600_flow_core',
    async up(db, family) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const clustered = <T extends CreateTableBuilder<any, any>>(b: T): T => (family === 'sqlite' ? (b.modifyEnd(sql`without rowid`) as T) : b);
      await db.schema
        .createTable('flow_definitions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('xml', 'text', (c) => c.notNull())
        .addColumn('compiled', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('flow_definitions_key_version', ['key', 'version'])
        .execute();
      await db.schema
        .createTable('flow_instances')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('definition_id', 'text', (c) => c.notNull().references('flow_definitions.id'))
        .addColumn('def_key', 'text', (c) => c.notNull())
        .addColumn('def_version', 'integer', (c) => c.notNull())
        .addColumn('business_key', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('parent_instance_id', 'text')
        .addColumn('parent_token_id', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        // The instance's own time limit (process `onething:timeLimit`): deadline and warning level.
        .addColumn('due_at', 'text')
        .addColumn('warning', 'text', (c) => c.notNull().defaultTo('none'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hseq', 'integer', (c) => c.notNull())
        // Variables and the live state (tokens, open tasks, jobs, subscriptions) as one JSON document, read in one
        // query per step; the tables below hold the same rows for queries and are written in the same transaction.
        .addColumn('live', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('flow_instances_status').on('flow_instances').columns(['def_key', 'status']).execute();
      await db.schema.createIndex('flow_instances_business_key').on('flow_instances').column('business_key').execute();
      await db.schema.createIndex('flow_instances_warning').on('flow_instances').columns(['warning', 'due_at']).execute();
      await clustered(db.schema
        .createTable('flow_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('element_id', 'text', (c) => c.notNull())
        .addColumn('scope_id', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('flow_id', 'text')
        .addColumn('data', 'text')
        .addColumn('entered_at', 'text', (c) => c.notNull()))
        .execute();
      await clustered(db.schema
        .createTable('flow_tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('token_id', 'text', (c) => c.notNull())
        .addColumn('element_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('candidate_roles', 'text', (c) => c.notNull())
        .addColumn('candidate_org', 'text')
        .addColumn('assignee', 'text')
        .addColumn('form_key', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text')
        .addColumn('due_unit', 'text')
        .addColumn('warning', 'text', (c) => c.notNull())
        .addColumn('suspended_at', 'text')
        .addColumn('suspend_reason', 'text')
        .addColumn('completed_at', 'text')
        .addColumn('completed_by', 'text'))
        .execute();
      // Tasks are also looked up by instance from outside the engine (access checks, listings): written once per task.
      await db.schema.createIndex('flow_tasks_instance').on('flow_tasks').column('instance_id').execute();
      await db.schema.createIndex('flow_tasks_inbox').on('flow_tasks').columns(['state', 'candidate_org']).execute();
      await db.schema.createIndex('flow_tasks_assignee').on('flow_tasks').columns(['assignee', 'state']).execute();
      await clustered(db.schema
        .createTable('flow_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('token_id', 'text', (c) => c.notNull())
        .addColumn('element_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('data', 'text', (c) => c.notNull()))
        .execute();
      await db.schema.createIndex('flow_jobs_due').on('flow_jobs').columns(['state', 'due_at']).execute();
      await clustered(db.schema
        .createTable('flow_subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('token_id', 'text', (c) => c.notNull())
        .addColumn('element_id', 'text', (c) => c.notNull())
        .addColumn('message_name', 'text', (c) => c.notNull())
        .addColumn('correlation_key', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull()))
        .execute();
      await db.schema.createIndex('flow_subscriptions_message').on('flow_subscriptions').columns(['message_name', 'correlation_key']).execute();
      // One row per input: `seq` is the number of its first line; `lines` holds [kind, element, token, data] for each.
      await clustered(db.schema
        .createTable('flow_history')
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text')
        .addColumn('lines', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('flow_history_pk', ['instance_id', 'seq']))
        .execute();
      if (family === 'postgres') {
        // Raised by a step's write when the instance changed since it was read (optimistic check on `hseq`).
        await sql`create or replace function flow_conflict(instance text) returns integer language plpgsql as $$
          begin raise exception 'flow.instance.conflict %', instance using errcode = 'FLOW1'; end $$`.execute(db);
      }
    },
  },
  {
    // PostgreSQL: room on each page for the next version of a row, so a step's updates of instance, token and task
    // rows stay on their page (HOT: no index entry is written when no indexed value changed). SQLite updates in place.
    name: '0601_flow_fillfactor',
    async up(db, family) {
      if (family !== 'postgres') return;
      await sql`alter table flow_instances set (fillfactor = 70)`.execute(db);
      await sql`alter table flow_tokens set (fillfactor = 85)`.execute(db);
      await sql`alter table flow_tasks set (fillfactor = 85)`.execute(db);
    },
  },
];
