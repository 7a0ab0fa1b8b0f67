/**
 * Time in the flow engine: the working-day calendar it is given, durations
 * (`5wd` working days, `3d` calendar days, ISO 8601 `P1DT2H`) and the
 * arithmetic that moves deadlines when a step's clock is suspended.
 */

/**
 * The calendar the engine needs; the kernel's BusinessCalendar satisfies it.
 * Dates are 'YYYY-MM-DD' strings in the engine's local time zone.
 */
export interface FlowCalendar {
  isWorkingDay(date: string): boolean;
  /** The date `days` working days after `date` (days ≥ 0; 0 returns `date`). */
  addWorkingDays(date: string, days: number): string;
  /** Working days after `from`, up to and including `to` (0 when to ≤ from). */
  workingDaysBetween(from: string, to: string): number;
  /** For a calendar that changes while the engine runs (a holiday notice entered): bumped at each change. */
  readonly revision?: number;
}


const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Monday-based weekday (0 = Monday … 6 = Sunday) of a day number (day 0 was a Thursday). */
const weekday = (day: number) => (((day + 3) % 7) + 7) % 7;
/** Working days (Monday–Friday) in the day numbers [0, day). */
const workdaysBefore = (day: number) => Math.floor(day / 7) * 5 + [0, 1, 2, 2, 2, 3, 4][((day % 7) + 7) % 7];

/** A calendar where Monday to Friday are working days: for tests and for engines run without holidays. */
export const weekendOnlyCalendar: FlowCalendar = {
  isWorkingDay(date) {
    return weekday(dayNumber(date)) < 5;
  },
  addWorkingDays(date, days) {
    if (days <= 0) return date;
    // The first day d > date with workdays in (date, d] = days: count by whole weeks, then step.
    let d = dayNumber(date);
    const weeks = Math.floor((days - 1) / 5);
    d += weeks * 7;
    let left = days - weeks * 5;
    while (left > 0) {
      d++;
      if (weekday(d) < 5) left--;
    }
    return dateOf(d);
  },
  workingDaysBetween(from, to) {
    const a = dayNumber(from);
    const b = dayNumber(to);
    return b <= a ? 0 : workdaysBefore(b + 1) - workdaysBefore(a + 1);
  },
};

/** A parsed duration: whole working days, or milliseconds of wall time. */
export type Duration = { unit: 'wd'; days: number } | { unit: 'ms'; ms: number };

/** The settings the engine's time arithmetic needs. */
export interface TimeContext {
  calendar: FlowCalendar;
  /** Offset of the local time zone from UTC in minutes (480 for UTC+8). */
  utcOffsetMinutes: number;
}

/**
 * Parses `5wd` (working days), `3d` (calendar days), `4h`, `30m`, `10s`, or an
 * ISO 8601 duration such as `P1DT2H30M`; returns undefined when the text is none of these.
 */
export function parseDuration(text: string): Duration | undefined {
  const t = text.trim();
  let m = /^(\d+)\s*wd$/i.exec(t);
  if (m) return { unit: 'wd', days: Number(m[1]) };
  m = /^(\d+(?:\.\d+)?)\s*(d|h|m|s)$/.exec(t);
  if (m) return { unit: 'ms', ms: Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[m[2] as 'd'] };
  m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(t);
  if (m && t !== 'P' && !t.endsWith('T')) {
    const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
    return { unit: 'ms', ms: (((w * 7 + d) * 24 + h) * 60 + min) * 60_000 + s * 1000 };
  }
  return undefined;
}

/**
 * The longest a time limit or timer may run: a hundred years, as wall time (36,525 days) or working days (25,000,
 * about a hundred years of them). A longer one is a slip of the pen, and the date it gives is past what a Date
 * holds or a calendar knows: `99999999wd` deployed, and then every start failed with "Invalid time value".
 */
export const MAX_DURATION = { ms: 36_525 * 86_400_000, wd: 25_000 };

/** Whether a duration is longer than MAX_DURATION. */
export function tooLong(d: Duration): boolean {
  return d.unit === 'wd' ? d.days > MAX_DURATION.wd : d.ms > MAX_DURATION.ms;
}

/** The local date ('YYYY-MM-DD') of an instant. */
export function localDate(at: Date, ctx: TimeContext): string {
  return new Date(at.getTime() + ctx.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/**
 * Working-day moves from the last instant asked about, by days, until the event loop's turn ends or the
 * calendar's revision changes: a group commit's steps share one `now`, so the time limits they set repeat the
 * same few moves (thousands in a transaction), each a calendar look-up.
 */
const moves = { at: NaN, ctx: undefined as TimeContext | undefined, revision: undefined as number | undefined, byDays: new Map<number, number>(), clearing: false };

function moveWorkingDays(at: Date, days: number, ctx: TimeContext): Date {
  const t = at.getTime();
  if (moves.at !== t || moves.ctx !== ctx || moves.revision !== ctx.calendar.revision) {
    Object.assign(moves, { at: t, ctx, revision: ctx.calendar.revision, byDays: new Map() });
    if (!moves.clearing) {
      moves.clearing = true;
      setImmediate(() => Object.assign(moves, { at: NaN, ctx: undefined, revision: undefined, clearing: false }));
    }
  }
  const known = moves.byDays.get(days);
  if (known !== undefined) return new Date(known);
  const local = t + ctx.utcOffsetMinutes * 60_000;
  const date = new Date(local).toISOString().slice(0, 10);
  const timeOfDay = local - Date.parse(`${date}T00:00:00Z`);
  const target = ctx.calendar.addWorkingDays(date, days);
  const result = Date.parse(`${target}T00:00:00Z`) + timeOfDay - ctx.utcOffsetMinutes * 60_000;
  moves.byDays.set(days, result);
  return new Date(result);
}

/** The instant a duration after `at`; working days keep the local time of day. */
export function addDuration(at: Date, d: Duration, ctx: TimeContext): Date {
  return d.unit === 'wd' ? moveWorkingDays(at, d.days, ctx) : new Date(at.getTime() + d.ms);
}

/** A share (0–1) of a duration, rounded up to whole working days for `wd`. */
export function shareOf(d: Duration, share: number): Duration {
  return d.unit === 'wd' ? { unit: 'wd', days: Math.ceil(d.days * share) } : { unit: 'ms', ms: Math.round(d.ms * share) };
}

/**
 * Where a deadline moves after its clock stood still from `suspendedAt` to
 * `resumedAt`: by the working days in between (`wd`), or the wall time (`ms`).
 */
export function shiftDeadline(due: Date, unit: Duration['unit'], suspendedAt: Date, resumedAt: Date, ctx: TimeContext): Date {
  if (unit === 'ms') return new Date(due.getTime() + Math.max(0, resumedAt.getTime() - suspendedAt.getTime()));
  const days = ctx.calendar.workingDaysBetween(localDate(suspendedAt, ctx), localDate(resumedAt, ctx));
  return moveWorkingDays(due, days, ctx);
}
