import { daysToIso } from './dates.ts';
import type { CompiledUnit, Display, Node } from './ir.ts';
import { formatFenEn, formatFenZh, groupDigits } from './money.ts';
import { amountFor, compare, evalRow, type RowSubject, type RowValue } from './row-eval.ts';
import type { AttributeDef } from './types.ts';

/** One condition of an explanation: what was compared, the values, and whether it held. */
export interface ExplainedCondition {
  kind: 'condition';
  held: boolean;
  /** The subject's value (numbers as numbers, dates ISO, missing null). */
  actual: number | string | boolean | null;
  /** The threshold in force (a literal or a dated parameter), when there is one. */
  threshold?: number | string | boolean | (string | number | boolean)[] | null;
  /** The parameter the threshold came from. */
  param?: string;
  zh: string;
  en: string;
}

/** A group of an explanation: all (and), any (or) or not. */
export interface ExplainedGroup {
  kind: 'all' | 'any' | 'not';
  held: boolean;
  items: Explanation[];
}

/** The explanation tree of one eligibility condition. */
export type Explanation = ExplainedCondition | ExplainedGroup;

/** The result of one unit for one subject. */
export interface SubjectResult {
  id: string;
  version: number;
  title: { zh: string; en: string };
  inForce: boolean;
  eligible: boolean;
  /** Amount in fen (0 when not eligible or without a benefit). */
  amount: number;
  amountText?: { zh: string; en: string };
  explanation: Explanation;
}

const OP_TEXT: Record<string, string> = { '==': '=', '!=': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/** Renders values and operands in both languages, using the attribute schema's names. */
class Renderer {
  private readonly labels = new WeakMap<Node, { zh?: string; en?: string }>();

  constructor(private attrs: Map<string, AttributeDef>) {}

  /** The label of a node in one language; labels do not depend on the subject, so they are cached. */
  cachedLabel(n: Node, lang: 'zh' | 'en'): string {
    let c = this.labels.get(n);
    if (!c) { c = {}; this.labels.set(n, c); }
    return (c[lang] ??= n.k === 'lit' ? this.value(n.v, n.d, lang) : this.label(n, lang));
  }

  value(v: RowValue, d: Display, lang: 'zh' | 'en', attr?: string): string {
    if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) return lang === 'zh' ? '（缺失）' : '(missing)';
    if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
    if (typeof v === 'string') {
      const label = attr ? this.attrs.get(attr)?.labels?.[v] : undefined;
      return label ? label[lang] : v;
    }
    switch (d) {
      case 'money': return lang === 'zh' ? formatFenZh(v) : formatFenEn(v);
      case 'ratio': return `${trim(v * 100)}%`;
      case 'date': return daysToIso(v);
      default: {
        const unit = attr ? this.attrs.get(attr)?.unit : undefined;
        return unit ? `${trim(v)} ${unit[lang]}` : trim(v);
      }
    }
  }

  name(a: string, lang: 'zh' | 'en'): string {
    return this.attrs.get(a)?.[lang] ?? a;
  }

  label(n: Node, lang: 'zh' | 'en'): string {
    const zh = lang === 'zh';
    switch (n.k) {
      case 'attr': return n.p === 0 ? this.name(n.a, lang) : zh ? `${this.name(n.a, lang)}（前${n.p}期）` : `${this.name(n.a, lang)} (${n.p} period${n.p > 1 ? 's' : ''} back)`;
      case 'sumP': return zh ? `近${n.n}期${this.name(n.a, lang)}合计` : `${this.name(n.a, lang)}, sum of last ${n.n} periods`;
      case 'avgP': return zh ? `近${n.n}期${this.name(n.a, lang)}平均` : `${this.name(n.a, lang)}, average of last ${n.n} periods`;
      case 'ratioP': return zh ? `近${n.n}期${this.name(n.a, lang)}占${this.name(n.b, lang)}比例` : `${this.name(n.a, lang)} ÷ ${this.name(n.b, lang)} over last ${n.n} periods`;
      case 'age': return zh ? `${this.label(n.x, lang)}至今满年数` : `full years since ${this.label(n.x, lang)}`;
      case 'table': return n.table.label?.[lang] ?? (zh ? `${n.table.name}表结果` : `result of table ${n.table.name}`);
      case 'lit': return this.value(n.v, n.d, lang);
      case 'arith': return `(${n.xs.map((x) => this.label(x, lang)).join(` ${n.op === '*' ? '×' : n.op === '/' ? '÷' : n.op} `)})`;
      default: return `${n.k}(${'xs' in n ? n.xs.map((x) => this.label(x, lang)).join(', ') : '…'})`;
    }
  }

  /** `label value` for a subject operand, the formatted value for a literal. */
  side(n: Node, v: RowValue, d: Display, lang: 'zh' | 'en'): string {
    if (n.k === 'lit') return n.d === d ? this.cachedLabel(n, lang) : this.value(v, d, lang);
    return `${this.cachedLabel(n, lang)} ${this.value(v, d, lang, n.k === 'attr' ? n.a : undefined)}`;
  }

  list(n: Extract<Node, { k: 'in' }>, lang: 'zh' | 'en'): string {
    const attr = n.x.k === 'attr' ? n.x.a : undefined;
    let out = '';
    for (const v of n.list) out += (out ? (lang === 'zh' ? '、' : ', ') : '') + this.value(v, n.d, lang, attr);
    return out;
  }
}

function trim(v: number): string {
  if (Number.isInteger(v)) return groupDigits(v);
  return String(Math.round(v * 10000) / 10000);
}

function plain(v: RowValue): number | string | boolean | null {
  return v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : v;
}

function display(v: RowValue, d?: Display): number | string | boolean | null {
  return d === 'date' && typeof v === 'number' && !Number.isNaN(v) ? daysToIso(v) : plain(v);
}

/**
 * A condition of an explanation. Values are kept; the two sentences are rendered when first read
 * (or when serialised), since a caller usually shows a few of the thousands it gets.
 */
const NODE = Symbol('node');
const VALUES = Symbol('values');
const RENDERER = Symbol('renderer');
const ZH = Symbol('zh');
const EN = Symbol('en');

class Condition implements ExplainedCondition {
  // Fields are assigned, not declared with initialisers: thousands are built per subject.
  declare readonly kind: 'condition';
  declare readonly held: boolean;
  declare readonly actual: ExplainedCondition['actual'];
  declare threshold?: ExplainedCondition['threshold'];
  declare param?: string;
  declare [NODE]: Node;
  declare [VALUES]: RowValue[];
  declare [RENDERER]: Renderer;
  declare [ZH]?: string;
  declare [EN]?: string;

  constructor(held: boolean, n: Node, v: RowValue[], r: Renderer, actual: RowValue) {
    (this as { kind: string }).kind = 'condition';
    (this as { held: boolean }).held = held;
    (this as { actual: unknown }).actual = display(actual, n.d);
    this[NODE] = n;
    this[VALUES] = v;
    this[RENDERER] = r;
  }

  get zh(): string {
    return (this[ZH] ??= `${sentence(this[NODE], this[VALUES], this[RENDERER], 'zh')} — ${this.held ? '符合' : '不符合'}`);
  }

  get en(): string {
    return (this[EN] ??= `${sentence(this[NODE], this[VALUES], this[RENDERER], 'en')} — ${this.held ? 'met' : 'not met'}`);
  }

  toJSON(): ExplainedCondition {
    const out: ExplainedCondition = { kind: 'condition', held: this.held, actual: this.actual, zh: this.zh, en: this.en };
    if (this.threshold !== undefined) out.threshold = this.threshold;
    if (this.param !== undefined) out.param = this.param;
    return out;
  }
}

function sentence(n: Node, v: RowValue[], r: Renderer, lang: 'zh' | 'en'): string {
  switch (n.k) {
    case 'cmp':
      return `${r.side(n.l, v[0], n.d, lang)} ${OP_TEXT[n.op]} ${r.side(n.r, v[1], n.d, lang)}`;
    case 'between': {
      const op = OP_TEXT[n.op];
      return `${r.side(n.lo, v[0], n.d, lang)} ${op} ${r.side(n.x, v[1], n.d, lang)} ${op} ${r.side(n.hi, v[2], n.d, lang)}`;
    }
    case 'in':
      return `${r.side(n.x, v[0], n.d, lang)} ${lang === 'zh' ? '属于' : 'in'} {${r.list(n, lang)}}`;
    case 'has':
      return `${r.name(n.a, lang)} ${lang === 'zh' ? '包含' : 'includes'} ${r.value(n.member, 'text', lang, n.a)}`;
    default:
      return `${r.cachedLabel(n, lang)}${lang === 'zh' ? '：' : ': '}${r.value(v[0], 'bool', lang)}`;
  }
}

function explainNode(n: Node, s: RowSubject, r: Renderer): Explanation {
  switch (n.k) {
    case 'and':
    case 'or': {
      const items: Explanation[] = [];
      let all = true;
      let any = false;
      for (const x of n.xs) {
        const e = explainNode(x, s, r);
        items.push(e);
        all &&= e.held;
        any ||= e.held;
      }
      return { kind: n.k === 'and' ? 'all' : 'any', held: n.k === 'and' ? all : any, items };
    }
    case 'not': {
      const inner = explainNode(n.x, s, r);
      return { kind: 'not', held: !inner.held, items: [inner] };
    }
    case 'cmp': {
      const l = evalRow(n.l, s);
      const rv = evalRow(n.r, s);
      const litLeft = n.l.k === 'lit';
      const out = new Condition(compare(n.op, l, rv), n, [l, rv], r, litLeft ? rv : l);
      const other = litLeft ? n.l : n.r;
      out.threshold = display(other.k === 'lit' ? other.v : litLeft ? l : rv, n.d);
      if (other.param) out.param = other.param;
      return out;
    }
    case 'between': {
      const lo = evalRow(n.lo, s);
      const x = evalRow(n.x, s);
      const hi = evalRow(n.hi, s);
      const out = new Condition(compare(n.op, lo, x) && compare(n.op, x, hi), n, [lo, x, hi], r, x);
      out.threshold = [plain(lo) as number, plain(hi) as number];
      return out;
    }
    case 'in': {
      const x = evalRow(n.x, s);
      const out = new Condition(x !== undefined && !(typeof x === 'number' && Number.isNaN(x)) && n.list.includes(x), n, [x], r, x);
      out.threshold = n.list;
      return out;
    }
    case 'has': {
      const v = s.facts[n.a];
      return new Condition(Array.isArray(v) && v.includes(n.member), n, [], r, Array.isArray(v) ? v.join(',') : undefined);
    }
    default: {
      // A boolean operand used as a condition: an attribute, a table, an if.
      const v = evalRow(n, s);
      return new Condition(v === true, n, [v], r, v);
    }
  }
}

const renderers = new WeakMap<Map<string, AttributeDef>, Renderer>();

function rendererFor(attrs: Map<string, AttributeDef>): Renderer {
  let r = renderers.get(attrs);
  if (!r) { r = new Renderer(attrs); renderers.set(attrs, r); }
  return r;
}

/**
 * Evaluates one subject against every compiled unit, with an explanation per condition in Chinese
 * and English ("营业收入 2.1 亿元 ≤ 2 亿元 — 不符合").
 * @example const results = explainSubject(units, rowSubject(facts, schema), schema)
 */
export function explainSubject(units: CompiledUnit[], s: RowSubject, attrs: Map<string, AttributeDef> | AttributeDef[]): SubjectResult[] {
  const r = rendererFor(attrs instanceof Map ? attrs : new Map(attrs.map((a) => [a.key, a])));
  return units.map((u) => {
    const explanation = explainNode(u.eligibility, s, r);
    const eligible = u.inForce && explanation.held;
    let amount = 0;
    if (eligible && u.benefit) amount = amountFor(u.benefit, u.benefit.k === 'fixed' ? 0 : (evalRow(u.benefit.base, s) as number));
    const result: SubjectResult = { id: u.id, version: u.version, title: u.title, inForce: u.inForce, eligible, amount, explanation };
    if (eligible && u.benefit) result.amountText = { zh: formatFenZh(amount), en: formatFenEn(amount) };
    return result;
  });
}
