import type { ModuleMigration } from '../../db/index.ts';

/**
 * The workflow module's tables beside the flow engine's: who owns a process and
 * uploaded each version, who applied for each instance (and where), ratings
 * (好差评) and requests for correction (补正).
 */
export const workflowMigrations: ModuleMigration[] = [
  {
    name: '1100_workflow_init',
    async up(db) {
      await db.schema
        .createTable('wf_processes')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('owner_org_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        // Internal processes (the rating follow-up) are started by the platform, never by applicants.
        .addColumn('internal', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('wf_versions')
        .addColumn('definition_id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('uploaded_by', 'text')
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('wf_versions_key').on('wf_versions').columns(['key', 'version']).execute();
      await db.schema
        .createTable('wf_instances')
        .addColumn('instance_id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('applicant_user_id', 'text')
        .addColumn('applicant_name', 'text', (c) => c.notNull())
        .addColumn('applicant_org_id', 'text')
        .addColumn('applicant_uscc', 'text')
        .addColumn('district_code', 'text')
        // Set on follow-up instances: the instance whose rating opened them.
        .addColumn('follows_instance_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('wf_instances_applicant').on('wf_instances').columns(['applicant_org_id', 'created_at']).execute();
      await db.schema.createIndex('wf_instances_district').on('wf_instances').columns(['district_code', 'created_at']).execute();
      await db.schema
        .createTable('wf_ratings')
        .addColumn('instance_id', 'text', (c) => c.primaryKey())
        .addColumn('score', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('rated_by', 'text', (c) => c.notNull())
        .addColumn('rated_at', 'text', (c) => c.notNull())
        .addColumn('follow_up_instance_id', 'text')
        .execute();
      await db.schema
        .createTable('wf_corrections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('answer', 'text')
        .addColumn('answered_by', 'text')
        .addColumn('answered_at', 'text')
        .execute();
      await db.schema.createIndex('wf_corrections_instance').on('wf_corrections').columns(['instance_id', 'requested_at']).execute();
    },
  },
  {
    // Holiday notices an administrator enters (holiday-notices.ts): a year's arrangement as the State Council
    // published it, counted on from then on; a row wins over the year shipped in kernel/calendar-data.ts.
    name: '1101_workflow_holiday_notices',
    async up(db) {
      await db.schema
        .createTable('wf_holiday_notices')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('notices', 'text', (c) => c.notNull())
        .addColumn('holidays', 'text', (c) => c.notNull())
        .addColumn('workdays', 'text', (c) => c.notNull())
        .addColumn('entered_by', 'text', (c) => c.notNull())
        .addColumn('entered_by_name', 'text', (c) => c.notNull())
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    // The recount of running deadlines a holiday notice sets off (holiday-notices.ts), stored with the notice: the
    // calendar before it (`previous`, its years as JSON) and the last instance id done (`after`, advanced in each
    // batch's transaction), so one cut short by a stop goes on where it stopped, once and only once per instance.
    name: '1102_workflow_calendar_recounts',
    async up(db) {
      await db.schema
        .createTable('wf_calendar_recounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('previous', 'text', (c) => c.notNull())
        .addColumn('after', 'text', (c) => c.notNull())
        .addColumn('instances', 'integer', (c) => c.notNull())
        .addColumn('deadlines', 'integer', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
    },
  },
];
