import type { Kysely } from 'kysely';
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
  /** Finished after their (suspension-adjusted) deadline. */
  overdue: number;
  /** Still open now, and of those past their deadline. */
  open: number;
  openOverdue: number;
}

interface Item {
  key: string;
  group: string | null;
  start: string;
  end: string | null;
  due: string | null;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Handling days per step, department or definition: working days (in the
 * engine's calendar and time zone) from a task's creation to its completion,
 * or from an instance's start to its end, with the deadline misses. Days
 * count from the local start date to the local end date (same day = 0);
 * suspended periods count as handling time, while `overdue` uses the deadline
 * as suspensions moved it. The data the cockpits and indicators read.
 * @example await flow.handlingStats({ groupBy: 'org', key: 'market-entry', from: '2026-01-01T00:00:00Z' })
 */
export async function handlingStats(db: Db, time: TimeContext, now: Date, q: HandlingStatsQuery): Promise<HandlingStat[]> {
  const items: Item[] = [];
  if (q.groupBy === 'definition') {
    let sel = db.selectFrom('flow_instances').select(['def_key', 'started_at', 'ended_at', 'due_at', 'status']).where('status', 'in', ['running', 'completed']);
    if (q.key) sel = sel.where('def_key', '=', q.key);
    for (const r of await sel.execute()) {
      const end = r.status === 'completed' ? (r.ended_at as string) : null;
      if (end && ((q.from && end < q.from) || (q.to && end >= q.to))) continue;
      items.push({ key: r.def_key, group: null, start: r.started_at, end, due: r.due_at ?? null });
    }
  } else {
    if (q.orgs && q.orgs.length === 0) return [];
    let sel = db.selectFrom('flow_tasks as t').innerJoin('flow_instances as i', 'i.id', 't.instance_id')
      .select(['i.def_key', 't.element_id', 't.candidate_org', 't.created_at', 't.completed_at', 't.due_at', 't.state'])
      .where('t.state', 'in', ['open', 'suspended', 'completed']);
    if (q.key) sel = sel.where('i.def_key', '=', q.key);
    if (q.orgs) sel = sel.where('t.candidate_org', 'in', q.orgs);
    for (const r of await sel.execute()) {
      const end = r.state === 'completed' ? (r.completed_at as string) : null;
      if (end && ((q.from && end < q.from) || (q.to && end >= q.to))) continue;
      items.push({ key: r.def_key, group: q.groupBy === 'step' ? r.element_id : (r.candidate_org ?? null), start: r.created_at, end, due: r.due_at ?? null });
    }
  }
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
    const days = done.map((it) => time.calendar.workingDaysBetween(localDate(new Date(it.start), time), localDate(new Date(it.end!), time))).sort((a, b) => a - b);
    const hours = done.map((it) => (Date.parse(it.end!) - Date.parse(it.start)) / 3_600_000);
    const open = list.filter((it) => it.end === null);
    out.push({
      key: list[0].key, group: list[0].group, finished: done.length,
      avgWorkingDays: done.length ? round2(days.reduce((a, b) => a + b, 0) / done.length) : 0,
      medianWorkingDays: done.length ? quantile(days, 0.5) : 0,
      p90WorkingDays: done.length ? quantile(days, 0.9) : 0,
      maxWorkingDays: done.length ? days[days.length - 1] : 0,
      avgHours: done.length ? round2(hours.reduce((a, b) => a + b, 0) / done.length) : 0,
      overdue: done.filter((it) => it.due !== null && it.end! > it.due).length,
      open: open.length,
      openOverdue: open.filter((it) => it.due !== null && it.due < nowIso).length,
    });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key) || String(a.group).localeCompare(String(b.group)));
}
