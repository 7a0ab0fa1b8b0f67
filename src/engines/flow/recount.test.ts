import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { createFlowEngine, type FlowEngine } from './engine.ts';
import { flowMigrations } from './migrations.ts';
import { movedDeadlines } from './recount.ts';
import { replayHistory } from './replay.ts';
import { applyEvent, newInstanceState } from './events.ts';
import type { InstanceState, JobRow, TaskRow } from './state.ts';
import { bpmnXml, chain } from './test-support.ts';
import { addDuration, weekendOnlyCalendar, type FlowCalendar } from './time.ts';

const DAY = 86_400_000;
const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

/** Monday to Friday but `holidays`, and the Saturdays or Sundays in `workdays`: counted day by day (the reference). */
function calendarWith(holidays: string[], workdays: string[] = []): FlowCalendar {
  const off = new Set(holidays);
  const on = new Set(workdays);
  const isWorkingDay = (d: string) => on.has(d) || (!off.has(d) && weekendOnlyCalendar.isWorkingDay(d));
  return {
    isWorkingDay,
    addWorkingDays(date, days) {
      let d = date;
      for (let left = days; left > 0;) if (isWorkingDay((d = next(d)))) left--;
      return d;
    },
    workingDaysBetween(from, to) {
      let n = 0;
      for (let d = next(from); d <= to; d = next(d)) if (isWorkingDay(d)) n++;
      return n;
    },
  };
}

const weekdays = calendarWith([]);
// Friday 2027-01-01 a holiday, Monday 2027-01-04 too; Saturday 2027-01-09 a make-up working day.
const notice = calendarWith(['2027-01-01', '2027-01-04'], ['2027-01-09']);
const ctxOf = (calendar: FlowCalendar) => ({ calendar, utcOffsetMinutes: 480 });

function stateWith({ tasks = {}, jobs = {}, ...parts }: Omit<Partial<InstanceState>, 'tasks' | 'jobs'> & { tasks?: Record<string, TaskRow>; jobs?: Record<string, JobRow> }): InstanceState {
  const s = { ...newInstanceState({ id: 'fi_1', definitionId: 'd', key: 'k', version: 1, startedAt: '2026-12-21T02:00:00.000Z' }), ...parts };
  for (const [id, t] of Object.entries(tasks)) s.tasks.set(id, t);
  for (const [id, j] of Object.entries(jobs)) s.jobs.set(id, j);
  return s;
}
const task = (id: string, dueAt: string | null, extra: Record<string, unknown> = {}) => ({
  id, tokenId: `${id}-t`, elementId: 'review', name: null, candidateRoles: [], candidateOrg: null, assignee: null, formKey: null, state: 'open' as const,
  createdAt: '2026-12-21T02:00:00.000Z', dueAt, dueUnit: 'wd' as const, warning: 'none' as const, suspendedAt: null, suspendReason: null, completedAt: null, completedBy: null, ...extra,
});
const job = (id: string, dueAt: string, extra: Record<string, unknown> = {}) => ({
  id, tokenId: 'fi_1.k1-t', elementId: 'review', kind: 'warning' as const, dueAt, unit: 'wd' as const, state: 'ready' as const, attempts: 0, lastError: null, data: {}, ...extra,
});

describe('recounting deadlines on a changed calendar', () => {
  const now = new Date('2026-12-28T02:00:00.000Z'); // Monday 10:00 in Beijing

  it('keeps the working days each deadline had left, at its time of day; passed, wall-time and finished ones stay', () => {
    const s = stateWith({
      tasks: {
        // Thursday 2027-01-07 18:30 Beijing: 8 working days after today on weekdays; on the notice, the make-up Saturday.
        'fi_1.k1': task('fi_1.k1', '2027-01-07T10:30:00.000Z'),
        'fi_1.k2': task('fi_1.k2', '2026-12-24T02:00:00.000Z'), // passed
        'fi_1.k3': task('fi_1.k3', '2027-01-07T02:00:00.000Z', { dueUnit: 'ms' }),
        'fi_1.k4': task('fi_1.k4', '2027-01-07T02:00:00.000Z', { state: 'completed' }),
        // Before the holidays: nothing to move.
        'fi_1.k5': task('fi_1.k5', '2026-12-31T02:00:00.000Z'),
      },
      jobs: { 'fi_1.j1': job('fi_1.j1', '2027-01-05T02:00:00.000Z'), 'fi_1.j2': job('fi_1.j2', '2027-01-05T02:00:00.000Z', { state: 'failed' }) },
      limit: { dueAt: '2027-01-11T02:00:00.000Z', unit: 'wd', warning: 'none', suspendedAt: null },
    });
    expect(movedDeadlines(s, weekdays, now, ctxOf(notice))).toEqual({
      'fi_1.k1': '2027-01-09T10:30:00.000Z',
      // Tuesday 2027-01-05 was the 6th working day: on the notice it is Thursday 2027-01-07.
      'fi_1.j1': '2027-01-07T02:00:00.000Z',
      // Monday 2027-01-11 was the 10th: on the notice (two holidays, one make-up Saturday) Tuesday 2027-01-12.
      fi_1: '2027-01-12T02:00:00.000Z',
    });
    // Counted again on the calendar it was counted on, nothing moves.
    expect(movedDeadlines(s, notice, now, ctxOf(notice))).toEqual({});
  });

  it('counts a clock that stands still from the day it stopped', () => {
    const s = stateWith({
      // Suspended on Wednesday 2026-12-23 with its deadline 10 working days later on weekdays (2027-01-06).
      tasks: { 'fi_1.k1': task('fi_1.k1', '2027-01-06T02:00:00.000Z', { state: 'suspended', suspendedAt: '2026-12-23T02:00:00.000Z' }) },
      jobs: {
        'fi_1.j1': job('fi_1.j1', '2027-01-05T02:00:00.000Z', { state: 'suspended', tokenId: 'fi_1.k1-t' }),
        'fi_1.j2': job('fi_1.j2', '2027-01-05T02:00:00.000Z', { state: 'suspended', tokenId: '', data: { scope: 'instance', level: 'red' } }),
      },
      limit: { dueAt: '2027-01-05T02:00:00.000Z', unit: 'wd', warning: 'yellow', suspendedAt: '2026-12-24T02:00:00.000Z' },
    });
    expect(movedDeadlines(s, weekdays, now, ctxOf(notice))).toEqual({
      'fi_1.k1': '2027-01-08T02:00:00.000Z', // 10th working day after 12-23 on the notice
      'fi_1.j1': '2027-01-07T02:00:00.000Z', // 9th after 12-23
      'fi_1.j2': '2027-01-07T02:00:00.000Z', // 8th after 12-24
      fi_1: '2027-01-07T02:00:00.000Z',
    });
  });

  it('lands where counting from the start on the new calendar lands, when the calendars agree up to today', () => {
    const day = fc.integer({ min: 0, max: 60 }).map((n) => new Date(Date.parse('2026-12-01T00:00:00Z') + n * DAY).toISOString().slice(0, 10));
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 23 }),
      fc.uniqueArray(day, { maxLength: 8 }),
      (startDay, elapsed, days, hour, holidays) => {
        const start = new Date(Date.parse('2026-12-01T00:00:00Z') + startDay * DAY + hour * 3_600_000);
        const today = new Date(start.getTime() + elapsed * DAY);
        const local = (at: Date | string) => new Date(new Date(at).getTime() + 480 * 60_000).toISOString().slice(0, 10);
        const todayLocal = local(today);
        // The entered holidays all lie after today: both calendars count the days up to it alike.
        const after = calendarWith(holidays.filter((h) => h > todayLocal));
        const dueBefore = addDuration(start, { unit: 'wd', days }, ctxOf(weekdays)).toISOString();
        const dueAfter = addDuration(start, { unit: 'wd', days }, ctxOf(after)).toISOString();
        const moved = movedDeadlines(stateWith({ tasks: { 'fi_1.k1': task('fi_1.k1', dueBefore) } }), weekdays, today, ctxOf(after));
        if (local(dueBefore) > todayLocal) expect(moved['fi_1.k1'] ?? dueBefore).toBe(dueAfter);
        else expect(moved).toEqual({});
      },
    ), { numRuns: 1000 });
  });
});

describe('recountDeadlines on the engine', () => {
  let database: Database;
  let engine: FlowEngine;
  let current: FlowCalendar = weekdays;
  // The engine's calendar, replaced while it runs, as a holiday notice entered replaces the platform's.
  const swappable: FlowCalendar = {
    isWorkingDay: (d) => current.isWorkingDay(d),
    addWorkingDays: (d, n) => current.addWorkingDays(d, n),
    workingDaysBetween: (a, b) => current.workingDaysBetween(a, b),
    get revision() {
      return current === weekdays ? 0 : 1;
    },
  };
  const clock = createFixedClock('2026-12-21T02:00:00.000Z'); // Monday 10:00 in Beijing

  beforeAll(async () => {
    database = openSqlite(':memory:');
    await migrateToLatest(database, flowMigrations);
    engine = createFlowEngine({ database, clock, ids: createSequentialIds(), calendar: swappable, utcOffsetMinutes: 480 });
    await engine.deploy(bpmnXml(`<startEvent id="s"/><userTask id="review" onething:timeLimit="10wd" onething:warnAt="0.5"/>
      <boundaryEvent id="remind" attachedToRef="review" cancelActivity="false"><timerEventDefinition><timeDuration>8wd</timeDuration></timerEventDefinition></boundaryEvent>
      <endEvent id="e"/><endEvent id="r"/>${chain('s', 'review', 'e')}${chain('remind', 'r')}`, { id: 'limits', attrs: { timeLimit: '15wd' } }));
  });
  afterAll(async () => database.close());

  it('moves every working-day deadline ahead in running instances, as a replayable input', async () => {
    const ids = [await engine.start('limits'), await engine.start('limits')];
    const before = (await engine.getInstance(ids[0]))!;
    await engine.cancelInstance(ids[1], 'withdrawn');
    clock.set('2026-12-28T02:00:00.000Z');
    current = notice;
    // Moved: the review's deadline (10th working day), the instance's limit (15th) and its yellow warning (12th); the
    // review's warning (5th) and the reminder (8th) fall before the holidays.
    expect(await engine.recountDeadlines(weekdays, { actor: 'admin', batchSize: 1 })).toEqual({ instances: 1, deadlines: 3 });
    const after = (await engine.getInstance(ids[0]))!;
    const fresh = ctxOf(notice);
    const start = new Date('2026-12-21T02:00:00.000Z');
    const [review] = [...after.tasks.values()];
    expect(review.dueAt).toBe(addDuration(start, { unit: 'wd', days: 10 }, fresh).toISOString());
    expect([...after.jobs.values()].map((j) => [j.elementId, j.kind, j.dueAt]).sort()).toEqual([
      ['limits', 'warning', addDuration(start, { unit: 'wd', days: 12 }, fresh).toISOString()],
      ['remind', 'timer', addDuration(start, { unit: 'wd', days: 8 }, fresh).toISOString()],
      ['review', 'warning', addDuration(start, { unit: 'wd', days: 5 }, fresh).toISOString()],
    ].sort());
    expect(after.limit!.dueAt).toBe(addDuration(start, { unit: 'wd', days: 15 }, fresh).toISOString());
    expect((await engine.listTasks({ instanceId: ids[0] }))[0].dueAt).toBe(review.dueAt);
    expect(before.limit!.dueAt).not.toBe(after.limit!.dueAt);
    const history = await engine.history(ids[0]);
    expect(history.filter((h) => h.kind === 'deadline')).toHaveLength(3);
    expect(history.find((h) => h.kind === 'in:recount')).toMatchObject({ actor: 'admin' });
    // A replay sets the same dates whichever calendar it runs on: they travel in the input.
    const definition = (await engine.getDefinition('limits'))!;
    for (const calendar of [weekdays, notice]) expect(replayHistory(definition, after, history, { calendar, utcOffsetMinutes: 480 })).toEqual(after);
    // Counted on the calendar in force, nothing is left to move.
    expect(await engine.recountDeadlines(notice)).toEqual({ instances: 0, deadlines: 0 });
  });

  it('refuses an input naming no deadline of the instance, or no date, changing nothing', async () => {
    const id = await engine.start('limits');
    const state = (await engine.getInstance(id))!;
    const { process } = (await engine.getDefinition('limits'))!;
    const apply = (deadlines: Record<string, string>) => applyEvent(structuredClone(state), process, { type: 'recount', deadlines }, { now: clock.now(), time: ctxOf(notice), actor: null });
    expect(() => apply({ [`${id}.k99`]: '2027-01-08T02:00:00.000Z' })).toThrow(expect.objectContaining({ code: 'flow.recount.invalid' }));
    expect(() => apply({ [[...state.tasks.keys()][0]]: 'soon' })).toThrow(expect.objectContaining({ code: 'flow.recount.invalid' }));
    expect(apply({ [id]: '2027-02-01T02:00:00.000Z' }).history.map((h) => h.kind)).toEqual(['in:recount', 'deadline']);
    expect(await engine.getInstance(id)).toEqual(state);
  });
});
