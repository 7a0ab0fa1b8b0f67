import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addWorkingDays,
  calendarCoverage,
  createBusinessCalendar,
  dayOfWeek,
  holidayNameOf,
  isWorkingDay,
  nextWorkingDay,
  rollForwardToWorkingDay,
  workingDaysBetween,
} from './calendar.ts';
import { HOLIDAY_NOTICES } from './calendar-data.ts';
import { AppError } from './errors.ts';

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : 'not an AppError';
  }
  return undefined;
}

// Working days per year (commonly quoted: 250 in 2019, 251 in 2024, 248 in 2025; 2020 counts the
// Spring Festival extension). When building the data these were cross-checked day by day against an
// independent compilation of the notices (NateScarlet/holiday-cn): no differences in 2019–2026.
const EXPECTED_COUNTS = { 2019: 250, 2020: 249, 2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248 };

describe('working-day calendar: the State Council notices', () => {
  it('2024 National Day: 1–7 October off, 8 October a working day, Saturday 12 October a make-up day', () => {
    for (const d of range('2024-10-01', '2024-10-07')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2024-10-08')).toBe(true);
    expect(dayOfWeek('2024-10-12')).toBe(6);
    expect(isWorkingDay('2024-10-12')).toBe(true);
    expect(isWorkingDay('2024-09-29')).toBe(true); // Sunday, make-up day
    expect(isWorkingDay('2024-10-13')).toBe(false); // an ordinary Sunday
    expect(holidayNameOf('2024-10-03')).toBe('国庆节');
    expect(holidayNameOf('2024-10-12')).toBeUndefined();
  });

  // [date, working?] pairs read from each year's notice.
  const CASES: Record<number, [string, boolean][]> = {
    2019: [['2019-02-04', false], ['2019-02-02', true], ['2019-05-04', false], ['2019-04-28', true], ['2019-05-05', true], ['2019-09-13', false], ['2019-10-12', true]],
    2020: [['2020-01-19', true], ['2020-01-31', false], ['2020-02-01', false], ['2020-02-03', true], ['2020-06-28', true], ['2020-10-08', false], ['2020-10-10', true]],
    2021: [['2021-01-01', false], ['2021-02-07', true], ['2021-02-20', true], ['2021-09-18', true], ['2021-09-20', false], ['2021-10-09', true]],
    2022: [['2022-01-03', false], ['2022-01-29', true], ['2022-04-02', true], ['2022-05-04', false], ['2022-05-07', true], ['2022-10-09', true]],
    2023: [['2023-01-02', false], ['2023-01-28', true], ['2023-04-05', false], ['2023-06-25', true], ['2023-09-29', false], ['2023-10-06', false], ['2023-10-07', true]],
    2024: [['2024-01-01', false], ['2024-02-04', true], ['2024-02-09', true], ['2024-02-16', false], ['2024-02-18', true], ['2024-04-07', true], ['2024-05-11', true], ['2024-06-10', false], ['2024-09-14', true]],
    2025: [['2025-01-01', false], ['2025-01-26', true], ['2025-01-28', false], ['2025-02-04', false], ['2025-02-08', true], ['2025-04-27', true], ['2025-06-02', false], ['2025-10-08', false], ['2025-10-11', true]],
    2026: [['2026-01-02', false], ['2026-01-04', true], ['2026-02-14', true], ['2026-02-23', false], ['2026-02-28', true], ['2026-05-09', true], ['2026-06-19', false], ['2026-09-20', true], ['2026-10-10', true]],
  };
  for (const [year, cases] of Object.entries(CASES)) {
    it(`${year}: dates from the notice`, () => {
      for (const [date, working] of cases) expect(isWorkingDay(date), date).toBe(working);
    });
  }

  it('every year cites its notice, lists make-up days only on weekends and holidays only on its own dates', () => {
    for (const n of HOLIDAY_NOTICES) {
      expect(n.notices[0]).toMatch(new RegExp(`^国办发明电〔${n.year - 1}〕\\d+号 国务院办公厅关于${n.year}年部分节假日安排的通知`));
      for (const w of n.workdays) expect([0, 6], w).toContain(dayOfWeek(w));
      for (const h of n.holidays) {
        expect(h.from <= h.to).toBe(true);
        expect(h.to.slice(0, 4)).toBe(String(n.year));
      }
    }
  });

  it('has the working days per year the notices imply', () => {
    const counts = Object.fromEntries(
      [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026].map((y) => [y, range(`${y}-01-01`, `${y}-12-31`).filter(isWorkingDay).length]),
    );
    expect(counts).toEqual(EXPECTED_COUNTS);
  });
});

describe('working-day arithmetic', () => {
  it('counts a deadline from the day after the event', () => {
    expect(addWorkingDays('2024-09-30', 1)).toBe('2024-10-08');
    expect(addWorkingDays('2024-09-27', 3)).toBe('2024-10-08'); // Sat 28 off, Sun 29 make-up, Mon 30, then 8 Oct
    expect(addWorkingDays('2024-10-11', 1)).toBe('2024-10-12');
    expect(addWorkingDays('2024-10-01', 0)).toBe('2024-10-01');
    expect(addWorkingDays('2024-01-01', 20)).toBe('2024-01-29');
    expect(workingDaysBetween('2024-09-30', '2024-10-08')).toBe(1);
    expect(workingDaysBetween('2024-10-08', '2024-09-30')).toBe(-1);
    expect(workingDaysBetween('2024-10-03', '2024-10-03')).toBe(0);
    expect(nextWorkingDay('2024-09-30')).toBe('2024-10-08');
    expect(nextWorkingDay('2024-10-11')).toBe('2024-10-12');
    expect(rollForwardToWorkingDay('2024-10-05')).toBe('2024-10-08');
    expect(rollForwardToWorkingDay('2024-10-09')).toBe('2024-10-09');
  });

  it('throws rather than guess outside the covered years, and on bad input', () => {
    expect(calendarCoverage()).toEqual({ from: '2019-01-01', to: '2026-12-31' });
    expect(codeOf(() => isWorkingDay('2018-12-31'))).toBe('calendar.out_of_range');
    expect(codeOf(() => isWorkingDay('2027-01-04'))).toBe('calendar.out_of_range');
    expect(codeOf(() => addWorkingDays('2026-12-20', 30))).toBe('calendar.out_of_range');
    expect(codeOf(() => nextWorkingDay('2026-12-31'))).toBe('calendar.out_of_range');
    expect(codeOf(() => isWorkingDay('2024-02-30'))).toBe('calendar.invalid_date');
    expect(codeOf(() => isWorkingDay('2024-1-5'))).toBe('calendar.invalid_date');
    expect(codeOf(() => addWorkingDays('2024-01-05', -1))).toBe('calendar.invalid_days');
    expect(codeOf(() => addWorkingDays('2024-01-05', 1.5))).toBe('calendar.invalid_days');
  });

  it('builds calendars from other notices and refuses gaps', () => {
    const cal = createBusinessCalendar([{ year: 2030, notices: ['test'], holidays: [{ name: 'x', from: '2030-01-01', to: '2030-01-01' }], workdays: ['2030-01-05'] }]);
    expect(cal.isWorkingDay('2030-01-01')).toBe(false);
    expect(cal.isWorkingDay('2030-01-05')).toBe(true);
    expect(cal.coverage()).toEqual({ from: '2030-01-01', to: '2030-12-31' });
    expect(codeOf(() => createBusinessCalendar([HOLIDAY_NOTICES[0], HOLIDAY_NOTICES[2]]))).toBe('calendar.out_of_range');
  });

  // A day-by-day reference: obviously right, too slow for the engine.
  function naiveAdd(date: string, n: number): string {
    let d = date;
    for (let left = n; left > 0; ) {
      d = addDays(d, 1);
      if (isWorkingDay(d)) left -= 1;
    }
    return d;
  }
  function naiveBetween(a: string, b: string): number {
    if (b < a) return -naiveBetween(b, a);
    let count = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (isWorkingDay(d)) count += 1;
    return count;
  }
  const dateArb = fc.integer({ min: 0, max: 2700 }).map((i) => addDays('2019-01-01', i));

  it('property: addWorkingDays and workingDaysBetween agree with the day-by-day reference', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 60 }), (date, n) => {
        const end = addWorkingDays(date, n);
        expect(end).toBe(naiveAdd(date, n));
        expect(workingDaysBetween(date, end)).toBe(n);
        if (n > 0) expect(isWorkingDay(end)).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        expect(workingDaysBetween(a, b)).toBe(naiveBetween(a, b));
      }),
      { numRuns: 100 },
    );
  });
});
