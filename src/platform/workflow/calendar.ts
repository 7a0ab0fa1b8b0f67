import { weekendOnlyCalendar, type FlowCalendar } from '../../engines/flow/index.ts';
import type { BusinessCalendar } from '../../kernel/calendar.ts';

/**
 * The calendar time limits are counted on: the kernel's statutory calendar up to its last
 * covered date, and Monday to Friday after it. The State Council publishes each year's holidays
 * only late in the year before; until that notice is added to the kernel, a deadline reaching
 * past the covered years is counted on weekdays instead of refusing every application. Dates
 * inside the coverage are never affected.
 */
export function platformCalendar(base: BusinessCalendar): FlowCalendar {
  const last = base.coverage().to;
  const weekdays = weekendOnlyCalendar;
  const calendar: FlowCalendar = {
    isWorkingDay: (date) => (date <= last ? base.isWorkingDay(date) : weekdays.isWorkingDay(date)),
    addWorkingDays(date, days) {
      if (date >= last) return weekdays.addWorkingDays(date, days);
      const inside = base.workingDaysBetween(date, last);
      return days <= inside ? base.addWorkingDays(date, days) : weekdays.addWorkingDays(last, days - inside);
    },
    workingDaysBetween(from, to) {
      if (to <= from) return 0;
      if (to <= last) return base.workingDaysBetween(from, to);
      if (from >= last) return weekdays.workingDaysBetween(from, to);
      return base.workingDaysBetween(from, last) + weekdays.workingDaysBetween(last, to);
    },
  };
  return calendar;
}
