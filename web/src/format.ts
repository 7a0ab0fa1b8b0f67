/**
 * Display helpers. Money arrives as integer fen and is formatted by the kernel's integer-only
 * `formatFen` (src/kernel/money.ts); counts and shares are formatted here.
 */
export { formatFen } from '../../src/kernel/money.ts';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A whole count with thousands separators: 12345 → "12,345". */
export function formatCount(value: number): string {
  const whole = Math.trunc(value);
  return `${whole < 0 ? '-' : ''}${groupThousands(String(Math.abs(whole)))}`;
}

/** `part / whole` as a percentage with one decimal, half-up ("87.5%"), or "–" when whole is 0. */
export function formatShare(part: number, whole: number): string {
  if (whole === 0) return '–';
  const tenths = Math.round((part * 1000) / whole);
  return `${Math.trunc(tenths / 10)}.${Math.abs(tenths % 10)}%`;
}
