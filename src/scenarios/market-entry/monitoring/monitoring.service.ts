import { AppError } from '../../../kernel/errors.ts';
import type { Actor } from '../../../platform/identity/identity.types.ts';
import type { PlatformServices } from '../../../platform/platform.ts';
import { instanceScopeOf } from '../../../platform/workflow/access.ts';
import { OrgDirectory } from '../../../platform/workflow/org-directory.ts';
import { createWorkflowRepository } from '../../../platform/workflow/workflow.repository.ts';
import type { ExitRepository } from '../exit/exit.repository.ts';

/** One department's load: open items, warnings, time used against the limit, handling days. */
export interface DepartmentLoad {
  org: { code: string; name: string };
  open: number;
  suspended: number;
  yellow: number;
  red: number;
  /** Mean share of the time limit the open items have used (1 = at the deadline), null without limits. */
  avgLimitUsed: number | null;
  /** The open items nearest their deadline: what the officials' pages show live. */
  urgent: Array<{ taskId: string; instanceId: string; name: string | null; dueAt: string | null; limitUsed: number | null; warning: 'none' | 'yellow' | 'red' }>;
  finished: number;
  avgWorkingDays: number | null;
  overdue: number;
}

/** The seed's headline figures, computed from the records. */
export interface HeadlineFigures {
  applications: number;
  completed: number;
  /** Tasks handled by officials (finished user tasks). */
  itemsHandled: number;
  companiesServed: number;
  /** Completed applications that no official touched (every step automatic). */
  fullyAutomatic: number;
  fullyAutomaticShare: number;
  exits: Array<{ kind: string; status: string; n: number }>;
}

const STAFF = ['official', 'department_officer', 'platform_admin'];
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Monitoring of the one-stop services (per department, live) and the headline figures, both computed
 * from the workflow module's records (engine tasks, handling statistics, instances) and the exit cases.
 */
export function createMonitoringService(deps: { platform: PlatformServices; exits: ExitRepository }) {
  const { platform } = deps;
  const workflowRepo = createWorkflowRepository(platform.database);
  const requireStaff = (actor: Actor) => {
    if (!STAFF.includes(actor.role)) throw new AppError('auth.forbidden', 'Monitoring is for officials');
  };

  return {
    /** Per department under the actor's organisation (everything for administrators). */
    async departments(actor: Actor, opts: { key?: string } = {}): Promise<DepartmentLoad[]> {
      requireStaff(actor);
      const orgs = await OrgDirectory.load(platform.identity);
      const codes = actor.role === 'platform_admin' ? null : orgs.subtreeCodes(actor.org.id);
      const now = platform.clock.now().getTime();
      let tasks = await platform.workflow.engine.listTasks({ ...(codes ? { orgs: codes } : {}), limit: 20_000 });
      tasks = tasks.filter((t) => t.candidateOrg && (!codes || codes.includes(t.candidateOrg)));
      if (opts.key) {
        const heads = await workflowRepo.versionsOf(tasks.map((t) => t.instanceId));
        tasks = tasks.filter((t) => heads.get(t.instanceId)?.key === opts.key);
      }
      const stats = await platform.workflow.statistics.handling(actor, { groupBy: 'org', key: opts.key });
      const by = new Map<string, DepartmentLoad>();
      const load = (code: string) => {
        let d = by.get(code);
        if (!d) {
          d = { org: { code, name: orgs.byCode.get(code)?.name ?? code }, open: 0, suspended: 0, yellow: 0, red: 0, avgLimitUsed: null, urgent: [], finished: 0, avgWorkingDays: null, overdue: 0 };
          by.set(code, d);
        }
        return d;
      };
      const used = new Map<string, number[]>();
      for (const t of tasks) {
        const d = load(t.candidateOrg!);
        if (t.state === 'suspended') d.suspended++;
        else d.open++;
        const share = t.dueAt && t.state === 'open' ? (now - Date.parse(t.createdAt)) / Math.max(1, Date.parse(t.dueAt) - Date.parse(t.createdAt)) : null;
        const warning = t.state === 'open' && t.dueAt && Date.parse(t.dueAt) <= now ? 'red' : t.warning;
        if (warning === 'yellow') d.yellow++;
        if (warning === 'red') d.red++;
        if (share !== null) used.set(d.org.code, [...(used.get(d.org.code) ?? []), share]);
        d.urgent.push({ taskId: t.id, instanceId: t.instanceId, name: t.name, dueAt: t.dueAt, limitUsed: share === null ? null : round(share, 2), warning });
      }
      const days = new Map<string, { n: number; sum: number }>();
      for (const s of stats) {
        if (!s.group) continue;
        const d = load(s.group);
        d.finished += s.finished;
        d.overdue += s.overdue;
        const acc = days.get(s.group) ?? { n: 0, sum: 0 };
        days.set(s.group, { n: acc.n + s.finished, sum: acc.sum + s.avgWorkingDays * s.finished });
      }
      for (const d of by.values()) {
        const u = used.get(d.org.code);
        d.avgLimitUsed = u?.length ? round(u.reduce((a, b) => a + b, 0) / u.length, 2) : null;
        const acc = days.get(d.org.code);
        d.avgWorkingDays = acc?.n ? round(acc.sum / acc.n, 2) : null;
        d.urgent = d.urgent.sort((a, b) => (b.limitUsed ?? -1) - (a.limitUsed ?? -1)).slice(0, 5);
      }
      return [...by.values()].sort((a, b) => b.red - a.red || b.yellow - a.yellow || b.open - a.open || a.org.code.localeCompare(b.org.code));
    },

    /** Applications, items handled, companies served and the share fully automatic, in the actor's scope. */
    async figures(actor: Actor): Promise<HeadlineFigures> {
      requireStaff(actor);
      const scope = instanceScopeOf(actor);
      if (!scope) throw new AppError('auth.forbidden', 'Your role sees no applications');
      const instances = await workflowRepo.listInstances(scope, {}, 100_000);
      const completed = instances.filter((i) => i.status === 'completed');
      let fullyAutomatic = 0;
      let itemsHandled = 0;
      for (const i of instances) {
        const tasks = await platform.workflow.engine.listTasks({ instanceId: i.instanceId, states: ['open', 'suspended', 'completed', 'cancelled'] });
        itemsHandled += tasks.filter((t) => t.state === 'completed').length;
        if (i.status === 'completed' && tasks.length === 0) fullyAutomatic++;
      }
      const prefix = scope.kind === 'division' ? scope.prefix : null;
      return {
        applications: instances.length, completed: completed.length, itemsHandled,
        companiesServed: new Set(instances.map((i) => i.applicantUscc).filter((u) => u !== null)).size,
        fullyAutomatic, fullyAutomaticShare: completed.length ? round(fullyAutomatic / completed.length) : 0,
        exits: await deps.exits.countByStatus(prefix),
      };
    },
  };
}

/** The monitoring service's interface. */
export type MonitoringService = ReturnType<typeof createMonitoringService>;
