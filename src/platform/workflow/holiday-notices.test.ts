import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../kernel/calendar.ts';
import { HOLIDAY_NOTICES } from '../../kernel/calendar-data.ts';
import { platformCalendar } from './calendar.ts';
import { holidayNoticeProblems, type HolidayNoticeInput } from './holiday-notices.ts';

/** A plausible arrangement of 2027 (the real notice is entered when published); `patch` changes it. */
function notice2027(patch: Partial<HolidayNoticeInput> = {}): HolidayNoticeInput {
  return {
    notices: ['国务院办公厅关于2027年部分节假日安排的通知'],
    holidays: [
      { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
      { name: '春节', from: '2027-02-05', to: '2027-02-13' },
    ],
    workdays: ['2027-01-31', '2027-02-20'],
    ...patch,
  };
}
const covered = { first: 2019, last: 2026 };
const rules = (year: number, input: HolidayNoticeInput) => holidayNoticeProblems(year, input, covered).map((p) => `${p.field} ${p.rule}`);

describe('holiday notice checks', () => {
  it('accepts a year next to the calendar, and a covered year amended', () => {
    expect(rules(2027, notice2027())).toEqual([]);
    expect(rules(2019, { notices: ['amended'], holidays: [{ name: '劳动节', from: '2019-05-01', to: '2019-05-04' }], workdays: ['2019-04-28'] })).toEqual([]);
  });

  it('names each field and rule broken', () => {
    expect(rules(2028, notice2027())).toContain('year year.contiguous');
    expect(rules(2018, notice2027())).toContain('year year.contiguous');
    expect(rules(2027, notice2027({ notices: [] }))).toEqual(['notices notice.required']);
    expect(rules(2027, notice2027({ notices: ['  '] }))).toEqual(['notices.0 notice.blank']);
    expect(rules(2027, notice2027({ holidays: [] }))).toEqual(['holidays holiday.required']);
    expect(rules(2027, notice2027({ holidays: [{ name: '', from: '2027-01-03', to: '2027-01-01' }] }))).toEqual(['holidays.0.name holiday.name', 'holidays.0.to holiday.order']);
    expect(rules(2027, notice2027({ holidays: [{ name: '元旦', from: '2027-02-30', to: '2027-01-01' }] }))).toEqual(['holidays.0.from date.format']);
    expect(rules(2027, notice2027({ holidays: [{ name: '国庆节', from: '2027-10-01', to: '2027-10-31' }] }))).toEqual(['holidays.0.to holiday.length']);
    expect(rules(2027, notice2027({ holidays: [{ name: '元旦', from: '2026-12-30', to: '2026-12-31' }] }))).toEqual(['holidays.0.to holiday.year']);
    expect(rules(2027, notice2027({ holidays: [{ name: '元旦', from: '2025-12-31', to: '2027-01-01' }] }))).toEqual(['holidays.0.from holiday.year', 'holidays.0.to holiday.length']);
    expect(rules(2027, notice2027({ holidays: [{ name: 'a', from: '2027-01-01', to: '2027-01-03' }, { name: 'b', from: '2027-01-03', to: '2027-01-04' }] }))).toEqual(['holidays.1 holiday.overlap']);
    // 2027-01-06 is a Wednesday; 2027-01-02 (Saturday) is inside 元旦; 2026-12-26 is a Saturday of the year before.
    expect(rules(2027, notice2027({ workdays: ['2027-01-06', '2027-01-02', '2026-12-26', '2027-01-31', '2027-01-31', '27-1-1'] }))).toEqual([
      'workdays.0 workday.weekend', 'workdays.1 workday.holiday', 'workdays.2 workday.year', 'workdays.4 workday.duplicate', 'workdays.5 date.format',
    ]);
  });
});

describe('the platform calendar with a notice entered', () => {
  it('counts on the new year from then on, and Monday to Friday past it', () => {
    const calendar = platformCalendar(createBusinessCalendar(HOLIDAY_NOTICES));
    // From Monday 2026-12-21: eight working days to the year's end, then Friday 2027-01-01 counts as a weekday.
    expect(calendar.addWorkingDays('2026-12-21', 20)).toBe('2027-01-18');
    calendar.use(createBusinessCalendar([...HOLIDAY_NOTICES, { year: 2027, ...notice2027() }]));
    expect(calendar.coverage().to).toBe('2027-12-31');
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.addWorkingDays('2026-12-21', 20)).toBe('2027-01-19');
    expect(calendar.workingDaysBetween('2026-12-21', '2027-01-19')).toBe(20);
    // Past 2027: weekdays again.
    expect(calendar.addWorkingDays('2027-12-30', 3)).toBe('2028-01-04');
  });
});
