/** Calendar arithmetic on day numbers (days since 1970-01-01), integer-only and timezone-free. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Day number of a civil date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date `[y, m, d]` of a day number (inverse of daysFromCivil). */
export function civilFromDays(z: number): [number, number, number] {
  const packed = packedCivil(z);
  return [Math.floor(packed / 10000), Math.floor(packed / 100) % 100, packed % 100];
}

/** Day number of an ISO date string; NaN when it is not one. */
export function isoToDays(s: string): number {
  if (!isIsoDate(s)) return NaN;
  return daysFromCivil(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
}

/** ISO date string of a day number. */
export function daysToIso(z: number): string {
  const [y, m, d] = civilFromDays(z);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A day number as the integer YYYYMMDD (no allocation; used where millions of ages are computed). */
export function packedCivil(z: number): number {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 10000 + m * 100 + d;
}

/**
 * Complete years from day `from` to day `to` (an anniversary counts on its day); NaN if missing.
 * With dates as YYYYMMDD integers the month-and-day part differs by less than 10000, so the
 * floored difference over 10000 is the year difference less one when the anniversary is not reached.
 */
export function completeYears(from: number, to: number): number {
  if (Number.isNaN(from) || Number.isNaN(to)) return NaN;
  return Math.floor((packedCivil(to) - packedCivil(from)) / 10000);
}
