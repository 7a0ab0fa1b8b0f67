import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/index.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { checkBpmn } from './bpmn-import.ts';
import { BPMN_THREADS, bpmnThreadsBusy, checkBpmnAside, IN_PLACE_CHARS } from './bpmn-thread.ts';
import { createFlowEngine } from './engine.ts';
import { flowMigrations } from './migrations.ts';
import { bpmnXml, chain } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

/** A chain of `n` user tasks, and `extra` elements after them. */
function chainXml(n: number, extra = ''): string {
  const ids = Array.from({ length: n }, (_, i) => `t${i}`);
  return bpmnXml(`<startEvent id="start"/>${ids.map((id) => `<userTask id="${id}" onething:candidateRole="clerk"/>`).join('')}<endEvent id="end"/>${extra}${chain('start', ...ids, 'end')}`, { id: 'long' });
}

/** What `check` answers, and how many 5 ms timer ticks the calling thread ran meanwhile. */
async function ticksDuring<T>(check: () => Promise<T>): Promise<{ answer: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    return { answer: await check(), ticks };
  } finally {
    clearInterval(timer);
  }
}

describe('BPMN checked aside', () => {
  // One unsupported element, so the answer carries a problem with its line.
  const xml = chainXml(300, '<complexGateway id="odd"/>');

  it('checks a large file on a thread of its own: the same answer, and the caller runs meanwhile', async () => {
    const inPlace = await ticksDuring(() => checkBpmn(xml));
    const aside = await ticksDuring(() => checkBpmnAside(xml, {}, { inPlaceChars: 1000 }));
    expect(aside.answer).toEqual(inPlace.answer);
    expect(aside.answer.problems).toEqual([expect.objectContaining({ id: 'odd', type: 'bpmn:ComplexGateway' })]);
    // Checked in place the thread is held throughout; aside, its timers run while the other thread starts and checks.
    expect(inPlace.ticks).toBe(0);
    expect(aside.ticks).toBeGreaterThan(0);
  });

  it('runs at most BPMN_THREADS checking threads at once; the other files wait their turn', async () => {
    let most = 0;
    const timer = setInterval(() => (most = Math.max(most, bpmnThreadsBusy())), 2);
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => checkBpmnAside(xml, {}, { inPlaceChars: 1000 })));
      for (const a of answers) expect(a).toEqual(answers[0]);
      expect(answers[0].problems).toHaveLength(1);
    } finally {
      clearInterval(timer);
    }
    expect(most).toBe(BPMN_THREADS);
    expect(bpmnThreadsBusy()).toBe(0);
  }, 30_000);

  it('refuses a file whose model needs more memory than the thread may use', async () => {
    // 20,000 tasks (2.5 million characters) need more than 64 MB of heap, 300 less than 32.
    const { problems, process } = await checkBpmnAside(chainXml(20_000), {}, { inPlaceChars: 0, heapMb: 64 });
    expect(process).toBeUndefined();
    expect(problems).toEqual([{ id: '', type: 'xml', line: 1, message: 'the file needs more than 64 MB of memory to read' }]);
    expect((await checkBpmnAside(chainXml(300), {}, { inPlaceChars: 0, heapMb: 32 })).process?.key).toBe('long');
  }, 30_000);

  it('deploys a file over the in-place size through the thread, and it runs', async () => {
    const database = openSqlite(':memory:');
    try {
      await migrateToLatest(database, flowMigrations);
      const engine = createFlowEngine({ database, clock: createFixedClock('2026-03-02T01:00:00Z'), ids: createSequentialIds(), calendar: weekendOnlyCalendar });
      const large = chainXml(2500);
      expect(large.length).toBeGreaterThan(IN_PLACE_CHARS);
      const deployed = await ticksDuring(() => engine.deploy(large));
      expect(deployed.ticks).toBeGreaterThan(0);
      expect(deployed.answer).toMatchObject({ key: 'long', version: 1 });
      const id = await engine.start('long', {});
      expect((await engine.listTasks({ instanceId: id })).map((t) => t.elementId)).toEqual(['t0']);
    } finally {
      await database.close();
    }
  });
});
