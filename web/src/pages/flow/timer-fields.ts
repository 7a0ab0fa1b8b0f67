// A timer's definition body (`timeDuration`, `timeDate`, `timeCycle`) as the designer's fields:
// an amount of working days, calendar days, hours or minutes; a date; a cycle's repetitions and start.

/** The units a duration is drawn in: working days, calendar days, hours, minutes. */
export const TIMER_UNITS = ['wd', 'd', 'h', 'm'] as const;
/** One of TIMER_UNITS. */
export type TimerUnit = (typeof TIMER_UNITS)[number];

/** A timer as the panel edits it: what it is, and for durations and cycles an amount of calendar or working time. */
export interface TimerFields {
  kind: 'duration' | 'date' | 'cycle';
  amount?: number;
  unit?: TimerUnit;
  /** Cycles: repetitions (undefined: no bound) and the first occurrence (optional). */
  times?: number;
  start?: string;
  /** Dates: an ISO date-time or a `${…}` template. */
  date?: string;
}

/** Reads `5wd`, `3d`, `4h`, `30m`, and ISO `P3D`, `PT4H`, `PT30M` into an amount and a unit. */
function readAmount(text: string): { amount: number; unit: TimerUnit } | undefined {
  let m = /^(\d+)(wd|d|h|m)$/.exec(text.trim());
  if (m) return { amount: Number(m[1]), unit: m[2] as TimerUnit };
  m = /^P(?:(\d+)D|T(\d+)H|T(\d+)M)$/.exec(text.trim());
  if (m) return m[1] ? { amount: Number(m[1]), unit: 'd' } : m[2] ? { amount: Number(m[2]), unit: 'h' } : { amount: Number(m[3]), unit: 'm' };
  return undefined;
}

/**
 * The panel's fields of a timer definition's body; undefined when the body is written in a form the
 * panel does not offer (it is then kept until the user replaces it).
 * @example parseTimer('cycle', 'R3/2026-12-01T09:00:00/1wd') // { kind: 'cycle', times: 3, start: '2026-12-01T09:00:00', amount: 1, unit: 'wd' }
 */
export function parseTimer(kind: TimerFields['kind'], body: string): TimerFields | undefined {
  if (kind === 'date') return { kind, date: body };
  if (kind === 'duration') {
    const a = readAmount(body);
    return a && { kind, ...a };
  }
  const m = /^R(\d*)\/(?:([^/]+)\/)?([^/]+)$/.exec(body.trim());
  const a = m && readAmount(m[3]);
  return a ? { kind, ...a, times: m![1] ? Number(m![1]) : undefined, start: m![2] } : undefined;
}

/** The timer definition body for the panel's fields, or undefined while they are incomplete. */
export function timerBody(f: TimerFields): string | undefined {
  if (f.kind === 'date') return f.date?.trim() || undefined;
  if (!f.amount || f.amount < 1 || !f.unit) return undefined;
  const every = `${f.amount}${f.unit}`;
  if (f.kind === 'duration') return every;
  return `R${f.times ?? ''}/${f.start?.trim() ? `${f.start.trim()}/` : ''}${every}`;
}

