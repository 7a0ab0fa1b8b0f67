/**
 * A small, safe expression language for gateway conditions, collections and
 * attribute templates: no `eval`, no access to anything but the variables given.
 *
 * Grammar (lowest precedence first): `a || b`, `a && b`, `a == b` / `!=`,
 * `<` `<=` `>` `>=` `in`, `+` `-`, `*` `/` `%`, unary `!` `-`, then
 * literals (numbers, 'strings', "strings", true, false, null, [lists]),
 * variables with `.name` and `[index]` access, and the functions
 * `len(x)`, `contains(list|string, x)`, `lower(s)`, `upper(s)`.
 * `and`, `or`, `not` are accepted for `&&`, `||`, `!`. A `${…}` wrapper is stripped.
 */

import { firstTooDeep } from '../../kernel/json-depth.ts';

/** The parsed form of an expression: plain JSON, stored with the compiled definition. */
export type Expr =
  | { t: 'lit'; v: unknown }
  | { t: 'var'; name: string }
  | { t: 'get'; obj: Expr; key: Expr }
  | { t: 'un'; op: '!' | '-'; a: Expr }
  | { t: 'bin'; op: string; a: Expr; b: Expr }
  | { t: 'call'; fn: string; args: Expr[] }
  | { t: 'list'; items: Expr[] };

/** A syntax or evaluation error, with the offending source text and position. */
export class ExpressionError extends Error {
  readonly source: string;
  readonly position: number;
  constructor(message: string, source: string, position = -1) {
    super(message);
    this.name = 'ExpressionError';
    this.source = source;
    this.position = position;
  }
}

type Tok = { k: 'num' | 'str' | 'id' | 'op'; v: string; p: number };

const OPS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')', '[', ']', ',', '.'];
const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = Object.assign(Object.create(null), {
  len: (x: unknown) => (typeof x === 'string' || Array.isArray(x) ? x.length : 0),
  contains: (c: unknown, x: unknown) => (Array.isArray(c) ? c.some((e) => e === x) : typeof c === 'string' && typeof x === 'string' && c.includes(x)),
  lower: (s: unknown) => String(s ?? '').toLowerCase(),
  upper: (s: unknown) => String(s ?? '').toUpperCase(),
});

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ k: 'num', v: m[0], p: i });
      i += m[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        s += src[j++];
      }
      if (j >= src.length) throw new ExpressionError('unterminated string', src, i);
      out.push({ k: 'str', v: s, p: i });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_\u4e00-\u9fff$]/.test(c)) {
      const m = /^[A-Za-z_\u4e00-\u9fff$][A-Za-z0-9_\u4e00-\u9fff$]*/.exec(src.slice(i))!;
      out.push({ k: 'id', v: m[0], p: i });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected character "${c}"`, src, i);
    out.push({ k: 'op', v: op, p: i });
    i += op.length;
  }
  return out;
}

const BINARY_LEVELS: string[][] = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>=', 'in'], ['+', '-'], ['*', '/', '%']];
const WORD_OPS: Record<string, string> = Object.assign(Object.create(null), { and: '&&', or: '||', not: '!' });

/**
 * How deep an expression may nest: parentheses, lists, calls, indexes and prefix operators within one another
 * (the parser recurses on each), and its tree in all (a chain `a || b || …` nests one level per operator, and
 * evaluation recurses on each). A thousand parentheses overflowed the parser's stack; conditions people write
 * nest a few levels.
 */
export const MAX_EXPRESSION_NESTING = 100;
export const MAX_EXPRESSION_DEPTH = 500;

/** Parses an expression into its JSON AST; throws ExpressionError on bad syntax or nesting past the limits. */
export function parseExpression(text: string): Expr {
  let src = text.trim();
  const wrapped = /^\$\{([\s\S]*)\}$/.exec(src);
  if (wrapped) src = wrapped[1];
  const toks = tokenize(src).map((t) => (t.k === 'id' && WORD_OPS[t.v] ? { ...t, k: 'op' as const, v: WORD_OPS[t.v] } : t));
  let pos = 0;
  const peek = () => toks[pos];
  const isOp = (v: string) => peek()?.k === 'op' && peek().v === v;
  const fail = (msg: string): never => {
    throw new ExpressionError(msg, src, peek()?.p ?? src.length);
  };
  const expect = (v: string) => (isOp(v) ? pos++ : fail(`expected "${v}"`));
  let nesting = 0;
  const nested = <T>(inner: () => T): T => {
    if (++nesting > MAX_EXPRESSION_NESTING) fail(`nested more than ${MAX_EXPRESSION_NESTING} deep (parentheses, lists, calls, indexes and ! or - within one another)`);
    const e = inner();
    nesting--;
    return e;
  };

  function binary(level: number): Expr {
    if (level === BINARY_LEVELS.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const t = peek();
      const op = t && ((t.k === 'op' && BINARY_LEVELS[level].includes(t.v)) || (t.k === 'id' && t.v === 'in' && BINARY_LEVELS[level].includes('in'))) ? t.v : undefined;
      if (!op) return left;
      pos++;
      left = { t: 'bin', op, a: left, b: binary(level + 1) };
    }
  }
  function unary(): Expr {
    if (isOp('!') || isOp('-')) {
      const op = peek().v as '!' | '-';
      pos++;
      return { t: 'un', op, a: nested(unary) };
    }
    return postfix(primary());
  }
  function postfix(e: Expr): Expr {
    for (;;) {
      if (isOp('.')) {
        pos++;
        const t = peek();
        if (t?.k !== 'id') fail('expected a name after "."');
        pos++;
        e = { t: 'get', obj: e, key: { t: 'lit', v: t.v } };
      } else if (isOp('[')) {
        pos++;
        const key = nested(() => binary(0));
        expect(']');
        e = { t: 'get', obj: e, key };
      } else return e;
    }
  }
  function primary(): Expr {
    const t = peek();
    if (!t) return fail('unexpected end of expression');
    pos++;
    if (t.k === 'num') return { t: 'lit', v: Number(t.v) };
    if (t.k === 'str') return { t: 'lit', v: t.v };
    if (t.k === 'id') {
      if (t.v === 'true' || t.v === 'false') return { t: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { t: 'lit', v: null };
      if (isOp('(')) {
        if (!FUNCTIONS[t.v]) { pos--; return fail(`unknown function "${t.v}"`); }
        pos++;
        const args: Expr[] = [];
        if (!isOp(')')) {
          do args.push(nested(() => binary(0)));
          while (isOp(',') && ++pos);
        }
        expect(')');
        return { t: 'call', fn: t.v, args };
      }
      return { t: 'var', name: t.v };
    }
    if (t.v === '(') {
      const e = nested(() => binary(0));
      expect(')');
      return e;
    }
    if (t.v === '[') {
      const items: Expr[] = [];
      if (!isOp(']')) {
        do items.push(nested(() => binary(0)));
        while (isOp(',') && ++pos);
      }
      expect(']');
      return { t: 'list', items };
    }
    pos--;
    return fail(`unexpected "${t.v}"`);
  }

  if (toks.length === 0) throw new ExpressionError('empty expression', src, 0);
  const e = binary(0);
  if (pos < toks.length) fail(`unexpected "${peek().v}"`);
  // The tree as JSON: a node is one level, a call's or list's arguments two.
  if (firstTooDeep(e, MAX_EXPRESSION_DEPTH)) throw new ExpressionError(`more than ${MAX_EXPRESSION_DEPTH} levels deep (a chain of operators nests one level per operator: write a long alternative as \`x in [...]\`)`, src, 0);
  return e;
}

/** Looks a variable up; returns undefined when it is not set. */
export type VariableLookup = (name: string) => unknown;

function compare(op: string, a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  if (typeof a === 'string' && typeof b === 'string') return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  return false;
}

function arithmetic(op: string, a: unknown, b: unknown): unknown {
  if (op === '+' && (typeof a === 'string' || typeof b === 'string')) return `${a ?? ''}${b ?? ''}`;
  if (typeof a !== 'number' || typeof b !== 'number') throw new Error(`"${op}" needs numbers, got ${typeof a} and ${typeof b}`);
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    default: return a % b;
  }
}

/** Evaluates an AST against variables; never throws for missing variables (they are undefined). */
export function evaluateExpression(e: Expr, lookup: VariableLookup): unknown {
  switch (e.t) {
    case 'lit': return e.v;
    case 'var': return lookup(e.name);
    case 'list': return e.items.map((i) => evaluateExpression(i, lookup));
    case 'get': {
      const obj = evaluateExpression(e.obj, lookup);
      const key = evaluateExpression(e.key, lookup);
      if (obj === null || typeof obj !== 'object') return undefined;
      if (typeof key !== 'string' && typeof key !== 'number') return undefined;
      return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string | number, unknown>)[key] : undefined;
    }
    case 'un': {
      const a = evaluateExpression(e.a, lookup);
      if (e.op === '!') return !a;
      if (typeof a !== 'number') throw new Error(`"-" needs a number, got ${typeof a}`);
      return -a;
    }
    case 'call': return FUNCTIONS[e.fn](...e.args.map((a) => evaluateExpression(a, lookup)));
    case 'bin': {
      if (e.op === '&&') return evaluateExpression(e.a, lookup) ? evaluateExpression(e.b, lookup) : false;
      if (e.op === '||') return evaluateExpression(e.a, lookup) || evaluateExpression(e.b, lookup);
      const a = evaluateExpression(e.a, lookup);
      const b = evaluateExpression(e.b, lookup);
      switch (e.op) {
        case '==': return (a ?? null) === (b ?? null);
        case '!=': return (a ?? null) !== (b ?? null);
        case 'in': return Array.isArray(b) ? b.some((x) => x === a) : typeof b === 'string' && typeof a === 'string' && b.includes(a);
        case '<': case '<=': case '>': case '>=': return compare(e.op, a, b);
        default: return arithmetic(e.op, a, b);
      }
    }
  }
}

/** A text with `${expr}` parts, such as `tax:${district}`. */
export type Template = Array<string | Expr>;

/** Parses a template; text without `${` is a single literal part. */
export function parseTemplate(text: string): Template {
  const parts: Template = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) { parts.push(text.slice(i)); break; }
    if (start > i) parts.push(text.slice(i, start));
    const end = text.indexOf('}', start);
    if (end < 0) throw new ExpressionError('unterminated "${"', text, start);
    parts.push(parseExpression(text.slice(start + 2, end)));
    i = end + 1;
  }
  return parts;
}

/** Renders a template; a template that is one expression returns its value unchanged. */
export function renderTemplate(template: Template, lookup: VariableLookup): unknown {
  if (template.length === 1 && typeof template[0] !== 'string') return evaluateExpression(template[0], lookup);
  return template.map((p) => (typeof p === 'string' ? p : String(evaluateExpression(p, lookup) ?? ''))).join('');
}
