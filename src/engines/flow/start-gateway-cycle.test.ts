import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { createFlowEngine, type FlowEngine } from './engine.ts';
import { flowMigrations } from './migrations.ts';
import { replayHistory } from './replay.ts';
import { bpmnXml, chain, flow } from './test-support.ts';
import { weekendOnlyCalendar, type TimeContext } from './time.ts';

const time: TimeContext = { calendar: weekendOnlyCalendar, utcOffsetMinutes: 480 };

const START_GATEWAY = bpmnXml(`<eventBasedGateway id="g" instantiate="true"/>
  <intermediateCatchEvent id="applied" onething:correlationKey="\${caseNo}"><messageEventDefinition messageRef="mApplied"/></intermediateCatchEvent>
  <receiveTask id="paid" messageRef="mPaid"/>
  <intermediateCatchEvent id="late"><timerEventDefinition><timeDuration>P5D</timeDuration></timerEventDefinition></intermediateCatchEvent>
  <userTask id="review" onething:candidateOrg="dept-a"/><endEvent id="done"/><endEvent id="expired"/>
  ${flow('ga', 'g', 'applied')}${flow('gp', 'g', 'paid')}${flow('gl', 'g', 'late')}
  ${chain('applied', 'review', 'done')}${flow('pd', 'paid', 'done')}${chain('late', 'expired')}`,
{ id: 'intake', extra: '<message id="mApplied" name="applied"/><message id="mPaid" name="paid"/>' });

const reminders = (cycle: string, interrupting = false) => bpmnXml(`<startEvent id="s"/><userTask id="t" onething:candidateOrg="dept-a"/><endEvent id="e"/>
  <boundaryEvent id="remind" attachedToRef="t" cancelActivity="${interrupting}"><timerEventDefinition><timeCycle>${cycle}</timeCycle></timerEventDefinition></boundaryEvent>
  <endEvent id="reminded"/>${chain('s', 't', 'e')}${chain('remind', 'reminded')}`, { id: `cycle_${cycle.replace(/[^A-Za-z0-9]/g, '')}${interrupting ? '_i' : ''}` });

for (const dialect of testDialects()) {
  describe(`instantiating event-based gateways and timer cycles on ${dialect.name}`, () => {
    let database: Database;
    const clock = createFixedClock('2026-11-30T01:00:00Z'); // a Monday, 09:00 in UTC+8
    const ids = createSequentialIds();
    const open = () => createFlowEngine({ database, clock, ids, calendar: weekendOnlyCalendar, utcOffsetMinutes: 480 });
    let engine: FlowEngine;

    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, flowMigrations);
      engine = open();
      await engine.deploy(START_GATEWAY);
    });
    afterAll(async () => database.close());

    const firings = async (id: string, element = 'remind') => (await engine.history(id)).filter((h) => h.kind === 'enter' && h.elementId === element).length;
    const expectReplayable = async (id: string) => {
      const stored = (await engine.getInstance(id))!;
      const def = (await engine.getDefinition(stored.key, stored.version))!;
      const replayed = replayHistory(def, stored, await engine.history(id), time);
      // The stored document keeps only live tasks (finished ones are rows of flow_tasks).
      const liveTasks = new Map([...replayed.tasks].filter(([, t]) => t.state === 'open' || t.state === 'suspended'));
      expect({ ...replayed, tasks: liveTasks }).toEqual(stored);
    };

    it('start() waits at the instantiating gateway for the first of its messages and timer', async () => {
      clock.set('2026-11-30T01:00:00Z');
      const id = await engine.start('intake', { variables: { caseNo: 'C-1' } });
      const waiting = (await engine.getInstance(id))!;
      expect([...waiting.tokens.values()].map((t) => t.elementId)).toEqual(['g']);
      expect([...waiting.subscriptions.values()].map((s) => [s.elementId, s.messageName, s.correlationKey]).sort()).toEqual([['applied', 'applied', 'C-1'], ['paid', 'paid', null]]);
      expect([...waiting.jobs.values()].map((j) => [j.elementId, j.dueAt])).toEqual([['late', '2026-12-05T01:00:00.000Z']]);
      expect(await engine.correlateMessage('applied', 'C-1', { amount: 3 })).toEqual([id]);
      const after = (await engine.getInstance(id))!;
      expect([...after.subscriptions.keys()]).toHaveLength(0);
      expect([...after.jobs.keys()]).toHaveLength(0);
      expect((await engine.listTasks({ instanceId: id })).map((t) => t.elementId)).toEqual(['review']);
      await expectReplayable(id);
    });

    it('a message no instance waits for starts the process through the gateway, its key the business key', async () => {
      const [id] = await engine.correlateMessage('applied', 'C-2', { applicant: 'A' });
      const state = (await engine.getInstance(id))!;
      expect(state).toMatchObject({ businessKey: 'C-2', status: 'running', variables: { applicant: 'A' } });
      expect([...state.subscriptions.keys()]).toHaveLength(0);
      expect([...state.jobs.keys()]).toHaveLength(0);
      expect((await engine.history(id)).filter((h) => h.elementId).map((h) => [h.kind, h.elementId])).toEqual([
        ['start', 'applied'],
        ['enter', 'g'], ['leave', 'g'], ['enter', 'applied'], ['leave', 'applied'], ['enter', 'review'],
      ]);
      const [byReceive] = await engine.correlateMessage('paid', 'P-9');
      expect((await engine.getInstance(byReceive))!.status).toBe('completed');
      expect((await engine.timeline(byReceive)).map((s) => [s.elementId, s.state])).toEqual([['paid', 'done']]);
      await expectReplayable(id);
      await expectReplayable(byReceive);
    });

    it('the gateway timer wins when no message comes; the message waits end', async () => {
      clock.set('2026-11-30T01:00:00Z');
      const id = await engine.start('intake', { variables: { caseNo: 'C-3' } });
      clock.set('2026-12-05T01:00:00Z');
      await engine.drain();
      const state = (await engine.getInstance(id))!;
      expect(state.status).toBe('completed');
      expect([...state.subscriptions.keys()]).toHaveLength(0);
      // The message now finds no waiting instance and starts a new one instead.
      const [other] = await engine.correlateMessage('applied', 'C-3');
      expect(other).not.toBe(id);
    });

    it('an unbounded cycle fires once per occurrence, catching up after a restart', async () => {
      await engine.deploy(reminders('R/PT1H'));
      clock.set('2026-11-30T01:00:00Z');
      const id = await engine.start('cycle_RPT1H');
      for (const at of ['02:00', '02:30', '03:00']) {
        clock.set(`2026-11-30T${at}:00Z`);
        await engine.runDueJobs();
      }
      expect(await firings(id)).toBe(2);
      // A new engine (a restarted process: nothing cached) after three hours down: each missed occurrence once.
      engine = open();
      clock.set('2026-11-30T06:30:00Z');
      expect(await engine.drain()).toBe(3);
      expect(await firings(id)).toBe(5);
      const [job] = [...(await engine.getInstance(id))!.jobs.values()];
      expect(job).toMatchObject({ elementId: 'remind', dueAt: '2026-11-30T07:00:00.000Z', data: { fired: 5 } });
      await engine.completeTask((await engine.listTasks({ instanceId: id }))[0].id, {});
      const done = (await engine.getInstance(id))!;
      expect(done.status).toBe('completed');
      expect([...done.jobs.keys()]).toHaveLength(0);
      await expectReplayable(id);
    });

    it('a dated cycle starts at its local start time and stops after its repetitions', async () => {
      await engine.deploy(reminders('R3/2026-12-01T09:00:00/P1D'));
      clock.set('2026-11-30T01:00:00Z');
      const early = await engine.start('cycle_R320261201T090000P1D');
      expect([...(await engine.getInstance(early))!.jobs.values()].map((j) => j.dueAt)).toEqual(['2026-12-01T01:00:00.000Z']);
      clock.set('2026-12-02T05:00:00Z'); // after the first two occurrences
      const late = await engine.start('cycle_R320261201T090000P1D');
      expect([...(await engine.getInstance(late))!.jobs.values()].map((j) => [j.dueAt, j.data.fired])).toEqual([['2026-12-03T01:00:00.000Z', 2]]);
      engine = open();
      clock.set('2026-12-09T00:00:00Z');
      await engine.drain();
      expect(await firings(early)).toBe(3);
      expect(await firings(late)).toBe(1);
      expect([...(await engine.getInstance(early))!.jobs.keys()]).toHaveLength(0);
      // Entered after the series ended: the boundary never fires.
      const after = await engine.start('cycle_R320261201T090000P1D');
      expect([...(await engine.getInstance(after))!.jobs.keys()]).toHaveLength(0);
      await expectReplayable(early);
      await expectReplayable(late);
    });

    it('a cycle on an interrupting boundary event fires at its first occurrence only', async () => {
      await engine.deploy(reminders('R/PT2H', true));
      clock.set('2026-12-09T01:00:00Z');
      const id = await engine.start('cycle_RPT2H_i');
      clock.set('2026-12-09T09:00:00Z');
      await engine.drain();
      expect(await firings(id)).toBe(1);
      expect((await engine.getInstance(id))!.status).toBe('completed');
      expect((await engine.listTasks({ instanceId: id, states: ['cancelled'] })).map((t) => t.elementId)).toEqual(['t']);
    });

    it('handling days leave out the suspended periods: per task its own, per instance while any task was suspended', async () => {
      await engine.deploy(bpmnXml(`<startEvent id="s"/><parallelGateway id="split"/><parallelGateway id="join"/><endEvent id="e"/>
        <userTask id="a" onething:candidateOrg="dept-a"/><userTask id="b" onething:candidateOrg="dept-b"/>
        ${chain('s', 'split')}${flow('sa', 'split', 'a')}${flow('sb', 'split', 'b')}${flow('aj', 'a', 'join')}${flow('bj', 'b', 'join')}${chain('join', 'e')}`, { id: 'paused' }));
      const at = (day: string) => clock.set(`2026-12-${day}T02:00:00Z`);
      at('07'); // Monday
      const id = await engine.start('paused');
      const tasks = Object.fromEntries((await engine.listTasks({ instanceId: id })).map((t) => [t.elementId, t.id]));
      at('08');
      await engine.suspendTask(tasks.a, 'correction');
      at('09');
      await engine.suspendTask(tasks.b, 'notice');
      at('10');
      await engine.resumeTask(tasks.a);
      at('11');
      await engine.resumeTask(tasks.b);
      at('14'); // the next Monday: 5 working days after the start
      await engine.completeTask(tasks.a, {});
      await engine.completeTask(tasks.b, {});
      const bySteps = await engine.handlingStats({ groupBy: 'step', key: 'paused' });
      expect(bySteps.map((r) => [r.group, r.medianWorkingDays, r.avgSuspendedWorkingDays, r.avgHours])).toEqual([['a', 3, 2, 7 * 24 - 48], ['b', 3, 2, 7 * 24 - 48]]);
      const [byInstance] = await engine.handlingStats({ groupBy: 'definition', key: 'paused' });
      // Suspended Tuesday to Friday as a whole (the periods overlap): 3 working days.
      expect(byInstance).toMatchObject({ finished: 1, avgWorkingDays: 2, avgSuspendedWorkingDays: 3, avgHours: 7 * 24 - 72 });
      const [byOrg] = await engine.handlingStats({ groupBy: 'org', key: 'paused', orgs: ['dept-b'] });
      expect(byOrg).toMatchObject({ group: 'dept-b', maxWorkingDays: 3 });
    });

    it('a dated cycle on an intermediate catch event waits for its next occurrence; a finished series passes at once', async () => {
      const waitUntil = (cycle: string, key: string) => bpmnXml(`<startEvent id="s"/>
        <intermediateCatchEvent id="w"><timerEventDefinition><timeCycle>${cycle}</timeCycle></timerEventDefinition></intermediateCatchEvent>
        <endEvent id="e"/>${chain('s', 'w', 'e')}`, { id: key });
      await engine.deploy(waitUntil('R/2026-12-01T09:00:00/P1D', 'daily9'));
      await engine.deploy(waitUntil('R2/2026-12-01T09:00:00/P1D', 'over'));
      clock.set('2026-12-09T05:00:00Z'); // 13:00 local: the next 09:00 is tomorrow's
      const daily = await engine.start('daily9');
      expect([...(await engine.getInstance(daily))!.jobs.values()].map((j) => j.dueAt)).toEqual(['2026-12-10T01:00:00.000Z']);
      const over = await engine.start('over');
      await engine.drain();
      expect((await engine.getInstance(over))!.status).toBe('completed');
      expect((await engine.getInstance(daily))!.status).toBe('running');
    });
  });
}
