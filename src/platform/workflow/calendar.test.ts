import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../../kernel/calendar.ts';
import { platformCalendar } from './calendar.ts';

describe('the platform calendar', () => {
  const calendar = platformCalendar(chinaCalendar);
  const last = chinaCalendar.coverage().to;

  it('is the statutory calendar inside its coverage', () => {
    // 2026-09-28 (Mon) + 5 working days crosses the National Day holiday.
    expect(calendar.addWorkingDays('2026-09-28', 5)).toBe(chinaCalendar.addWorkingDays('2026-09-28', 5));
    expect(calendar.workingDaysBetween('2026-09-28', '2026-10-12')).toBe(chinaCalendar.workingDaysBetween('2026-09-28', '2026-10-12'));
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
  });

  it('counts Monday to Friday past the last covered date instead of refusing', () => {
    expect(last).toBe('2026-12-31');
    // From Thursday 2026-12-24: 25 (Fri), 28–31 (Mon–Thu) are 5 working days inside, then weekdays of 2027.
    expect(calendar.addWorkingDays('2026-12-24', 5)).toBe('2026-12-31');
    expect(calendar.addWorkingDays('2026-12-24', 6)).toBe('2027-01-01');
    expect(calendar.addWorkingDays('2026-12-24', 7)).toBe('2027-01-04');
    expect(calendar.workingDaysBetween('2026-12-24', '2027-01-04')).toBe(7);
    expect(calendar.workingDaysBetween('2027-01-04', '2026-12-24')).toBe(0);
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
    expect(() => chinaCalendar.addWorkingDays('2026-12-24', 7)).toThrow();
  });
});
