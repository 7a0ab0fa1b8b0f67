// The Chinese working-day calendar: Monday–Friday, minus statutory holidays, plus the weekend days
// the State Council makes working days (调休). Legal time limits in working days (e.g. 行政许可法
// art. 82: "期限以工作日计算，不含法定节假日") are counted on it. Dates are Beijing calendar dates
// written 'YYYY-MM-DD'; no time zones are involved. Outside the years the data covers the calendar
// throws `calendar.out_of_range` rather than guess.
import { AppError } from './errors.ts';
import { HOLIDAY_NOTICES, type HolidayNotice } from './calendar-data.ts';

/** A working-day calendar; the flow engine takes one injected, so tests and other countries can swap it. */
export interface BusinessCalendar {
  /** Whether `date` is a working day. */
  isWorkingDay(date: string): boolean;
  /** The date `n` (≥ 0) working days after `date`: the day a limit of n working days counted from `date` ends. */
  addWorkingDays(date: string, n: number): string;
  /** Working days in (a, b]: after a, up to and including b; negative when b is before a. */
  workingDaysBetween(a: string, b: string): number;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string;
  /** The first and last date the calendar knows. */
  coverage(): { from: string; to: string };
}

const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01) of a 'YYYY-MM-DD' date; throws `calendar.invalid_date` if it is not one. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return t / DAY_MS;
  }
  throw new AppError('calendar.invalid_date', `"${date}" is not a date written YYYY-MM-DD`, { date });
}

/** The 'YYYY-MM-DD' date of a day number. */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `n` calendar days after `date` (n may be negative). */
export function addDays(date: string, n: number): string {
  return dateOfDayNumber(dayNumber(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  // 1970-01-01 was a Thursday.
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/**
 * Builds a calendar over whole years from holiday notices: every day of the years between the first
 * and last notice is known, weekends off unless listed as workdays, listed holidays off.
 */
export function createBusinessCalendar(notices: readonly HolidayNotice[]): BusinessCalendar {
  if (notices.length === 0) throw new AppError('calendar.out_of_range', 'a calendar needs at least one year of holiday notices');
  const years = notices.map((n) => n.year).sort((a, b) => a - b);
  years.forEach((y, i) => {
    if (i > 0 && y !== years[i - 1] + 1) throw new AppError('calendar.out_of_range', `holiday notices skip from ${years[i - 1]} to ${y}`);
  });
  const from = `${years[0]}-01-01`;
  const to = `${years[years.length - 1]}-12-31`;
  const first = dayNumber(from);
  const last = dayNumber(to);
  const size = last - first + 1;
  const working = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const dow = (((first + i + 4) % 7) + 7) % 7;
    working[i] = dow === 0 || dow === 6 ? 0 : 1;
  }
  const inRange = (day: number) => day >= first && day <= last;
  for (const n of notices) {
    for (const h of n.holidays) {
      for (let d = dayNumber(h.from); d <= dayNumber(h.to); d++) if (inRange(d)) working[d - first] = 0;
    }
    for (const w of n.workdays) if (inRange(dayNumber(w))) working[dayNumber(w) - first] = 1;
  }
  // cumulative[i] = working days among the first i days, so (a, b] holds cumulative[b+1] - cumulative[a+1].
  const cumulative = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) cumulative[i + 1] = cumulative[i] + working[i];

  const index = (date: string): number => {
    const day = dayNumber(date);
    if (!inRange(day)) {
      throw new AppError('calendar.out_of_range', `${date} is outside the working-day calendar (${from} to ${to})`, { date, from, to });
    }
    return day - first;
  };
  const beyond = (date: string, n: number) =>
    new AppError('calendar.out_of_range', `${n} working days after ${date} falls after the calendar's last date ${to}`, { date, n, to });

  return {
    isWorkingDay: (date) => working[index(date)] === 1,
    addWorkingDays(date, n) {
      if (!Number.isSafeInteger(n) || n < 0) throw new AppError('calendar.invalid_days', `working days must be a whole number ≥ 0; got ${n}`);
      const i = index(date);
      if (n === 0) return date;
      const target = cumulative[i + 1] + n;
      if (target > cumulative[size]) throw beyond(date, n);
      // The first day j with cumulative[j + 1] ≥ target is the n-th working day after i.
      let lo = i + 1;
      let hi = size - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid + 1] >= target) hi = mid;
        else lo = mid + 1;
      }
      return dateOfDayNumber(first + lo);
    },
    workingDaysBetween(a, b) {
      const i = index(a);
      const j = index(b);
      return j >= i ? cumulative[j + 1] - cumulative[i + 1] : -(cumulative[i + 1] - cumulative[j + 1]);
    },
    nextWorkingDay(date) {
      const i = index(date);
      for (let j = i + 1; j < size; j++) if (working[j] === 1) return dateOfDayNumber(first + j);
      throw beyond(date, 1);
    },
    coverage: () => ({ from, to }),
  };
}

/** The calendar of mainland China's statutory holidays for the years in `HOLIDAY_NOTICES`. */
export const chinaCalendar: BusinessCalendar = createBusinessCalendar(HOLIDAY_NOTICES);

/** Whether `date` ('YYYY-MM-DD') is a working day in mainland China. */
export function isWorkingDay(date: string): boolean {
  return chinaCalendar.isWorkingDay(date);
}

/**
 * The date `n` working days after `date`: the day a limit of n working days ends. The day of the
 * event itself is not counted (民法典 art. 201: 按照日计算期间的，开始的当日不计入), so a limit of
 * 1 working day from a Friday ends on the next working day; n = 0 returns `date`.
 */
export function addWorkingDays(date: string, n: number): string {
  return chinaCalendar.addWorkingDays(date, n);
}

/** Working days in (a, b] (after a, up to and including b); negative when b is before a. */
export function workingDaysBetween(a: string, b: string): number {
  return chinaCalendar.workingDaysBetween(a, b);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string): string {
  return chinaCalendar.nextWorkingDay(date);
}

/**
 * `date` if it is a working day, else the next one: a period counted in calendar days whose last day
 * is a statutory holiday ends on the day after the holiday (民法典 art. 203).
 */
export function rollForwardToWorkingDay(date: string): string {
  return chinaCalendar.isWorkingDay(date) ? date : chinaCalendar.nextWorkingDay(date);
}

const holidayNames = new Map<string, string>();
for (const n of HOLIDAY_NOTICES) {
  for (const h of n.holidays) for (let d = h.from; d <= h.to; d = addDays(d, 1)) holidayNames.set(d, h.name);
}

/** The name of the statutory holiday `date` falls in (春节, 国庆节, …), or undefined; throws outside the coverage. */
export function holidayNameOf(date: string): string | undefined {
  chinaCalendar.isWorkingDay(date);
  return holidayNames.get(date);
}

/** The first and last date the working-day calendar covers. */
export function calendarCoverage(): { from: string; to: string } {
  return chinaCalendar.coverage();
}
