import { sql, type CreateTableBuilder } from 'kysely';
import type { ModuleMigration } from '../../db/index.ts';

/**
 * The flow engine's tables: definitions; instances, whose variables are a JSON
 * document (`live`: until its format 2, the whole live state); the rows the
 * rest of that state is (tokens, tasks, jobs and timers, message subscriptions),
 * which inboxes, due-job polling, correlation and reporting read too; and
 * history, one row per input with its lines.
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
  {
    // A job's claim (PostgreSQL): the worker that made the job ready and until when it alone runs it, so that worker
    // runs it without locking the instance row (engine.ts, `jobClaims`). Nullable: unclaimed jobs, and all on SQLite.
    name: '0602_flow_job_claims',
    async up(db) {
      await db.schema.alterTable('flow_jobs').addColumn('claimed_by', 'text').execute();
      await db.schema.alterTable('flow_jobs').addColumn('claimed_until', 'text').execute();
    },
  },
  {
    // Fewer index entries per task. An instance's tasks are read by their key range, so the instance index goes.
    // The inbox and assignee indexes keep live tasks only (the assignee index assigned ones), and finished tasks
    // get an index of their own, read by handling statistics (by organisation and finishing time). Creating a task
    // writes two index entries instead of four (primary key, inbox); completing it two instead of four on
    // PostgreSQL (primary key, finished: an update that changes `state` adds the new row to every index whose
    // predicate it meets), and on SQLite one insert and one delete instead of two of each. On the issue-6 workload
    // this wrote 10% less WAL per instance on SQLite (and took 6% less CPU), 4% less on PostgreSQL. A query uses a
    // partial index only if it repeats the predicate word for word (SQLite's rule): `state in ('open', 'suspended')`,
    // `state = 'completed'`. Instances: the status index gains `ended_at` for statistics over a period, at no extra
    // entry (an instance's end changes `status` too).
    name: '0603_flow_task_indexes',
    async up(db) {
      await db.schema.dropIndex('flow_tasks_instance').execute();
      await db.schema.dropIndex('flow_tasks_inbox').execute();
      await db.schema.dropIndex('flow_tasks_assignee').execute();
      await db.schema.createIndex('flow_tasks_inbox').on('flow_tasks').columns(['state', 'candidate_org']).where(sql<boolean>`state in ('open', 'suspended')`).execute();
      await db.schema.createIndex('flow_tasks_assignee').on('flow_tasks').columns(['assignee', 'state'])
        .where(sql<boolean>`assignee is not null and state in ('open', 'suspended')`).execute();
      await db.schema.createIndex('flow_tasks_finished').on('flow_tasks').columns(['candidate_org', 'completed_at']).where(sql<boolean>`state = 'completed'`).execute();
      await db.schema.dropIndex('flow_instances_status').execute();
      await db.schema.createIndex('flow_instances_status').on('flow_instances').columns(['def_key', 'status', 'ended_at']).execute();
    },
  },
  {
    // SQLite: history as a rowid table with a unique index on (instance_id, seq) instead of WITHOUT ROWID. A step
    // appends its history rows at the end of the table, next to the other history rows of its transaction, rather
    // than into its instance's key range: a group commit of 2,000 steps dirtied a page per instance there (history
    // was 1.8 of the 3.0 pages an issue-6 instance wrote to the WAL). A rowid row keeps up to 4,061 bytes in its page
    // (1,002 WITHOUT ROWID), so one row holds a transaction's lines of an instance (store.ts, HISTORY_ROW_BUDGET).
    name: '0604_flow_history_rowid',
    async up(db, family) {
      if (family !== 'sqlite') return;
      await sql`create table flow_history_rowid (instance_id text not null, seq integer not null, at text not null, actor text, lines text not null)`.execute(db);
      await sql`insert into flow_history_rowid (instance_id, seq, at, actor, lines) select instance_id, seq, at, actor, lines from flow_history order by instance_id, seq`.execute(db);
      await sql`drop table flow_history`.execute(db);
      await sql`alter table flow_history_rowid rename to flow_history`.execute(db);
      await sql`create unique index flow_history_pk on flow_history (instance_id, seq)`.execute(db);
    },
  },
  {
    // PostgreSQL: an instance's item rows are read by the key range `<instance>.` … `<instance>/` (`itemRange`),
    // which holds only in byte order. A database created with a language collation (en_US.UTF-8, zh_CN.UTF-8)
    // ignores punctuation at first and would put other instances' rows inside the range or its rows outside it:
    // the item keys compare in the "C" collation whatever the database's default (SQLite compares bytes).
    name: '0605_flow_item_keys_bytewise',
    async up(db, family) {
      if (family !== 'postgres') return;
      for (const table of ['flow_tokens', 'flow_tasks', 'flow_jobs', 'flow_subscriptions']) {
        await sql`alter table ${sql.table(table)} alter column id type text collate "C"`.execute(db);
      }
    },
  },
  {
    // Index only the instances a lookup can find: those with a business key, and those with a time limit of their
    // own (a warned instance always has one; `listInstanceWarnings` repeats the predicate, SQLite's rule for using a
    // partial index). An instance started without either writes two index entries fewer: on SQLite a one-commit-per-
    // step start dirtied 10 pages, of which these indexes were 2.
    name: '0606_flow_instance_partial_indexes',
    async up(db) {
      await db.schema.dropIndex('flow_instances_business_key').execute();
      await db.schema.dropIndex('flow_instances_warning').execute();
      await db.schema.createIndex('flow_instances_business_key').on('flow_instances').column('business_key').where(sql<boolean>`business_key is not null`).execute();
      await db.schema.createIndex('flow_instances_warning').on('flow_instances').columns(['warning', 'due_at']).where(sql<boolean>`due_at is not null`).execute();
    },
  },
];
