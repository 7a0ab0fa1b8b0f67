import { sql, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import { FlowError } from './state.ts';
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
  /** Finished at or after / before these instants (ISO 8601, any offset); open items count whatever the period. */
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

/** Instances whose history one query reads (SQLite allows 32,766 parameters, PostgreSQL 65,535). */
const HISTORY_BATCH = 1000;

/**
 * The suspended periods of tasks of the given instances, from the suspend and resume inputs of their histories
 * (the task rows keep only the current suspension): read by primary key, instance by instance.
 */
async function pausesOf(db: Db, instanceIds: Iterable<string>): Promise<{ byTask: Map<string, Pause[]>; byInstance: Map<string, Pause[]> }> {
  const byTask = new Map<string, Pause[]>();
  const marks = new Map<string, Mark[]>();
  const ids = [...new Set(instanceIds)];
  for (let i = 0; i < ids.length; i += HISTORY_BATCH) {
    const rows = await db.selectFrom('flow_history').select(['instance_id', 'seq', 'at', 'actor', 'lines'])
      .where('instance_id', 'in', ids.slice(i, i + HISTORY_BATCH))
      .where((eb) => eb.or([eb('lines', 'like', '%"in:suspendTask"%'), eb('lines', 'like', '%"in:resumeTask"%')]))
      .orderBy('instance_id').orderBy('seq').execute();
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

/** An instant as the engine stores instants (`toISOString`), so that SQL compares it with stored ones as text. */
function instant(value: string, field: string): string {
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw new FlowError('flow.stats.badTime', `${field} is not an instant: ${value}`, { field, value });
  return t.toISOString();
}

/**
 * Running instances, and those completed within [from, to): for one process two ranges of the status index
 * (key, status, end); for all, one scan.
 */
async function instanceItems(db: Db, key: string | undefined, from: string | undefined, to: string | undefined): Promise<Item[]> {
  const sel = db.selectFrom('flow_instances').select(['id', 'def_key', 'started_at', 'ended_at', 'due_at', 'status']);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const finished = (eb: ExpressionBuilder<any, 'flow_instances'>) => eb.and([
    eb('status', '=', 'completed'), ...(from ? [eb('ended_at', '>=', from)] : []), ...(to ? [eb('ended_at', '<', to)] : []),
  ]);
  const rows = key
    ? (await Promise.all([sel.where('def_key', '=', key).where('status', '=', 'running').execute(), sel.where('def_key', '=', key).where(finished).execute()])).flat()
    : await sel.where((eb) => eb.or([eb('status', '=', 'running'), finished(eb)])).execute();
  return rows.map((r) => ({
    id: r.id, instanceId: r.id, key: r.def_key, group: null, start: r.started_at, end: r.status === 'completed' ? (r.ended_at as string) : null, due: r.due_at ?? null,
  }));
}

/**
 * Live tasks (by the inbox index), and tasks completed within [from, to) (by the finished-task index, or by the
 * process's instances and their rows' key range): the partial indexes' predicates are repeated word for word.
 */
async function taskItems(db: Db, q: HandlingStatsQuery, from: string | undefined, to: string | undefined): Promise<Item[]> {
  const sel = (state: RawBuilder<boolean>) => {
    let s = db.selectFrom('flow_tasks as t')
      .innerJoin('flow_instances as i', (j) => j.onRef('i.id', '=', 't.instance_id').on(sql<boolean>`t.id > i.id || '.' and t.id < i.id || '/'`))
      .select(['t.id', 't.instance_id', 'i.def_key', 't.element_id', 't.candidate_org', 't.created_at', 't.completed_at', 't.due_at'])
      .where(state);
    if (q.key) s = s.where('i.def_key', '=', q.key);
    if (q.orgs) s = s.where('t.candidate_org', 'in', q.orgs);
    return s;
  };
  let done = sel(sql<boolean>`t.state = 'completed'`);
  if (from) done = done.where('t.completed_at', '>=', from);
  if (to) done = done.where('t.completed_at', '<', to);
  const [live, completed] = await Promise.all([sel(sql<boolean>`t.state in ('open', 'suspended')`).execute(), done.execute()]);
  return [...live, ...completed].map((r) => ({
    id: r.id, instanceId: r.instance_id, key: r.def_key, group: q.groupBy === 'step' ? r.element_id : (r.candidate_org ?? null),
    start: r.created_at, end: (r.completed_at as string) ?? null, due: r.due_at ?? null,
  }));
}

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
  if (q.orgs && q.orgs.length === 0 && q.groupBy !== 'definition') return [];
  const from = q.from === undefined ? undefined : instant(q.from, 'from');
  const to = q.to === undefined ? undefined : instant(q.to, 'to');
  const items = q.groupBy === 'definition' ? await instanceItems(db, q.key, from, to) : await taskItems(db, q, from, to);
  // Only finished items' pauses are counted (open ones count against their deadline alone).
  const pauses = await pausesOf(db, items.filter((it) => it.end !== null).map((it) => it.instanceId));
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
