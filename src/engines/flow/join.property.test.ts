import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importBpmn } from './bpmn-import.ts';
import { applyEvent, newInstanceState } from './events.ts';
import type { CompiledProcess } from './model.ts';
import { bpmnXml, flow } from './test-support.ts';
import { blockArb, build, expected } from './test-processes.ts';
import { weekendOnlyCalendar } from './time.ts';

function run(p: CompiledProcess, choices: Record<string, boolean>): { status: string; tokens: number; visits: string[] } {
  const s = newInstanceState({ id: 'i', definitionId: 'd', key: p.key, version: 1, startedAt: '2026-01-05T00:00:00Z' });
  const ctx = { now: new Date('2026-01-05T00:00:00Z'), time: { calendar: weekendOnlyCalendar, utcOffsetMinutes: 0 }, actor: null };
  applyEvent(s, p, { type: 'start', variables: { c: choices }, startNodeId: p.startNodeId! }, ctx);
  const visits: string[] = [];
  for (let guard = 0; guard < 500 && s.status === 'running'; guard++) {
    const task = [...s.tasks.values()].find((t) => t.state === 'open');
    const job = [...s.jobs.values()][0];
    if (task) {
      visits.push(task.elementId);
      applyEvent(s, p, { type: 'completeTask', taskId: task.id, data: {} }, ctx);
    } else if (job) {
      visits.push(job.elementId);
      applyEvent(s, p, { type: 'jobDone', jobId: job.id, variables: {} }, ctx);
    } else break;
  }
  return { status: s.status, tokens: [...s.tokens.keys()].length, visits };
}

describe('joins (property)', () => {
  it('no token is lost or duplicated: every generated process ends, running each chosen task once', async () => {
    await fc.assert(
      fc.asyncProperty(blockArb, fc.func(fc.boolean()), async (block, pick) => {
        const out = { xml: [] as string[], n: 0, f: 0 };
        const body = build(block, out);
        const xml = bpmnXml(`<startEvent id="start"/><endEvent id="end"/>${out.xml.join('\n')}${flow('fs', 'start', body.entry)}${flow('fe', body.exit, 'end')}`);
        const p = await importBpmn(xml);
        const choices: Record<string, boolean> = {};
        const choice = (key: string) => (choices[key] ??= pick(key));
        const visits: string[] = [];
        expected(block, choice, { n: 0 }, visits);
        const result = run(p, choices);
        expect(result.status).toBe('completed');
        expect(result.tokens).toBe(0);
        expect([...result.visits].sort()).toEqual([...visits].sort());
      }),
      { numRuns: 150 },
    );
  });
});
