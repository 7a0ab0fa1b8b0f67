import type { InstanceState } from './state.ts';
import { localDate, type FlowCalendar, type TimeContext } from './time.ts';

/**
 * An instance's working-day deadlines recounted after its calendar changed (holidays or make-up working days
 * entered or amended): each deadline still ahead keeps the working days it had left, counted on `previous`
 * from today (or, while its clock stands still, from the day it stopped), and those days are counted again
 * on the calendar now in force (`ctx.calendar`), at the same time of day. Days up to today are taken as both
 * calendars count them. Returns the deadlines that move, by the id of their task or job, the instance's own
 * limit under the instance's id; deadlines in wall time (`ms`) and those already passed stay.
 * @example const moved = movedDeadlines(state, calendarBefore, now, { calendar: calendarNow, utcOffsetMinutes: 480 });
 */
export function movedDeadlines(s: InstanceState, previous: FlowCalendar, now: Date, ctx: TimeContext): Record<string, string> {
  const out: Record<string, string> = {};
  const offset = ctx.utcOffsetMinutes * 60_000;
  const move = (id: string, due: string, anchor: Date) => {
    const from = localDate(anchor, ctx);
    const dueAt = new Date(due);
    const to = localDate(dueAt, ctx);
    if (to <= from) return;
    const left = previous.workingDaysBetween(from, to);
    if (left <= 0) return;
    const target = ctx.calendar.addWorkingDays(from, left);
    if (target === to) return;
    const timeOfDay = dueAt.getTime() + offset - Date.parse(`${to}T00:00:00Z`);
    out[id] = new Date(Date.parse(`${target}T00:00:00Z`) + timeOfDay - offset).toISOString();
  };
  // A clock that stands still counts from the day it stopped: a suspended task's, or the instance's own.
  const stoppedAt = (at: string | null | undefined) => (at ? new Date(at) : now);
  for (const [id, t] of s.tasks) {
    if (t.dueAt && t.dueUnit === 'wd' && (t.state === 'open' || t.state === 'suspended')) move(id, t.dueAt, stoppedAt(t.suspendedAt));
  }
  for (const [id, j] of s.jobs) {
    if (j.unit !== 'wd' || (j.state !== 'ready' && j.state !== 'suspended')) continue;
    let anchor = now;
    if (j.state === 'suspended') {
      if (j.data.scope === 'instance') anchor = stoppedAt(s.limit?.suspendedAt);
      else {
        const task = [...s.tasks.values()].find((t) => t.tokenId === j.tokenId && t.state === 'suspended');
        anchor = stoppedAt(task?.suspendedAt);
      }
    }
    move(id, j.dueAt, anchor);
  }
  if (s.limit?.unit === 'wd') move(s.id, s.limit.dueAt, stoppedAt(s.limit.suspendedAt));
  return out;
}
