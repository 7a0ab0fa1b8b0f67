import { evaluateExpression, renderTemplate, type Expr, type Template } from './expression.ts';
import type { CompiledProcess, FlowNode } from './model.ts';
import { FlowError, type FlowEffect, type HistoryEntry, type InstanceState, type JobRow, type TokenRow } from './state.ts';
import { addDuration, shareOf, type Duration, type TimeContext } from './time.ts';
import { fireInclusiveJoins, gateway, openFlows, split } from './gateways.ts';
import { startMultiInstance, multiInstanceChildDone } from './multi-instance.ts';
import { cycleOf, firstOccurrence } from './cycle.ts';

/**
 * Elements a step enters before it starts watching for an endless cycle, and how often one token may then enter one
 * element: within a step nothing changes the variables a cycle's conditions read, so a token back at an element
 * it left (with no task, timer or message on the way) goes round for ever, and would take the process's memory.
 */
const LOOP_WATCH = 10_000;
const LOOP_LIMIT = 1_000;
/**
 * Elements a step may enter at all, unless the engine sets its own (`stepLimit`): a cycle through a parallel split
 * makes new tokens as it goes round. A multi-instance loop of MAX_CARDINALITY instances (multi-instance.ts) over a
 * body of ten elements would pass it too, and is better run sequentially or with a wait in its body than held in
 * one transaction.
 */
const STEP_LIMIT = 1_000_000;

/** The facts a step decides with: the time, and the calendar settings. */
export interface StepContext {
  now: Date;
  time: TimeContext;
  actor: string | null;
  /** `now` as an ISO string, when the caller has it already (a transaction's steps share one). */
  at?: string;
  /** Elements the step may enter before it fails (default STEP_LIMIT). */
  stepLimit?: number;
}

/**
 * Moves tokens through a compiled process until every one waits. Pure: it
 * changes only the state it is given and returns history and effects, so the
 * same inputs at the same times always give the same state (replay).
 */
export class TokenMachine {
  readonly history: HistoryEntry[] = [];
  readonly effects: FlowEffect[] = [];
  private readonly pending: Array<{ token: TokenRow; nodeId: string; via?: string }> = [];
  /** Scopes a token ended in, to check for completion once everything waits (made on the first: most steps end none). */
  private scopeChecks: Set<string | null> | undefined;
  /** `now` as an ISO string, for what the step writes. */
  readonly at: string;
  /** Elements entered in this step; past LOOP_WATCH, entries per token and element. */
  private entered = 0;
  private revisits: Map<string, number> | undefined;
  /** Elements this step may enter, and the entries after which it watches (the lower of that and LOOP_WATCH). */
  private readonly stepLimit: number;
  private readonly watchFrom: number;

  constructor(readonly s: InstanceState, readonly p: CompiledProcess, readonly ctx: StepContext) {
    this.at = ctx.at ?? ctx.now.toISOString();
    this.stepLimit = ctx.stepLimit ?? STEP_LIMIT;
    this.watchFrom = Math.min(LOOP_WATCH, this.stepLimit);
  }

  /** Appends a history line. */
  log(kind: string, elementId: string | null, tokenId: string | null, data: unknown = null, input = false): void {
    this.history.push({ seq: ++this.s.hseq, at: this.at, kind, elementId, tokenId, actor: this.ctx.actor, data, input });
  }

  /** An id derived from the instance's own counter, so a replay makes the same ids. */
  newId(prefix: string): string {
    return `${this.s.id}.${prefix}${++this.s.seq}`;
  }

  /** Creates a waiting token on an element, inside a scope. */
  newToken(elementId: string, scopeId: string | null, extra?: Partial<TokenRow>): TokenRow {
    const token: TokenRow = { id: this.newId('t'), elementId, scopeId, state: 'waiting', enteredAt: this.at };
    if (extra) Object.assign(token, extra);
    this.s.tokens.set(token.id, token);
    return token;
  }

  /** Variable lookup from a token: its locals, its scopes' locals, then the instance variables. */
  lookup(token: TokenRow | null): (name: string) => unknown {
    return (name) => {
      for (let t = token; t; t = t.scopeId ? this.s.tokens.get(t.scopeId) ?? null : null) {
        if (t.locals && Object.prototype.hasOwnProperty.call(t.locals, name)) return t.locals[name];
      }
      return Object.prototype.hasOwnProperty.call(this.s.variables, name) ? this.s.variables[name] : undefined;
    };
  }

  /** Writes variables where a token's steps write: the nearest multi-instance element, else the instance. */
  setVariables(token: TokenRow | null, vars: Record<string, unknown>): void {
    for (let t = token; t; t = t.scopeId ? this.s.tokens.get(t.scopeId) ?? null : null) {
      if (t.locals) {
        Object.assign(t.locals, vars);
        return;
      }
    }
    Object.assign(this.s.variables, vars);
  }

  /** Evaluates an expression in a token's variables; a failure names what was being evaluated. */
  evaluate(e: Expr, token: TokenRow | null, what: string): unknown {
    try {
      return evaluateExpression(e, this.lookup(token));
    } catch (err) {
      throw new FlowError('flow.expression.failed', `${what}: ${(err as Error).message}`, { elementId: token?.elementId });
    }
  }

  /** Puts a token on a node and runs until everything waits. */
  enter(token: TokenRow, nodeId: string, via?: string): void {
    this.pending.push({ token, nodeId, via });
  }

  /** Moves every pending token until all wait; then completes empty scopes and fires ready inclusive joins. */
  run(): void {
    for (;;) {
      const next = this.pending.shift();
      if (next) {
        // A token whose scope ended meanwhile (an error or a terminate end event interrupted it) goes nowhere.
        if (this.s.tokens.get(next.token.id) === next.token) this.arrive(next.token, next.nodeId, next.via);
        continue;
      }
      if (this.scopeChecks && this.scopeChecks.size > 0) {
        const [scope] = this.scopeChecks;
        this.scopeChecks.delete(scope);
        this.checkScope(scope);
        continue;
      }
      if (!fireInclusiveJoins(this)) return;
    }
  }

  private arrive(token: TokenRow, nodeId: string, via?: string): void {
    const node = this.node(nodeId);
    token.elementId = nodeId;
    token.enteredAt = this.at;
    token.state = 'waiting';
    delete token.flowId;
    if (++this.entered > this.watchFrom) this.watchLoop(token, nodeId);
    this.log('enter', nodeId, token.id, via ? { via } : null);
    if (node.multiInstance) return startMultiInstance(this, token, node);
    this.attachBoundaries(token, node);
    this.execute(token, node, via);
  }

  /** Fails the step when a token has entered one element LOOP_LIMIT times in it (see LOOP_WATCH), or it entered more elements than its limit. */
  private watchLoop(token: TokenRow, nodeId: string): void {
    if (this.entered > this.stepLimit) {
      throw new FlowError('flow.step.endless', `a step of instance ${this.s.id} entered ${this.stepLimit} elements without waiting (the last "${nodeId}"): a cycle with no task, timer or message to wait at keeps making tokens, or a multi-instance loop is too large for one step`, { instanceId: this.s.id, elementId: nodeId });
    }
    if (this.entered <= LOOP_WATCH) return;
    const key = `${token.id} ${nodeId}`;
    const n = ((this.revisits ??= new Map()).get(key) ?? 0) + 1;
    this.revisits.set(key, n);
    if (n > LOOP_LIMIT) {
      throw new FlowError('flow.step.endless', `a step of instance ${this.s.id} entered "${nodeId}" ${LOOP_LIMIT} times without waiting: the cycle through it has no task, timer or message to wait at, or conditions that never let the token out`, { instanceId: this.s.id, elementId: nodeId });
    }
  }

  /** The compiled node with this id. */
  node(id: string): FlowNode {
    const n = this.p.nodes[id];
    if (!n) throw new FlowError('flow.definition.unknownNode', `node "${id}" is not in process ${this.p.key}`);
    return n;
  }

  execute(token: TokenRow, node: FlowNode, via?: string): void {
    switch (node.kind) {
      case 'startEvent':
      case 'passTask':
        return this.leave(token);
      case 'endEvent':
        if (node.errorCode) {
          this.consume(token);
          return this.throwError(token.scopeId ? this.s.tokens.get(token.scopeId) ?? null : null, node.errorCode);
        }
        if (node.terminate) return this.terminateScope(token);
        return this.leave(token);
      case 'userTask': {
        const spec = node.userTask!;
        const id = this.newId('k');
        const limit = spec.timeLimit;
        const dueAt = limit ? addDuration(this.ctx.now, limit, this.ctx.time) : null;
        this.s.tasks.set(id, {
          id, tokenId: token.id, elementId: node.id, name: node.name ?? null, candidateRoles: spec.candidateRoles,
          candidateOrg: this.renderText(spec.candidateOrg, token, `candidate organisation of ${node.id}`), assignee: this.renderText(spec.assignee, token, `assignee of ${node.id}`), formKey: spec.formKey ?? null, state: 'open',
          createdAt: this.at, dueAt: dueAt?.toISOString() ?? null, dueUnit: limit?.unit ?? null, warning: 'none',
          suspendedAt: null, suspendReason: null, completedAt: null, completedBy: null,
        });
        // One warning job at a time: yellow at `warnAt` of the limit; when it fires, red at the deadline.
        if (limit && dueAt) this.addJob(token, node.id, 'warning', addDuration(this.ctx.now, shareOf(limit, spec.warnAt), this.ctx.time), limit.unit, { taskId: id, level: 'yellow' });
        return;
      }
      case 'serviceTask':
      case 'businessRuleTask':
      {
        const data: Record<string, unknown> = node.handler ? { handler: node.handler } : { decision: node.decision };
        if (node.async) data.async = true;
        this.addJob(token, node.id, 'service', this.ctx.now, 'ms', data);
        return;
      }
      case 'timerCatch':
        this.armTimer(token, node, node.timer?.duration?.unit ?? 'ms');
        return;
      case 'messageCatch':
        this.subscribe(token, node);
        return;
      case 'subProcess':
        return this.enter(this.newToken(node.startNodeId!, token.id), node.startNodeId!);
      case 'callActivity': {
        const call = node.call!;
        const chain: TokenRow[] = [];
        for (let t: TokenRow | null = token; t; t = t.scopeId ? this.s.tokens.get(t.scopeId) ?? null : null) chain.unshift(t);
        const visible = Object.assign({ ...this.s.variables }, ...chain.map((t) => t.locals ?? {}));
        const lookup = this.lookup(token);
        const vars = call.inputs ? Object.fromEntries(call.inputs.map((n) => [n, lookup(n)])) : visible;
        token.childId = this.newId('c');
        this.effects.push({ type: 'startChild', childId: token.childId, parentTokenId: token.id, key: call.key, version: call.version, variables: vars });
        return;
      }
      case 'exclusiveGateway':
      case 'inclusiveGateway':
      case 'parallelGateway':
        return gateway(this, token, node, via);
      case 'boundaryEvent':
        return this.leave(token);
      case 'eventGateway':
        // Wait on every event the gateway leads to, all held by this token; `eventGatewayFired` takes the first.
        for (const flowId of node.outgoing) {
          const target = this.node(this.p.flows[flowId].target);
          if (target.kind === 'timerCatch') this.armTimer(token, target, target.timer?.duration?.unit ?? 'ms');
          else this.subscribe(token, target);
        }
        return;
    }
  }

  /** A template rendered as text in a token's variables; null when there is none or it renders empty. */
  /** A template rendered as text (empty: null); an object or a list fails the step: it names no organisation or user. */
  private renderText(t: Template | undefined, token: TokenRow, what: string): string | null {
    return t ? String(this.textOf(renderTemplate(t, this.lookup(token)), token, what) ?? '') || null : null;
  }

  /** `value`, unless it is an object or a list (rendered, "[object Object]" or "a,b"): then the step fails. */
  private textOf(value: unknown, token: TokenRow, what: string): unknown {
    if (value !== null && typeof value === 'object') {
      throw new FlowError('flow.template.notText', `${what}: the template gave ${Array.isArray(value) ? 'a list' : 'an object'}, not text`, { elementId: token.elementId });
    }
    return value;
  }

  /** Takes a token out of its node along the outgoing flows whose conditions hold. */
  leave(token: TokenRow): void {
    const node = this.node(token.elementId);
    this.detach(token);
    if (token.miIndex !== undefined) return multiInstanceChildDone(this, token);
    if (token.mi) delete token.mi;
    if (node.kind.endsWith('Gateway') && node.kind !== 'eventGateway') return split(this, token, node);
    const { outgoing } = node;
    // Mostly one flow without a condition: it is taken (as the default too), with nothing to allocate.
    const only = outgoing.length === 1 ? this.p.flows[outgoing[0]] : undefined;
    if (only && !only.condition) {
      this.log('leave', node.id, token.id, null);
      return this.enter(token, only.target, only.id);
    }
    let chosen = openFlows(this, token, node);
    if (chosen.length === 0 && node.defaultFlow) chosen = [node.defaultFlow];
    this.log('leave', node.id, token.id, null);
    if (outgoing.length === 0) return this.consume(token);
    if (chosen.length === 0) throw new FlowError('flow.flow.noPath', `no outgoing flow of ${node.id} has a true condition`, { elementId: node.id });
    for (let i = 0; i < chosen.length; i++) this.enter(i === 0 ? token : this.newToken(node.id, token.scopeId), this.p.flows[chosen[i]].target, chosen[i]);
  }

  /** Removes a token whose path ended, and checks whether its scope is done. */
  consume(token: TokenRow): void {
    this.s.tokens.delete(token.id);
    (this.scopeChecks ??= new Set()).add(token.scopeId);
  }

  private checkScope(scopeId: string | null): void {
    if (this.s.status !== 'running') return;
    for (const t of this.s.tokens.values()) if (t.scopeId === scopeId) return;
    if (scopeId === null) return this.finish('completed');
    const scope = this.s.tokens.get(scopeId);
    if (scope && !scope.mi) this.leave(scope);
  }

  /** Sets the instance's own time limit and its yellow warning job (the red one follows it, as for tasks). */
  startInstanceLimit(limit: Duration, warnAt: number): void {
    this.s.limit = { dueAt: addDuration(this.ctx.now, limit, this.ctx.time).toISOString(), unit: limit.unit, warning: 'none', suspendedAt: null };
    this.addInstanceJob(addDuration(this.ctx.now, shareOf(limit, warnAt), this.ctx.time), limit.unit, 'yellow');
  }

  private addInstanceJob(due: Date, unit: 'wd' | 'ms', level: 'yellow' | 'red'): void {
    const id = this.newId('j');
    this.s.jobs.set(id, { id, tokenId: '', elementId: this.p.key, kind: 'warning', dueAt: due.toISOString(), unit, state: 'ready', attempts: 0, lastError: null, data: { scope: 'instance', level } });
  }

  /** An instance-level warning job fell due: the instance turns yellow (and gets its red job) or red. */
  instanceWarning(job: JobRow): void {
    const level = job.data.level as 'yellow' | 'red';
    if (!this.s.limit) return;
    this.s.limit.warning = level;
    this.log('warning', null, null, { scope: 'instance', level, dueAt: this.s.limit.dueAt });
    if (level === 'yellow') this.addInstanceJob(new Date(this.s.limit.dueAt), job.unit, 'red');
  }

  /** Ends the instance: no tokens, waits or tasks remain. */
  finish(status: 'completed' | 'cancelled' | 'failed', data: unknown = null): void {
    for (const t of [...this.s.tokens.values()]) if (!t.scopeId || !this.s.tokens.has(t.scopeId)) this.cancelToken(t);
    for (const j of this.s.jobs.values()) if (j.data.scope === 'instance') this.s.jobs.delete(j.id);
    this.s.status = status;
    this.s.endedAt = this.at;
    this.log(status === 'completed' ? 'end' : status, null, null, data);
    if (status === 'completed' && this.s.parentInstanceId)
      this.effects.push({ type: 'notifyParent', parentInstanceId: this.s.parentInstanceId, event: { type: 'childDone', tokenId: this.s.parentTokenId!, variables: { ...this.s.variables } } });
  }

  private terminateScope(token: TokenRow): void {
    this.log('terminate', token.elementId, token.id);
    this.s.tokens.delete(token.id);
    if (token.scopeId === null) return this.finish('completed', { terminated: true });
    for (const t of [...this.s.tokens.values()]) if (t.scopeId === token.scopeId) this.cancelToken(t);
    (this.scopeChecks ??= new Set()).add(token.scopeId);
  }

  /** Cancels a token and all it waits on: inner tokens, tasks, jobs, subscriptions, a called instance. */
  cancelToken(token: TokenRow): void {
    if (!this.s.tokens.has(token.id)) return;
    for (const t of [...this.s.tokens.values()]) if (t.scopeId === token.id) this.cancelToken(t);
    for (const task of this.s.tasks.values()) {
      if (task.tokenId === token.id && (task.state === 'open' || task.state === 'suspended')) {
        task.state = 'cancelled';
        task.completedAt = this.at;
      }
    }
    this.detach(token);
    if (token.childId) this.effects.push({ type: 'cancelChild', childId: token.childId });
    this.s.tokens.delete(token.id);
    this.log('cancel', token.elementId, token.id);
  }

  private detach(token: TokenRow): void {
    const { jobs, subscriptions } = this.s;
    for (const [id, j] of jobs) if (j.tokenId === token.id) jobs.delete(id);
    for (const [id, sub] of subscriptions) if (sub.tokenId === token.id) subscriptions.delete(id);
  }

  /** Schedules a service call, timer or warning for a token. */
  addJob(token: TokenRow, elementId: string, kind: 'service' | 'timer' | 'warning', due: Date, unit: 'wd' | 'ms', data: Record<string, unknown>): void {
    const id = this.newId('j');
    this.s.jobs.set(id, { id, tokenId: token.id, elementId, kind, dueAt: due === this.ctx.now ? this.at : due.toISOString(), unit, state: 'ready', attempts: 0, lastError: null, data });
  }

  private subscribe(token: TokenRow, node: FlowNode): void {
    const id = this.newId('m');
    const key = node.message!.correlationKey ? this.textOf(renderTemplate(node.message!.correlationKey, this.lookup(token)), token, `correlation key of ${node.id}`) : null;
    this.s.subscriptions.set(id, { id, tokenId: token.id, elementId: node.id, messageName: node.message!.name, correlationKey: key === null || key === undefined ? null : String(key), createdAt: this.at });
  }

  /**
   * Schedules a timer node's job for a token. A cycle's job is its first occurrence not yet past; when its
   * series is already over, a boundary event never fires and a catch event fires at once.
   */
  private armTimer(token: TokenRow, node: FlowNode, unit: 'wd' | 'ms'): void {
    const cycle = cycleOf(node.timer);
    if (!cycle) return this.addJob(token, node.id, 'timer', this.timerDue(node, token), unit, {});
    const first = firstOccurrence(cycle, this.ctx.now, this.ctx.time);
    if (first) this.addJob(token, node.id, 'timer', first.due, unit, { fired: first.index });
    else if (node.kind !== 'boundaryEvent') this.addJob(token, node.id, 'timer', this.ctx.now, unit, {});
  }

  private timerDue(node: FlowNode, token: TokenRow): Date {
    const spec = node.timer!;
    if (spec.limitShare !== undefined) {
      const host = this.node(node.boundary!.attachedTo);
      return addDuration(this.ctx.now, shareOf(host.userTask!.timeLimit!, spec.limitShare), this.ctx.time);
    }
    if (spec.duration) return addDuration(this.ctx.now, spec.duration, this.ctx.time);
    const when = new Date(String(renderTemplate(spec.date!, this.lookup(token))));
    if (Number.isNaN(when.getTime())) throw new FlowError('flow.timer.badDate', `timer ${node.id}: timeDate is not a date`, { elementId: node.id });
    return when;
  }

  attachBoundaries(token: TokenRow, node: FlowNode): void {
    for (const id of node.boundaries) {
      const b = this.node(id);
      if (b.boundary!.type === 'timer') this.armTimer(token, b, b.timer?.duration?.unit ?? (b.timer?.limitShare !== undefined ? node.userTask!.timeLimit!.unit : 'ms'));
      if (b.boundary!.type === 'message') this.subscribe(token, b);
    }
  }

  /** A boundary event fires on the activity `host` waits in. */
  fireBoundary(host: TokenRow, boundaryId: string): void {
    const b = this.node(boundaryId);
    if (b.boundary!.interrupting) this.cancelToken(host);
    const t = this.newToken(boundaryId, host.scopeId);
    this.log('enter', boundaryId, t.id, { boundaryOf: host.id });
    this.leave(t);
  }

  /** Sends a BPMN error up from `from` to the nearest error boundary event that catches `code`. */
  throwError(from: TokenRow | null, code: string): void {
    for (let t = from; t; t = t.scopeId ? this.s.tokens.get(t.scopeId) ?? null : null) {
      if (t.miIndex !== undefined) continue;
      const catcher = this.node(t.elementId).boundaries.map((id) => this.node(id)).find((b) => b.boundary!.type === 'error' && (!b.errorCode || b.errorCode === code));
      if (catcher) return this.fireBoundary(t, catcher.id);
    }
    if (this.s.parentInstanceId) {
      this.effects.push({ type: 'notifyParent', parentInstanceId: this.s.parentInstanceId, event: { type: 'childError', tokenId: this.s.parentTokenId!, errorCode: code } });
      return this.finish('failed', { errorCode: code });
    }
    throw new FlowError('flow.error.uncaught', `BPMN error "${code}" has no error boundary event to catch it`, { errorCode: code });
  }
}
