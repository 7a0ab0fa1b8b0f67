import type { Frequency } from './catalogue.types.ts';

/** A parsed period: a year `2025`, a quarter `2025-Q3`, a month `2025-09` or a point in time `2025-09-30`. */
export interface Period {
  kind: Frequency;
  /** Canonical text. */
  text: string;
  /** First and last day, `YYYY-MM-DD`. */
  start: string;
  end: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether `YYYY-MM-DD` names a real calendar day. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= lastDayOfMonth(y, mo);
}

/** Parses a period's text (also `2025Q3`, `2025-3`), or returns undefined. */
export function parsePeriod(input: string): Period | undefined {
  const s = input.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(s))) return { kind: 'year', text: m[1], start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  if ((m = /^(\d{4})-?Q([1-4])$/i.exec(s))) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    const last = q * 3;
    return { kind: 'quarter', text: `${y}-Q${q}`, start: `${y}-${pad(last - 2)}-01`, end: `${y}-${pad(last)}-${pad(lastDayOfMonth(y, last))}` };
  }
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(s))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return undefined;
    return { kind: 'month', text: `${y}-${pad(mo)}`, start: `${y}-${pad(mo)}-01`, end: `${y}-${pad(mo)}-${pad(lastDayOfMonth(y, mo))}` };
  }
  if (isIsoDate(s)) return { kind: 'point', text: s, start: s, end: s };
  return undefined;
}

/** The period of a kind that contains a day. */
export function periodContaining(kind: Exclude<Frequency, 'point'>, day: string): Period {
  const y = day.slice(0, 4);
  const mo = Number(day.slice(5, 7));
  if (kind === 'year') return parsePeriod(y)!;
  if (kind === 'quarter') return parsePeriod(`${y}-Q${Math.ceil(mo / 3)}`)!;
  return parsePeriod(day.slice(0, 7))!;
}

/** The period just before one (same kind). */
export function previousPeriod(period: Period): Period {
  const y = Number(period.text.slice(0, 4));
  if (period.kind === 'year') return parsePeriod(String(y - 1))!;
  if (period.kind === 'quarter') {
    const q = Number(period.text.slice(-1));
    return parsePeriod(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`)!;
  }
  if (period.kind === 'month') {
    const mo = Number(period.text.slice(5, 7));
    return parsePeriod(mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`)!;
  }
  throw new Error('a point in time has no previous period');
}

/**
 * The periods a snapshot as of `day` holds for a periodic attribute, latest first: the last
 * complete period before the day and the `count - 1` before it (policies test "last year").
 */
export function periodWindow(kind: Exclude<Frequency, 'point'>, day: string, count: number): string[] {
  const out: string[] = [];
  let p = previousPeriod(periodContaining(kind, day));
  for (let i = 0; i < count; i++) {
    out.push(p.text);
    p = previousPeriod(p);
  }
  return out;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` day. */
export function dayNumber(day: string): number {
  return Math.floor(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000);
}

/** The last instant of a day, as an ISO timestamp: "as of 2025-06-30" includes everything that arrived that day. */
export function endOfDay(day: string): string {
  return `${day}T23:59:59.999Z`;
}
