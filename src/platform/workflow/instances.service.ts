import { evaluateExpression, type Expr } from '../../engines/flow/index.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import { effectiveWarning } from '../../kernel/time-limit.ts';
import type { Actor } from '../identity/identity.types.ts';
import { APPLICANT_ROLES, canReadInstance, instanceScopeOf, requireRoles, STAFF_ROLES } from './access.ts';
import { variableNames } from './definition-check.ts';
import { FOLLOW_UP_KEY } from './platform-processes.ts';
import type { RoutingContext } from './org-directory.ts';
import { audit, orgRef, type WorkflowContext } from './workflow.context.ts';
import type { InstanceRecord } from './workflow.repository.ts';

/** Input of `start`: what the applicant applies for; `variables` are extra form data for the process. */
export interface StartInput {
  title: string;
  note?: string;
  variables?: Record<string, unknown>;
}

/**
 * Options for scenario code that starts its own process (never taken from a request): route for a
 * district and town other than the applicant's registration (a company not registered yet), start
 * a process the scenario deployed as internal, and set the engine's business key.
 */
export interface StartOptions {
  routeTo?: { district: string; town: string | null; applicantName: string };
  internal?: boolean;
  businessKey?: string;
}

const RESERVED_VARIABLES = ['applicant', 'gov', 'dept', 'title', 'note'];

/** Applications (instances): start, list, diagram state, the applicant's progress, ratings. */
export function createInstancesService(ctx: WorkflowContext) {
  const { engine, repo, clock } = ctx;

  async function readable(actor: Actor, instanceId: string): Promise<InstanceRecord> {
    const record = await repo.findInstance(instanceId);
    const routed = record && actor.role !== 'platform_admin' && record.applicantOrgId !== actor.org.id ? await repo.wasRoutedTo(instanceId, actor.org.code) : false;
    // Not found and not allowed look the same: ids of other applicants' cases are not confirmed.
    if (!record || !canReadInstance(actor, record, routed)) throw new AppError('not_found', `instance ${instanceId} does not exist`);
    return record;
  }

  async function ownApplication(actor: Actor, instanceId: string): Promise<InstanceRecord> {
    const record = await repo.findInstance(instanceId);
    if (!record || record.applicantOrgId === null || record.applicantOrgId !== actor.org.id) throw new AppError('not_found', `instance ${instanceId} does not exist`);
    return record;
  }

  /** Refuses a start whose user tasks route to an organisation the org tree lacks. */
  function checkRouting(process: Awaited<ReturnType<WorkflowContext['definition']>>['process'], routing: RoutingContext): void {
    const unresolved: FieldError[] = [];
    for (const node of Object.values(process.nodes)) {
      const template = node.userTask?.candidateOrg;
      if (!template) continue;
      const parts = template as Array<string | Expr>;
      // Only templates made of routing references can be checked before the instance runs.
      const exprs = parts.filter((p): p is Expr => typeof p !== 'string');
      if (exprs.length === 0 || !exprs.every((e) => variableNames(e).every((n) => n === 'gov' || n === 'dept'))) continue;
      const lookup = (name: string) => (name === 'gov' ? routing.gov : name === 'dept' ? routing.dept : undefined);
      if (exprs.some((e) => evaluateExpression(e, lookup) == null))
        unresolved.push({ field: `process.${node.id}`, rule: 'routing', message: `no organisation for task ${node.name ?? node.id} in the applicant's district` });
    }
    if (unresolved.length) throw new AppError('flow.routing.unresolved', 'the process cannot be routed for this applicant', { errors: unresolved });
  }

  return {
    /**
     * Starts an application of the latest version for the actor's company. The applicant's
     * district and town (from the company's registration, else the org) decide the routing
     * variables `gov` and `dept`; user tasks name them, e.g. `${dept.amr}`.
     */
    async start(actor: Actor, key: string, input: StartInput, options: StartOptions = {}): Promise<{ instanceId: string; version: number }> {
      requireRoles(actor, APPLICANT_ROLES, 'Applying');
      const errors: FieldError[] = [];
      const title = input.title?.trim() ?? '';
      if (title.length < 2 || title.length > 100) errors.push({ field: 'title', rule: 'length', message: 'The title has 2 to 100 characters' });
      if (input.note && input.note.length > 2000) errors.push({ field: 'note', rule: 'maxLength', message: 'The note has at most 2000 characters' });
      for (const name of Object.keys(input.variables ?? {}))
        if (RESERVED_VARIABLES.includes(name)) errors.push({ field: `variables.${name}`, rule: 'reserved', message: `${name} is set by the platform` });
      assertNoFieldErrors(errors);
      const process = await repo.findProcess(key);
      const latest = process && (!process.internal || options.internal) ? await engine.getDefinition(key) : undefined;
      if (!process || !latest) throw new AppError('not_found', `process ${key} does not exist`);
      const { routeTo } = options;
      const company = routeTo ? { name: routeTo.applicantName, districtCode: routeTo.district, townCode: routeTo.town } : actor.enterpriseUscc ? await ctx.enterprises.get({ kind: 'all' }, actor.enterpriseUscc) : undefined;
      const division = actor.org.divisionCode;
      const district = company?.districtCode ?? (division ? division.slice(0, 6) : null);
      const town = company?.townCode ?? (division && division.length === 9 ? division : null);
      const orgs = await ctx.orgs();
      const routing = orgs.routingFor(district, town);
      checkRouting(latest.process, routing);
      const variables = {
        ...input.variables, title, note: input.note ?? null, ...routing,
        applicant: { name: company?.name ?? actor.org.name, uscc: actor.enterpriseUscc, orgCode: actor.org.code, district, town, userId: actor.userId },
      };
      // The application's record is written in the start's transaction: both exist, or neither.
      const instanceId = await engine.start(key, {
        variables, version: latest.version, actor: actor.userId, businessKey: options.businessKey,
        alongside: (tx, id) => repo.insertInstance({
          instanceId: id, key, title, applicantUserId: actor.userId, applicantName: company?.name ?? actor.org.name, applicantOrgId: actor.org.id,
          applicantUscc: actor.enterpriseUscc, districtCode: district, followsInstanceId: null, createdAt: clock.now().toISOString(),
        }, tx),
      });
      await audit(ctx, actor, 'instance.start', instanceId, { key, version: latest.version });
      return { instanceId, version: latest.version };
    },

    /** Applications the actor may see, newest first. */
    async list(actor: Actor, filter: { key?: string; status?: string; limit?: number }) {
      const scope = instanceScopeOf(actor);
      if (!scope) throw new AppError('auth.forbidden', 'Your role sees no applications');
      const rows = await repo.listInstances(scope, filter, filter.limit ?? 50);
      const names = new Map((await repo.listProcesses()).map((p) => [p.key, p.name]));
      return rows.map((r) => ({
        id: r.instanceId, key: r.key, processName: names.get(r.key) ?? r.key, version: r.version, title: r.title, applicantName: r.applicantName,
        districtCode: r.districtCode, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, followsInstanceId: r.followsInstanceId,
      }));
    },

    /** The instance view: its version's diagram, which nodes are active and completed, and its tasks. */
    async view(actor: Actor, instanceId: string) {
      const record = await readable(actor, instanceId);
      const state = await engine.getInstance(instanceId);
      if (!state) throw new AppError('not_found', `instance ${instanceId} does not exist`);
      const def = await ctx.definition(state.key, state.version);
      const history = await engine.history(instanceId);
      const active = new Set([...state.tokens.values()].map((t) => t.elementId));
      const visited = new Set<string>();
      const flows = new Set<string>();
      for (const h of history) {
        const data = h.data as { via?: string; flows?: string[] } | null;
        if (h.kind === 'enter' && h.elementId) visited.add(h.elementId);
        if (data?.via) flows.add(data.via);
      }
      const orgs = await ctx.orgs();
      const tasks = await engine.listTasks({ instanceId, states: ['open', 'suspended', 'completed', 'cancelled'] });
      const staff = STAFF_ROLES.includes(actor.role);
      return {
        instance: {
          id: instanceId, key: state.key, version: state.version, processName: def.name ?? state.key, title: record.title, applicantName: record.applicantName,
          status: state.status, startedAt: state.startedAt, endedAt: state.endedAt, followsInstanceId: record.followsInstanceId,
        },
        xml: def.xml,
        activeNodeIds: [...active].sort(),
        completedNodeIds: [...visited].filter((id) => !active.has(id)).sort(),
        completedFlowIds: [...flows].sort(),
        tasks: tasks.map((t) => ({
          id: t.id, elementId: t.elementId, name: t.name, state: t.state, warning: effectiveWarning(t, clock.now()), org: orgRef(orgs, t.candidateOrg),
          createdAt: t.createdAt, dueAt: t.dueAt, completedAt: t.completedAt,
        })),
        // Application data is for the staff handling it; the applicant knows what they sent.
        variables: staff ? state.variables : null,
      };
    },

    /** The applicant's progress: every step with department, state, start, deadline and finish; corrections asked; the rating. */
    async progress(actor: Actor, instanceId: string) {
      const record = await ownApplication(actor, instanceId);
      const state = await engine.getInstance(instanceId);
      if (!state) throw new AppError('not_found', `instance ${instanceId} does not exist`);
      const def = await ctx.definition(state.key, state.version);
      const orgs = await ctx.orgs();
      const [timeline, corrections, rating] = await Promise.all([engine.timeline(instanceId), repo.listCorrections(instanceId), repo.findRating(instanceId)]);
      const suspended = new Set([...state.tasks.values()].filter((t) => t.state === 'suspended').map((t) => t.elementId));
      return {
        instance: {
          id: instanceId, key: state.key, version: state.version, processName: def.name ?? state.key, title: record.title, status: state.status, startedAt: state.startedAt, endedAt: state.endedAt,
          // The time limit of the whole application, when its process sets one.
          dueAt: state.limit?.dueAt ?? null,
          // The instance's clock runs while it runs and no task is back with the applicant.
          warning: state.limit ? effectiveWarning({ ...state.limit, state: state.status === 'running' && !state.limit.suspendedAt ? 'open' : 'stopped' }, clock.now()) : null,
        },
        steps: timeline.map((s) => ({
          elementId: s.elementId, name: s.name ?? s.elementId, kind: s.kind, org: orgRef(orgs, s.org),
          state: s.state === 'active' && suspended.has(s.elementId) ? ('suspended' as const) : s.state, startedAt: s.startedAt, deadline: s.deadline, finishedAt: s.finishedAt,
        })),
        corrections: corrections.map((c) => ({ id: c.id, reason: c.reason, requestedAt: c.requestedAt, answer: c.answer, answeredAt: c.answeredAt })),
        rating: rating ? { score: rating.score, comment: rating.comment, ratedAt: rating.ratedAt } : null,
        canRate: state.status === 'completed' && !rating,
      };
    },

    /** The applicant answers a request for correction; the task's clock runs again and its deadline moves. */
    async answerCorrection(actor: Actor, instanceId: string, correctionId: string, answer: string): Promise<void> {
      await ownApplication(actor, instanceId);
      const text = answer.trim();
      if (text.length < 2 || text.length > 2000) throw new AppError('validation.failed', 'Invalid answer', { errors: [{ field: 'answer', rule: 'length', message: 'The answer has 2 to 2000 characters' }] });
      const correction = (await repo.listCorrections(instanceId)).find((c) => c.id === correctionId);
      if (!correction) throw new AppError('not_found', `correction ${correctionId} does not exist`);
      if (correction.answeredAt) throw new AppError('conflict', 'this correction was answered already');
      // The answer is recorded in the resumption's transaction: the clock runs again only with it, and only once.
      await engine.resumeTask(correction.taskId, actor.userId, async (tx) => {
        if (!(await repo.answerCorrection(correctionId, text, actor.userId, clock.now().toISOString(), tx)))
          throw new AppError('conflict', 'this correction was answered already');
      });
      await audit(ctx, actor, 'correction.answer', correction.taskId, { correctionId });
    },

    /**
     * The applicant rates a completed application (好差评): 1–5 with a comment. A rating of 2 or less
     * needs the comment and opens a follow-up task for the organisation that owns the process.
     */
    async rate(actor: Actor, instanceId: string, input: { score: number; comment?: string }) {
      const record = await ownApplication(actor, instanceId);
      const comment = input.comment?.trim() || null;
      const errors: FieldError[] = [];
      if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) errors.push({ field: 'score', rule: 'range', message: 'The score is a whole number from 1 to 5' });
      if (comment && comment.length > 500) errors.push({ field: 'comment', rule: 'maxLength', message: 'The comment has at most 500 characters' });
      if (input.score <= 2 && !comment) errors.push({ field: 'comment', rule: 'required', message: 'A bad rating needs a comment saying what went wrong' });
      assertNoFieldErrors(errors);
      const state = await engine.getInstance(instanceId);
      if (state?.status !== 'completed') throw new AppError('flow.instance.notCompleted', 'only a completed application can be rated');
      if (await repo.findRating(instanceId)) throw new AppError('conflict', 'this application was rated already');
      const rating = (followUpInstanceId: string | null) => ({ instanceId, score: input.score, comment, ratedBy: actor.userId, ratedAt: clock.now().toISOString(), followUpInstanceId });
      let followUpInstanceId: string | null = null;
      if (input.score <= 2) {
        const owner = await repo.findProcess(record.key);
        const ownerOrg = owner ? await ctx.identity.findOrgById(owner.ownerOrgId) : undefined;
        // The follow-up, its record and the rating commit together (a second rating fails on the rating's key, and takes the follow-up with it).
        followUpInstanceId = await engine.start(FOLLOW_UP_KEY, {
          variables: { ratedInstanceId: instanceId, ratedTitle: record.title, score: input.score, comment, followUpOrg: ownerOrg?.code ?? null, applicant: { name: record.applicantName } },
          businessKey: instanceId, actor: actor.userId,
          alongside: async (tx, id) => {
            await repo.insertInstance({
              instanceId: id, key: FOLLOW_UP_KEY, title: `差评回访：${record.title}`, applicantUserId: null, applicantName: record.applicantName,
              applicantOrgId: null, applicantUscc: record.applicantUscc, districtCode: record.districtCode, followsInstanceId: instanceId, createdAt: clock.now().toISOString(),
            }, tx);
            await repo.insertRating(rating(id), tx);
          },
        });
      } else await repo.insertRating(rating(null));
      await audit(ctx, actor, 'instance.rate', instanceId, { score: input.score, followUpInstanceId });
      return { score: input.score, followUpInstanceId };
    },
  };
}

/** The instances service's interface. */
export type InstancesService = ReturnType<typeof createInstancesService>;
