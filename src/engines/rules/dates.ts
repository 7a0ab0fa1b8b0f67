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

/** Ages (complete years) held in the table of `yearsTo`: a band wide enough for any registration date. */
const AGE_MIN = -5;
const AGE_MAX = 300;
const ageTables = new Map<number, Float64Array>();

/**
 * For the day `to`, entry k − AGE_MIN is the last day of birth with at least k complete years at
 * `to`: the day (year(to) − k, month(to), day(to)), or 28 February when that is a 29th that year
 * does not have. Complete years ≥ k exactly when the day of birth is not after it.
 */
function ageTable(to: number): Float64Array {
  let t = ageTables.get(to);
  if (!t) {
    const p = packedCivil(to);
    const [y, m, d] = [Math.floor(p / 10000), Math.floor(p / 100) % 100, p % 100];
    t = new Float64Array(AGE_MAX - AGE_MIN + 1);
    for (let k = AGE_MIN; k <= AGE_MAX; k++) {
      const yy = y - k;
      const leap = (yy % 4 === 0 && yy % 100 !== 0) || yy % 400 === 0;
      t[k - AGE_MIN] = m === 2 && d === 29 && !leap ? daysFromCivil(yy, 2, 28) : daysFromCivil(yy, m, d);
    }
    if (ageTables.size > 64) ageTables.clear();
    ageTables.set(to, t);
  }
  return t;
}

/**
 * Complete years from each day of `from` to day `to` (what completeYears gives, NaN when missing),
 * with a table of anniversaries instead of a calendar conversion per subject.
 * @example ageColumn(Float64Array.of(isoToDays('2020-02-29')), isoToDays('2021-02-28'), out, 1) // out[0] === 0
 */
export function ageColumn(from: ArrayLike<number>, to: number, out: Float64Array, len: number): void {
  const t = ageTable(to);
  for (let i = 0; i < len; i++) {
    const v = from[i];
    if (v !== v) { out[i] = NaN; continue; }
    // Within one year of the estimate; walk to the exact count with the table.
    let k = Math.floor((to - v) / 365.2425);
    if (k <= AGE_MIN || k >= AGE_MAX) { out[i] = completeYears(v, to); continue; }
    while (k > AGE_MIN && v > t[k - AGE_MIN]) k--;
    while (k < AGE_MAX && v <= t[k + 1 - AGE_MIN]) k++;
    out[i] = k > AGE_MIN && k < AGE_MAX ? k : completeYears(v, to);
  }
}
