/**
 * Time-limit warnings (办理时限预警) as the inbox, the instance view and the applicant's progress
 * show them: green while in time, yellow once a set share of the limit is used, red past the
 * deadline. One place for the server's answers and the web's colours.
 */

/** How urgent an item with a time limit is. */
export type WarningLevel = 'none' | 'yellow' | 'red';

/** An item with a time limit: its state, its (suspension-adjusted) deadline and its stored level. */
export interface TimeLimited {
  /** `open` items run against their deadline; a `suspended` one's clock stands still; others are finished. */
  state: string;
  dueAt: string | null;
  warning: WarningLevel;
}

/**
 * The level to show: the stored one (raised by the engine's warning jobs), or red once an open
 * item's deadline has passed, before its warning job has run. A suspended item keeps its level.
 * @example effectiveWarning({ state: 'open', dueAt: '2026-03-02T01:00:00Z', warning: 'yellow' }, '2026-03-03T00:00:00Z') // 'red'
 */
export function effectiveWarning(item: TimeLimited, now: Date | string): WarningLevel {
  const at = typeof now === 'string' ? now : now.toISOString();
  if (item.state === 'open' && item.dueAt !== null && Date.parse(item.dueAt) <= Date.parse(at)) return 'red';
  return item.warning;
}

/** The tag colour of each level (Ant Design preset names): green, gold, red. */
export const WARNING_COLOURS: Readonly<Record<WarningLevel, string>> = { none: 'green', yellow: 'gold', red: 'red' };
