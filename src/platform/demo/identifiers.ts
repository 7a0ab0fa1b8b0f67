// Identifiers of demo firms and people: organisation codes, USCCs, trade names, identity numbers,
// phone numbers. Codes that must be unique are bijections of the firm's sequence number, so
// uniqueness holds by construction rather than by luck.
import { computeIdCheckDigit } from '../../kernel/id-number.ts';
import { buildUscc, USCC_CHARSET } from '../../kernel/uscc.ts';
import { MOBILE_PREFIXES, TRADE_NAME_CHARS } from './names.ts';
import type { Random } from './random.ts';

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * An affine bijection of [0, size): x → (a·x + b) mod size with gcd(a, size) = 1, keyed by the
 * seed so different seeds scatter codes differently. Products stay below 2^53.
 */
export function createScatter(size: number, seed: number, salt: number): (x: number) => number {
  let a = (((seed * 2654435761 + salt * 40503) >>> 0) % 1_000_003) + 1_000_003;
  while (gcd(a, size) !== 1) a++;
  const b = ((seed * 97 + salt * 7919) >>> 0) % size;
  return (x) => (((a % size) * x) % size + b) % size;
}

const NUMERIC_SPACE = 100_000_000; // 8 digits
const MA_SPACE = 31 ** 6; // 'MA' + 6 characters of the USCC alphabet

/**
 * The 8-character organisation-code body (GB 11714, before its check digit) of the firm with
 * sequence number `seq` (1-based, below 10^8). Firms registered before the USCC reform
 * (2015-10-01) keep an old all-digit code; later ones get an 'MA…' code as new registrations
 * have since. The two shapes never meet, and each is a bijection of `seq`.
 */
export function organisationCode8(seq: number, registeredAt: string, scatter: { numeric: (x: number) => number; ma: (x: number) => number }): string {
  if (!Number.isInteger(seq) || seq < 1 || seq >= NUMERIC_SPACE) throw new RangeError(`seq must be an integer in [1, 10^8), got ${seq}`);
  if (registeredAt < '2015-10-01') return String(scatter.numeric(seq)).padStart(8, '0');
  let x = scatter.ma(seq);
  let body = '';
  for (let i = 0; i < 6; i++) {
    body = USCC_CHARSET[x % 31] + body;
    x = Math.floor(x / 31);
  }
  return `MA${body}`;
}

/** The scatter functions of one seed for `organisationCode8`. */
export function createCodeScatter(seed: number) {
  return { numeric: createScatter(NUMERIC_SPACE, seed, 1), ma: createScatter(MA_SPACE, seed, 2) };
}

/** A valid USCC of a firm registered by a market regulator (authority 9) in a district. */
export function demoUscc(entityType: '1' | '2', districtCode: string, orgCode8: string): string {
  return buildUscc({ authority: '9', entityType, division: districtCode, organisationCode8: orgCode8 });
}

const C = TRADE_NAME_CHARS.length;

/**
 * The trade name (字号) of the firm with sequence number `seq`: two characters for the first
 * C² firms, three after, each a bijection — so no two firms share a trade name.
 */
export function createTradeNames(seed: number): (seq: number) => string {
  const two = createScatter(C * C, seed, 3);
  const three = createScatter(C * C * C, seed, 4);
  return (seq) => {
    const i = seq - 1;
    if (i < C * C) {
      const x = two(i);
      return TRADE_NAME_CHARS[Math.floor(x / C)] + TRADE_NAME_CHARS[x % C];
    }
    if (i >= C * C + C * C * C) throw new RangeError(`no trade name left for firm ${seq}`);
    const x = three(i - C * C);
    return TRADE_NAME_CHARS[Math.floor(x / (C * C))] + TRADE_NAME_CHARS[Math.floor(x / C) % C] + TRADE_NAME_CHARS[x % C];
  };
}

/** A valid 18-digit resident identity number for someone born on `birthDate` ('YYYY-MM-DD'). */
export function demoIdNumber(random: Random, divisionCode: string, birthDate: string, male: boolean): string {
  // GB 11643-1999 §4.3: the sequence number's last digit is odd for men, even for women.
  let sequence = random.int(1, 999);
  if ((sequence % 2 === 1) !== male) sequence = sequence === 999 ? 998 : sequence + 1;
  const first17 = divisionCode + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
  return first17 + computeIdCheckDigit(first17);
}

/** A mobile number with a real carrier prefix. */
export function demoPhone(random: Random): string {
  return random.pick(MOBILE_PREFIXES) + String(random.int(0, 99_999_999)).padStart(8, '0');
}
