import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import { itemRange } from '../../engines/flow/index.ts';

interface ProcessesTable { key: string; owner_org_id: string; name: string | null; internal: number; created_by: string | null; created_at: string }
interface VersionsTable { definition_id: string; key: string; version: number; uploaded_by: string | null; uploaded_at: string }
interface InstancesTable {
  instance_id: string; key: string; title: string; applicant_user_id: string | null; applicant_name: string; applicant_org_id: string | null;
  applicant_uscc: string | null; district_code: string | null; follows_instance_id: string | null; created_at: string;
}
interface RatingsTable { instance_id: string; score: number; comment: string | null; rated_by: string; rated_at: string; follow_up_instance_id: string | null }
interface CorrectionsTable {
  id: string; instance_id: string; task_id: string; reason: string; requested_by: string; requested_at: string;
  answer: string | null; answered_by: string | null; answered_at: string | null;
}
// Read only: the engine's rows this module lists and joins (the engine writes them).
interface FlowDefinitionsTable { id: string; key: string; version: number; name: string | null; created_at: string }
interface FlowInstancesTable { id: string; def_key: string; def_version: number; status: string; started_at: string; ended_at: string | null }
interface FlowTasksTable { id: string; instance_id: string; candidate_org: string | null }

/** The tables this module reads and writes. */
export interface WorkflowTables {
  wf_processes: ProcessesTable;
  wf_versions: VersionsTable;
  wf_instances: InstancesTable;
  wf_ratings: RatingsTable;
  wf_corrections: CorrectionsTable;
  flow_definitions: FlowDefinitionsTable;
  flow_instances: FlowInstancesTable;
  flow_tasks: FlowTasksTable;
}

/** A process (all versions of one BPMN process id) and who owns it. */
export interface ProcessRecord { key: string; ownerOrgId: string; name: string | null; internal: boolean; createdBy: string | null; createdAt: string }

/** Who applied for an instance, for what, and where. */
export interface InstanceRecord {
  instanceId: string; key: string; title: string; applicantUserId: string | null; applicantName: string; applicantOrgId: string | null;
  applicantUscc: string | null; districtCode: string | null; followsInstanceId: string | null; createdAt: string;
}

/** An applicant's rating of a finished instance. */
export interface RatingRecord { instanceId: string; score: number; comment: string | null; ratedBy: string; ratedAt: string; followUpInstanceId: string | null }

/** A request for correction sent to the applicant, and the answer. */
export interface CorrectionRecord {
  id: string; instanceId: string; taskId: string; reason: string; requestedBy: string; requestedAt: string;
  answer: string | null; answeredBy: string | null; answeredAt: string | null;
}

/** An instance row joined with the engine's status. */
export interface InstanceListRow extends InstanceRecord { version: number; status: string; startedAt: string; endedAt: string | null }

/** Which instances a list may show: all, those of an applicant org, or those of a district prefix or routed to an org. */
export type InstanceListScope = { kind: 'all' } | { kind: 'applicant'; orgId: string } | { kind: 'division'; prefix: string; orgCode: string };

const toInstance = (r: InstancesTable): InstanceRecord => ({
  instanceId: r.instance_id, key: r.key, title: r.title, applicantUserId: r.applicant_user_id, applicantName: r.applicant_name,
  applicantOrgId: r.applicant_org_id, applicantUscc: r.applicant_uscc, districtCode: r.district_code, followsInstanceId: r.follows_instance_id, createdAt: r.created_at,
});
const toCorrection = (r: CorrectionsTable): CorrectionRecord => ({
  id: r.id, instanceId: r.instance_id, taskId: r.task_id, reason: r.reason, requestedBy: r.requested_by, requestedAt: r.requested_at,
  answer: r.answer, answeredBy: r.answered_by, answeredAt: r.answered_at,
});

/** The only code that touches the workflow tables. */
export function createWorkflowRepository(database: Database) {
  const db = database.kysely as Kysely<WorkflowTables>;
  const on = (tx?: Kysely<unknown>) => (tx as Kysely<WorkflowTables> | undefined) ?? db;
  return {
    async findProcess(key: string): Promise<ProcessRecord | undefined> {
      const r = await db.selectFrom('wf_processes').selectAll().where('key', '=', key).executeTakeFirst();
      return r && { key: r.key, ownerOrgId: r.owner_org_id, name: r.name, internal: r.internal === 1, createdBy: r.created_by, createdAt: r.created_at };
    },
    async insertProcess(p: ProcessRecord): Promise<void> {
      await db.insertInto('wf_processes').values({ key: p.key, owner_org_id: p.ownerOrgId, name: p.name, internal: p.internal ? 1 : 0, created_by: p.createdBy, created_at: p.createdAt }).execute();
    },
    async renameProcess(key: string, name: string | null): Promise<void> {
      await db.updateTable('wf_processes').set({ name }).where('key', '=', key).execute();
    },
    /** Processes with their latest deployed version and instance counts. */
    async listProcesses(): Promise<Array<ProcessRecord & { latestVersion: number; versions: number; running: number; completed: number }>> {
      const rows = await db.selectFrom('wf_processes as p')
        .innerJoin('flow_definitions as d', 'd.key', 'p.key')
        .select(['p.key', 'p.owner_org_id', 'p.name', 'p.internal', 'p.created_by', 'p.created_at'])
        .select((eb) => [eb.fn.max('d.version').as('latest'), eb.fn.countAll().as('versions')])
        .groupBy(['p.key', 'p.owner_org_id', 'p.name', 'p.internal', 'p.created_by', 'p.created_at'])
        .orderBy('p.key').execute();
      const counts = await db.selectFrom('flow_instances').select(['def_key', 'status']).select((eb) => eb.fn.countAll().as('n')).groupBy(['def_key', 'status']).execute();
      const count = (key: string, status: string) => Number(counts.find((c) => c.def_key === key && c.status === status)?.n ?? 0);
      return rows.map((r) => ({
        key: r.key, ownerOrgId: r.owner_org_id, name: r.name, internal: r.internal === 1, createdBy: r.created_by, createdAt: r.created_at,
        latestVersion: Number(r.latest), versions: Number(r.versions), running: count(r.key, 'running'), completed: count(r.key, 'completed'),
      }));
    },
    async listVersions(key: string): Promise<Array<{ definitionId: string; version: number; name: string | null; createdAt: string; uploadedBy: string | null }>> {
      const rows = await db.selectFrom('flow_definitions as d').leftJoin('wf_versions as v', 'v.definition_id', 'd.id')
        .select(['d.id', 'd.version', 'd.name', 'd.created_at', 'v.uploaded_by']).where('d.key', '=', key).orderBy('d.version', 'desc').execute();
      return rows.map((r) => ({ definitionId: r.id, version: Number(r.version), name: r.name, createdAt: r.created_at, uploadedBy: r.uploaded_by }));
    },
    async insertVersion(v: { definitionId: string; key: string; version: number; uploadedBy: string | null; uploadedAt: string }): Promise<void> {
      const exists = await db.selectFrom('wf_versions').select('definition_id').where('definition_id', '=', v.definitionId).executeTakeFirst();
      if (!exists) await db.insertInto('wf_versions').values({ definition_id: v.definitionId, key: v.key, version: v.version, uploaded_by: v.uploadedBy, uploaded_at: v.uploadedAt }).execute();
    },
    /** With `tx` (a flow step's transaction, `AlongsideWork`), the row commits with the step. */
    async insertInstance(r: InstanceRecord, tx?: Kysely<unknown>): Promise<void> {
      await on(tx).insertInto('wf_instances').values({
        instance_id: r.instanceId, key: r.key, title: r.title, applicant_user_id: r.applicantUserId, applicant_name: r.applicantName,
        applicant_org_id: r.applicantOrgId, applicant_uscc: r.applicantUscc, district_code: r.districtCode, follows_instance_id: r.followsInstanceId, created_at: r.createdAt,
      }).execute();
    },
    async findInstance(instanceId: string): Promise<InstanceRecord | undefined> {
      const r = await db.selectFrom('wf_instances').selectAll().where('instance_id', '=', instanceId).executeTakeFirst();
      return r && toInstance(r);
    },
    async findInstances(ids: readonly string[]): Promise<Map<string, InstanceRecord>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('wf_instances').selectAll().where('instance_id', 'in', [...new Set(ids)]).execute();
      return new Map(rows.map((r) => [r.instance_id, toInstance(r)]));
    },
    /** Process key and version of engine instances, in one query. */
    async versionsOf(ids: readonly string[]): Promise<Map<string, { key: string; version: number }>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('flow_instances').select(['id', 'def_key', 'def_version']).where('id', 'in', [...new Set(ids)]).execute();
      return new Map(rows.map((r) => [r.id, { key: r.def_key, version: Number(r.def_version) }]));
    },
    /** Whether any task of the instance was routed to the org. */
    async wasRoutedTo(instanceId: string, orgCode: string): Promise<boolean> {
      // An instance's tasks are the key range of its id (the engine keeps no index by instance).
      const [lo, hi] = itemRange(instanceId);
      return Boolean(await db.selectFrom('flow_tasks').select('instance_id').where('id', '>', lo).where('id', '<', hi)
        .where('instance_id', '=', instanceId).where('candidate_org', '=', orgCode).executeTakeFirst());
    },
    async listInstances(scope: InstanceListScope, filter: { key?: string; status?: string }, limit: number): Promise<InstanceListRow[]> {
      let q = db.selectFrom('wf_instances as w').innerJoin('flow_instances as f', 'f.id', 'w.instance_id')
        .selectAll('w').select(['f.def_version', 'f.status', 'f.started_at', 'f.ended_at']);
      if (scope.kind === 'applicant') q = q.where('w.applicant_org_id', '=', scope.orgId);
      if (scope.kind === 'division') {
        const { prefix, orgCode } = scope;
        q = q.where((eb) => eb.or([
          eb('w.district_code', 'like', `${prefix}%`),
          eb.exists(eb.selectFrom('flow_tasks as t').select('t.instance_id').where(sql<boolean>`t.id > w.instance_id || '.' and t.id < w.instance_id || '/'`)
            .whereRef('t.instance_id', '=', 'w.instance_id').where('t.candidate_org', '=', orgCode)),
        ]));
      }
      if (filter.key) q = q.where('w.key', '=', filter.key);
      if (filter.status) q = q.where('f.status', '=', filter.status);
      const rows = await q.orderBy('w.created_at', 'desc').orderBy('w.instance_id', 'desc').limit(limit).execute();
      return rows.map((r) => ({ ...toInstance(r), version: Number(r.def_version), status: r.status, startedAt: r.started_at, endedAt: r.ended_at }));
    },
    async findRating(instanceId: string): Promise<RatingRecord | undefined> {
      const r = await db.selectFrom('wf_ratings').selectAll().where('instance_id', '=', instanceId).executeTakeFirst();
      return r && { instanceId: r.instance_id, score: Number(r.score), comment: r.comment, ratedBy: r.rated_by, ratedAt: r.rated_at, followUpInstanceId: r.follow_up_instance_id };
    },
    async insertRating(r: RatingRecord, tx?: Kysely<unknown>): Promise<void> {
      await on(tx).insertInto('wf_ratings').values({
        instance_id: r.instanceId, score: r.score, comment: r.comment, rated_by: r.ratedBy, rated_at: r.ratedAt, follow_up_instance_id: r.followUpInstanceId,
      }).execute();
    },
    async insertCorrection(c: CorrectionRecord, tx?: Kysely<unknown>): Promise<void> {
      await on(tx).insertInto('wf_corrections').values({
        id: c.id, instance_id: c.instanceId, task_id: c.taskId, reason: c.reason, requested_by: c.requestedBy, requested_at: c.requestedAt,
        answer: c.answer, answered_by: c.answeredBy, answered_at: c.answeredAt,
      }).execute();
    },
    async listCorrections(instanceId: string): Promise<CorrectionRecord[]> {
      return (await db.selectFrom('wf_corrections').selectAll().where('instance_id', '=', instanceId).orderBy('requested_at').orderBy('id').execute()).map(toCorrection);
    },
    async openCorrectionsFor(taskIds: readonly string[]): Promise<Map<string, CorrectionRecord>> {
      if (taskIds.length === 0) return new Map();
      const rows = await db.selectFrom('wf_corrections').selectAll().where('task_id', 'in', [...new Set(taskIds)]).where('answered_at', 'is', null).execute();
      return new Map(rows.map((r) => [r.task_id, toCorrection(r)]));
    },
    /** Records the answer unless it was answered already; true when this call answered it. */
    async answerCorrection(id: string, answer: string, by: string, at: string, tx?: Kysely<unknown>): Promise<boolean> {
      // RETURNING rather than the affected-row count, which not every driver reports.
      const row = await on(tx).updateTable('wf_corrections').set({ answer, answered_by: by, answered_at: at }).where('id', '=', id).where('answered_at', 'is', null).returning('id').executeTakeFirst();
      return row !== undefined;
    },
  };
}

/** The workflow repository's interface. */
export type WorkflowRepository = ReturnType<typeof createWorkflowRepository>;
