import type { TaskRow } from '../../engines/flow/index.ts';
import { AppError } from '../../kernel/errors.ts';
import { effectiveWarning, type WarningLevel } from '../../kernel/time-limit.ts';
import type { Actor } from '../identity/identity.types.ts';
import { isCandidate, requireCandidate, requireRoles, STAFF_ROLES } from './access.ts';
import { audit, instanceOfTask, orgRef, type WorkflowContext } from './workflow.context.ts';

/** One task of an official's inbox. */
export interface InboxItem {
  id: string;
  instanceId: string;
  elementId: string;
  name: string | null;
  processKey: string;
  processName: string;
  title: string;
  applicantName: string;
  state: 'open' | 'suspended';
  /** Stored warning level; red also once the deadline has passed, whether or not the warning job has run yet. */
  warning: WarningLevel;
  createdAt: string;
  dueAt: string | null;
  org: ReturnType<typeof orgRef>;
  assignee: { id: string; name: string } | null;
  mine: boolean;
  /** The JSON Schema of the completion form, if the task has one. */
  form: Record<string, unknown> | null;
  correction: { id: string; reason: string; requestedAt: string } | null;
}

/** The officials' side of user tasks: inbox, claim, complete, delegate, return for correction. */
export function createTasksService(ctx: WorkflowContext) {
  const { engine, repo, clock } = ctx;

  /** The task as stored, and the instance record; 404 when either is missing. */
  async function load(taskId: string): Promise<TaskRow> {
    const instanceId = instanceOfTask(taskId);
    const state = await engine.getInstance(instanceId);
    const task = state?.tasks.get(taskId);
    if (!state || !task || !(await repo.findInstance(instanceId))) throw new AppError('not_found', `task ${taskId} is not open`);
    return task;
  }

  async function displayNames(userIds: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of new Set(userIds)) {
      const actor = await ctx.identity.actorForUserId(id).catch(() => undefined);
      names.set(id, actor?.displayName ?? id);
    }
    return names;
  }

  return {
    /** Open and suspended tasks routed to the actor's organisation and role, and those assigned to them; by deadline. */
    async inbox(actor: Actor): Promise<InboxItem[]> {
      requireRoles(actor, STAFF_ROLES, 'The inbox');
      const [routed, assigned] = await Promise.all([
        engine.listTasks({ orgs: [actor.org.code], roles: [actor.role] }),
        engine.listTasks({ assignee: actor.userId }),
      ]);
      const tasks = new Map<string, TaskRow & { instanceId: string }>();
      for (const t of [...routed.filter((t) => t.candidateOrg === actor.org.code), ...assigned]) tasks.set(t.id, t);
      const list = [...tasks.values()];
      const [records, versions] = await Promise.all([repo.findInstances(list.map((t) => t.instanceId)), repo.versionsOf(list.map((t) => t.instanceId))]);
      const corrections = await repo.openCorrectionsFor(list.map((t) => t.id));
      const names = await displayNames(list.flatMap((t) => (t.assignee ? [t.assignee] : [])));
      const orgs = await ctx.orgs();
      const now = clock.now().toISOString();
      const items: InboxItem[] = [];
      for (const t of list) {
        const record = records.get(t.instanceId);
        const head = versions.get(t.instanceId);
        if (!record || !head || (t.state !== 'open' && t.state !== 'suspended')) continue;
        const def = await ctx.definition(head.key, head.version);
        const spec = def.process.nodes[t.elementId]?.userTask;
        const correction = corrections.get(t.id);
        items.push({
          id: t.id, instanceId: t.instanceId, elementId: t.elementId, name: t.name, processKey: head.key, processName: def.name ?? head.key,
          title: record.title, applicantName: record.applicantName, state: t.state, warning: effectiveWarning(t, now), createdAt: t.createdAt, dueAt: t.dueAt,
          org: orgRef(orgs, t.candidateOrg), assignee: t.assignee ? { id: t.assignee, name: names.get(t.assignee) ?? t.assignee } : null,
          mine: isCandidate(actor, t), form: spec?.form ?? null,
          correction: correction ? { id: correction.id, reason: correction.reason, requestedAt: correction.requestedAt } : null,
        });
      }
      return items.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.createdAt.localeCompare(b.createdAt));
    },

    /** Takes a task routed to the actor's organisation and role into their own hands. */
    async claim(actor: Actor, taskId: string): Promise<void> {
      requireRoles(actor, STAFF_ROLES, 'Claiming a task');
      const task = await load(taskId);
      if (task.assignee && task.assignee !== actor.userId) throw new AppError('conflict', `task ${taskId} is already claimed`);
      requireCandidate(actor, task);
      await engine.claimTask(taskId, actor.userId);
      await audit(ctx, actor, 'task.claim', taskId);
    },

    /** Completes a task with form data, validated against the task's JSON Schema form. */
    async complete(actor: Actor, taskId: string, data: Record<string, unknown>): Promise<void> {
      requireRoles(actor, STAFF_ROLES, 'Completing a task');
      requireCandidate(actor, await load(taskId));
      await engine.completeTask(taskId, data, actor.userId);
      await audit(ctx, actor, 'task.complete', taskId);
    },

    /** Hands a task to a colleague who could take it: same organisation, a candidate role. */
    async delegate(actor: Actor, taskId: string, toUsername: string): Promise<void> {
      requireRoles(actor, STAFF_ROLES, 'Delegating a task');
      const task = await load(taskId);
      requireCandidate(actor, task);
      const user = await ctx.identity.findUserByUsername(toUsername);
      const fits = user && !user.disabled && user.id !== actor.userId && (task.candidateRoles.length === 0 || task.candidateRoles.includes(user.role))
        && (task.candidateOrg ? (await ctx.identity.findOrgById(user.orgId))?.code === task.candidateOrg : user.orgId === actor.org.id);
      if (!user || !fits)
        throw new AppError('validation.failed', 'Cannot delegate to this user', { errors: [{ field: 'to', rule: 'candidate', message: 'Delegate to another active user of the task’s organisation with one of its roles' }] });
      await engine.delegateTask(taskId, user.id, actor.userId);
      await audit(ctx, actor, 'task.delegate', taskId, { to: user.username });
    },

    /** Returns a task to the applicant for correction: its clock stops until they answer. */
    async returnForCorrection(actor: Actor, taskId: string, reason: string): Promise<{ correctionId: string }> {
      requireRoles(actor, STAFF_ROLES, 'Returning a task');
      const text = reason.trim();
      if (text.length < 2 || text.length > 500) throw new AppError('validation.failed', 'Invalid reason', { errors: [{ field: 'reason', rule: 'length', message: 'The reason has 2 to 500 characters' }] });
      const task = await load(taskId);
      requireCandidate(actor, task);
      const record = await repo.findInstance(instanceOfTask(taskId));
      if (!record?.applicantOrgId) throw new AppError('conflict', 'this task has no applicant to return it to');
      // The request to the applicant is written in the suspension's transaction: the clock stops only with it.
      const correctionId = ctx.ids.next('wfc');
      await engine.suspendTask(taskId, text, actor.userId, (tx, instanceId) => repo.insertCorrection({
        id: correctionId, instanceId, taskId, reason: text, requestedBy: actor.userId, requestedAt: clock.now().toISOString(),
        answer: null, answeredBy: null, answeredAt: null,
      }, tx));
      await audit(ctx, actor, 'task.return', taskId, { correctionId });
      return { correctionId };
    },
  };
}

/** The tasks service's interface. */
export type TasksService = ReturnType<typeof createTasksService>;
