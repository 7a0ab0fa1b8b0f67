import type { CompiledProcess } from './model.ts';
import { TokenMachine, type StepContext } from './runtime.ts';
import { eventGatewayFired } from './gateways.ts';
import { FlowError, itemMap, type FlowEffect, type FlowEvent, type HistoryEntry, type InstanceState, type TaskRow, type TokenRow } from './state.ts';
import { shiftDeadline } from './time.ts';
import { cycleOf, nextOccurrence, repeats } from './cycle.ts';

/** What one step produced besides the changed state. */
export interface StepResult {
  history: HistoryEntry[];
  effects: FlowEffect[];
}

/** A fresh state for a new instance, before its `start` event. */
export function newInstanceState(init: {
  id: string; definitionId: string; key: string; version: number; businessKey?: string | null;
  parentInstanceId?: string | null; parentTokenId?: string | null; startedAt: string;
}): InstanceState {
  return {
    id: init.id, definitionId: init.definitionId, key: init.key, version: init.version, businessKey: init.businessKey ?? null,
    status: 'running', parentInstanceId: init.parentInstanceId ?? null, parentTokenId: init.parentTokenId ?? null,
    startedAt: init.startedAt, endedAt: null, seq: 0, hseq: 0, variables: {}, tokens: itemMap(), tasks: itemMap(), jobs: itemMap(), subscriptions: itemMap(),
  };
}

function taskOf(s: InstanceState, taskId: string, states: TaskRow['state'][]): TaskRow {
  const task = s.tasks.get(taskId);
  if (!task) throw new FlowError('flow.task.notFound', `task ${taskId} is not an open task of instance ${s.id}`, { taskId });
  if (!states.includes(task.state)) throw new FlowError(`flow.task.${task.state}`, `task ${taskId} is ${task.state}`, { taskId, state: task.state });
  return task;
}

function tokenOf(s: InstanceState, tokenId: string): TokenRow {
  const token = s.tokens.get(tokenId);
  if (!token) throw new FlowError('flow.token.notFound', `token ${tokenId} no longer waits in instance ${s.id}`, { tokenId });
  return token;
}

/**
 * Applies one input to an instance's state, in place, and returns its history
 * and effects. Deterministic: the result depends only on the state, the
 * process, the event and the context (time, calendar, actor).
 * @example const { history } = applyEvent(state, process, { type: 'completeTask', taskId, data }, { now, time, actor: 'usr_1' });
 */
export function applyEvent(s: InstanceState, p: CompiledProcess, event: FlowEvent, ctx: StepContext): StepResult {
  if (s.status !== 'running') throw new FlowError('flow.instance.notRunning', `instance ${s.id} is ${s.status}`, { instanceId: s.id });
  const m = new TokenMachine(s, p, ctx);
  const at = ctx.at ?? ctx.now.toISOString();
  m.log(`in:${event.type}`, null, null, event, true);
  switch (event.type) {
    case 'start': {
      s.variables = { ...event.variables };
      const starter = p.nodes[event.startNodeId]?.initiator;
      if (starter && ctx.actor !== null && !Object.hasOwn(s.variables, starter)) s.variables[starter] = ctx.actor;
      m.log('start', event.startNodeId, null);
      if (p.timeLimit) m.startInstanceLimit(p.timeLimit, p.warnAt ?? 0.8);
      const startNode = p.nodes[event.startNodeId];
      const gateway = startNode?.kind === 'messageCatch' ? startNode.incoming.map((f) => p.nodes[p.flows[f].source]).find((n) => n?.instantiate) : undefined;
      if (gateway) {
        // A message that instantiates through an event-based gateway: the gateway is passed, its message taken.
        const token = m.newToken(gateway.id, null);
        m.log('enter', gateway.id, token.id);
        eventGatewayFired(m, token, startNode.id);
        break;
      }
      const token = m.newToken(event.startNodeId, null);
      m.enter(token, event.startNodeId);
      break;
    }
    case 'completeTask': {
      const task = taskOf(s, event.taskId, ['open']);
      if (task.assignee && ctx.actor && task.assignee !== ctx.actor)
        throw new FlowError('flow.task.notAssignee', `task ${task.id} is assigned to ${task.assignee}, not ${ctx.actor}`, { taskId: task.id });
      task.state = 'completed';
      task.completedAt = at;
      task.completedBy = ctx.actor;
      const token = tokenOf(s, task.tokenId);
      m.setVariables(token, event.data);
      m.leave(token);
      break;
    }
    case 'claimTask': {
      const task = taskOf(s, event.taskId, ['open', 'suspended']);
      if (task.assignee && task.assignee !== ctx.actor)
        throw new FlowError('flow.task.claimed', `task ${task.id} is already claimed by ${task.assignee}`, { taskId: task.id });
      task.assignee = ctx.actor;
      break;
    }
    case 'delegateTask':
      taskOf(s, event.taskId, ['open', 'suspended']).assignee = event.to;
      break;
    case 'suspendTask': {
      const task = taskOf(s, event.taskId, ['open']);
      Object.assign(task, { state: 'suspended', suspendedAt: at, suspendReason: event.reason });
      for (const j of s.jobs.values()) if (j.tokenId === task.tokenId && j.kind !== 'service') j.state = 'suspended';
      // The instance's own limit stands still too while it waits (for the applicant's correction, a notice…).
      if (s.limit && !s.limit.suspendedAt) {
        s.limit.suspendedAt = at;
        for (const j of s.jobs.values()) if (j.data.scope === 'instance') j.state = 'suspended';
      }
      break;
    }
    case 'resumeTask': {
      const task = taskOf(s, event.taskId, ['suspended']);
      const from = new Date(task.suspendedAt!);
      const move = (iso: string, unit: 'wd' | 'ms') => shiftDeadline(new Date(iso), unit, from, ctx.now, ctx.time).toISOString();
      if (task.dueAt) task.dueAt = move(task.dueAt, task.dueUnit ?? 'ms');
      for (const j of s.jobs.values()) {
        if (j.tokenId === task.tokenId && j.state === 'suspended') Object.assign(j, { state: 'ready', dueAt: move(j.dueAt, j.unit) });
      }
      Object.assign(task, { state: 'open', suspendedAt: null, suspendReason: null });
      let stillWaiting = false;
      for (const t of s.tasks.values()) if (t.state === 'suspended') stillWaiting = true;
      if (s.limit?.suspendedAt && !stillWaiting) {
        const since = new Date(s.limit.suspendedAt);
        const shift = (iso: string, unit: 'wd' | 'ms') => shiftDeadline(new Date(iso), unit, since, ctx.now, ctx.time).toISOString();
        s.limit.dueAt = shift(s.limit.dueAt, s.limit.unit);
        for (const j of s.jobs.values()) if (j.data.scope === 'instance' && j.state === 'suspended') Object.assign(j, { state: 'ready', dueAt: shift(j.dueAt, j.unit) });
        s.limit.suspendedAt = null;
      }
      break;
    }
    case 'jobDone': {
      const job = s.jobs.get(event.jobId);
      if (!job) throw new FlowError('flow.job.notFound', `job ${event.jobId} is not pending`, { jobId: event.jobId });
      const token = tokenOf(s, job.tokenId);
      s.jobs.delete(job.id);
      m.setVariables(token, event.variables);
      m.leave(token);
      break;
    }
    case 'jobError': {
      const job = s.jobs.get(event.jobId);
      if (!job) throw new FlowError('flow.job.notFound', `job ${event.jobId} is not pending`, { jobId: event.jobId });
      s.jobs.delete(job.id);
      m.throwError(tokenOf(s, job.tokenId), event.errorCode);
      break;
    }
    case 'jobFailed': {
      const job = s.jobs.get(event.jobId);
      if (!job) throw new FlowError('flow.job.notFound', `job ${event.jobId} is not pending`, { jobId: event.jobId });
      job.attempts++;
      job.lastError = event.error;
      if (event.retryAt) job.dueAt = event.retryAt;
      else job.state = 'failed';
      m.log(event.retryAt ? 'jobRetry' : 'incident', job.elementId, job.tokenId, { jobId: job.id, error: event.error });
      break;
    }
    case 'timerFired': {
      const job = s.jobs.get(event.jobId);
      if (!job) throw new FlowError('flow.job.notFound', `timer ${event.jobId} is not pending`, { jobId: event.jobId });
      s.jobs.delete(job.id);
      if (job.kind === 'warning' && job.data.scope === 'instance') {
        m.instanceWarning(job);
        break;
      }
      if (job.kind === 'warning') {
        const task = s.tasks.get(String(job.data.taskId));
        const level = job.data.level as 'yellow' | 'red';
        if (task) task.warning = level;
        m.log('warning', job.elementId, job.tokenId, { taskId: job.data.taskId, level });
        const token = s.tokens.get(job.tokenId);
        if (level === 'yellow' && task?.dueAt && token) m.addJob(token, job.elementId, 'warning', new Date(task.dueAt), job.unit, { taskId: task.id, level: 'red' });
        break;
      }
      const token = tokenOf(s, job.tokenId);
      // A timer cycle schedules its next occurrence from this one's due time (no drift) in this same step, while
      // the activity waits: each occurrence is one job, so it fires once, however often the engine restarts.
      const cycle = repeats(p.nodes[job.elementId]) ? cycleOf(p.nodes[job.elementId].timer) : undefined;
      const next = cycle && nextOccurrence(cycle, { due: new Date(job.dueAt), index: Number(job.data.fired ?? 0) }, ctx.time);
      if (next) m.addJob(token, job.elementId, 'timer', next.due, job.unit, { fired: next.index });
      if (p.nodes[job.elementId].kind === 'boundaryEvent') m.fireBoundary(token, job.elementId);
      else if (token.elementId !== job.elementId) eventGatewayFired(m, token, job.elementId);
      else m.leave(token);
      break;
    }
    case 'message': {
      const sub = s.subscriptions.get(event.subscriptionId);
      if (!sub) throw new FlowError('flow.message.noSubscription', `subscription ${event.subscriptionId} is not waiting`, { subscriptionId: event.subscriptionId });
      s.subscriptions.delete(sub.id);
      const token = tokenOf(s, sub.tokenId);
      m.setVariables(token, event.variables);
      if (p.nodes[sub.elementId].kind === 'boundaryEvent') m.fireBoundary(token, sub.elementId);
      else if (token.elementId !== sub.elementId) eventGatewayFired(m, token, sub.elementId);
      else m.leave(token);
      break;
    }
    case 'childDone': {
      const token = tokenOf(s, event.tokenId);
      delete token.childId;
      const outputs = p.nodes[token.elementId].call?.outputs;
      m.setVariables(token, outputs ? Object.fromEntries(outputs.map((n) => [n, event.variables[n]])) : event.variables);
      m.leave(token);
      break;
    }
    case 'childError': {
      const token = tokenOf(s, event.tokenId);
      delete token.childId;
      m.throwError(token, event.errorCode);
      break;
    }
    case 'cancel':
      m.finish('cancelled', { reason: event.reason });
      break;
    case 'recount':
      // The new deadlines travel in the event (the calendar they were counted on may change again): a replay sets the same.
      for (const [id, dueAt] of Object.entries(event.deadlines)) {
        const item = id === s.id ? s.limit : (s.tasks.get(id) ?? s.jobs.get(id));
        if (!item || Number.isNaN(Date.parse(dueAt))) throw new FlowError('flow.recount.invalid', `instance ${s.id} has no deadline ${id} to move to "${dueAt}"`, { instanceId: s.id, id });
        const owner = id === s.id ? null : (item as { elementId: string; tokenId: string });
        m.log('deadline', owner?.elementId ?? null, owner?.tokenId ?? null, { id, from: item.dueAt, to: dueAt });
        item.dueAt = new Date(dueAt).toISOString();
      }
      break;
    case 'migrate': {
      // Checked beforehand by planMigration; here the ids move so that the step stays replayable.
      const map = (id: string) => event.mapping[id] ?? id;
      m.log('migrated', null, null, { from: { definitionId: s.definitionId, version: s.version }, to: { definitionId: event.definitionId, version: event.version } });
      s.definitionId = event.definitionId;
      s.version = event.version;
      for (const t of s.tokens.values()) {
        t.elementId = map(t.elementId);
        if (t.flowId) t.flowId = map(t.flowId);
      }
      for (const t of s.tasks.values()) t.elementId = map(t.elementId);
      for (const j of s.jobs.values()) j.elementId = map(j.elementId);
      for (const sub of s.subscriptions.values()) sub.elementId = map(sub.elementId);
      return { history: m.history, effects: m.effects };
    }
  }
  m.run();
  return { history: m.history, effects: m.effects };
}
