// Administrative divisions of Zhejiang, province → city → county → township/street, from the National
// Bureau of Statistics' 2023 statistical division codes (see the header of divisions/zhejiang.json and
// scripts/build-divisions.ts). Province, city and county codes are GB/T 2260 six-digit codes; towns and
// streets use the 9-digit statistical codes whose first six digits are their county.
import { AppError } from './errors.ts';
import data from './divisions/zhejiang.json' with { type: 'json' };

/** The four levels the data holds. */
export type DivisionLevel = 'province' | 'city' | 'county' | 'town';

/** One administrative division. */
export interface Division {
  /** Canonical code: 6 digits for province, city and county (330000, 330100, 330106), 9 for towns (330106002). */
  code: string;
  /** Official Chinese name, e.g. 西湖区, 文新街道. */
  name: string;
  /** Pinyin name where the data has one (the province, its cities and Hangzhou's districts). */
  nameEn?: string;
  level: DivisionLevel;
  /** Code of the division above, absent for the province. */
  parentCode?: string;
}

/** Where the division data comes from: source, year, licence. */
export const DIVISION_SOURCE: Readonly<Record<string, string | number>> = data.header;

/**
 * The canonical form of a division code: 2-digit province (33), 4-digit city (3301), 6-digit GB/T 2260
 * code, 9-digit town code or 12-digit statistical code (trailing zero groups dropped). Throws
 * `division.invalid_code` for anything else.
 */
export function normaliseDivisionCode(code: string): string {
  const c = code.trim();
  if (/^\d{2}$/.test(c)) return `${c}0000`;
  if (/^\d{4}$/.test(c)) return `${c}00`;
  if (/^\d{6}$/.test(c)) return c;
  if (/^\d{9}$/.test(c) || /^\d{12}$/.test(c)) {
    const town = c.slice(0, 9);
    // Town numbers within a county are never 000; 000 means "the county itself" in statistical codes.
    return town.endsWith('000') ? normaliseDivisionCode(town.slice(0, 6)) : town;
  }
  throw new AppError('division.invalid_code', `"${code}" is not a division code (2, 4, 6, 9 or 12 digits)`, { code });
}

/** The level a code denotes, from its shape alone: xx0000 province, xxxx00 city, other 6-digit county, 9-digit town. */
export function divisionLevel(code: string): DivisionLevel {
  const c = normaliseDivisionCode(code);
  if (c.length === 9) return 'town';
  if (c.endsWith('0000')) return 'province';
  if (c.endsWith('00')) return 'city';
  return 'county';
}

/**
 * The shortest code prefix shared by everything within a division: 33, 3301, 330106 or 330106013.
 * Scope filters use it: `division LIKE '3301%'` finds every registration in Hangzhou.
 */
export function divisionPrefix(code: string): string {
  const c = normaliseDivisionCode(code);
  switch (divisionLevel(c)) {
    case 'province':
      return c.slice(0, 2);
    case 'city':
      return c.slice(0, 4);
    default:
      return c;
  }
}

function shapeParent(code: string): string | undefined {
  const level = divisionLevel(code);
  if (level === 'town') return code.slice(0, 6);
  if (level === 'county') return `${code.slice(0, 4)}00`;
  if (level === 'city') return `${code.slice(0, 2)}0000`;
  return undefined;
}

const byCode = new Map<string, Division>();
const children = new Map<string, Division[]>();
for (const [code, name, nameEn] of data.rows as [string, string, string?][]) {
  byCode.set(code, { code, name, ...(nameEn ? { nameEn } : {}), level: divisionLevel(code) });
}
for (const d of byCode.values()) {
  // Counties directly under a province (省直辖县级行政区划) have no city row: skip to the province.
  let parent = shapeParent(d.code);
  while (parent && !byCode.has(parent)) parent = shapeParent(parent);
  if (parent) {
    d.parentCode = parent;
    const list = children.get(parent) ?? [];
    list.push(d);
    children.set(parent, list);
  }
}
for (const list of children.values()) list.sort((a, b) => (a.code < b.code ? -1 : 1));
for (const d of byCode.values()) Object.freeze(d);

/** The division with this code (in any accepted form), or undefined when the data has none. */
export function getDivision(code: string): Division | undefined {
  return byCode.get(normaliseDivisionCode(code));
}

function requireDivision(code: string): Division {
  const d = getDivision(code);
  if (!d) throw new AppError('division.not_found', `No division with code ${code} in the data`, { code });
  return d;
}

/** The divisions directly under a division, by code; empty for towns. Throws `division.not_found` for unknown codes. */
export function childrenOf(code: string): Division[] {
  return [...(children.get(requireDivision(code).code) ?? [])];
}

/** The divisions above a division, from the province down to its parent. */
export function ancestorsOf(code: string): Division[] {
  const out: Division[] = [];
  let d = requireDivision(code);
  while (d.parentCode) {
    d = byCode.get(d.parentCode)!;
    out.unshift(d);
  }
  return out;
}

/** Every division under a division (not itself), depth-first in code order, optionally only of one level. */
export function divisionsUnder(code: string, level?: DivisionLevel): Division[] {
  const out: Division[] = [];
  const walk = (c: string) => {
    for (const child of children.get(c) ?? []) {
      if (!level || child.level === level) out.push(child);
      walk(child.code);
    }
  };
  walk(requireDivision(code).code);
  return out;
}

/**
 * Whether a division lies within another (inclusive: a division is within itself). Decided on the codes'
 * shape, so it also answers for codes the data does not list, such as a USCC's registration division.
 */
export function isWithin(code: string, ancestorCode: string): boolean {
  const prefix = divisionPrefix(ancestorCode);
  const c = normaliseDivisionCode(code);
  return divisionLevel(ancestorCode) === 'town' ? c === prefix : c.startsWith(prefix);
}

/** The full Chinese name from the province down: 330106002 → 浙江省杭州市西湖区北山街道. */
export function fullNameOf(code: string): string {
  const d = requireDivision(code);
  return [...ancestorsOf(d.code), d].map((x) => x.name).join('');
}

/** Every division in the data, in code order. */
export function allDivisions(): Division[] {
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}
