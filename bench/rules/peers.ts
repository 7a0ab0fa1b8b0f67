// Translations of compiled units for the peer engines measured side by side with ours:
// json-logic-js (JsonLogic AST), @gorules/zen-engine (ZEN expression strings) and
// json-rules-engine (condition trees with computed facts). Subjects are flattened facts:
// periodic attributes as key_0, key_1, …; dates' complete years as key_age.
import { completeYears } from '../../src/engines/rules/dates.ts';
import type { Node, TableIR, TestIR } from '../../src/engines/rules/ir.ts';
import { readFacts, type ColumnSnapshot } from '../../src/engines/rules/snapshot.ts';

/** A flat fact object. */
export type Flat = Record<string, number | string | boolean | string[] | undefined>;

/** Flattens snapshot rows [0, n) for the peers (as of `asOfDays` for ages). */
export function flatFacts(snap: ColumnSnapshot, n: number, asOfDays: number): Flat[] {
  const out: Flat[] = [];
  for (let i = 0; i < n; i++) {
    const f = readFacts(snap, i);
    const flat: Flat = {};
    for (const a of snap.schema) {
      const v = f[a.key];
      if ((a.periods ?? 1) > 1) (v as (number | undefined)[]).forEach((x, p) => { flat[`${a.key}_${p}`] = x; });
      else flat[a.key] = v as Flat[string];
      if (a.type === 'date') flat[`${a.key}_age`] = completeYears(snap.columns[a.key].periods[0][i] as number, asOfDays);
    }
    out.push(flat);
  }
  return out;
}

type JL = unknown;
const varName = (a: string, p: number, periodic: boolean) => (periodic ? `${a}_${p}` : a);

/** JsonLogic for a node (`periodic` tells which attributes were flattened with _p). */
export function toJsonLogic(n: Node, periodic: Set<string>): JL {
  const v = (a: string, p: number) => ({ var: varName(a, p, periodic.has(a)) });
  const sum = (a: string, k: number) => ({ '+': Array.from({ length: k }, (_, p) => v(a, p)) });
  const r = (x: Node) => toJsonLogic(x, periodic);
  switch (n.k) {
    case 'lit': return n.v;
    case 'attr': return v(n.a, n.p);
    case 'sumP': return sum(n.a, n.n);
    case 'avgP': return { '/': [sum(n.a, n.n), n.n] };
    case 'ratioP': return { '/': [sum(n.a, n.n), sum(n.b, n.n)] };
    case 'age': return { var: `${(n.x as { a: string }).a}_age` };
    case 'cmp': return { [n.op === '==' ? '===' : n.op === '!=' ? '!==' : n.op]: [r(n.l), r(n.r)] };
    case 'between': return { [n.op]: [r(n.lo), r(n.x), r(n.hi)] };
    case 'in': return { in: [r(n.x), n.list] };
    case 'has': return { in: [n.member, { var: n.a }] };
    case 'and': return { and: n.xs.map(r) };
    case 'or': return { or: n.xs.map(r) };
    case 'not': return { '!': [r(n.x)] };
    case 'arith': return { [n.op]: n.xs.map(r) };
    case 'min': case 'max': return { [n.k]: n.xs.map(r) };
    case 'if': return { if: n.xs.map(r) };
    case 'table': return tableToIf(n.table, (x) => r(x), (t, x) => testJL(t, x));
  }
}

function testJL(t: TestIR, x: JL): JL {
  if (t.t === 'any') return true;
  if (t.t === 'in') return { in: [x, t.values] };
  const parts: JL[] = [];
  if (t.lo !== -Infinity) parts.push({ [t.loIncl ? '>=' : '>']: [x, t.lo] });
  if (t.hi !== Infinity) parts.push({ [t.hiIncl ? '<=' : '<']: [x, t.hi] });
  return parts.length === 1 ? parts[0] : { and: parts };
}

function tableToIf(t: TableIR, input: (x: Node) => JL, test: (t: TestIR, x: JL) => JL): JL {
  if (t.hit === 'collect') throw new Error('collect tables are not translated for peers');
  const ins = t.inputs.map(input);
  const chain: JL[] = [];
  for (const row of t.rows) chain.push({ and: row.tests.map((c, i) => test(c, ins[i])) }, row.out);
  chain.push(t.def ?? null);
  return { if: chain };
}

const q = (s: unknown) => (typeof s === 'string' ? `'${s}'` : String(s));

/** A ZEN expression for a node. */
export function toZen(n: Node, periodic: Set<string>): string {
  const v = (a: string, p: number) => varName(a, p, periodic.has(a));
  const sum = (a: string, k: number) => `(${Array.from({ length: k }, (_, p) => v(a, p)).join(' + ')})`;
  const r = (x: Node) => toZen(x, periodic);
  switch (n.k) {
    case 'lit': return q(n.v);
    case 'attr': return v(n.a, n.p);
    case 'sumP': return sum(n.a, n.n);
    case 'avgP': return `(${sum(n.a, n.n)} / ${n.n})`;
    case 'ratioP': return `(${sum(n.a, n.n)} / ${sum(n.b, n.n)})`;
    case 'age': return `${(n.x as { a: string }).a}_age`;
    case 'cmp': return `(${r(n.l)} ${n.op} ${r(n.r)})`;
    case 'between': return `(${r(n.lo)} ${n.op} ${r(n.x)} and ${r(n.x)} ${n.op} ${r(n.hi)})`;
    case 'in': return `(${r(n.x)} in [${n.list.map(q).join(', ')}])`;
    case 'has': return `('${n.member}' in ${n.a})`;
    case 'and': return `(${n.xs.map(r).join(' and ')})`;
    case 'or': return `(${n.xs.map(r).join(' or ')})`;
    case 'not': return `not(${r(n.x)})`;
    case 'arith': return `(${n.xs.map(r).join(` ${n.op} `)})`;
    case 'min': case 'max': return `${n.k}([${n.xs.map(r).join(', ')}])`;
    case 'if': {
      let s = r(n.xs[n.xs.length - 1]);
      for (let i = n.xs.length - 3; i >= 0; i -= 2) s = `(${r(n.xs[i])} ? ${r(n.xs[i + 1])} : ${s})`;
      return s;
    }
    case 'table': {
      const t = n.table;
      const ins = t.inputs.map(r);
      const test = (c: TestIR, x: string): string => {
        if (c.t === 'any') return 'true';
        if (c.t === 'in') return `(${x} in [${c.values.map(q).join(', ')}])`;
        const parts: string[] = [];
        if (c.lo !== -Infinity) parts.push(`${x} ${c.loIncl ? '>=' : '>'} ${c.lo}`);
        if (c.hi !== Infinity) parts.push(`${x} ${c.hiIncl ? '<=' : '<'} ${c.hi}`);
        return `(${parts.join(' and ')})`;
      };
      let s = t.def === undefined ? 'null' : q(t.def);
      for (let i = t.rows.length - 1; i >= 0; i--) s = `((${t.rows[i].tests.map((c, k) => test(c, ins[k])).join(' and ')}) ? ${q(t.rows[i].out)} : ${s})`;
      return s;
    }
  }
}

const JRE_OP: Record<string, string> = { '==': 'equal', '!=': 'notEqual', '<': 'lessThan', '<=': 'lessThanInclusive', '>': 'greaterThan', '>=': 'greaterThanInclusive' };

/**
 * A json-rules-engine condition for a node. Operands that are not plain facts become computed
 * facts (registered through `derive`, evaluated with json-logic-js on the current subject).
 */
export function toRulesEngine(n: Node, periodic: Set<string>, derive: (n: Node) => string): unknown {
  const fact = (x: Node): string => (x.k === 'attr' ? varName(x.a, x.p, periodic.has(x.a)) : x.k === 'age' ? `${(x.x as { a: string }).a}_age` : derive(x));
  const r = (x: Node) => toRulesEngine(x, periodic, derive);
  const flip: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
  switch (n.k) {
    case 'and': return { all: n.xs.map(r) };
    case 'or': return { any: n.xs.map(r) };
    case 'not': return { not: r(n.x) };
    case 'cmp': {
      const [l, rt, op] = n.l.k === 'lit' ? [n.r, n.l, flip[n.op]] : [n.l, n.r, n.op];
      return { fact: fact(l), operator: JRE_OP[op], value: rt.k === 'lit' ? rt.v : { fact: fact(rt) } };
    }
    case 'between': {
      const op = n.op === '<' ? ['greaterThan', 'lessThan'] : ['greaterThanInclusive', 'lessThanInclusive'];
      const bound = (b: Node) => (b.k === 'lit' ? b.v : { fact: fact(b) });
      return { all: [{ fact: fact(n.x), operator: op[0], value: bound(n.lo) }, { fact: fact(n.x), operator: op[1], value: bound(n.hi) }] };
    }
    case 'in': return { fact: fact(n.x), operator: 'in', value: n.list };
    case 'has': return { fact: n.a, operator: 'contains', value: n.member };
    case 'lit': return { fact: derive(n), operator: 'equal', value: true };
    default: return { fact: fact(n), operator: 'equal', value: true };
  }
}
