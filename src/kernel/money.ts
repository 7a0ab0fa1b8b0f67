// Money is an integer number of fen (分, 0.01 yuan) everywhere it moves: no floats, ever.
// JavaScript numbers hold integers exactly up to 2^53 - 1 fen (about 90 trillion yuan), which
// is far above any amount the platform handles; every operation checks it stays there.
import { AppError } from './errors.ts';

/** An amount of money in integer fen (1 yuan = 100 fen); the brand stops a bare yuan number slipping in. */
export type Fen = number & { readonly __unit?: 'fen' };

/** Throws `money.unsafe` unless `value` is a safe integer number of fen. */
export function assertFen(value: number, what = 'amount'): Fen {
  if (!Number.isSafeInteger(value)) {
    throw new AppError('money.unsafe', `${what} must be a whole number of fen within ±2^53; got ${value}`, { value });
  }
  return value as Fen;
}

/** Whether a value is a safe integer number of fen. */
export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * Parses a yuan amount written in decimal ('12.34', '-5', '1,234.5', '¥8') into fen by string
 * arithmetic; throws `money.invalid` naming the rule when the text is not an amount of at most 2 decimals.
 */
export function parseYuan(text: string): Fen {
  const s = text.trim().replace(/^¥|^￥/, '').replace(/,/g, '');
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new AppError('money.invalid', `"${text}" is not a yuan amount (digits, an optional point and up to 2 decimals)`);
  const [, sign, whole, frac = ''] = m;
  if (frac.length > 2) throw new AppError('money.invalid', `"${text}" has more than 2 decimals; amounts are in whole fen`);
  const digits = (whole + frac.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  const fen = Number(digits);
  if (!Number.isSafeInteger(fen)) throw new AppError('money.unsafe', `"${text}" is too large to hold exactly in fen`);
  return (sign === '-' && fen !== 0 ? -fen : fen) as Fen;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Formats fen as yuan with the ¥ sign, thousands separators and two decimals: 123456789 → '¥1,234,567.89'. */
export function formatFen(fen: Fen): string {
  assertFen(fen);
  const abs = String(Math.abs(fen)).padStart(3, '0');
  const yuan = groupThousands(abs.slice(0, -2));
  return `${fen < 0 ? '-' : ''}¥${yuan}.${abs.slice(-2)}`;
}

/** Formats fen as plain yuan without sign or separators ('1234567.89'), for exports and forms. */
export function fenToYuanString(fen: Fen): string {
  assertFen(fen);
  const abs = String(Math.abs(fen)).padStart(3, '0');
  return `${fen < 0 ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

/**
 * Formats fen for cockpits in 亿元 (10^8 yuan), 万元 (10^4 yuan) or 元, rounded half-up to `decimals`
 * (default 1) by integer arithmetic: 21_000_000_000 fen → '2.1 亿元', 123_450_000 fen → '123.5 万元'.
 */
export function formatFenCompact(fen: Fen, decimals = 1): string {
  assertFen(fen);
  const abs = Math.abs(fen);
  const sign = fen < 0 ? '-' : '';
  const [unit, divisor] =
    abs >= 10_000_000_000 ? (['亿元', 10_000_000_000] as const) : abs >= 1_000_000 ? (['万元', 1_000_000] as const) : (['元', 100] as const);
  const scale = 10 ** decimals;
  // abs * scale may pass 2^53 for huge amounts; BigInt keeps the rounding exact.
  const scaled = Number((BigInt(abs) * BigInt(scale) * 2n + BigInt(divisor)) / (2n * BigInt(divisor)));
  const whole = Math.floor(scaled / scale);
  const frac = decimals > 0 ? `.${String(scaled % scale).padStart(decimals, '0')}` : '';
  // Trailing zeros say nothing on a cockpit: 2.0 亿元 reads as 2 亿元.
  const text = `${groupThousands(String(whole))}${frac}`.replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');
  return `${sign}${text} ${unit}`;
}

/** Rounding modes for integer division: half-up (away from zero at .5), down (toward zero) and up (away from zero). */
export type Rounding = 'half-up' | 'down' | 'up';

/** Divides integers exactly with the given rounding, via BigInt so no intermediate loses precision. */
export function divideRounded(numerator: bigint, denominator: bigint, rounding: Rounding = 'half-up'): bigint {
  if (denominator === 0n) throw new AppError('money.invalid', 'division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  const r = n % d;
  if (r !== 0n && (rounding === 'up' || (rounding === 'half-up' && 2n * r >= d))) q += 1n;
  return negative ? -q : q;
}

/**
 * Applies a rate in basis points (1 bp = 0.01%) to an amount: applyRateBp(10_001, 250) = 250 fen
 * (2.5% of 100.01 yuan = 2.50025 yuan, half-up). Integer-only; the result is checked to be safe.
 */
export function applyRateBp(fen: Fen, basisPoints: number, rounding: Rounding = 'half-up'): Fen {
  assertFen(fen);
  if (!Number.isSafeInteger(basisPoints)) throw new AppError('money.invalid', `basis points must be an integer; got ${basisPoints}`);
  return assertFen(Number(divideRounded(BigInt(fen) * BigInt(basisPoints), 10_000n, rounding)), 'result');
}

/** Sums amounts of fen, throwing `money.unsafe` if any amount or the total leaves the safe-integer range. */
export function sumFen(amounts: readonly Fen[]): Fen {
  let total = 0;
  for (const a of amounts) total = assertFen(total + assertFen(a), 'sum');
  return total as Fen;
}

/**
 * Splits an amount into shares proportional to integer weights, largest remainder first, so the
 * shares always add up to the amount exactly (pro-rata distributions, instalments).
 */
export function allocateFen(fen: Fen, weights: readonly number[]): Fen[] {
  assertFen(fen);
  if (weights.length === 0 || weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new AppError('money.invalid', 'allocation weights must be non-negative integers, at least one');
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) throw new AppError('money.invalid', 'allocation weights must not all be zero');
  const big = BigInt(fen);
  const shares = weights.map((w) => (big * BigInt(w)) / BigInt(total));
  let left = big - shares.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, r: (big * BigInt(w)) % BigInt(total) }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : (fen < 0 ? a.r > b.r : a.r < b.r) ? 1 : -1));
  const step = left < 0n ? -1n : 1n;
  for (let k = 0; left !== 0n; k++, left -= step) shares[order[k % order.length].i] += step;
  return shares.map((s) => Number(s) as Fen);
}
