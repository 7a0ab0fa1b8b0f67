// Holiday notices entered while the platform runs. The State Council publishes each year's arrangement late in
// the year before (2026's on 2025-11-04); until it is in the calendar, time limits reaching into that year are
// counted Monday to Friday (calendar.ts). An administrator enters the notice as it was published, and every
// time limit started from then on is counted on it. The shipped years (kernel/calendar-data.ts) can be amended
// the same way, as the State Council amended 2019's Labour Day.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/index.ts';
import { createBusinessCalendar, dayNumber, dayOfWeek } from '../../kernel/calendar.ts';
import { HOLIDAY_NOTICES, type HolidayNotice, type HolidayRange } from '../../kernel/calendar-data.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { platformCalendar, type PlatformCalendar } from './calendar.ts';
import type { FlowCalendar, RecountOptions } from '../../engines/flow/index.ts';

/** A year's arrangement as an administrator enters it. */
export interface HolidayNoticeInput {
  notices: string[];
  holidays: HolidayRange[];
  workdays: string[];
}

/** One year of the calendar: shipped with the platform, or entered (and by whom, when). */
export interface HolidayYear extends HolidayNotice {
  source: 'shipped' | 'entered';
  /** The user who entered it: id, and display name at the time. */
  enteredBy: string | null;
  enteredByName: string | null;
  enteredAt: string | null;
}

/** The working-day calendar as the platform counts on it. */
export interface HolidayCalendarView {
  /** The years the statutory calendar covers; past `to`, Monday to Friday. */
  coverage: { from: string; to: string };
  /** Newest first. */
  years: HolidayYear[];
}

/** How often a running platform loads the stored notices (ms): another process's entry counts here within it. */
export const HOLIDAY_REFRESH_MS = 2_000;

/** Longest holiday a notice grants (Spring Festival 2026: 9 days). */
const MAX_HOLIDAY_DAYS = 15;

/**
 * The problems of `input` as the arrangement of `year`, each with the field and the rule: a notice cited; each
 * holiday named, its days in order, ending in the year (New Year's may start in the one before), at most
 * MAX_HOLIDAY_DAYS long and overlapping no other; each make-up working day a Saturday or Sunday of the year,
 * outside the holidays, listed once. `years` are the years the calendar covers: a year entered must be one of
 * them or the next (a calendar has no gaps).
 */
export function holidayNoticeProblems(year: number, input: HolidayNoticeInput, years: { first: number; last: number }): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  if (!Number.isInteger(year) || year < years.first || year > years.last + 1) {
    add('year', 'year.contiguous', `the calendar covers ${years.first}–${years.last}: enter one of those years or ${years.last + 1}`);
  }
  if (input.notices.length === 0) add('notices', 'notice.required', 'cite the notice (its number and title)');
  input.notices.forEach((n, i) => {
    if (n.trim() === '') add(`notices.${i}`, 'notice.blank', 'a notice is cited by its number and title');
  });
  if (input.holidays.length === 0) add('holidays', 'holiday.required', 'a notice grants at least one holiday');
  const date = (field: string, value: string): number | undefined => {
    try {
      return dayNumber(value);
    } catch {
      add(field, 'date.format', `"${value}" is not a date written YYYY-MM-DD`);
      return undefined;
    }
  };
  const ranges: Array<{ i: number; from: number; to: number }> = [];
  input.holidays.forEach((h, i) => {
    if (h.name.trim() === '') add(`holidays.${i}.name`, 'holiday.name', 'name the holiday (元旦, 春节, …)');
    const from = date(`holidays.${i}.from`, h.from);
    const to = date(`holidays.${i}.to`, h.to);
    if (from === undefined || to === undefined) return;
    if (to < from) return add(`holidays.${i}.to`, 'holiday.order', `the last day ${h.to} is before the first ${h.from}`);
    if (Number(h.to.slice(0, 4)) !== year) add(`holidays.${i}.to`, 'holiday.year', `a holiday of ${year} ends in ${year}`);
    if (Number(h.from.slice(0, 4)) < year - 1 || Number(h.from.slice(0, 4)) > year) add(`holidays.${i}.from`, 'holiday.year', `a holiday of ${year} starts in ${year} (New Year's in ${year - 1} at the earliest)`);
    if (to - from + 1 > MAX_HOLIDAY_DAYS) add(`holidays.${i}.to`, 'holiday.length', `${to - from + 1} days off in a row: a notice grants at most ${MAX_HOLIDAY_DAYS}`);
    const other = ranges.find((r) => r.from <= to && from <= r.to);
    if (other) add(`holidays.${i}`, 'holiday.overlap', `overlaps holiday ${other.i + 1} (${input.holidays[other.i].name})`);
    ranges.push({ i, from, to });
  });
  const seen = new Set<string>();
  input.workdays.forEach((w, i) => {
    const day = date(`workdays.${i}`, w);
    if (day === undefined) return;
    if (Number(w.slice(0, 4)) !== year) add(`workdays.${i}`, 'workday.year', `${w} is not in ${year}`);
    const dow = dayOfWeek(w);
    if (dow !== 0 && dow !== 6) add(`workdays.${i}`, 'workday.weekend', `${w} is a weekday already: a make-up working day (调休上班) is a Saturday or Sunday`);
    const inside = ranges.find((r) => r.from <= day && day <= r.to);
    if (inside) add(`workdays.${i}`, 'workday.holiday', `${w} is a day off of ${input.holidays[inside.i].name}`);
    if (seen.has(w)) add(`workdays.${i}`, 'workday.duplicate', `${w} is listed twice`);
    seen.add(w);
  });
  return problems;
}

type Row = { year: number; notices: string; holidays: string; workdays: string; entered_by: string; entered_by_name: string; entered_at: string };

/**
 * The holiday notices of the platform: the shipped years, and those an administrator entered (stored in
 * `wf_holiday_notices`, which win over a shipped year). `load` puts them into `calendar`; `save` checks an
 * entry, stores it, records it in the audit log and counts on it at once; other processes take it up at their
 * next `load` (`startRefresh`).
 */
export function createHolidayNoticesService(deps: {
  database: Database;
  clock: Clock;
  calendar: PlatformCalendar;
  audit?: Pick<AuditService, 'record'>;
  shipped?: readonly HolidayNotice[];
  /** Moves the working-day deadlines of running flows counted on `previous` (the flow engine's recountDeadlines). */
  recount?: (previous: FlowCalendar, actor: string, opts: Pick<RecountOptions, 'after' | 'progress'>) => Promise<Recounted>;
}) {
  const db = deps.database.kysely;
  const shipped = deps.shipped ?? HOLIDAY_NOTICES;
  const shippedYears = new Map(shipped.map((n) => [n.year, n]));
  let entered = new Map<number, HolidayYear>();
  // Bumped by each `save`: a `load` that read the table before a save here committed does not undo it.
  let saves = 0;
  // What the last `load` found (each stored year and when it was entered), and `saves` then: a refresh that finds
  // the same leaves the calendar (and the engine's cached working-day moves) as they are.
  let loaded = { rows: '', saves: -1 };

  const yearOf = (r: Row): HolidayYear => ({
    year: Number(r.year), notices: JSON.parse(r.notices) as string[], holidays: JSON.parse(r.holidays) as HolidayRange[],
    workdays: JSON.parse(r.workdays) as string[], source: 'entered', enteredBy: r.entered_by, enteredByName: r.entered_by_name, enteredAt: r.entered_at,
  });
  const allYears = (withEntered: Map<number, HolidayYear>): HolidayYear[] => {
    const out = new Map<number, HolidayYear>();
    for (const n of shipped) out.set(n.year, { ...n, source: 'shipped', enteredBy: null, enteredByName: null, enteredAt: null });
    for (const [year, n] of withEntered) out.set(year, n);
    return [...out.values()].sort((a, b) => b.year - a.year);
  };
  const span = () => {
    const years = [...shipped.map((n) => n.year), ...entered.keys()];
    return { first: Math.min(...years), last: Math.max(...years) };
  };

  async function load(): Promise<void> {
    const before = saves;
    const rows = (await db.selectFrom('wf_holiday_notices').selectAll().orderBy('year').execute()) as Row[];
    const found = rows.map((r) => `${r.year}@${r.entered_at}`).join(',');
    if (saves !== before || (found === loaded.rows && saves === loaded.saves)) return;
    const next = new Map<number, HolidayYear>();
    // A calendar has no gaps: a stored year counts only next to those before it (`save` never stores another, but
    // a release shipping fewer years must not stop the platform from starting).
    const first = Math.min(...shipped.map((n) => n.year));
    let last = Math.max(...shipped.map((n) => n.year));
    for (const r of rows) {
      const year = Number(r.year);
      if (year < first || year > last + 1) continue;
      next.set(year, yearOf(r));
      last = Math.max(last, year);
    }
    deps.calendar.use(createBusinessCalendar(allYears(next)));
    entered = next;
    loaded = { rows: found, saves };
  }

  // The calendar a recount row was counted on before its entry.
  const calendarBefore = (r: RecountRow): FlowCalendar => platformCalendar(createBusinessCalendar(JSON.parse(r.previous) as HolidayNotice[])).snapshot();

  /**
   * Moves the deadlines of a recount row on from where it stands until none is left, keeping its place in each
   * batch's transaction: a batch commits only if the row still stands where the batch began, so two processes
   * going on with one recount (a restart while another still runs it) never move an instance twice; the one that
   * finds the row moved on reads it again and goes on from there. Returns what the whole recount moved.
   */
  async function runRecount(start: RecountRow, failed: (err: Error) => AppError): Promise<Recounted> {
    const previous = calendarBefore(start);
    let row = start;
    for (;;) {
      try {
        await deps.recount!(previous, row.actor, {
          after: row.after,
          progress: async (tx, batch) => {
            const kept = await tx.updateTable('wf_calendar_recounts')
              .set((eb) => ({ after: batch.to, instances: eb('instances', '+', batch.instances), deadlines: eb('deadlines', '+', batch.deadlines) }))
              .where('id', '=', row.id).where('after', '=', batch.from).where('finished_at', 'is', null).returning('id').execute();
            if (kept.length !== 1) throw new AppError('flow.calendar.recountMoved', `recount ${row.id} moved on elsewhere`);
          },
        });
        break;
      } catch (err) {
        // Batches already committed stay moved and kept their place: the rest is moved at the next entry or start.
        if ((err as { code?: unknown }).code !== 'flow.calendar.recountMoved') throw failed(err as Error);
      }
      row = (await db.selectFrom('wf_calendar_recounts').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()) as RecountRow;
      if (row.finished_at !== null) break;
    }
    await db.updateTable('wf_calendar_recounts').set({ finished_at: deps.clock.now().toISOString() }).where('id', '=', row.id).where('finished_at', 'is', null).execute();
    const final = await db.selectFrom('wf_calendar_recounts').select(['instances', 'deadlines']).where('id', '=', row.id).executeTakeFirstOrThrow();
    return { instances: Number(final.instances), deadlines: Number(final.deadlines) };
  }

  /** Goes on with every recount left unfinished (a process stopped during it), oldest first. */
  async function finishRecounts(entering?: number): Promise<Array<{ year: number } & Recounted>> {
    if (!deps.recount) return [];
    const open = (await db.selectFrom('wf_calendar_recounts').selectAll().where('finished_at', 'is', null).orderBy('started_at').execute()) as RecountRow[];
    const out: Array<{ year: number } & Recounted> = [];
    for (const r of open) {
      const failed = (err: Error) => new AppError('flow.calendar.recountFailed', entering === undefined
        ? `Moving the deadlines of running flows on the ${r.year} notice failed again (it goes on where it stopped at the next entry or start): ${err.message}`
        : `The deadlines the ${r.year} notice moves are not all moved yet, and going on with them failed, so the ${entering} notice was not stored: ${err.message}`);
      out.push({ year: Number(r.year), ...(await runRecount(r, failed)) });
    }
    return out;
  }

  return {
    load,
    /**
     * Goes on with the deadline recounts a stopped process left unfinished (at start, after `load`: the calendar
     * in force is then the one they count towards). Returns what each moved in all.
     */
    finishRecounts: () => finishRecounts(),

    /** The calendar's coverage and every year's arrangement, newest first (public: any signed-in user). */
    list(): HolidayCalendarView {
      return { coverage: deps.calendar.coverage(), years: allYears(entered) };
    },

    /**
     * Enters (or amends) the arrangement of `year` (platform administrators). Time limits started from now on
     * count on it, and the working-day deadlines of running flows that lie ahead are counted again on it (each
     * keeps the working days it had left): `recounted` says how many instances and deadlines moved.
     */
    async save(actor: Actor, year: number, input: HolidayNoticeInput): Promise<{ year: HolidayYear; coverage: { from: string; to: string }; recounted: Recounted }> {
      if (actor.role !== 'platform_admin') throw new AppError('auth.forbidden', 'Only platform administrators enter holiday notices');
      assertNoFieldErrors(holidayNoticeProblems(year, input, span()), `Invalid holiday notice for ${year}`);
      const clean: HolidayNotice = {
        year, notices: input.notices.map((n) => n.trim()), holidays: input.holidays.map((h) => ({ name: h.name.trim(), from: h.from, to: h.to })),
        workdays: [...input.workdays].sort(),
      };
      const at = deps.clock.now().toISOString();
      const stored: HolidayYear = { ...clean, source: 'entered', enteredBy: actor.userId, enteredByName: actor.displayName, enteredAt: at };
      const next = new Map(entered).set(year, stored);
      const calendar = createBusinessCalendar(allYears(next));
      const row = { notices: JSON.stringify(clean.notices), holidays: JSON.stringify(clean.holidays), workdays: JSON.stringify(clean.workdays), entered_by: actor.userId, entered_by_name: actor.displayName, entered_at: at };
      // A recount an earlier entry left unfinished goes first: the deadlines it has not reached yet are still counted
      // on the calendar before that entry, and this one's recount starts from the calendar after it.
      await finishRecounts(year);
      const recount: RecountRow | undefined = deps.recount
        ? { id: randomUUID(), year, previous: JSON.stringify(allYears(entered).map(({ year: y, notices, holidays, workdays }) => ({ year: y, notices, holidays, workdays }))), after: '', instances: 0, deadlines: 0, actor: actor.userId, started_at: at, finished_at: null }
        : undefined;
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('wf_holiday_notices').values({ year, ...row }).onConflict((oc) => oc.column('year').doUpdateSet(row)).execute();
        if (recount) await tx.insertInto('wf_calendar_recounts').values(recount).execute();
        await deps.audit?.record({
          actor, action: 'flow.calendar.notice', target: String(year),
          details: { notices: clean.notices, replaces: entered.has(year) ? 'entered' : shippedYears.has(year) ? 'shipped' : null },
        }, tx as unknown as Parameters<AuditService['record']>[1]);
      });
      saves++;
      deps.calendar.use(calendar);
      entered = next;
      let recounted: Recounted = { instances: 0, deadlines: 0 };
      if (recount) {
        recounted = await runRecount(recount, (err) => new AppError('flow.calendar.recountFailed',
          `The ${year} notice is stored and counts from now on, but moving the deadlines of running flows failed (it goes on where it stopped at the next entry or start): ${err.message}`));
      }
      return { year: stored, coverage: calendar.coverage(), recounted };
    },

    /**
     * Loads the stored notices every `ms` (other processes' entries); returns the function that stops it. Until then
     * another process counts new deadlines on the calendar before the entry, and those are not recounted (the entry's
     * recount has moved what existed when it ran): the shorter the wait, the fewer. A load is one query of a row per
     * entered year; when they are unchanged, the calendar and the engine's cached moves stay as they are.
     */
    startRefresh(ms = HOLIDAY_REFRESH_MS, onError?: (err: unknown) => void): () => void {
      const timer = setInterval(() => void load().catch((err: unknown) => onError?.(err)), ms);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

/** A row of `wf_calendar_recounts`. */
interface RecountRow {
  id: string;
  year: number;
  previous: string;
  after: string;
  instances: number;
  deadlines: number;
  actor: string;
  started_at: string;
  finished_at: string | null;
}

/** What a notice's save moved: running instances, and their working-day deadlines (tasks, timers, warnings, own limits). */
export interface Recounted {
  instances: number;
  deadlines: number;
}

/** The holiday notices service's interface. */
export type HolidayNoticesService = ReturnType<typeof createHolidayNoticesService>;
