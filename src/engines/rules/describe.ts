import { Renderer } from './explain-render.ts';
import type { BenefitIR, CompiledUnit, Node } from './ir.ts';
import { formatFenEn, formatFenZh } from './money.ts';
import type { AttributeDef } from './types.ts';

/** One condition of a unit in plain language (no subject: the rule itself). */
export interface DescribedCondition {
  kind: 'condition';
  zh: string;
  en: string;
}

/** A group of a unit's conditions: all (and), any (or) or not. */
export interface DescribedGroup {
  kind: 'all' | 'any' | 'not';
  items: Description[];
}

/** A unit's eligibility as a tree of sentences. */
export type Description = DescribedCondition | DescribedGroup;

/** A unit in plain language: its conditions and its benefit, as of the day it was compiled for. */
export interface UnitDescription {
  id: string;
  version: number;
  title: { zh: string; en: string };
  asOf: string;
  eligibility: Description;
  benefit: { zh: string; en: string } | null;
}

const OP: Record<string, string> = { '==': '=', '!=': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/** An operand: a literal compared with an attribute shows in the attribute's unit or code labels. */
function side(n: Node, other: Node, r: Renderer, lang: 'zh' | 'en'): string {
  return n.k === 'lit' && other.k === 'attr' ? r.value(n.v, n.d, lang, other.a) : r.cachedLabel(n, lang);
}

function condition(n: Node, r: Renderer, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (n.k) {
    case 'cmp':
      return `${side(n.l, n.r, r, lang)} ${OP[n.op]} ${side(n.r, n.l, r, lang)}`;
    case 'between':
      return `${side(n.lo, n.x, r, lang)} ${OP[n.op]} ${r.cachedLabel(n.x, lang)} ${OP[n.op]} ${side(n.hi, n.x, r, lang)}`;
    case 'in':
      return `${r.cachedLabel(n.x, lang)} ${zh ? '属于' : 'in'} {${r.list(n, lang)}}`;
    case 'has':
      return `${r.name(n.a, lang)} ${zh ? '包含' : 'includes'} ${r.value(n.member, 'text', lang, n.a)}`;
    default:
      return `${r.cachedLabel(n, lang)}${zh ? '：是' : ': yes'}`;
  }
}

function describeNode(n: Node, r: Renderer): Description {
  if (n.k === 'and' || n.k === 'or') return { kind: n.k === 'and' ? 'all' : 'any', items: n.xs.map((x) => describeNode(x, r)) };
  if (n.k === 'not') return { kind: 'not', items: [describeNode(n.x, r)] };
  return { kind: 'condition', zh: condition(n, r, 'zh'), en: condition(n, r, 'en') };
}

function money(fen: number, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? formatFenZh(fen) : formatFenEn(fen);
}

function pct(rate: number): string {
  return `${Math.round(rate * 1_000_000) / 10_000}%`;
}

function benefitText(b: BenefitIR, r: Renderer, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  if (b.k === 'fixed') return zh ? `定额 ${money(b.amount, lang)}` : `a fixed ${money(b.amount, lang)}`;
  const base = r.cachedLabel(b.base, lang);
  const cap = b.cap !== undefined ? (zh ? `，最高 ${money(b.cap, lang)}` : `, at most ${money(b.cap, lang)}`) : '';
  if (b.k === 'rate') {
    const floor = b.floor !== undefined ? (zh ? `，最低 ${money(b.floor, lang)}` : `, at least ${money(b.floor, lang)}`) : '';
    return zh ? `按${base}的 ${pct(b.rate)}${floor}${cap}` : `${pct(b.rate)} of ${base}${floor}${cap}`;
  }
  const bands = b.brackets.map((x) => (x.upTo === null ? (zh ? `其余 ${pct(x.rate)}` : `above: ${pct(x.rate)}`) : (zh ? `${money(x.upTo, lang)} 以内 ${pct(x.rate)}` : `up to ${money(x.upTo, lang)}: ${pct(x.rate)}`))).join(zh ? '；' : '; ');
  const mode = b.mode === 'flat' ? (zh ? '全额' : 'flat') : zh ? '超额累进' : 'marginal';
  return zh ? `按${base}分档（${mode}）：${bands}${cap}` : `by bands of ${base} (${mode}): ${bands}${cap}`;
}

/**
 * A compiled unit in plain language, with no subject: each condition as a sentence of the same
 * vocabulary explanations use (attribute names, money in 元 / 万元 / 亿元, thresholds in force on
 * the compile date), and the benefit formula.
 * @example describeUnit(compileUnit(unit, schema, '2026-01-01'), schema).eligibility // { kind: 'all', items: [{ zh: '职工人数 ≥ 10 人', … }] }
 */
export function describeUnit(unit: CompiledUnit, schema: AttributeDef[] | Map<string, AttributeDef>): UnitDescription {
  const attrs = schema instanceof Map ? schema : new Map(schema.map((a) => [a.key, a]));
  const r = new Renderer(attrs);
  return {
    id: unit.id, version: unit.version, title: unit.title, asOf: unit.asOf,
    eligibility: describeNode(unit.eligibility, r),
    benefit: unit.benefit ? { zh: benefitText(unit.benefit, r, 'zh'), en: benefitText(unit.benefit, r, 'en') } : null,
  };
}
