import type { FieldError } from '../../kernel/errors.ts';
import { isIsoDate, isoToDays } from './dates.ts';
import { makeNode, type CmpOp, type Display, type Node, type ValueType } from './ir.ts';
import { valueAsOf } from './params.ts';
import type { AttributeDef, Expr, Json, PolicyUnit } from './types.ts';

/** What compiling one unit's expressions needs: the vocabulary, the date, and where errors go. */
export interface ExprContext {
  attrs: Map<string, AttributeDef>;
  unit: PolicyUnit;
  asOf: string;
  asOfDays: number;
  errors: FieldError[];
  /** Compiles a named table of the unit (cached by the caller). */
  table(name: string, path: string): Node | undefined;
}

const CMP = new Set(['==', '!=', '<', '<=', '>', '>=']);
const ARITH = new Set(['+', '-', '*', '/']);
/** Every operator a unit may use: JsonLogic's own and the engine's additions. */
export const OPERATORS = [
  'var', 'param', 'table', 'period', 'sum_periods', 'avg_periods', 'ratio_sums', 'age_years',
  'and', 'or', '!', '==', '!=', '<', '<=', '>', '>=', 'in', '+', '-', '*', '/', 'min', 'max', 'if',
];

function displayOf(a: AttributeDef): Display {
  switch (a.type) {
    case 'money': return 'money';
    case 'integer': return 'integer';
    case 'number': return 'number';
    case 'date': return 'date';
    case 'boolean': return 'bool';
    default: return 'text';
  }
}

function typeOf(a: AttributeDef): ValueType {
  switch (a.type) {
    case 'money': case 'integer': case 'number': return 'num';
    case 'date': return 'date';
    case 'boolean': return 'bool';
    case 'set': return 'set';
    default: return 'str';
  }
}

function fail(ctx: ExprContext, field: string, rule: string, message: string): undefined {
  ctx.errors.push({ field, rule, message });
  return undefined;
}

/** Resolves `{ param: name }` to its value in force, or records why it cannot. */
export function resolveParam(ctx: ExprContext, name: unknown, path: string): { v: number | string | boolean; d: Display } | undefined {
  const def = typeof name === 'string' ? ctx.unit.parameters?.[name] : undefined;
  if (!def) return fail(ctx, path, 'parameter.unknown', `unknown parameter "${String(name)}"`);
  const v = valueAsOf(def, ctx.asOf);
  if (v === undefined) return fail(ctx, path, 'parameter.notInForce', `parameter "${name}" has no value in force on ${ctx.asOf}`);
  const d: Display = def.kind === 'money' ? 'money' : def.kind === 'ratio' ? 'ratio' : typeof v === 'string' ? 'text' : typeof v === 'boolean' ? 'bool' : 'number';
  return { v, d };
}

function attribute(ctx: ExprContext, key: unknown, path: string): AttributeDef | undefined {
  const a = typeof key === 'string' ? ctx.attrs.get(key) : undefined;
  if (!a) return fail(ctx, path, 'attribute.unknown', `unknown attribute "${String(key)}"`);
  return a;
}

function periodicNumeric(ctx: ExprContext, key: unknown, n: unknown, path: string, index = 0): AttributeDef | undefined {
  const a = attribute(ctx, key, `${path}/${index}`);
  if (!a) return undefined;
  if (typeOf(a) !== 'num') return fail(ctx, `${path}/${index}`, 'type.mismatch', `"${a.key}" is ${a.type}, a period sum needs a number`);
  const periods = a.periods ?? 1;
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > periods)
    return fail(ctx, path, 'period.outOfRange', `"${a.key}" holds ${periods} period(s); ${String(n)} asked`);
  return a;
}

/** Compiles a literal operand; a date string beside a date operand becomes a day number. */
function literal(ctx: ExprContext, e: Json, path: string, hint?: ValueType): Node | undefined {
  if (typeof e === 'number') {
    if (!Number.isFinite(e)) return fail(ctx, path, 'type.number', 'numbers must be finite');
    return makeNode({ k: 'lit', v: e, t: 'num', d: 'number' });
  }
  if (typeof e === 'boolean') return makeNode({ k: 'lit', v: e, t: 'bool', d: 'bool' });
  if (typeof e === 'string') {
    if (hint === 'date') {
      if (!isIsoDate(e)) return fail(ctx, path, 'date.format', `"${e}" is not a YYYY-MM-DD date`);
      return makeNode({ k: 'lit', v: isoToDays(e), t: 'date', d: 'date' });
    }
    return makeNode({ k: 'lit', v: e, t: 'str', d: 'text' });
  }
  return fail(ctx, path, 'expr.literal', `a ${e === null ? 'null' : Array.isArray(e) ? 'list' : 'object'} is not a value here`);
}

function args(e: Json): Json[] {
  return Array.isArray(e) ? e : [e];
}

/**
 * Compiles one expression at `path` (a JSON Pointer). `hint` is the type of the other operand of
 * a comparison, which lets a date literal or an enum member be read correctly.
 */
export function compileExpr(ctx: ExprContext, e: Expr, path: string, hint?: ValueType): Node | undefined {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return literal(ctx, e, path, hint);
  const ops = Object.keys(e);
  if (ops.length !== 1) return fail(ctx, path, 'expr.oneOperator', `an operation is an object with exactly one operator, found ${ops.length}`);
  const op = ops[0];
  const raw = e[op];
  const p = `${path}/${op.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const a = args(raw);
  switch (op) {
    case 'var': {
      const attr = attribute(ctx, a[0], p);
      if (!attr) return undefined;
      return makeNode({ k: 'attr', a: attr.key, p: 0, t: typeOf(attr), d: displayOf(attr) });
    }
    case 'param': {
      const r = resolveParam(ctx, a[0], p);
      if (!r) return undefined;
      let v = r.v;
      let t: ValueType = typeof v === 'number' ? 'num' : typeof v === 'boolean' ? 'bool' : 'str';
      if (hint === 'date' && typeof v === 'string') {
        if (!isIsoDate(v)) return fail(ctx, p, 'date.format', `parameter value "${v}" is not a date`);
        v = isoToDays(v);
        t = 'date';
      }
      return makeNode({ k: 'lit', v, t, d: t === 'date' ? 'date' : r.d, param: String(a[0]) });
    }
    case 'table':
      return typeof a[0] === 'string' ? ctx.table(a[0], p) : fail(ctx, p, 'table.unknown', 'a table is named by a string');
    case 'period': {
      const attr = attribute(ctx, a[0], `${p}/0`);
      if (!attr) return undefined;
      const k = a[1];
      const periods = attr.periods ?? 1;
      if (!Number.isInteger(k) || (k as number) < 0 || (k as number) >= periods)
        return fail(ctx, p, 'period.outOfRange', `"${attr.key}" holds ${periods} period(s); offset ${String(k)} asked`);
      return makeNode({ k: 'attr', a: attr.key, p: k as number, t: typeOf(attr), d: displayOf(attr) });
    }
    case 'sum_periods':
    case 'avg_periods': {
      const attr = periodicNumeric(ctx, a[0], a[1], p);
      if (!attr) return undefined;
      return makeNode({ k: op === 'sum_periods' ? 'sumP' : 'avgP', a: attr.key, n: a[1] as number, t: 'num', d: displayOf(attr) });
    }
    case 'ratio_sums': {
      const num = periodicNumeric(ctx, a[0], a[2], p);
      const den = periodicNumeric(ctx, a[1], a[2], p, 1);
      if (!num || !den) return undefined;
      return makeNode({ k: 'ratioP', a: num.key, b: den.key, n: a[2] as number, t: 'num', d: 'ratio' });
    }
    case 'age_years': {
      const x = compileExpr(ctx, a[0], `${p}/0`, 'date');
      if (!x) return undefined;
      if (x.t !== 'date') return fail(ctx, `${p}/0`, 'type.mismatch', `age_years needs a date, found ${x.t}`);
      return makeNode({ k: 'age', x, asOf: ctx.asOfDays, t: 'num', d: 'integer' });
    }
    case 'and':
    case 'or': {
      if (a.length === 0) return fail(ctx, p, 'expr.arity', `${op} needs at least one operand`);
      const xs = a.map((x, i) => compileExpr(ctx, x, `${p}/${i}`));
      if (xs.some((x) => !x)) return undefined;
      const bad = xs.findIndex((x) => x!.t !== 'bool');
      if (bad >= 0) return fail(ctx, `${p}/${bad}`, 'type.mismatch', `${op} needs conditions, found a ${xs[bad]!.t}`);
      return makeNode({ k: op, xs: xs as Node[], t: 'bool', d: 'bool' });
    }
    case '!': {
      if (a.length !== 1) return fail(ctx, p, 'expr.arity', '! takes one operand');
      const x = compileExpr(ctx, a[0], `${p}/0`);
      if (!x) return undefined;
      if (x.t !== 'bool') return fail(ctx, `${p}/0`, 'type.mismatch', `! needs a condition, found a ${x.t}`);
      return makeNode({ k: 'not', x, t: 'bool', d: 'bool' });
    }
    case 'in':
      return compileIn(ctx, a, p);
    case 'if':
      return compileIf(ctx, a, p);
    default:
      if (CMP.has(op)) return compileCmp(ctx, op as CmpOp, a, p);
      if (ARITH.has(op) || op === 'min' || op === 'max') return compileArith(ctx, op, a, p);
      return fail(ctx, p, 'expr.unknownOperator', `unknown operator "${op}" (known: ${OPERATORS.join(' ')})`);
  }
}

function compileOperands(ctx: ExprContext, a: Json[], p: string): Node[] | undefined {
  // Compile non-literals first so a literal can take its type (date, enum) from its neighbour.
  const out: (Node | undefined)[] = a.map((x, i) => (x !== null && typeof x === 'object' ? compileExpr(ctx, x, `${p}/${i}`) : undefined));
  const hint = out.find((x) => x)?.t;
  const all = a.map((x, i) => out[i] ?? (x !== null && typeof x === 'object' ? undefined : literal(ctx, x, `${p}/${i}`, hint)));
  return all.every((x) => x) ? (all as Node[]) : undefined;
}

function checkEnumLiteral(ctx: ExprContext, other: Node, lit: Node, path: string): boolean {
  if (other.k !== 'attr' || lit.k !== 'lit' || typeof lit.v !== 'string') return true;
  const def = ctx.attrs.get(other.a);
  if (def?.type === 'enum' && def.values && !def.values.includes(lit.v)) {
    fail(ctx, path, 'enum.unknownValue', `"${lit.v}" is not a value of "${def.key}" (${def.values.join(', ')})`);
    return false;
  }
  return true;
}

function compileCmp(ctx: ExprContext, op: CmpOp, a: Json[], p: string): Node | undefined {
  const between = (op === '<' || op === '<=') && a.length === 3;
  if (a.length !== 2 && !between) return fail(ctx, p, 'expr.arity', `${op} takes two operands${op === '<' || op === '<=' ? ' (or three: between)' : ''}`);
  const xs = compileOperands(ctx, a, p);
  if (!xs) return undefined;
  const t0 = xs[0].t;
  const bad = xs.findIndex((x) => x.t !== t0);
  if (bad >= 0) return fail(ctx, `${p}/${bad}`, 'type.mismatch', `cannot compare a ${t0} with a ${xs[bad].t}`);
  if (t0 === 'set') return fail(ctx, p, 'type.mismatch', 'a set is tested with "in", not compared');
  if (op !== '==' && op !== '!=' && t0 !== 'num' && t0 !== 'date')
    return fail(ctx, p, 'type.mismatch', `${op} needs numbers or dates, found ${t0}`);
  if (!checkEnumLiteral(ctx, xs[0], xs[1], `${p}/1`) || !checkEnumLiteral(ctx, xs[1], xs[0], `${p}/0`)) return undefined;
  let d = xs.find((x) => x.k !== 'lit')?.d ?? xs[0].d;
  // A quotient compared with a ratio parameter reads best as a percentage.
  if (d === 'number' && xs.some((x) => x.d === 'ratio')) d = 'ratio';
  if (between) return makeNode({ k: 'between', op: op as '<' | '<=', lo: xs[0], x: xs[1], hi: xs[2], t: 'bool', d });
  return makeNode({ k: 'cmp', op, l: xs[0], r: xs[1], t: 'bool', d });
}

function compileIn(ctx: ExprContext, a: Json[], p: string): Node | undefined {
  if (a.length !== 2) return fail(ctx, p, 'expr.arity', 'in takes two operands: a value and a list (or a set attribute)');
  const [x, list] = a;
  if (list !== null && typeof list === 'object' && !Array.isArray(list)) {
    // Set membership: { in: ['member', { var: 'setAttr' }] }.
    const set = compileExpr(ctx, list, `${p}/1`);
    if (!set) return undefined;
    if (set.t !== 'set' || set.k !== 'attr') return fail(ctx, `${p}/1`, 'type.mismatch', 'the second operand of in must be a list or a set attribute');
    if (typeof x !== 'string') return fail(ctx, `${p}/0`, 'type.mismatch', 'set membership tests a member name (a string)');
    const def = ctx.attrs.get(set.a)!;
    if (!def.values?.includes(x)) return fail(ctx, `${p}/0`, 'enum.unknownValue', `"${x}" is not a member of "${def.key}"`);
    return makeNode({ k: 'has', a: set.a, member: x, t: 'bool', d: 'bool' });
  }
  if (!Array.isArray(list)) return fail(ctx, `${p}/1`, 'type.mismatch', 'the second operand of in must be a list or a set attribute');
  const xn = compileExpr(ctx, x, `${p}/0`);
  if (!xn) return undefined;
  if (xn.t === 'set' || xn.t === 'bool') return fail(ctx, `${p}/0`, 'type.mismatch', `in tests a number, date or text, found ${xn.t}`);
  const values: (string | number)[] = [];
  for (let i = 0; i < list.length; i++) {
    const lit = literal(ctx, list[i], `${p}/1/${i}`, xn.t);
    if (!lit) return undefined;
    if (lit.t !== xn.t) return fail(ctx, `${p}/1/${i}`, 'type.mismatch', `list item is ${lit.t}, the value is ${xn.t}`);
    if (!checkEnumLiteral(ctx, xn, lit, `${p}/1/${i}`)) return undefined;
    if (lit.k === 'lit') values.push(lit.v as string | number);
  }
  return makeNode({ k: 'in', x: xn, list: values, t: 'bool', d: xn.d });
}

function compileArith(ctx: ExprContext, op: string, a: Json[], p: string): Node | undefined {
  if (a.length === 0 || ((op === '/' || op === '*') && a.length < 2)) return fail(ctx, p, 'expr.arity', `${op} needs ${op === '/' || op === '*' ? 'two' : 'at least one'} operand(s)`);
  const xs = compileOperands(ctx, a, p);
  if (!xs) return undefined;
  const bad = xs.findIndex((x) => x.t !== 'num');
  if (bad >= 0) return fail(ctx, `${p}/${bad}`, 'type.mismatch', `${op} needs numbers, found ${xs[bad].t}`);
  const d: Display = op === '/' ? 'number' : (xs.find((x) => x.k !== 'lit')?.d ?? 'number');
  if (op === 'min' || op === 'max') return makeNode({ k: op, xs, t: 'num', d });
  const args = op === '-' && xs.length === 1 ? [makeNode({ k: 'lit', v: 0, t: 'num', d: 'number' }), xs[0]] : xs;
  return makeNode({ k: 'arith', op: op as '+' | '-' | '*' | '/', xs: args, t: 'num', d });
}

function compileIf(ctx: ExprContext, a: Json[], p: string): Node | undefined {
  if (a.length < 3 || a.length % 2 === 0) return fail(ctx, p, 'expr.arity', 'if takes condition, then, [condition, then, …] else');
  const xs = a.map((x, i) => compileExpr(ctx, x, `${p}/${i}`));
  if (xs.some((x) => !x)) return undefined;
  const ns = xs as Node[];
  for (let i = 0; i + 1 < ns.length; i += 2)
    if (ns[i].t !== 'bool') return fail(ctx, `${p}/${i}`, 'type.mismatch', `if needs a condition, found ${ns[i].t}`);
  const results = ns.filter((_, i) => i % 2 === 1 || i === ns.length - 1);
  const t = results[0].t;
  if (t !== 'num' && t !== 'bool') return fail(ctx, `${p}/1`, 'type.mismatch', `if results must be numbers or conditions, found ${t}`);
  const bad = ns.findIndex((x, i) => (i % 2 === 1 || i === ns.length - 1) && x.t !== t);
  if (bad >= 0) return fail(ctx, `${p}/${bad}`, 'type.mismatch', `every if result must be a ${t}`);
  return makeNode({ k: 'if', xs: ns, t, d: results.find((x) => x.k !== 'lit')?.d ?? results[0].d });
}
