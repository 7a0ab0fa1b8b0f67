import type { Kysely } from 'kysely';
import { historyFrom } from './store.ts';
import { localDate, type TimeContext } from './time.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** What to aggregate: finished user tasks by step or by department (organisation), or finished instances by definition. */
export interface HandlingStatsQuery {
  groupBy: 'step' | 'org' | 'definition';
  /** Only this process key. */
  key?: string;
  /** Only tasks routed to these organisations (step and org groupings); an empty list matches none. */
  orgs?: string[];
  /** Finished at or after / before these instants (ISO 8601). */
  from?: string;
  to?: string;
}

/** Handling time of one group: finished items, their working days and hours, and how many missed their deadline. */
export interface HandlingStat {
  /** Process key, and the element id (step), organisation (org) or nothing (definition). */
  key: string;
  group: string | null;
  finished: number;
  avgWorkingDays: number;
  medianWorkingDays: number;
  p90WorkingDays: number;
  maxWorkingDays: number;
  avgHours: number;
  /** Average working days the finished items' clocks stood still (back with the applicant, a notice…): not counted above. */
  avgSuspendedWorkingDays: number;
  /** Finished after their (suspension-adjusted) deadline. */
  overdue: number;
  /** Still open now, and of those past their deadline. */
  open: number;
  openOverdue: number;
}

interface Item {
  /** The task, or the instance (definition grouping). */
  id: string;
  instanceId: string;
  key: string;
  group: string | null;
  start: string;
  end: string | null;
  due: string | null;
}

/** A period a clock stood still: from a suspension to its resumption (null: still suspended). */
interface Pause {
  from: string;
  to: string | null;
}

/**
 * The suspended periods of tasks, from the suspend and resume inputs of the instances' histories
 * (the task rows keep only the current suspension).
 */
async function pausesOf(db: Db, key: string | undefined): Promise<{ byTask: Map<string, Pause[]>; byInstance: Map<string, Pause[]> }> {
  let sel = db.selectFrom('flow_history as h').select(['h.instance_id', 'h.seq', 'h.at', 'h.actor', 'h.lines'])
    .where((eb) => eb.or([eb('h.lines', 'like', '%"in:suspendTask"%'), eb('h.lines', 'like', '%"in:resumeTask"%')]));
  if (key) sel = sel.innerJoin('flow_instances as i', 'i.id', 'h.instance_id').where('i.def_key', '=', key);
  const byTask = new Map<string, Pause[]>();
  const marks = new Map<string, Mark[]>();
  const rows = (await sel.execute()).sort((a, b) => String(a.instance_id).localeCompare(String(b.instance_id)) || Number(a.seq) - Number(b.seq));
  for (const r of rows) {
    for (const h of historyFrom(r)) {
      const taskId = (h.data as { taskId?: string } | null)?.taskId;
      if (!taskId || (h.kind !== 'in:suspendTask' && h.kind !== 'in:resumeTask')) continue;
      const suspend = h.kind === 'in:suspendTask';
      const list = byTask.get(taskId) ?? [];
      byTask.set(taskId, list);
      if (suspend) list.push({ from: h.at, to: null });
      else if (list.length && list[list.length - 1].to === null) list[list.length - 1].to = h.at;
      const instanceId = r.instance_id as string;
      marks.set(instanceId, [...(marks.get(instanceId) ?? []), { at: h.at, taskId, suspend }]);
    }
  }
  const byInstance = new Map<string, Pause[]>();
  for (const [instanceId, list] of marks) byInstance.set(instanceId, unionOf(list));
  return { byTask, byInstance };
}

/** A task's suspension or resumption. */
interface Mark {
  at: string;
  taskId: string;
  suspend: boolean;
}

/** The instance's clock stands still while any of its tasks is suspended: the union of their periods. */
function unionOf(marks: Mark[]): Pause[] {
  const out: Pause[] = [];
  const suspended = new Set<string>();
  for (const m of marks) {
    if (m.suspend) {
      if (suspended.size === 0) out.push({ from: m.at, to: null });
      suspended.add(m.taskId);
    } else if (suspended.delete(m.taskId) && suspended.size === 0) out[out.length - 1].to = m.at;
  }
  return out;
}

/** Working days and milliseconds of the pauses that fall within [start, end]. */
function pausedWithin(pauses: Pause[] | undefined, start: string, end: string, time: TimeContext): { days: number; ms: number } {
  let days = 0;
  let ms = 0;
  for (const p of pauses ?? []) {
    const from = p.from > start ? p.from : start;
    const to = p.to === null || p.to > end ? end : p.to;
    if (to <= from) continue;
    days += time.calendar.workingDaysBetween(localDate(new Date(from), time), localDate(new Date(to), time));
    ms += Date.parse(to) - Date.parse(from);
  }
  return { days, ms };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Handling days per step, department or definition: working days (in the
 * engine's calendar and time zone) from a task's creation to its completion,
 * or from an instance's start to its end, with the deadline misses. Days
 * count from the local start date to the local end date (same day = 0), less
 * the working days the clock stood still (a task suspended, waiting for the
 * applicant's correction or a notice; for a whole instance, while any of its
 * tasks was): the same days a suspension moves a deadline by. `overdue` uses
 * the deadline as suspensions moved it. The data the cockpits and indicators read.
 * @example await flow.handlingStats({ groupBy: 'org', key: 'market-entry', from: '2026-01-01T00:00:00Z' })
 */
export async function handlingStats(db: Db, time: TimeContext, now: Date, q: HandlingStatsQuery): Promise<HandlingStat[]> {
  const items: Item[] = [];
  if (q.groupBy === 'definition') {
    let sel = db.selectFrom('flow_instances').select(['id', 'def_key', 'started_at', 'ended_at', 'due_at', 'status']).where('status', 'in', ['running', 'completed']);
    if (q.key) sel = sel.where('def_key', '=', q.key);
    for (const r of await sel.execute()) {
      const end = r.status === 'completed' ? (r.ended_at as string) : null;
      if (end && ((q.from && end < q.from) || (q.to && end >= q.to))) continue;
      items.push({ id: r.id, instanceId: r.id, key: r.def_key, group: null, start: r.started_at, end, due: r.due_at ?? null });
    }
  } else {
    if (q.orgs && q.orgs.length === 0) return [];
    let sel = db.selectFrom('flow_tasks as t').innerJoin('flow_instances as i', 'i.id', 't.instance_id')
      .select(['t.id', 't.instance_id', 'i.def_key', 't.element_id', 't.candidate_org', 't.created_at', 't.completed_at', 't.due_at', 't.state'])
      .where('t.state', 'in', ['open', 'suspended', 'completed']);
    if (q.key) sel = sel.where('i.def_key', '=', q.key);
    if (q.orgs) sel = sel.where('t.candidate_org', 'in', q.orgs);
    for (const r of await sel.execute()) {
      const end = r.state === 'completed' ? (r.completed_at as string) : null;
      if (end && ((q.from && end < q.from) || (q.to && end >= q.to))) continue;
      items.push({ id: r.id, instanceId: r.instance_id, key: r.def_key, group: q.groupBy === 'step' ? r.element_id : (r.candidate_org ?? null), start: r.created_at, end, due: r.due_at ?? null });
    }
  }
  const pauses = await pausesOf(db, q.key);
  const pausesFor = (it: Item) => (q.groupBy === 'definition' ? pauses.byInstance.get(it.instanceId) : pauses.byTask.get(it.id));
  const groups = new Map<string, Item[]>();
  for (const it of items) {
    const k = JSON.stringify([it.key, it.group]);
    const list = groups.get(k);
    if (list) list.push(it);
    else groups.set(k, [it]);
  }
  const nowIso = now.toISOString();
  const out: HandlingStat[] = [];
  for (const list of groups.values()) {
    const done = list.filter((it) => it.end !== null);
    const paused = done.map((it) => pausedWithin(pausesFor(it), it.start, it.end!, time));
    const days = done.map((it, i) => Math.max(0, time.calendar.workingDaysBetween(localDate(new Date(it.start), time), localDate(new Date(it.end!), time)) - paused[i].days)).sort((a, b) => a - b);
    const hours = done.map((it, i) => Math.max(0, Date.parse(it.end!) - Date.parse(it.start) - paused[i].ms) / 3_600_000);
    const open = list.filter((it) => it.end === null);
    out.push({
      key: list[0].key, group: list[0].group, finished: done.length,
      avgWorkingDays: done.length ? round2(days.reduce((a, b) => a + b, 0) / done.length) : 0,
      medianWorkingDays: done.length ? quantile(days, 0.5) : 0,
      p90WorkingDays: done.length ? quantile(days, 0.9) : 0,
      maxWorkingDays: done.length ? days[days.length - 1] : 0,
      avgHours: done.length ? round2(hours.reduce((a, b) => a + b, 0) / done.length) : 0,
      avgSuspendedWorkingDays: done.length ? round2(paused.reduce((a, b) => a + b.days, 0) / done.length) : 0,
      overdue: done.filter((it) => it.due !== null && it.end! > it.due).length,
      open: open.length,
      openOverdue: open.filter((it) => it.due !== null && it.due < nowIso).length,
    });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key) || String(a.group).localeCompare(String(b.group)));
}
