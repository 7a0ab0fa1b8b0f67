import { daysToIso } from './dates.ts';
import type { Display, Node } from './ir.ts';
import { formatFenEn, formatFenZh, groupDigits } from './money.ts';
import type { RowValue } from './row-eval.ts';
import type { AttributeDef } from './types.ts';

/** Sentences of explanations in Chinese and English, from a condition's node and values. */

const OP_TEXT: Record<string, string> = { '==': '=', '!=': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/** Renders values and operands in both languages, using the attribute schema's names. */
export class Renderer {
  private readonly labels = new WeakMap<Node, { zh?: string; en?: string }>();
  private readonly lists = new WeakMap<Node, { zh?: string; en?: string }>();

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

  /** The members of an `in` list, joined (cached per node: a list of districts runs to hundreds). */
  list(n: Extract<Node, { k: 'in' }>, lang: 'zh' | 'en'): string {
    let c = this.lists.get(n);
    if (!c) { c = {}; this.lists.set(n, c); }
    const cached = c[lang];
    if (cached !== undefined) return cached;
    const attr = n.x.k === 'attr' ? n.x.a : undefined;
    let out = '';
    for (const v of n.list) out += (out ? (lang === 'zh' ? '、' : ', ') : '') + this.value(v, n.d, lang, attr);
    return (c[lang] = out);
  }
}

function trim(v: number): string {
  if (Number.isInteger(v)) return groupDigits(v);
  return String(Math.round(v * 10000) / 10000);
}

/** A value as JSON: missing (undefined or NaN) is null. */
export function plain(v: RowValue): number | string | boolean | null {
  return v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : v;
}

/** A value as shown in an explanation: dates as `YYYY-MM-DD`, missing as null. */
export function display(v: RowValue, d?: Display): number | string | boolean | null {
  return d === 'date' && typeof v === 'number' && !Number.isNaN(v) ? daysToIso(v) : plain(v);
}

/** The sentence of a condition (without its verdict) in one language, from its node and values. */
export function sentence(n: Node, v: RowValue[], r: Renderer, lang: 'zh' | 'en'): string {
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

