import { packedCivil } from './dates.ts';
import type { Node, TableIR, TestIR } from './ir.ts';
import type { RowValue } from './row-eval.ts';
import { MISSING_BOOL, MISSING_CODE, type ColumnSnapshot } from './snapshot.ts';

/**
 * Compiled row evaluators: each compiled node becomes, once, a closure reading one row of a
 * columnar snapshot. The closures follow the row reference (`row-eval.ts`) value for value —
 * numbers and dates as numbers (NaN = missing), text as strings, booleans as booleans, missing
 * text or boolean undefined — and are checked against it by the property tests. They serve where
 * the column-wide kernels would do needless work: a single subject (explanations, over a one-row
 * snapshot) and the few survivors of an AND (the sandbox).
 */

/** Where a compiled evaluator reads: the row, and the memo of the current row's shared values. */
export class RowCursor {
  /** Row index in the snapshot. */
  i = 0;
  /** Bumped for every new row (or new subject): memo entries of older tags are stale. */
  tag = 1;
  readonly vals: RowValue[] = [];
  readonly tags: number[] = [];

  /** Moves to row `i`, forgetting the memo. */
  at(i: number): this {
    this.i = i;
    this.tag++;
    return this;
  }
}

/** A compiled node: its value on the cursor's row. */
export type RowFn = (c: RowCursor) => RowValue;

/** Nodes whose value is worth computing once per row when several units share them. */
const MEMO = new Set<Node['k']>(['sumP', 'avgP', 'ratioP', 'age', 'table', 'arith', 'min', 'max', 'if']);

/**
 * Compiles nodes to row closures over one snapshot. Closures are cached per node object and
 * bound to the snapshot's arrays (a snapshot written in place, as the one-row snapshot of
 * explanations is, stays valid). Values shared by many units (same key) are memoised per row.
 * @example const f = new RowCompiler(snap).fn(unit.eligibility); f(cursor.at(17)) === true
 */
export class RowCompiler {
  private readonly fns = new WeakMap<Node, RowFn>();
  private readonly ids = new Map<string, number>();

  constructor(readonly snap: ColumnSnapshot) {}

  /** The compiled closure of a node. */
  fn(n: Node): RowFn {
    let f = this.fns.get(n);
    if (!f) {
      f = this.build(n);
      if (MEMO.has(n.k)) f = this.memo(n.key, f);
      this.fns.set(n, f);
    }
    return f;
  }

  /** A condition as a predicate (true only; missing does not hold). */
  test(n: Node): (c: RowCursor) => boolean {
    const f = this.fn(n);
    return (c) => f(c) === true;
  }

  private memo(key: string, f: RowFn): RowFn {
    let id = this.ids.get(key);
    if (id === undefined) { id = this.ids.size; this.ids.set(key, id); }
    const slot = id;
    return (c) => {
      if (c.tags[slot] === c.tag) return c.vals[slot];
      const v = f(c);
      c.tags[slot] = c.tag;
      c.vals[slot] = v;
      return v;
    };
  }

  private numColumn(a: string, p: number): Float64Array | undefined {
    const col = this.snap.columns[a];
    return col?.kind === 'num' ? col.periods[p] : undefined;
  }

  private sum(a: string, n: number): (i: number) => number {
    const cols: Float64Array[] = [];
    let missing = false;
    for (let p = 0; p < n; p++) {
      const c = this.numColumn(a, p);
      if (c) cols.push(c);
      else missing = true;
    }
    if (missing) return () => NaN;
    if (n === 3) { const [x, y, z] = cols; return (i) => x[i] + y[i] + z[i]; }
    if (n === 4) { const [x, y, z, w] = cols; return (i) => x[i] + y[i] + z[i] + w[i]; }
    return (i) => { let s = 0; for (let p = 0; p < cols.length; p++) s += cols[p][i]; return s; };
  }

  private build(n: Node): RowFn {
    switch (n.k) {
      case 'lit': {
        const v = n.v;
        return () => v;
      }
      case 'attr': return this.attr(n);
      case 'sumP': { const s = this.sum(n.a, n.n); return (c) => s(c.i); }
      case 'avgP': { const s = this.sum(n.a, n.n); const k = n.n; return (c) => s(c.i) / k; }
      case 'ratioP': {
        const a = this.sum(n.a, n.n);
        const b = this.sum(n.b, n.n);
        return (c) => { const den = b(c.i); return den === 0 ? NaN : a(c.i) / den; };
      }
      case 'age': {
        const x = this.fn(n.x);
        const to = packedCivil(n.asOf);
        return (c) => { const v = x(c) as number; return v !== v ? NaN : Math.floor((to - packedCivil(v)) / 10000); };
      }
      case 'cmp': return compareFn(n.op, this.fn(n.l), this.fn(n.r), n.l.t === 'num' || n.l.t === 'date');
      case 'between': {
        const lo = this.fn(n.lo);
        const x = this.fn(n.x);
        const hi = this.fn(n.hi);
        const strict = n.op === '<';
        // Numbers or dates only (the compiler checks): NaN fails both comparisons.
        return strict ? (c) => { const v = x(c) as number; return (lo(c) as number) < v && v < (hi(c) as number); }
          : (c) => { const v = x(c) as number; return (lo(c) as number) <= v && v <= (hi(c) as number); };
      }
      case 'in': {
        const x = this.fn(n.x);
        const list = n.list;
        if (list.length === 1) { const only = list[0]; return (c) => x(c) === only; }
        return (c) => { const v = x(c); return v !== undefined && v === v && list.includes(v); };
      }
      case 'has': {
        const col = this.snap.columns[n.a];
        if (col?.kind !== 'set') return () => false;
        const bit = col.members.indexOf(n.member);
        if (bit < 0) return () => false;
        const arr = col.periods[0];
        return (c) => ((arr[c.i] >>> bit) & 1) === 1;
      }
      case 'and': {
        const xs = n.xs.map((x) => this.fn(x));
        if (xs.length === 2) { const [a, b] = xs; return (c) => a(c) === true && b(c) === true; }
        return (c) => { for (let k = 0; k < xs.length; k++) if (xs[k](c) !== true) return false; return true; };
      }
      case 'or': {
        const xs = n.xs.map((x) => this.fn(x));
        return (c) => { for (let k = 0; k < xs.length; k++) if (xs[k](c) === true) return true; return false; };
      }
      case 'not': { const x = this.fn(n.x); return (c) => x(c) !== true; }
      case 'arith': {
        const xs = n.xs.map((x) => this.fn(x));
        const op = n.op;
        if (xs.length === 2) {
          const [a, b] = xs;
          if (op === '+') return (c) => (a(c) as number) + (b(c) as number);
          if (op === '-') return (c) => (a(c) as number) - (b(c) as number);
          if (op === '*') return (c) => (a(c) as number) * (b(c) as number);
          return (c) => { const l = a(c) as number; const r = b(c) as number; return r === 0 ? NaN : l / r; };
        }
        return (c) => {
          let acc = xs[0](c) as number;
          for (let k = 1; k < xs.length; k++) {
            const v = xs[k](c) as number;
            if (op === '+') acc += v;
            else if (op === '-') acc -= v;
            else if (op === '*') acc *= v;
            else acc = v === 0 ? NaN : acc / v;
          }
          return acc;
        };
      }
      case 'min':
      case 'max': {
        const xs = n.xs.map((x) => this.fn(x));
        const f = n.k === 'min' ? Math.min : Math.max;
        return (c) => { let acc = xs[0](c) as number; for (let k = 1; k < xs.length; k++) acc = f(acc, xs[k](c) as number); return acc; };
      }
      case 'if': {
        const xs = n.xs.map((x) => this.fn(x));
        const last = xs.length - 1;
        return (c) => {
          for (let k = 0; k < last; k += 2) if (xs[k](c) === true) return xs[k + 1](c);
          return xs[last](c);
        };
      }
      case 'table': return this.table(n.table);
    }
  }

  private attr(n: Extract<Node, { k: 'attr' }>): RowFn {
    const col = this.snap.columns[n.a];
    const arr = col?.periods[n.p];
    if (!col || !arr) return n.t === 'num' || n.t === 'date' ? () => NaN : () => undefined;
    switch (col.kind) {
      case 'num': { const a = arr as Float64Array; return (c) => a[c.i]; }
      case 'code': {
        const a = arr as Int32Array;
        const dict = col.dict;
        return (c) => { const code = a[c.i]; return code === MISSING_CODE ? undefined : dict[code]; };
      }
      case 'bool': {
        const a = arr as Uint8Array;
        return (c) => { const v = a[c.i]; return v === MISSING_BOOL ? undefined : v === 1; };
      }
      case 'set': return () => undefined;
    }
  }

  private table(t: TableIR): RowFn {
    const inputs = t.inputs.map((x) => this.fn(x));
    const rows = t.rows.map((r) => ({ tests: r.tests.map(cellTest), out: r.out }));
    const width = inputs.length;
    const vs: RowValue[] = new Array(width);
    if (t.hit !== 'collect') {
      const def = t.def ?? (t.outType === 'num' ? NaN : undefined);
      return (c) => {
        for (let k = 0; k < width; k++) vs[k] = inputs[k](c);
        for (let r = 0; r < rows.length; r++) {
          const tests = rows[r].tests;
          let ok = true;
          for (let k = 0; k < width && ok; k++) ok = tests[k](vs[k]);
          if (ok) return rows[r].out;
        }
        return def;
      };
    }
    const agg = t.agg;
    const def = t.def as number | undefined;
    return (c) => {
      for (let k = 0; k < width; k++) vs[k] = inputs[k](c);
      let acc: number | undefined;
      let count = 0;
      for (let r = 0; r < rows.length; r++) {
        const tests = rows[r].tests;
        let ok = true;
        for (let k = 0; k < width && ok; k++) ok = tests[k](vs[k]);
        if (!ok) continue;
        count++;
        const o = rows[r].out as number;
        acc = acc === undefined ? o : agg === 'sum' ? acc + o : agg === 'min' ? Math.min(acc, o) : Math.max(acc, o);
      }
      return agg === 'count' ? count : (acc ?? def ?? NaN);
    };
  }
}

function compareFn(op: string, l: RowFn, r: RowFn, numeric: boolean): RowFn {
  if (numeric) {
    // NaN (missing) fails every comparison; `!=` must check it explicitly.
    switch (op) {
      case '==': return (c) => l(c) === r(c);
      case '!=': return (c) => { const a = l(c) as number; const b = r(c) as number; return a === a && b === b && a !== b; };
      case '<': return (c) => (l(c) as number) < (r(c) as number);
      case '<=': return (c) => (l(c) as number) <= (r(c) as number);
      case '>': return (c) => (l(c) as number) > (r(c) as number);
      default: return (c) => (l(c) as number) >= (r(c) as number);
    }
  }
  // Text and booleans: equality only; a missing side never holds.
  if (op === '==') return (c) => { const a = l(c); const b = r(c); return a !== undefined && b !== undefined && a === b; };
  return (c) => { const a = l(c); const b = r(c); return a !== undefined && b !== undefined && a !== b; };
}

function cellTest(t: TestIR): (v: RowValue) => boolean {
  if (t.t === 'any') return () => true;
  if (t.t === 'in') {
    const values = t.values;
    return (v) => v !== undefined && v === v && values.includes(v);
  }
  const { lo, hi, loIncl, hiIncl } = t;
  // Same test as the row reference: NaN and non-numbers fail.
  return (v) => typeof v === 'number' && (v > lo || (loIncl && v === lo)) && (v < hi || (hiIncl && v === hi));
}
