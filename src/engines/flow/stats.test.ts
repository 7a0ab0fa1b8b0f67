import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { createFlowEngine, type FlowEngine } from './engine.ts';
import { flowMigrations } from './migrations.ts';
import { bpmnXml, chain } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

// One user task routed to an organisation: the instance ends when the task is completed, at the same instant.
const oneTask = (key: string, org: string) => bpmnXml(`<startEvent id="s"/><userTask id="handle" onething:candidateOrg="${org}"/><endEvent id="e"/>${chain('s', 'handle', 'e')}`, { id: key });

for (const dialect of testDialects()) {
  describe(`handling statistics on ${dialect.name}`, () => {
    let database: Database;
    let engine: FlowEngine;
    const clock = createFixedClock('2026-03-02T01:00:00Z'); // a Monday

    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, flowMigrations);
      engine = createFlowEngine({ database, clock, ids: createSequentialIds(), calendar: weekendOnlyCalendar });
      await engine.deploy(oneTask('window', 'dept-a'));
      await engine.deploy(oneTask('other', 'dept-b'));
    });
    afterAll(async () => database.close());

    /** Starts an instance now and completes its task at `at`; returns the instance id. */
    async function finishAt(key: string, at: string): Promise<string> {
      clock.set('2026-03-02T01:00:00Z');
      const id = await engine.start(key);
      const [task] = await engine.listTasks({ instanceId: id });
      clock.set(at);
      await engine.completeTask(task.id, {}, 'u1');
      return id;
    }

    it('counts what finished within [from, to): at `from` in, at `to` out, whatever form the instants take', async () => {
      const from = '2026-03-04T02:00:00.000Z';
      const to = '2026-03-06T02:00:00.000Z';
      await finishAt('window', '2026-03-04T01:59:59.999Z'); // just before from: out
      await finishAt('window', from); // at from: in (Monday to Wednesday: 2 working days)
      await finishAt('window', '2026-03-06T01:59:59.999Z'); // just before to: in (4 working days)
      await finishAt('window', to); // at to: out
      await finishAt('other', '2026-03-05T02:00:00.000Z'); // another process and organisation
      clock.set('2026-03-02T01:00:00Z');
      await engine.start('window'); // still open: counted whatever the period
      clock.set('2026-03-09T01:00:00Z');

      // The same period written without milliseconds, and in UTC+8.
      for (const [f, t] of [[from, to], ['2026-03-04T02:00:00Z', '2026-03-06T02:00:00Z'], ['2026-03-04T10:00:00+08:00', '2026-03-06T10:00:00+08:00']]) {
        const [step] = await engine.handlingStats({ groupBy: 'step', key: 'window', from: f, to: t });
        expect(step).toMatchObject({ key: 'window', group: 'handle', finished: 2, avgWorkingDays: 3, medianWorkingDays: 4, maxWorkingDays: 4, open: 1 });
        const [instances] = await engine.handlingStats({ groupBy: 'definition', key: 'window', from: f, to: t });
        expect(instances).toMatchObject({ key: 'window', group: null, finished: 2, avgWorkingDays: 3, open: 1 });
        const byOrg = await engine.handlingStats({ groupBy: 'org', orgs: ['dept-a', 'dept-b'], from: f, to: t });
        expect(byOrg.map((r) => [r.key, r.group, r.finished, r.open])).toEqual([['other', 'dept-b', 1, 0], ['window', 'dept-a', 2, 1]]);
      }
      const all = await engine.handlingStats({ groupBy: 'definition' });
      expect(all.map((r) => [r.key, r.finished, r.open])).toEqual([['other', 1, 0], ['window', 4, 1]]);
      // Only `from`, only `to`: half-open on each side alone.
      expect((await engine.handlingStats({ groupBy: 'step', key: 'window', from }))[0].finished).toBe(3);
      expect((await engine.handlingStats({ groupBy: 'step', key: 'window', to }))[0].finished).toBe(3);
      expect((await engine.handlingStats({ groupBy: 'definition', to: from })).map((r) => [r.key, r.finished])).toEqual([['window', 1]]);
    });

    it('leaves out the suspended days of tasks finished within the period, and rejects a period that is not one', async () => {
      clock.set('2026-03-09T01:00:00Z'); // Monday
      const id = await engine.start('other');
      const [task] = await engine.listTasks({ instanceId: id });
      clock.set('2026-03-10T01:00:00Z');
      await engine.suspendTask(task.id, 'correction');
      clock.set('2026-03-12T01:00:00Z'); // two working days stood still
      await engine.resumeTask(task.id);
      clock.set('2026-03-13T01:00:00Z');
      await engine.completeTask(task.id, {}, 'u1');
      const [row] = await engine.handlingStats({ groupBy: 'org', orgs: ['dept-b'], from: '2026-03-09T00:00:00Z', to: '2026-03-16T00:00:00Z' });
      expect(row).toMatchObject({ key: 'other', group: 'dept-b', finished: 1, maxWorkingDays: 2, avgSuspendedWorkingDays: 2, avgHours: 4 * 24 - 48 });
      await expect(engine.handlingStats({ groupBy: 'step', from: 'last week' })).rejects.toMatchObject({ code: 'flow.stats.badTime' });
    });
  });
}
