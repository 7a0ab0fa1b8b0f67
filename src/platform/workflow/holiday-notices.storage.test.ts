import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { bpmnXml, chain } from '../../engines/flow/test-support.ts';
import { createWorkflowFixture, type WorkflowFixture } from './workflow.testing.ts';
import { createHolidayNoticesService, type HolidayNoticeInput } from './holiday-notices.ts';
import { platformCalendar } from './calendar.ts';
import { chinaCalendar } from '../../kernel/calendar.ts';
import { HOLIDAY_NOTICES } from '../../kernel/calendar-data.ts';

const notice2027: HolidayNoticeInput = {
  notices: ['国务院办公厅关于2027年部分节假日安排的通知'],
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }, { name: '春节', from: '2027-02-05', to: '2027-02-13' }],
  workdays: ['2027-02-20', '2027-01-31'],
};
// A review with a time limit of 20 working days.
const xml = bpmnXml(`<startEvent id="s"/><userTask id="review" onething:candidateRole="official" onething:timeLimit="20wd"/><endEvent id="e"/>${chain('s', 'review', 'e')}`, { id: 'limit20' });

for (const dialect of testDialects()) {
  describe(`holiday notices on ${dialect.name}`, () => {
    let database: Database;
    let f: WorkflowFixture;
    const wf = () => f.t.services.workflow;
    const reviewOf = async (id: string) => (await wf().engine.listTasks({ instanceId: id, states: ['open'] }))[0];
    const newReview = async () => reviewOf(await wf().engine.start('limit20', { variables: {} }));

    beforeAll(async () => {
      database = await dialect.open();
      f = await createWorkflowFixture(database);
      await wf().holidays.load();
      await wf().engine.deploy(xml);
      // Monday 2026-12-21, 10:00 in Beijing.
      f.t.clock.set('2026-12-21T02:00:00.000Z');
    });
    afterAll(async () => database?.close());

    it('lists the shipped years, newest first', () => {
      const view = wf().holidays.list();
      expect(view.coverage).toEqual({ from: '2019-01-01', to: '2026-12-31' });
      expect(view.years.map((y) => y.year)).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020, 2019]);
      expect(view.years[0]).toMatchObject({ source: 'shipped', enteredBy: null, enteredByName: null, holidays: expect.arrayContaining([{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }]) });
    });

    it('refuses an entry from anyone but a platform administrator, and a wrong one, writing nothing', async () => {
      await expect(wf().holidays.save(f.actors.cityOfficial, 2027, notice2027)).rejects.toMatchObject({ code: 'auth.forbidden' });
      await expect(wf().holidays.save(f.actors.admin, 2027, { ...notice2027, workdays: ['2027-01-06'] })).rejects.toMatchObject({
        code: 'validation.failed', details: { errors: [{ field: 'workdays.0', rule: 'workday.weekend', message: expect.stringContaining('2027-01-06') }] },
      });
      await expect(wf().holidays.save(f.actors.admin, 2028, notice2027)).rejects.toMatchObject({
        details: { errors: expect.arrayContaining([expect.objectContaining({ field: 'year', rule: 'year.contiguous' })]) },
      });
      expect(await database.kysely.selectFrom('wf_holiday_notices').selectAll().execute()).toEqual([]);
      expect(wf().holidays.list().coverage.to).toBe('2026-12-31');
    });

    it('counts time limits on a notice entered from then on, and counts those running again on it', async () => {
      // On weekdays, Friday 2027-01-01 is the ninth working day; the yellow warning falls at 16 of the 20.
      const running = await newReview();
      expect(running.dueAt).toBe('2027-01-18T02:00:00.000Z');
      const warning = () => wf().engine.getInstance(running.instanceId).then((s) => [...s!.jobs.values()].find((j) => j.kind === 'warning')!.dueAt);
      expect(await warning()).toBe('2027-01-12T02:00:00.000Z');
      const saved = await wf().holidays.save(f.actors.admin, 2027, notice2027);
      expect(saved.coverage).toEqual({ from: '2019-01-01', to: '2027-12-31' });
      // The deadline and its warning keep the working days they had left: New Year's Day moves each by one.
      expect(saved.recounted).toEqual({ instances: 1, deadlines: 2 });
      expect((await reviewOf(running.instanceId)).dueAt).toBe('2027-01-19T02:00:00.000Z');
      expect(await warning()).toBe('2027-01-13T02:00:00.000Z');
      const moves = (await wf().engine.history(running.instanceId)).filter((h) => h.kind === 'deadline');
      expect(moves.map((h) => h.data)).toEqual([
        { id: running.id, from: '2027-01-18T02:00:00.000Z', to: '2027-01-19T02:00:00.000Z' },
        { id: expect.stringContaining('.j'), from: '2027-01-12T02:00:00.000Z', to: '2027-01-13T02:00:00.000Z' },
      ]);
      expect(moves[0]).toMatchObject({ actor: f.actors.admin.userId, elementId: 'review' });
      expect(saved.year).toMatchObject({ year: 2027, source: 'entered', enteredBy: f.actors.admin.userId, enteredByName: f.actors.admin.displayName, workdays: ['2027-01-31', '2027-02-20'] });
      expect(wf().holidays.list().years[0]).toEqual(saved.year);
      expect((await newReview()).dueAt).toBe('2027-01-19T02:00:00.000Z');
      // Saved again as it is, nothing moves.
      expect((await wf().holidays.save(f.actors.admin, 2027, notice2027)).recounted).toEqual({ instances: 0, deadlines: 0 });
      const audit = await f.t.services.audit.search({ action: 'flow.calendar.notice', page: 1, pageSize: 10 });
      expect(audit.items).toEqual([0, 1].map(() => expect.objectContaining({ target: '2027', actorId: f.actors.admin.userId })));
    });

    it('is read back by another process, and a shipped year can be amended', async () => {
      const other = platformCalendar(chinaCalendar);
      const service = createHolidayNoticesService({ database, clock: f.t.clock, calendar: other });
      await service.load();
      expect(other.coverage().to).toBe('2027-12-31');
      // Nothing new stored: a refresh leaves the calendar as it is.
      const revision = other.revision;
      await service.load();
      expect(other.revision).toBe(revision);
      expect(other.isWorkingDay('2027-01-31')).toBe(true);
      // 2026's Labour Day made a day shorter: 2026-05-05 becomes a working day.
      await wf().holidays.save(f.actors.admin, 2026, {
        notices: ['amended'], holidays: [{ name: '劳动节', from: '2026-05-01', to: '2026-05-04' }], workdays: [],
      });
      expect(wf().holidays.list().years.find((y) => y.year === 2026)).toMatchObject({ source: 'entered', notices: ['amended'] });
      // The other process takes it up at its next refresh.
      const stop = service.startRefresh(20);
      try {
        await expect.poll(() => other.isWorkingDay('2026-05-05'), { timeout: 5_000, interval: 10 }).toBe(true);
      } finally {
        stop();
      }
      expect(other.isWorkingDay('2026-10-01')).toBe(true);
      // A release shipping only 2019–2025 still starts: 2026 and 2027 as entered, 2029 (past a gap) left out.
      await database.kysely.insertInto('wf_holiday_notices').values({
        year: 2029, notices: '["x"]', holidays: '[{"name":"元旦","from":"2029-01-01","to":"2029-01-01"}]', workdays: '[]', entered_by: 'u', entered_by_name: 'u', entered_at: '2026-12-21T02:00:00.000Z',
      }).execute();
      const older = platformCalendar(chinaCalendar);
      const release = createHolidayNoticesService({ database, clock: f.t.clock, calendar: older, shipped: HOLIDAY_NOTICES.filter((n) => n.year < 2026) });
      await release.load();
      expect(older.coverage()).toEqual({ from: '2019-01-01', to: '2027-12-31' });
      expect(release.list().years.map((y) => `${y.year} ${y.source}`).slice(0, 3)).toEqual(['2027 entered', '2026 entered', '2025 shipped']);
    });

    it('goes on with a recount a stop cut short, where it stopped, moving each deadline once', async () => {
      // Monday 2027-12-13, 10:00 in Beijing: 20 working days end on Monday 2028-01-10 while 2028 counts Monday to Friday.
      f.t.clock.set('2027-12-13T02:00:00.000Z');
      // The reviews of the tests before end first: the recount's batches below hold only this test's.
      for (const t of await wf().engine.listTasks({ states: ['open'] })) await wf().engine.completeTask(t.id, {}, f.actors.admin.userId);
      const reviews = await Promise.all(Array.from({ length: 5 }, () => newReview()));
      expect(reviews.map((r) => r.dueAt)).toEqual(reviews.map(() => '2028-01-10T02:00:00.000Z'));
      // A process whose recount stops after its first batch of two instances (as if killed there).
      let batches = 0;
      let stopAfter = 1;
      const process2 = createHolidayNoticesService({
        database, clock: f.t.clock, calendar: wf().calendar,
        recount: (previous, actor, opts) => wf().engine.recountDeadlines(previous, {
          actor, batchSize: 2, after: opts.after,
          progress: async (tx, batch) => {
            if (++batches > stopAfter) throw new Error('process stopped');
            await opts.progress!(tx, batch);
          },
        }),
      });
      await process2.load();
      // 2028's New Year holiday runs to Monday 2028-01-03: every deadline after it moves a day.
      const notice2028 = { notices: ['2028'], holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-01-03' }], workdays: [] };
      await expect(process2.save(f.actors.admin, 2028, notice2028)).rejects.toMatchObject({ code: 'flow.calendar.recountFailed' });
      const dues = async () => (await Promise.all(reviews.map((r) => reviewOf(r.instanceId)))).map((t) => t.dueAt);
      expect((await dues()).filter((d) => d === '2028-01-11T02:00:00.000Z')).toHaveLength(2);
      const [open] = await database.kysely.selectFrom('wf_calendar_recounts').selectAll().where('finished_at', 'is', null).execute();
      expect(open).toMatchObject({ year: 2028, instances: 2, deadlines: 4 });
      // The next start goes on with it, here and in the stopped process at once: each batch commits in one of them only.
      stopAfter = Infinity;
      const [here, there] = await Promise.all([wf().holidays.finishRecounts(), process2.finishRecounts()]);
      expect(here).toEqual([{ year: 2028, instances: 5, deadlines: 10 }]);
      expect(there).toEqual(here);
      expect(await dues()).toEqual(reviews.map(() => '2028-01-11T02:00:00.000Z'));
      for (const r of reviews) {
        const moves = (await wf().engine.history(r.instanceId)).filter((h) => h.kind === 'deadline');
        expect(moves.map((h) => (h.data as { to: string }).to)).toEqual(['2028-01-11T02:00:00.000Z', '2028-01-05T02:00:00.000Z']);
      }
      expect(await database.kysely.selectFrom('wf_calendar_recounts').selectAll().where('finished_at', 'is', null).execute()).toEqual([]);
      expect(await wf().holidays.finishRecounts()).toEqual([]);
    });
  });
}
