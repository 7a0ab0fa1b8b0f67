import { weekendOnlyCalendar, type FlowCalendar } from '../../engines/flow/index.ts';
import type { BusinessCalendar } from '../../kernel/calendar.ts';

/** The flow engine's calendar, whose statutory part can be replaced while it runs (holiday notices entered later). */
export interface PlatformCalendar extends FlowCalendar {
  /** From now on, counts on `base` up to its last covered date. */
  use(base: BusinessCalendar): void;
  /** The statutory calendar's coverage: past `to`, Monday to Friday. */
  coverage(): { from: string; to: string };
  /** The calendar as it counts now, unchanged by a later `use` (what deadlines were counted on before a change). */
  snapshot(): FlowCalendar;
}

/**
 * The calendar time limits are counted on: the statutory calendar up to its last covered date,
 * and Monday to Friday after it. The State Council publishes each year's holidays only late in
 * the year before; until that notice is entered (holiday-notices.ts), a deadline reaching past
 * the covered years is counted on weekdays instead of refusing every application. Dates inside
 * the coverage are never affected.
 */
export function platformCalendar(initial: BusinessCalendar): PlatformCalendar {
  let current = counted(initial);
  let revision = 0;
  return {
    use(next) {
      current = counted(next);
      revision++;
    },
    get revision() {
      return revision;
    },
    coverage: () => current.base.coverage(),
    snapshot: () => counted(current.base),
    isWorkingDay: (date) => current.isWorkingDay(date),
    addWorkingDays: (date, days) => current.addWorkingDays(date, days),
    workingDaysBetween: (from, to) => current.workingDaysBetween(from, to),
  };
}

/** `base` up to its last covered date, Monday to Friday after it. */
function counted(base: BusinessCalendar): FlowCalendar & { base: BusinessCalendar } {
  const last = base.coverage().to;
  const weekdays = weekendOnlyCalendar;
  return {
    base,
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
}
