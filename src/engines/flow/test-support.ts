import { spawn } from 'node:child_process';
import { ONETHING_NS } from './bpmn-schema.ts';
import { newInstanceState } from './events.ts';
import type { InstanceState, JobRow, SubscriptionRow, TaskRow, TokenRow } from './state.ts';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Wraps a process body into a BPMN 2.0 document with our namespace (for tests and benchmarks). */
export function bpmnXml(body: string, options: { id?: string; name?: string; extra?: string; attrs?: Record<string, string> } = {}): string {
  const id = options.id ?? 'p';
  const attrs = Object.entries(options.attrs ?? {}).map(([k, v]) => ` onething:${k}="${escapeXml(v)}"`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:onething="${ONETHING_NS}" id="defs_${id}" targetNamespace="https://example.org/bpmn">
${options.extra ?? ''}
  <process id="${id}" name="${options.name ?? id}" isExecutable="true"${attrs}>
${body}
  </process>
</definitions>`;
}

/** A sequence flow, with an optional condition expression. */
export function flow(id: string, from: string, to: string, condition?: string): string {
  return condition === undefined
    ? `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`
    : `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><conditionExpression xsi:type="tFormalExpression">${escapeXml(condition)}</conditionExpression></sequenceFlow>`;
}

/** Sequence flows joining the given node ids in order (`f_a_b`, …). */
export function chain(...ids: string[]): string {
  return ids.slice(1).map((to, i) => flow(`f_${ids[i]}_${to}`, ids[i], to)).join('\n');
}

/** The benchmark's and the tests' typical process: start → service → parallel user tasks → end. */
export function typicalProcessXml(id = 'typical'): string {
  return bpmnXml(`
    <startEvent id="start"/>
    <serviceTask id="intake" onething:handler="intake"/>
    <parallelGateway id="split"/>
    <userTask id="checkA" onething:candidateRole="reviewer" onething:timeLimit="5wd"/>
    <userTask id="checkB" onething:candidateRole="reviewer" onething:timeLimit="5wd"/>
    <parallelGateway id="join"/>
    <endEvent id="end"/>
    ${chain('start', 'intake', 'split')}
    ${flow('fa', 'split', 'checkA')}${flow('fb', 'split', 'checkB')}
    ${flow('fa2', 'checkA', 'join')}${flow('fb2', 'checkB', 'join')}
    ${chain('join', 'end')}`, { id });
}

/**
 * Runs a TypeScript script in a child process (crash tests). The script prints `progress N` after each piece of work
 * it has committed; once the sum of those reaches `killAt`, the child is killed with SIGKILL there and then, in the
 * handler of the line that said so, while its next pieces are in flight. (Polling the database for the same count
 * raced the child: on a loaded CI machine it had finished before a poll saw the count.) Resolves true when it
 * finished (exit 0, having printed `done`), false when killed.
 */
export function runKillable(script: string, args: string[], killAt?: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let progress = 0;
    let seen = 0;
    child.stdout.on('data', (d) => {
      out += d;
      const end = out.lastIndexOf('\n') + 1;
      for (const line of out.slice(seen, end).split('\n')) if (line.startsWith('progress ')) progress += Number(line.slice(9));
      seen = end;
      if (killAt !== undefined && progress >= killAt && child.exitCode === null) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(false);
      else if (code === 0 && out.includes('done')) resolve(true);
      else reject(new Error(`${script} exited ${code}: ${err}`));
    });
  });
}

/** A running instance with one waiting token (`<id>.t1`), for tests of how states are stored. */
export function runningState(id: string, at = '2026-03-02T01:00:00.000Z'): InstanceState {
  const s = newInstanceState({ id, definitionId: 'fdef_1', key: 'p', version: 1, startedAt: at });
  s.tokens.set(`${id}.t1`, { id: `${id}.t1`, elementId: 'review', scopeId: null, state: 'waiting', enteredAt: at });
  s.seq = 1;
  s.hseq = 3;
  return s;
}

/**
 * An instance whose items have every field set (`Required`: a field added to a row type must be added here, and
 * so to the rows), beside items with the fewest, and ids of other instances that begin with this one's.
 */
export function everyFieldState(id: string, at = '2026-03-02T01:00:00.000Z'): InstanceState {
  const s = runningState(id, at);
  const own = (x: string) => `${id}.${x}`;
  const full: Required<TokenRow> = {
    id: own('t2'), elementId: 'body', scopeId: own('t1'), state: 'joining', flowId: 'f1', locals: { item: 'x', loopCounter: 2, n: null },
    mi: { items: ['a', 'b'], next: 1, completed: 1, results: [null, { ok: true }] }, miIndex: 1, childId: own('c3'), enteredAt: at,
  };
  s.tokens.set(full.id, full);
  s.tokens.set(own('t4'), { id: own('t4'), elementId: 'call', scopeId: own('t1'), state: 'waiting', childId: `${id}0.c1`, locals: { loopCounter: 0 }, enteredAt: at });
  const task: Required<TaskRow> = {
    id: own('k5'), tokenId: own('t2'), elementId: 'review', name: 'Review', candidateRoles: ['clerk', 'head'], candidateOrg: 'org_1', assignee: 'usr_1',
    formKey: 'f', state: 'suspended', createdAt: at, dueAt: at, dueUnit: 'wd', warning: 'yellow', suspendedAt: at, suspendReason: 'waiting for papers',
    completedAt: at, completedBy: 'usr_2',
  };
  s.tasks.set(task.id, task);
  s.tasks.set(own('k6'), { ...task, id: own('k6'), name: null, candidateRoles: [], candidateOrg: null, assignee: null, formKey: null, state: 'open', dueAt: null, dueUnit: null, warning: 'none', suspendedAt: null, suspendReason: null, completedAt: null, completedBy: null });
  const job: Required<JobRow> = {
    id: own('j7'), tokenId: own('t2'), elementId: 'review', kind: 'warning', dueAt: at, unit: 'wd', state: 'failed', attempts: 3, lastError: 'boom', data: { taskId: own('k5'), level: 'red' },
  };
  s.jobs.set(job.id, job);
  s.jobs.set(own('j8'), { id: own('j8'), tokenId: '', elementId: 'p', kind: 'warning', dueAt: at, unit: 'ms', state: 'ready', attempts: 0, lastError: null, data: { scope: 'instance', level: 'yellow' } });
  s.jobs.set(own('j9'), { ...job, id: own('j9'), kind: 'service', lastError: null, data: { taskId: `${id}0.k1`, handler: 'h' } });
  const sub: Required<SubscriptionRow> = { id: own('m10'), tokenId: own('t4'), elementId: 'wait', messageName: 'paid', correlationKey: 'A-1', createdAt: at };
  s.subscriptions.set(sub.id, sub);
  s.subscriptions.set(own('m11'), { ...sub, id: own('m11'), correlationKey: null });
  // Counters past 9: `t12` was made after `t2` though it sorts before it as text.
  s.tokens.set(own('t12'), { id: own('t12'), elementId: 'late', scopeId: null, state: 'waiting', enteredAt: at });
  s.variables = { applicant: 'A', list: [1, null, { deep: 'x' }], none: null, text: '补正' };
  s.limit = { dueAt: at, unit: 'wd', warning: 'red', suspendedAt: at };
  s.parentInstanceId = 'fi_0';
  s.parentTokenId = 'fi_0.t9';
  s.seq = 12;
  return s;
}
