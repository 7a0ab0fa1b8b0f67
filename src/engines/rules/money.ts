/** Money display with integer math: fen → 元 / 万元 / 亿元 (Chinese) or CNY thousand/million/billion. */

/** Integer with thousands separators (faster than toLocaleString, which dominates explanations). */
export function groupDigits(n: number): string {
  const s = String(n);
  if (s.length <= 3) return s;
  let out = '';
  for (let i = s.length; i > 0; i -= 3) out = s.slice(Math.max(0, i - 3), i) + (out ? ',' + out : '');
  return out;
}

/** Formats `units` (an integer) divided by `scale` with at most `digits` decimals, trailing zeros dropped. */
function scaled(units: number, scale: number, digits: number): string {
  const neg = units < 0;
  const abs = Math.abs(Math.trunc(units));
  const whole = Math.floor(abs / scale);
  const rest = abs - whole * scale;
  // Round half up to `digits` decimals with integers only.
  const unit = scale / 10 ** digits;
  let frac = Math.floor((rest + unit / 2) / unit);
  let w = whole;
  if (frac >= 10 ** digits) {
    w += 1;
    frac = 0;
  }
  const fracText = digits > 0 ? String(frac).padStart(digits, '0').replace(/0+$/, '') : '';
  return `${neg ? '-' : ''}${groupDigits(w)}${fracText ? '.' + fracText : ''}`;
}

/**
 * An amount in fen as Chinese text: `2.1 亿元`, `300 万元`, `1,234.5 元`.
 * @example formatFenZh(21_000_000_000) === '2.1 亿元'
 */
export function formatFenZh(fen: number): string {
  if (!Number.isFinite(fen)) return '—';
  const abs = Math.abs(fen);
  if (abs >= 10_000_000_000) return `${scaled(fen, 10_000_000_000, 4)} 亿元`;
  if (abs >= 1_000_000) return `${scaled(fen, 1_000_000, 4)} 万元`;
  return `${scaled(fen, 100, 2)} 元`;
}

/**
 * An amount in fen as English text: `CNY 210 million`, `CNY 30,000`.
 * @example formatFenEn(21_000_000_000) === 'CNY 210 million'
 */
export function formatFenEn(fen: number): string {
  if (!Number.isFinite(fen)) return '—';
  const abs = Math.abs(fen);
  if (abs >= 100_000_000_000) return `CNY ${scaled(fen, 100_000_000_000, 3)} billion`;
  if (abs >= 100_000_000) return `CNY ${scaled(fen, 100_000_000, 3)} million`;
  return `CNY ${scaled(fen, 100, 2)}`;
}
