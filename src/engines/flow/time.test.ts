import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../../kernel/calendar.ts';
import { addDuration, parseDuration, shareOf, shiftDeadline, weekendOnlyCalendar, type FlowCalendar } from './time.ts';

const utc = { calendar: weekendOnlyCalendar, utcOffsetMinutes: 0 };

describe('durations and working days', () => {
  it('parses working days, short units and ISO 8601', () => {
    expect(parseDuration('20wd')).toEqual({ unit: 'wd', days: 20 });
    expect(parseDuration('3d')).toEqual({ unit: 'ms', ms: 3 * 86_400_000 });
    expect(parseDuration('P1DT2H30M')).toEqual({ unit: 'ms', ms: 26.5 * 3_600_000 });
    expect(parseDuration('P1W')).toEqual({ unit: 'ms', ms: 7 * 86_400_000 });
    expect(parseDuration('PT')).toBeUndefined();
    expect(parseDuration('soon')).toBeUndefined();
  });
  it('adds working days over weekends, keeping the local time of day', () => {
    expect(addDuration(new Date('2026-03-06T09:00:00Z'), { unit: 'wd', days: 1 }, utc).toISOString()).toBe('2026-03-09T09:00:00.000Z');
    // 23:30 UTC on Friday is Saturday 07:30 in UTC+8: one working day later is Monday 07:30 local.
    const cst = { calendar: weekendOnlyCalendar, utcOffsetMinutes: 480 };
    expect(addDuration(new Date('2026-03-06T23:30:00Z'), { unit: 'wd', days: 1 }, cst).toISOString()).toBe('2026-03-08T23:30:00.000Z');
  });
  it('honours an injected calendar with holidays and make-up workdays', () => {
    const holidays = new Set(['2026-10-01', '2026-10-02']);
    const makeUp = new Set(['2026-10-10']);
    const cal: FlowCalendar = {
      isWorkingDay: (d) => !holidays.has(d) && (makeUp.has(d) || weekendOnlyCalendar.isWorkingDay(d)),
      addWorkingDays(d, n) { let x = d; while (n > 0) { x = new Date(Date.parse(`${x}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10); if (this.isWorkingDay(x)) n--; } return x; },
      workingDaysBetween: () => 0,
    };
    expect(addDuration(new Date('2026-09-30T01:00:00Z'), { unit: 'wd', days: 2 }, { calendar: cal, utcOffsetMinutes: 0 }).toISOString()).toBe('2026-10-06T01:00:00.000Z');
  });
  it('asks the calendar once per instant and number of days, and hands out a new date each time', () => {
    let asked = 0;
    const counting: FlowCalendar = { ...weekendOnlyCalendar, addWorkingDays: (d, n) => (asked++, weekendOnlyCalendar.addWorkingDays(d, n)) };
    const ctx = { calendar: counting, utcOffsetMinutes: 0 };
    const now = new Date('2026-03-06T09:00:00Z');
    const a = addDuration(now, { unit: 'wd', days: 20 }, ctx);
    const b = addDuration(now, { unit: 'wd', days: 16 }, ctx);
    const c = addDuration(now, { unit: 'wd', days: 20 }, ctx);
    expect([a, b, c].map((d) => d.toISOString())).toEqual(['2026-04-03T09:00:00.000Z', '2026-03-30T09:00:00.000Z', '2026-04-03T09:00:00.000Z']);
    expect(c).not.toBe(a);
    expect(asked).toBe(2);
    // Another instant, or another calendar, asks again.
    expect(addDuration(new Date('2026-03-09T09:00:00Z'), { unit: 'wd', days: 20 }, ctx).toISOString()).toBe('2026-04-06T09:00:00.000Z');
    expect(asked).toBe(3);
    expect(addDuration(new Date('2026-03-09T09:00:00Z'), { unit: 'wd', days: 20 }, utc).toISOString()).toBe('2026-04-06T09:00:00.000Z');
    expect(asked).toBe(3);
  });
  it('asks the calendar again in the same turn once its revision changed (a holiday notice entered)', () => {
    let revision = 0;
    let holiday = false;
    const changing: FlowCalendar = {
      ...weekendOnlyCalendar,
      // Friday 2027-01-01 is a working day until the notice makes it a holiday.
      addWorkingDays: (d, n) => (holiday && d === '2026-12-31' && n === 1 ? '2027-01-04' : weekendOnlyCalendar.addWorkingDays(d, n)),
      get revision() {
        return revision;
      },
    };
    const ctx = { calendar: changing, utcOffsetMinutes: 0 };
    const now = new Date('2026-12-31T09:00:00Z');
    expect(addDuration(now, { unit: 'wd', days: 1 }, ctx).toISOString()).toBe('2027-01-01T09:00:00.000Z');
    holiday = true;
    expect(addDuration(now, { unit: 'wd', days: 1 }, ctx).toISOString()).toBe('2027-01-01T09:00:00.000Z');
    revision++;
    expect(addDuration(now, { unit: 'wd', days: 1 }, ctx).toISOString()).toBe('2027-01-04T09:00:00.000Z');
  });
  it('asks the calendar again in a later turn of the event loop (it may have changed)', async () => {
    let asked = 0;
    const ctx = { calendar: { ...weekendOnlyCalendar, addWorkingDays: (d: string, n: number) => (asked++, weekendOnlyCalendar.addWorkingDays(d, n)) }, utcOffsetMinutes: 0 };
    const now = new Date('2026-03-06T09:00:00Z');
    addDuration(now, { unit: 'wd', days: 3 }, ctx);
    addDuration(now, { unit: 'wd', days: 3 }, ctx);
    expect(asked).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    addDuration(now, { unit: 'wd', days: 3 }, ctx);
    expect(asked).toBe(2);
  });
  it("takes the kernel's statutory-holiday calendar as it is", () => {
    const calendar: FlowCalendar = chinaCalendar;
    const due = addDuration(new Date('2026-09-29T16:30:00Z'), { unit: 'wd', days: 1 }, { calendar, utcOffsetMinutes: 480 }); // 00:30 on 30 Sep in Beijing
    const local = new Date(due.getTime() + 480 * 60_000).toISOString();
    expect(local.slice(0, 10)).toBe(chinaCalendar.addWorkingDays('2026-09-30', 1));
    expect(local.slice(0, 10) > '2026-10-03').toBe(true); // the National Day holiday is skipped
    expect(local.slice(11, 16)).toBe('00:30');
  });
  it('shares and shifts deadlines after a suspension', () => {
    expect(shareOf({ unit: 'wd', days: 20 }, 0.8)).toEqual({ unit: 'wd', days: 16 });
    const due = new Date('2026-03-09T02:00:00Z');
    expect(shiftDeadline(due, 'wd', new Date('2026-03-06T02:00:00Z'), new Date('2026-03-10T02:00:00Z'), utc).toISOString()).toBe('2026-03-11T02:00:00.000Z');
    expect(shiftDeadline(due, 'ms', new Date('2026-03-06T02:00:00Z'), new Date('2026-03-06T05:00:00Z'), utc).toISOString()).toBe('2026-03-09T05:00:00.000Z');
    expect(weekendOnlyCalendar.workingDaysBetween('2026-03-06', '2026-03-09')).toBe(1);
  });
});
