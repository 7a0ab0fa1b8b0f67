import type { HandlingStat } from '../../engines/flow/index.ts';
import type { Actor } from '../identity/identity.types.ts';
import { requireRoles, STAFF_ROLES } from './access.ts';
import { orgRef, type OrgRef, type WorkflowContext } from './workflow.context.ts';

/** What to aggregate: by step, by department, or by process; optionally one process and a period. */
export interface StatisticsQuery {
  groupBy: 'step' | 'org' | 'definition';
  key?: string;
  from?: string;
  to?: string;
}

/** One row of handling-time statistics, with the names the UI shows. */
export interface StatisticsRow extends HandlingStat {
  processName: string;
  stepName: string | null;
  org: OrgRef | null;
}

/**
 * Handling days (工作日) per step, department or process, from the engine's
 * records: an official sees the tasks routed to their organisation and the
 * organisations under it, and the processes those organisations own; a
 * platform administrator sees everything.
 */
export function createStatisticsService(ctx: WorkflowContext) {
  return {
    async handling(actor: Actor, query: StatisticsQuery): Promise<StatisticsRow[]> {
      requireRoles(actor, STAFF_ROLES, 'Handling statistics');
      const orgs = await ctx.orgs();
      const all = actor.role === 'platform_admin';
      const subtree = all ? null : orgs.subtreeCodes(actor.org.id);
      const processes = await ctx.repo.listProcesses();
      let rows = await ctx.engine.handlingStats({ groupBy: query.groupBy, key: query.key, from: query.from, to: query.to, ...(subtree && query.groupBy !== 'definition' ? { orgs: subtree } : {}) });
      if (subtree && query.groupBy === 'definition') {
        const own = new Set(subtree);
        const owned = new Set(processes.filter((p) => own.has(orgs.byId.get(p.ownerOrgId)?.code ?? '')).map((p) => p.key));
        rows = rows.filter((r) => owned.has(r.key));
      }
      const names = new Map(processes.map((p) => [p.key, { name: p.name ?? p.key, version: p.latestVersion }]));
      const out: StatisticsRow[] = [];
      for (const r of rows) {
        const process = names.get(r.key);
        let stepName: string | null = null;
        if (query.groupBy === 'step' && r.group && process) stepName = (await ctx.definition(r.key, process.version)).process.nodes[r.group]?.name ?? r.group;
        out.push({ ...r, processName: process?.name ?? r.key, stepName, org: query.groupBy === 'org' ? orgRef(orgs, r.group) : null });
      }
      return out;
    },
  };
}

/** The statistics service's interface. */
export type StatisticsService = ReturnType<typeof createStatisticsService>;
