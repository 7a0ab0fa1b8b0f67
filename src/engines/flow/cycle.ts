/**
 * Timer cycles (ISO 8601 repeating intervals, `timeCycle`): `R3/PT4H`, `R/PT1H`,
 * `R3/2026-12-01T09:00:00/P1D`, `R/PT1H/2026-12-31T18:00:00`, and `5wd` working-day
 * durations in place of ISO ones. An occurrence is one job: firing it schedules
 * the next in the same transaction, so each occurrence fires once across restarts.
 */
import type { FlowNode, TimerSpec } from './model.ts';
import { addDuration, parseDuration, type Duration, type TimeContext } from './time.ts';

/** A parsed `timeCycle`: repetitions (undefined: unbounded), interval, optional first occurrence and end. */
export interface ParsedCycle {
  times?: number;
  every: Duration;
  start?: string;
  end?: string;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** Whether text is an ISO 8601 date or date-time (a zone is optional: without one it is local time). */
export function isDateTime(text: string): boolean {
  return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`));
}

/**
 * Parses `R<n>/<duration>`, `R/<duration>`, `R<n>/<start>/<duration>` or `R<n>/<duration>/<end>`;
 * returns a message instead when the text is none of these.
 * @example parseCycle('R3/2026-12-01T09:00:00/P1D') // { times: 3, start: '2026-12-01T09:00:00', every: { unit: 'ms', ms: 86400000 } }
 */
export function parseCycle(text: string): ParsedCycle | string {
  const parts = text.trim().split('/');
  const m = /^R(\d*)$/.exec(parts[0] ?? '');
  const usage = `timer cycle "${text}" must be R<times>/<duration>, R/<duration> (no bound), R<times>/<start>/<duration> or R<times>/<duration>/<end>, e.g. R3/PT4H, R/PT1H or R3/2026-12-01T09:00:00/P1D`;
  if (!m || parts.length < 2 || parts.length > 3) return usage;
  const times = m[1] === '' ? undefined : Number(m[1]);
  if (times !== undefined && times < 1) return `${usage} (times must be at least 1)`;
  let start: string | undefined;
  let end: string | undefined;
  let durationText: string;
  if (parts.length === 2) durationText = parts[1];
  else if (parseDuration(parts[2])) {
    start = parts[1];
    durationText = parts[2];
  } else {
    durationText = parts[1];
    end = parts[2];
  }
  const every = parseDuration(durationText);
  if (!every) return `${usage} ("${durationText}" is not a duration)`;
  if ((every.unit === 'wd' ? every.days : every.ms) <= 0) return `${usage} (the interval must be longer than zero)`;
  for (const d of [start, end]) if (d !== undefined && !isDateTime(d)) return `${usage} ("${d}" is not an ISO 8601 date-time)`;
  return { times, every, start, end };
}

/** The cycle of a compiled timer, if it is one. */
export function cycleOf(spec: TimerSpec | undefined): ParsedCycle | undefined {
  if (!spec?.duration || (spec.cycle === undefined && !spec.unbounded)) return undefined;
  return { times: spec.unbounded ? undefined : spec.cycle, every: spec.duration, start: spec.cycleStart, end: spec.cycleEnd };
}

/** Whether a timer node fires again after each occurrence: a cycle on a non-interrupting boundary event. */
export function repeats(node: FlowNode): boolean {
  return cycleOf(node.timer) !== undefined && node.boundary?.interrupting === false;
}

/** The instant of a date-time: with its own zone, or in the engine's local time when it names none. */
export function instantOf(text: string, ctx: TimeContext): Date {
  if (text.length === 10) return new Date(Date.parse(`${text}T00:00:00Z`) - ctx.utcOffsetMinutes * 60_000);
  if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(text)) return new Date(text);
  return new Date(Date.parse(`${text}Z`) - ctx.utcOffsetMinutes * 60_000);
}

/** One occurrence of a cycle: when, and its 0-based number in the series. */
export interface Occurrence {
  due: Date;
  index: number;
}

const within = (c: ParsedCycle, o: Occurrence, ctx: TimeContext): Occurrence | null =>
  (c.times !== undefined && o.index >= c.times) || (c.end !== undefined && o.due > instantOf(c.end, ctx)) ? null : o;

/**
 * The first occurrence due at or after `now`: one interval after `now` without a start;
 * otherwise the start, or the first occurrence of its series not yet past. Null when the
 * series is over (all its repetitions, or its end, lie before `now`).
 */
export function firstOccurrence(c: ParsedCycle, now: Date, ctx: TimeContext): Occurrence | null {
  if (c.start === undefined) return within(c, { due: addDuration(now, c.every, ctx), index: 0 }, ctx);
  let due = instantOf(c.start, ctx);
  let index = 0;
  if (due < now && c.every.unit === 'ms') {
    index = Math.ceil((now.getTime() - due.getTime()) / c.every.ms);
    due = new Date(due.getTime() + index * c.every.ms);
  }
  // Working days cannot be skipped arithmetically (holidays): step, but never past the series' bound.
  for (let i = 0; due < now && i < 100_000 && (c.times === undefined || index < c.times); i++) {
    due = addDuration(due, c.every, ctx);
    index++;
  }
  return within(c, { due, index }, ctx);
}

/** The occurrence after `previous` (counted from its due time, so late firings do not drift the series); null when over. */
export function nextOccurrence(c: ParsedCycle, previous: Occurrence, ctx: TimeContext): Occurrence | null {
  return within(c, { due: addDuration(previous.due, c.every, ctx), index: previous.index + 1 }, ctx);
}
