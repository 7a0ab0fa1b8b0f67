import { sql } from 'kysely';
import type { Database, SqlFamily } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { TaskFilter } from './options.ts';
import type { DefinitionCache } from './session.ts';
import { FlowError, type HistoryEntry, type TaskRow } from './state.ts';
import { handlingStats, type HandlingStatsQuery } from './stats.ts';
import { definitionRows, historyFrom, itemRange, loadInstance, taskFrom } from './store.ts';
import { buildTimeline, type TimelineStep } from './timeline.ts';
import type { TimeContext } from './time.ts';

/**
 * The engine's questions of its committed rows: an instance's state, history and timeline, inboxes, handling
 * statistics and the instances warned of their limit. Nothing here runs a step or writes.
 * @example const { listTasks } = createFlowQueries({ database, definitions, time, clock });
 */
export function createFlowQueries(deps: { database: Database; definitions: DefinitionCache; time: TimeContext; clock: Clock }) {
  const { database, definitions, time, clock } = deps;
  const db = database.kysely;

  /** Every history line of an instance, in order. */
  async function history(instanceId: string): Promise<HistoryEntry[]> {
    return (await db.selectFrom('flow_history').selectAll().where('instance_id', '=', instanceId).orderBy('seq').execute()).flatMap(historyFrom);
  }

  return {
    /** The instance's current state as stored. */
    getInstance: (instanceId: string) => loadInstance(database, instanceId),
    /** Tasks matching a filter, by deadline then age. */
    async listTasks(filter: TaskFilter = {}): Promise<Array<TaskRow & { instanceId: string }>> {
      const states = filter.states ?? ['open', 'suspended'];
      let q = db.selectFrom('flow_tasks').selectAll().where('state', 'in', states);
      // The inbox and assignee indexes hold live tasks only; SQLite uses a partial index when the query repeats its
      // predicate word for word (an instance's tasks are read by their key range instead).
      if (!filter.instanceId && states.every((s) => s === 'open' || s === 'suspended')) q = q.where(sql<boolean>`state in ('open', 'suspended')`);
      if (filter.assignee) q = q.where('assignee', '=', filter.assignee);
      if (filter.instanceId) q = q.where('id', '>', itemRange(filter.instanceId)[0]).where('id', '<', itemRange(filter.instanceId)[1]).where('instance_id', '=', filter.instanceId);
      if (filter.orgs) q = q.where((eb) => eb.or([eb('candidate_org', 'in', filter.orgs!.length ? filter.orgs! : ['']), eb('candidate_org', 'is', null)]));
      // Tasks open to everyone (no candidate roles) or to one of these roles: in the query, so that the limit counts
      // only tasks the caller may take (filtered after it, an org's other tasks could fill the page and hide them).
      if (filter.roles) q = q.where(rolesMatch(database.family, filter.roles));
      return (await q.orderBy('due_at').orderBy('created_at').limit(filter.limit ?? 500).execute()).map(taskFrom);
    },
    history,
    /** The instance's steps with organisation, state, start, deadline and finish: the applicant's progress view. */
    async timeline(instanceId: string): Promise<TimelineStep[]> {
      const state = await loadInstance(database, instanceId);
      if (!state) throw new FlowError('flow.instance.notFound', `instance ${instanceId} does not exist`, { instanceId });
      const def = definitions.get(state.definitionId) ?? (await definitionRows.byId(db, state.definitionId))!;
      const [lo, hi] = itemRange(instanceId);
      const tasks = (await db.selectFrom('flow_tasks').selectAll().where('id', '>', lo).where('id', '<', hi).where('instance_id', '=', instanceId).execute()).map(taskFrom);
      return buildTimeline(def.process, await history(instanceId), tasks);
    },
    /** Handling days per step, department or definition, with deadline misses: what the cockpits read. */
    handlingStats: (query: HandlingStatsQuery) => handlingStats(db, time, clock.now(), query),
    /** Running instances past their own time limit or warned (yellow, red), most urgent first. */
    async listInstanceWarnings(opts: { key?: string; levels?: Array<'yellow' | 'red'>; limit?: number } = {}): Promise<Array<{ id: string; key: string; businessKey: string | null; dueAt: string; warning: 'yellow' | 'red' }>> {
      let q = db.selectFrom('flow_instances').select(['id', 'def_key', 'business_key', 'due_at', 'warning']).where('status', '=', 'running').where('warning', 'in', opts.levels ?? ['yellow', 'red'])
        .where('due_at', 'is not', null); // the partial index's predicate (migration 0606)
      if (opts.key) q = q.where('def_key', '=', opts.key);
      const rows = await q.orderBy('due_at').limit(opts.limit ?? 500).execute();
      return rows.map((r) => ({ id: r.id, key: r.def_key, businessKey: r.business_key ?? null, dueAt: r.due_at, warning: r.warning }));
    },
  };
}

/**
 * A task's `candidate_roles` (a JSON array of strings) is empty or holds one of `roles`: SQLite reads the array
 * with json_each, PostgreSQL as jsonb (`?|`: any of these strings is an element).
 */
function rolesMatch(family: SqlFamily, roles: string[]) {
  return sql<boolean>`(candidate_roles = '[]' or ${family === 'postgres'
    ? sql`candidate_roles::jsonb ?| ${sql.val(roles)}::text[]`
    : sql`exists (select 1 from json_each(candidate_roles) where value in (${sql.join(roles.length ? roles : [''])}))`})`;
}
