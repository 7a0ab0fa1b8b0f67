import { display, plain, Renderer, sentence } from './explain-render.ts';
import type { CompiledUnit, Node } from './ir.ts';
import { formatFenEn, formatFenZh } from './money.ts';
import { RowCompiler, RowCursor, type RowFn } from './row-compile.ts';
import { amountFor, type RowSubject, type RowValue } from './row-eval.ts';
import { createSnapshot, writeFacts, type ColumnSnapshot } from './snapshot.ts';
import type { AttributeDef, Facts } from './types.ts';

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

/**
 * What one call records of one subject, for every condition of every unit: the values compared
 * (numbers in `f`, text and booleans in `r`) and whether the condition held (`h`, at the
 * condition's first slot). Three arrays per call instead of an object per value.
 */
interface Store {
  f: Float64Array;
  r: unknown[];
  h: Uint8Array;
}

/** What a condition's explanation keeps of its node: fixed per node, shared by every subject. */
interface Template {
  n: Node;
  r: Renderer;
  /** Per value slot: whether it is a number (held in `f`) or not (held in `r`). */
  num: boolean[];
  /** The slot of the subject's value. */
  actual: number;
  /** The threshold when it does not depend on the subject (a literal or a parameter in force). */
  threshold: ExplainedCondition['threshold'];
  /** The slot of a threshold that depends on the subject (-1: none; -2: the between bounds). */
  thresholdSlot: number;
  param: string | undefined;
}

function slot(t: Template, s: Store, o: number, k: number): RowValue {
  return (t.num[k] ? s.f[o + k] : s.r[o + k]) as RowValue;
}

/**
 * A condition of an explanation, reading its values from the subject's store: `actual` and
 * `threshold` are read when asked, and the two sentences rendered when read (or serialised),
 * since a caller usually shows a few of the thousands it gets.
 */
class Condition implements ExplainedCondition {
  readonly kind = 'condition' as const;
  readonly held: boolean;
  readonly #t: Template;
  readonly #s: Store;
  readonly #o: number;

  constructor(t: Template, s: Store, o: number) {
    this.held = s.h[o] === 1;
    this.#t = t;
    this.#s = s;
    this.#o = o;
  }

  get actual(): ExplainedCondition['actual'] {
    const t = this.#t;
    if (t.n.k === 'has') {
      const v = this.#s.r[this.#o];
      return Array.isArray(v) ? v.join(',') : null;
    }
    return display(slot(t, this.#s, this.#o, t.actual), t.n.d);
  }

  get threshold(): ExplainedCondition['threshold'] {
    const t = this.#t;
    if (t.thresholdSlot === -1) return t.threshold;
    if (t.thresholdSlot === -2) return [plain(slot(t, this.#s, this.#o, 0)) as number, plain(slot(t, this.#s, this.#o, 2)) as number];
    return display(slot(t, this.#s, this.#o, t.thresholdSlot), t.n.d);
  }

  get param(): string | undefined {
    return this.#t.param;
  }

  private values(): RowValue[] {
    const t = this.#t;
    return t.num.map((_, k) => slot(t, this.#s, this.#o, k));
  }

  get zh(): string {
    return `${sentence(this.#t.n, this.values(), this.#t.r, 'zh')} — ${this.held ? '符合' : '不符合'}`;
  }

  get en(): string {
    return `${sentence(this.#t.n, this.values(), this.#t.r, 'en')} — ${this.held ? 'met' : 'not met'}`;
  }

  toJSON(): ExplainedCondition {
    const out: ExplainedCondition = { kind: 'condition', held: this.held, actual: this.actual, zh: this.zh, en: this.en };
    const threshold = this.threshold;
    if (threshold !== undefined) out.threshold = threshold;
    if (this.param !== undefined) out.param = this.param;
    return out;
  }
}

/** A condition of a unit's tree: how to test it and which values to record, from slot `off`. */
export interface Leaf {
  test: (c: RowCursor) => boolean;
  /** The values to record (operands, or the value tested), one slot each. */
  ops: RowFn[];
  off: number;
  t: Template;
}

/** The shape of a condition tree, for verdicts of groups and for building explanation objects. */
export type Shape = { k: 'leaf'; leaf: Leaf } | { k: 'all' | 'any' | 'not'; xs: Shape[] };

/**
 * A unit's condition tree compiled for explanations: its conditions flattened into one list (a
 * call runs through it in a tight loop: verdict, then values into the store) and its shape.
 */
export interface TreePlan {
  leaves: Leaf[];
  slots: number;
  shape: Shape;
}

/** The verdict of a condition tree (or part of one) from the recorded verdicts of its conditions. */
export function verdictOf(x: Shape, h: Uint8Array, o: number): boolean {
  switch (x.k) {
    case 'leaf': return h[o + x.leaf.off] === 1;
    case 'not': return !verdictOf(x.xs[0], h, o);
    case 'all': {
      let all = true;
      for (let k = 0; k < x.xs.length; k++) if (!verdictOf(x.xs[k], h, o)) all = false;
      return all;
    }
    default: {
      let any = false;
      for (let k = 0; k < x.xs.length; k++) if (verdictOf(x.xs[k], h, o)) any = true;
      return any;
    }
  }
}

function explanationOf(x: Shape, s: Store, o: number): Explanation {
  if (x.k === 'leaf') return new Condition(x.leaf.t, s, o + x.leaf.off);
  const items = x.xs.map((y) => explanationOf(y, s, o));
  return { kind: x.k, held: verdictOf(x, s.h, o), items };
}

/**
 * The explanation of a unit's condition tree: its verdict is known when the call returns, its
 * items are built from the store when first read (or serialised).
 */
class Group implements ExplainedGroup {
  readonly kind: ExplainedGroup['kind'];
  readonly held: boolean;
  readonly #x: Exclude<Shape, { k: 'leaf' }>;
  readonly #s: Store;
  readonly #o: number;
  #items: Explanation[] | undefined = undefined;

  constructor(x: Exclude<Shape, { k: 'leaf' }>, held: boolean, s: Store, o: number) {
    this.kind = x.k;
    this.held = held;
    this.#x = x;
    this.#s = s;
    this.#o = o;
  }

  get items(): Explanation[] {
    return (this.#items ??= this.#x.xs.map((y) => explanationOf(y, this.#s, this.#o)));
  }

  toJSON(): ExplainedGroup {
    return { kind: this.kind, held: this.held, items: this.items };
  }
}

/**
 * Everything an explanation needs that does not depend on the subject, built once per schema:
 * a one-row snapshot the subject's facts are written into, the nodes compiled to row closures
 * over it (values shared by several units computed once per subject), and per condition tree
 * its plan.
 */
export class ExplainPlan {
  private readonly snap: ColumnSnapshot;
  private readonly texts: string[][] = [];
  private readonly rc: RowCompiler;
  private readonly cursor = new RowCursor();
  private readonly trees = new WeakMap<Node, TreePlan>();
  private facts: Facts = {};

  constructor(attrs: Map<string, AttributeDef>, readonly r: Renderer) {
    this.snap = createSnapshot([...attrs.values()], 1);
    for (const a of attrs.values()) {
      const col = this.snap.columns[a.key];
      if (a.type === 'text' && col.kind === 'code') this.texts.push(col.dict);
    }
    this.rc = new RowCompiler(this.snap);
  }

  /** Writes one subject's facts into the one-row snapshot and returns the cursor on it. */
  load(facts: Facts): RowCursor {
    for (const dict of this.texts) dict.length = 0;
    writeFacts(this.snap, 0, facts);
    this.facts = facts;
    return this.cursor.at(0);
  }

  value(n: Node): RowFn {
    return this.rc.fn(n);
  }

  tree(n: Node): TreePlan {
    let p = this.trees.get(n);
    if (!p) {
      const leaves: Leaf[] = [];
      let slots = 0;
      const walk = (x: Node): Shape => {
        if (x.k === 'and' || x.k === 'or') return { k: x.k === 'and' ? 'all' : 'any', xs: x.xs.map(walk) };
        if (x.k === 'not') return { k: 'not', xs: [walk(x.x)] };
        const leaf = this.leaf(x, slots);
        leaves.push(leaf);
        slots += leaf.ops.length;
        return { k: 'leaf', leaf };
      };
      const shape = walk(n);
      p = { leaves, slots, shape };
      this.trees.set(n, p);
    }
    return p;
  }

  private template(n: Node, num: boolean[], actual: number, other?: Node, otherSlot = -1): Template {
    const lit = other?.k === 'lit';
    return { n, r: this.r, num, actual, threshold: lit ? display(other.v, n.d) : undefined, thresholdSlot: other && !lit ? otherSlot : -1, param: other?.param };
  }

  private leaf(n: Node, off: number): Leaf {
    const test = this.rc.test(n);
    const num = (x: Node) => x.t === 'num' || x.t === 'date';
    switch (n.k) {
      case 'cmp': {
        const litLeft = n.l.k === 'lit';
        const t = this.template(n, [num(n.l), num(n.r)], litLeft ? 1 : 0, litLeft ? n.l : n.r, litLeft ? 0 : 1);
        return { test, ops: [this.value(n.l), this.value(n.r)], off, t };
      }
      case 'between': {
        const t = this.template(n, [true, true, true], 1);
        if (n.lo.k === 'lit' && n.hi.k === 'lit') t.threshold = [plain(n.lo.v) as number, plain(n.hi.v) as number];
        else t.thresholdSlot = -2;
        return { test, ops: [this.value(n.lo), this.value(n.x), this.value(n.hi)], off, t };
      }
      case 'in': {
        const t = this.template(n, [num(n.x)], 0);
        t.threshold = n.list;
        return { test, ops: [this.value(n.x)], off, t };
      }
      case 'has': {
        // The actual value is the fact as given (its members joined when read).
        const a = n.a;
        return { test, ops: [() => this.facts[a] as RowValue], off, t: this.template(n, [false], 0) };
      }
      default:
        // A boolean operand used as a condition: an attribute, a table, an if.
        return { test, ops: [this.value(n)], off, t: this.template(n, [false], 0) };
    }
  }
}

/**
 * Evaluates the conditions of one tree for the subject on the cursor into the store from slot
 * `o`: each condition's verdict, then the values it compared.
 */
function fill(p: TreePlan, c: RowCursor, s: Store, o: number): void {
  const leaves = p.leaves;
  for (let j = 0; j < leaves.length; j++) {
    const leaf = leaves[j];
    const at = o + leaf.off;
    s.h[at] = leaf.test(c) ? 1 : 0;
    const ops = leaf.ops;
    const num = leaf.t.num;
    for (let k = 0; k < ops.length; k++) {
      const v = ops[k](c);
      if (num[k]) s.f[at + k] = v as number;
      else s.r[at + k] = v;
    }
  }
}

const plans = new WeakMap<object, ExplainPlan>();

/** The explanation plan of a schema (built once per schema object). */
export function planFor(attrs: Map<string, AttributeDef> | AttributeDef[]): ExplainPlan {
  let p = plans.get(attrs);
  if (!p) {
    const map = attrs instanceof Map ? attrs : new Map(attrs.map((a) => [a.key, a]));
    p = new ExplainPlan(map, new Renderer(map));
    plans.set(attrs, p);
  }
  return p;
}

/**
 * Evaluates one subject against every compiled unit, with an explanation per condition in Chinese
 * and English ("营业收入 2.1 亿元 ≤ 2 亿元 — 不符合"). Every condition of every unit is evaluated
 * and its values and verdict recorded before the call returns; the explanation objects of a
 * unit's items are built when first read and the sentences when read, or both when serialised.
 * Nodes are compiled to row closures once per schema and node; values several units share are
 * computed once per subject. The facts are read under `attrs` (the schema `s` was built from).
 * @example const results = explainSubject(units, rowSubject(facts, schema), schema)
 */
export function explainSubject(units: CompiledUnit[], s: RowSubject, attrs: Map<string, AttributeDef> | AttributeDef[]): SubjectResult[] {
  const plan = planFor(attrs);
  const trees: TreePlan[] = new Array(units.length);
  let slots = 0;
  for (let k = 0; k < units.length; k++) {
    trees[k] = plan.tree(units[k].eligibility);
    slots += trees[k].slots;
  }
  const store: Store = { f: new Float64Array(slots), r: new Array(slots), h: new Uint8Array(slots) };
  const c = plan.load(s.facts);
  const out: SubjectResult[] = new Array(units.length);
  let o = 0;
  for (let k = 0; k < units.length; k++) {
    const u = units[k];
    const p = trees[k];
    fill(p, c, store, o);
    const shape = p.shape;
    const held = verdictOf(shape, store.h, o);
    const explanation = shape.k === 'leaf' ? explanationOf(shape, store, o) : new Group(shape, held, store, o);
    o += p.slots;
    const eligible = u.inForce && held;
    const b = u.benefit;
    let amount = 0;
    if (eligible && b) amount = amountFor(b, b.k === 'fixed' ? 0 : (plan.value(b.base)(c) as number));
    const result: SubjectResult = { id: u.id, version: u.version, title: u.title, inForce: u.inForce, eligible, amount, explanation };
    if (eligible && b) result.amountText = { zh: formatFenZh(amount), en: formatFenEn(amount) };
    out[k] = result;
  }
  return out;
}
