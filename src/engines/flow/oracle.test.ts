import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importBpmn } from './bpmn-import.ts';
import { applyEvent, newInstanceState } from './events.ts';
import type { CompiledProcess } from './model.ts';
import { blocksOf, build } from './test-processes.ts';
import { bpmnXml, chain, flow } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

// bpmn-engine as an oracle: the same generated processes reach the same end with the same completed tasks.
// Inclusive gateways are left out: bpmn-engine passes every token through a converging inclusive gateway
// (bpmn-elements' InclusiveGateway has no join), so it is no oracle for them; join.property.test.ts covers them.
// Exclusive splits inside parallel branches are left out too: bpmn-engine propagates the untaken branch's
// "discard" through the exclusive merge to the parallel join, which then fires before the taken branch ends
// (seen with bpmn-engine 25.0.1: par[task, seq[task, xor[task, task]]] ends with a task still waiting).

function runOurs(p: CompiledProcess, choices: Record<string, boolean>): { completed: boolean; tasks: string[] } {
  const s = newInstanceState({ id: 'i', definitionId: 'd', key: p.key, version: 1, startedAt: '2026-01-05T00:00:00Z' });
  const ctx = { now: new Date('2026-01-05T00:00:00Z'), time: { calendar: weekendOnlyCalendar, utcOffsetMinutes: 0 }, actor: null };
  applyEvent(s, p, { type: 'start', variables: { c: choices }, startNodeId: p.startNodeId! }, ctx);
  const tasks: string[] = [];
  for (let guard = 0; guard < 500 && s.status === 'running'; guard++) {
    const task = [...s.tasks.values()].find((t) => t.state === 'open');
    const job = [...s.jobs.values()][0];
    if (task) applyEvent(s, p, { type: 'completeTask', taskId: task.id, data: {} }, ctx);
    else if (job) applyEvent(s, p, { type: 'jobDone', jobId: job.id, variables: {} }, ctx);
    else break;
    tasks.push(task ? task.elementId : job.elementId);
  }
  return { completed: s.status === 'completed', tasks };
}

async function runBpmnEngine(xml: string, choices: Record<string, boolean>): Promise<{ completed: boolean; tasks: string[] }> {
  const tasks: string[] = [];
  const listener = new EventEmitter();
  const waiting: string[] = [];
  listener.on('activity.wait', (api: { id: string }) => waiting.push(api.id));
  listener.on('activity.end', (api: { id: string; type: string }) => {
    if (api.type === 'bpmn:UserTask' || api.type === 'bpmn:ServiceTask') tasks.push(api.id);
  });
  const engine = new Engine({
    name: 'oracle', source: xml, variables: { c: choices },
    services: { h: (_ctx: unknown, next: (err: unknown) => void) => next(null) },
  });
  const ended = new Promise<boolean>((resolve) => {
    engine.once('end', () => resolve(true));
    engine.once('error', () => resolve(false));
  });
  const execution = await engine.execute({ listener });
  for (let guard = 0; guard < 500 && waiting.length; guard++) execution.signal({ id: waiting.shift()! });
  const completed = execution.isRunning ? await Promise.race([ended, new Promise<boolean>((r) => setTimeout(() => r(false), 200))]) : true;
  return { completed, tasks };
}

/** Runs `xml` in bpmn-engine; returns the user tasks it waited in and the service calls it made, in order, one per loop instance. */
async function runBpmnEngineVisits(xml: string): Promise<{ completed: boolean; visits: string[] }> {
  const visits: string[] = [];
  const listener = new EventEmitter();
  const waiting: Array<{ id: string; executionId: string }> = [];
  listener.on('activity.wait', (api: { id: string; executionId: string }) => {
    visits.push(api.id);
    waiting.push({ id: api.id, executionId: api.executionId });
  });
  const engine = new Engine({
    name: 'oracle', source: xml,
    services: { h: (ctx: { content: { id: string } }, next: (err: unknown) => void) => (visits.push(ctx.content.id), next(null)) },
  });
  const ended = new Promise<boolean>((resolve) => {
    engine.once('end', () => resolve(true));
    engine.once('error', () => resolve(false));
  });
  const execution = await engine.execute({ listener });
  // A loop's instances wait under one activity id: each is signalled by its execution id.
  for (let guard = 0; guard < 500 && waiting.length; guard++) execution.signal(waiting.shift()!);
  const completed = execution.isRunning ? await Promise.race([ended, new Promise<boolean>((r) => setTimeout(() => r(false), 200))]) : true;
  return { completed, visits };
}

describe('bpmn-engine as an oracle', () => {
  it('generated loopCardinality loops, parallel and sequential, run as many instances in both engines', async () => {
    const looped = fc.array(fc.record({ service: fc.boolean(), n: fc.nat({ max: 3 }), sequential: fc.boolean() }), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(looped, async (tasks) => {
        const ids = tasks.map((_, i) => `task${i + 1}`);
        const body = tasks.map((t, i) => {
          const loop = `<multiInstanceLoopCharacteristics isSequential="${t.sequential}"><loopCardinality>${t.n}</loopCardinality></multiInstanceLoopCharacteristics>`;
          return t.service ? `<serviceTask id="${ids[i]}" onething:handler="h">${loop}</serviceTask>` : `<userTask id="${ids[i]}">${loop}</userTask>`;
        });
        const xml = bpmnXml(`<startEvent id="start"/>${body.join('\n')}<endEvent id="end"/>${chain('start', ...ids, 'end')}`);
        const ours = runOurs(await importBpmn(xml), {});
        const theirs = await runBpmnEngineVisits(xml.replace(/onething:handler="h"/g, 'implementation="${environment.services.h}"'));
        expect(ours.completed).toBe(true);
        expect(theirs.completed).toBe(true);
        expect(ours.tasks).toEqual(theirs.visits);
        expect(ours.tasks).toEqual(tasks.flatMap((t, i) => new Array<string>(t.n).fill(ids[i])));
      }),
      { numRuns: 25 },
    );
  });

  for (const kinds of [['par'], ['xor']] as const) {
    it(`generated processes with ${kinds[0]} splits complete the same tasks in both engines`, async () => {
      await fc.assert(
        fc.asyncProperty(blocksOf([...kinds]), fc.func(fc.boolean()), async (block, pick) => {
          const choices: Record<string, boolean> = {};
          const condition = (key: string) => ((choices[key] ??= pick(key)), `c.${key} == true`);
          const make = (cond: (key: string) => string, handler: (xml: string) => string) => {
            const out = { xml: [] as string[], n: 0, f: 0 };
            const body = build(block, out, cond);
            return handler(bpmnXml(`<startEvent id="start"/><endEvent id="end"/>${out.xml.join('\n')}${flow('fs', 'start', body.entry)}${flow('fe', body.exit, 'end')}`));
          };
          const ours = runOurs(await importBpmn(make(condition, (x) => x)), choices);
          const theirs = await runBpmnEngine(
            make((key) => `\${environment.variables.c.${key}}`, (x) => x.replace(/onething:handler="h"/g, 'implementation="${environment.services.h}"')),
            choices,
          );
          expect(ours.completed).toBe(true);
          expect(theirs.completed).toBe(true);
          expect([...ours.tasks].sort()).toEqual([...theirs.tasks].sort());
        }),
        { numRuns: 25 },
      );
    });
  }
});
