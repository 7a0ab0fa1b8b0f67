import { ageColumn } from './dates.ts';
import { benefitKey, NodeIds, Scratch } from './column-support.ts';
import { tableKey, type BenefitIR, type Node, type TableIR, type TestIR } from './ir.ts';
import { cellBits, evaluateTable, type Codes, type TableValues } from './column-table.ts';
import { amountFor, roundHalfUp } from './row-eval.ts';
import { addInto, ratioOfSums, cmpScalar, cmpVector, codeIn, forEachBit, isZero, marginalAmounts, popcount, setHas, tailMask, triIs } from './kernels.ts';
import { RowCursor, type RowCompiler } from './row-compile.ts';
import { MISSING_BOOL, MISSING_CODE, type ColumnSnapshot } from './snapshot.ts';



export { NodeIds, Scratch } from './column-support.ts';


const FLIP: Record<string, string> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * With row closures, an AND stops evaluating column-wide once few subjects survive, and tests the
 * survivors one by one instead. A column kernel costs from ~1 ns a subject (a comparison) to tens
 * (a ratio of sums, a table); a compiled row test some tens of ns a survivor. So the share of
 * survivors under which the next condition goes row by row grows with its cost (NodeIds.cost):
 * cost / 40, at least 1/32, at most ROW_SHARE (1: always, 0: never).
 */
export const ROW_SHARE = 1 / 2;

function rowShareFor(cost: number, cap: number): number {
  return cap >= 1 ? 1 : Math.min(cap, Math.max(1 / 32, cost / 40));
}

/**
 * Evaluates compiled nodes over subjects [start, start + len) of a snapshot, a column at a time.
 * Every node's result is memoised by its key, so a predicate shared by many units is computed
 * once per range. Conditions come out as bitsets, numbers as Float64Arrays (NaN = missing).
 * @example const ev = new RangeEvaluator(snap, 0, snap.size); popcount(ev.bits(unit.eligibility))
 */
export class RangeEvaluator {
  readonly words: number;
  private memo: unknown[] = [];
  readonly tail: number;

  /**
   * `rows`: compiled row closures over the same snapshot; when given, an AND whose survivors are
   * few tests the rest of its conditions on the survivors only (see ROW_SHARE). The population
   * match does not use it: there the column-wide results are shared by many units.
   */
  constructor(readonly snap: ColumnSnapshot, readonly start: number, readonly len: number, private readonly ids = new NodeIds(), private readonly scratch?: Scratch, private readonly rows?: RowCompiler, public rowShare = ROW_SHARE) {
    this.words = (len + 31) >>> 5;
    this.tail = tailMask(len);
  }

  /** Forgets memoised results (e.g. between sweep points that change many nodes). */
  clear(): void {
    this.memo = [];
  }

  /** The condition's bits if already computed in this range. */
  memoBits(n: Node): Uint32Array | undefined {
    return this.memo[this.ids.id(n, 'b', () => n.key)] as Uint32Array | undefined;
  }


  private cached<T>(obj: object, kind: string, key: () => string, f: () => T): T {
    const id = this.ids.id(obj, kind, key);
    let v = this.memo[id] as T | undefined;
    if (v === undefined) {
      v = f();
      this.memo[id] = v;
    }
    return v;
  }

  /** A zeroed bitset for the range (from the scratch memory when there is one). */
  newBits(): Uint32Array {
    return this.scratch ? this.scratch.bits(this.words) : new Uint32Array(this.words);
  }

  private newNums(): Float64Array {
    return this.scratch ? this.scratch.nums(this.len) : new Float64Array(this.len);
  }

  private copyBits(b: Uint32Array): Uint32Array {
    const out = this.newBits();
    out.set(b);
    return out;
  }

  private copyNums(b: Float64Array): Float64Array {
    const out = this.newNums();
    out.set(b);
    return out;
  }

  /** The subjects for which a condition holds. Do not modify the returned array. */
  bits(n: Node): Uint32Array {
    return this.cached(n, 'b', () => n.key, () => this.computeBits(n));
  }

  private computeBits(n: Node): Uint32Array {
    const len = this.len;
    switch (n.k) {
      case 'lit': {
        const out = this.newBits();
        if (n.v === true) { out.fill(0xffffffff); out[this.words - 1] &= this.tail; }
        return out;
      }
      case 'and':
        return this.and(n.xs);
      case 'or': {
        const out = this.copyBits(this.bits(n.xs[0]));
        for (let i = 1; i < n.xs.length; i++) {
          const b = this.bits(n.xs[i]);
          for (let w = 0; w < out.length; w++) out[w] |= b[w];
        }
        return out;
      }
      case 'not': {
        const b = this.bits(n.x);
        const out = this.newBits();
        for (let w = 0; w < out.length; w++) out[w] = ~b[w];
        out[this.words - 1] &= this.tail;
        return out;
      }
      case 'cmp':
        return this.compare(n.op, n.l, n.r);
      case 'between': {
        const a = this.compare(n.op, n.lo, n.x);
        const b = this.compare(n.op, n.x, n.hi);
        const out = this.newBits();
        for (let w = 0; w < out.length; w++) out[w] = a[w] & b[w];
        return out;
      }
      case 'in': {
        const out = this.newBits();
        if (n.x.t === 'str') {
          const c = this.codes(n.x);
          const table = new Uint8Array(c.dict.length + 1);
          for (const v of n.list) { const i = c.dict.indexOf(v as string); if (i >= 0) table[i] = 1; }
          codeIn(c.codes, table, out, len);
          return out;
        }
        const x = this.num(n.x);
        const tmp = this.newBits();
        for (const v of n.list) {
          cmpScalar['=='](x, v as number, tmp, len);
          for (let w = 0; w < out.length; w++) out[w] |= tmp[w];
        }
        return out;
      }
      case 'has': {
        const col = this.snap.columns[n.a];
        const out = this.newBits();
        if (col.kind !== 'set') return out;
        const bit = col.members.indexOf(n.member);
        if (bit >= 0) setHas(col.periods[0].subarray(this.start, this.start + len), bit, out, len);
        return out;
      }
      case 'if': {
        const out = this.newBits();
        const taken = this.newBits();
        for (let i = 0; i + 1 < n.xs.length; i += 2) {
          const c = this.bits(n.xs[i]);
          const t = this.bits(n.xs[i + 1]);
          for (let w = 0; w < out.length; w++) { const fresh = c[w] & ~taken[w]; out[w] |= fresh & t[w]; taken[w] |= fresh; }
        }
        const e = this.bits(n.xs[n.xs.length - 1]);
        for (let w = 0; w < out.length; w++) out[w] |= e[w] & ~taken[w];
        out[this.words - 1] &= this.tail;
        return out;
      }
      default: {
        // A boolean value used as a condition (an attribute or a table): true only.
        const out = this.newBits();
        triIs(this.tri(n), 1, out, len);
        return out;
      }
    }
  }

  private and(xs: Node[]): Uint32Array {
    // Conditions already computed (shared with other units) first: they cost nothing; then the
    // cheapest. When a range has no survivors the rest is skipped, so scope conditions (region,
    // sector) going first prune whole ranges of a snapshot ordered by them.
    const ordered = xs.map((x) => ({ x, c: this.memoBits(x) ? -1 : this.ids.cost(x) })).sort((a, b) => a.c - b.c).map((e) => e.x);
    let out: Uint32Array | undefined;
    // (Testing survivors one by one once few remain was tried and measured slower than
    // column-wide kernels on the bench workload, so every condition runs column-wide.)
    for (let k = 0; k < ordered.length; k++) {
      const x = ordered[k];
      if (!out) out = this.copyBits(this.bits(x));
      else {
        const b = this.bits(x);
        for (let w = 0; w < out.length; w++) out[w] &= b[w];
      }
      if (isZero(out)) break;
      if (this.rows && this.rowShare > 0 && k + 1 < ordered.length && !this.memoBits(ordered[k + 1]) && popcount(out) <= this.len * rowShareFor(this.ids.cost(ordered[k + 1]), this.rowShare)) {
        this.testSurvivors(out, ordered.slice(k + 1), this.rows);
        break;
      }
    }
    return out!;
  }

  /** Clears the bits of survivors failing any of `xs`, testing each survivor with row closures. */
  private testSurvivors(out: Uint32Array, xs: Node[], rows: RowCompiler): void {
    const tests = xs.map((x) => rows.test(x));
    const cur = new RowCursor();
    const start = this.start;
    for (let w = 0; w < out.length; w++) {
      let x = out[w];
      let keep = x;
      while (x !== 0) {
        const low = x & -x;
        x ^= low;
        cur.at(start + (w << 5) + 31 - Math.clz32(low));
        for (let t = 0; t < tests.length; t++) {
          if (!tests[t](cur)) { keep ^= low; break; }
        }
      }
      out[w] = keep;
    }
  }

  /** The benefit's amount in fen for every subject of the range (0 where the base is missing). */
  amounts(b: Exclude<BenefitIR, { k: 'fixed' }>): Float64Array {
    return this.cached(b, 'a', () => benefitKey(b), () => {
      const base = this.num(b.base);
      const out = this.newNums();
      if (b.k === 'rate') {
        // amountFor's steps, inlined for the common formula: missing → 0, round, floor, cap, ≥ 0.
        const { rate } = b;
        const lo = b.floor ?? -Infinity;
        const hi = b.cap ?? Infinity;
        for (let i = 0; i < out.length; i++) {
          const v = base[i];
          if (v !== v) continue;
          let a = roundHalfUp(v * rate);
          if (a < lo) a = lo;
          if (a > hi) a = hi;
          out[i] = a > 0 ? a : 0;
        }
      } else if (b.k === 'brackets' && b.mode === 'marginal') marginalAmounts(b.brackets, b.cap, base, out);
      else for (let i = 0; i < out.length; i++) out[i] = amountFor(b, base[i]);
      return out;
    });
  }

  /** The benefit's amounts if another unit with the same formula already priced this range. */
  memoAmounts(b: Exclude<BenefitIR, { k: 'fixed' }>): Float64Array | undefined {
    return this.memo[this.ids.id(b, 'a', () => benefitKey(b))] as Float64Array | undefined;
  }

  private compare(op: string, l: Node, r: Node): Uint32Array {
    const out = this.newBits();
    const len = this.len;
    if (l.t === 'str') return this.compareCodes(op, l, r, out);
    if (l.t === 'bool') {
      const a = this.tri(l);
      const b = this.tri(r);
      for (let i = 0; i < len; i++) {
        const x = a[i];
        const y = b[i];
        if (x !== MISSING_BOOL && y !== MISSING_BOOL && (op === '==' ? x === y : x !== y)) out[i >>> 5] |= 1 << (i & 31);
      }
      return out;
    }
    if (r.k === 'lit') cmpScalar[op](this.num(l), r.v as number, out, len);
    else if (l.k === 'lit') cmpScalar[FLIP[op]](this.num(r), l.v as number, out, len);
    else cmpVector[op](this.num(l), this.num(r), out, len);
    return out;
  }

  private compareCodes(op: string, l: Node, r: Node, out: Uint32Array): Uint32Array {
    const [vec, other] = l.k === 'lit' ? [r, l] : [l, r];
    const a = this.codes(vec);
    const table = new Uint8Array(a.dict.length + 1);
    if (other.k === 'lit') {
      const code = a.dict.indexOf(other.v as string);
      for (let i = 0; i < a.dict.length; i++) table[i] = (i === code) === (op === '==') ? 1 : 0;
      codeIn(a.codes, table, out, this.len);
      return out;
    }
    const b = this.codes(other);
    const map = b.dict.map((s) => a.dict.indexOf(s));
    for (let i = 0; i < this.len; i++) {
      const x = a.codes[i];
      const y = b.codes[i];
      if (x === MISSING_CODE || y === MISSING_CODE) continue;
      if ((map[y] === x) === (op === '==')) out[i >>> 5] |= 1 << (i & 31);
    }
    return out;
  }

  /** Numeric (or date) values of a node; missing is NaN. Do not modify the returned array. */
  num(n: Node): Float64Array {
    return this.cached(n, 'n', () => n.key, () => this.computeNum(n));
  }

  private period(a: string, p: number): Float64Array {
    const col = this.snap.columns[a];
    if (col.kind !== 'num') throw new Error(`attribute ${a} is not numeric in the snapshot`);
    return col.periods[p].subarray(this.start, this.start + this.len);
  }

  private sumPeriods(a: string, n: number): Float64Array {
    const id = this.ids.named(`nsumP(${a},${n})`);
    let out = this.memo[id] as Float64Array | undefined;
    if (!out) {
      out = this.newNums();
      for (let p = 0; p < n; p++) addInto(out, this.period(a, p));
      this.memo[id] = out;
    }
    return out;
  }

  /** Σa ÷ Σb over n periods; in one pass over the period columns unless the sums are known. */
  private ratioPeriods(a: string, b: string, n: number): Float64Array {
    const out = this.newNums();
    const sa = this.memo[this.ids.named(`nsumP(${a},${n})`)] as Float64Array | undefined;
    const sb = this.memo[this.ids.named(`nsumP(${b},${n})`)] as Float64Array | undefined;
    if (sa && sb) {
      for (let i = 0; i < out.length; i++) out[i] = sb[i] === 0 ? NaN : sa[i] / sb[i];
      return out;
    }
    ratioOfSums(Array.from({ length: n }, (_, p) => this.period(a, p)), Array.from({ length: n }, (_, p) => this.period(b, p)), out);
    return out;
  }

  private computeNum(n: Node): Float64Array {
    const len = this.len;
    switch (n.k) {
      case 'lit': return this.newNums().fill(n.v as number);
      case 'attr': return this.period(n.a, n.p);
      case 'sumP': return this.sumPeriods(n.a, n.n);
      case 'avgP': {
        const s = this.sumPeriods(n.a, n.n);
        const out = this.newNums();
        for (let i = 0; i < len; i++) out[i] = s[i] / n.n;
        return out;
      }
      case 'ratioP': return this.ratioPeriods(n.a, n.b, n.n);
      case 'age': {
        const out = this.newNums();
        ageColumn(this.num(n.x), n.asOf, out, len);
        return out;
      }
      case 'arith': {
        const out = this.copyNums(this.num(n.xs[0]));
        for (let k = 1; k < n.xs.length; k++) {
          const x = n.xs[k];
          if (x.k === 'lit') {
            const v = x.v as number;
            if (n.op === '+') for (let i = 0; i < len; i++) out[i] += v;
            else if (n.op === '-') for (let i = 0; i < len; i++) out[i] -= v;
            else if (n.op === '*') for (let i = 0; i < len; i++) out[i] *= v;
            else if (v === 0) out.fill(NaN);
            else for (let i = 0; i < len; i++) out[i] /= v;
            continue;
          }
          const b = this.num(x);
          if (n.op === '+') for (let i = 0; i < len; i++) out[i] += b[i];
          else if (n.op === '-') for (let i = 0; i < len; i++) out[i] -= b[i];
          else if (n.op === '*') for (let i = 0; i < len; i++) out[i] *= b[i];
          else for (let i = 0; i < len; i++) out[i] = b[i] === 0 ? NaN : out[i] / b[i];
        }
        return out;
      }
      case 'min':
      case 'max': {
        const out = this.copyNums(this.num(n.xs[0]));
        const f = n.k === 'min' ? Math.min : Math.max;
        for (let k = 1; k < n.xs.length; k++) {
          const b = this.num(n.xs[k]);
          for (let i = 0; i < len; i++) out[i] = f(out[i], b[i]);
        }
        return out;
      }
      case 'if': {
        const out = this.copyNums(this.num(n.xs[n.xs.length - 1]));
        // Later branches first, so earlier conditions overwrite them (first true wins).
        for (let i = n.xs.length - 3; i >= 0; i -= 2) {
          const v = this.num(n.xs[i + 1]);
          forEachBit(this.bits(n.xs[i]), (j) => { out[j] = v[j]; });
        }
        return out;
      }
      case 'table': return this.table(n.table).num;
      default: throw new Error(`node ${n.k} has no numeric value`);
    }
  }

  /** Text values of a node as codes. */
  codes(n: Node): Codes {
    return this.cached(n, 'c', () => n.key, () => {
      if (n.k === 'attr') {
        const col = this.snap.columns[n.a];
        if (col.kind !== 'code') throw new Error(`attribute ${n.a} is not text in the snapshot`);
        return { codes: col.periods[n.p].subarray(this.start, this.start + this.len), dict: col.dict };
      }
      if (n.k === 'lit') return { codes: new Int32Array(this.len), dict: [n.v as string] };
      if (n.k === 'table') return this.table(n.table).codes!;
      throw new Error(`node ${n.k} has no text value`);
    });
  }

  /** Boolean values of a node as 0, 1, 2 (missing). */
  tri(n: Node): Uint8Array {
    return this.cached(n, 't', () => n.key, () => {
      if (n.k === 'attr') {
        const col = this.snap.columns[n.a];
        if (col.kind !== 'bool') throw new Error(`attribute ${n.a} is not boolean in the snapshot`);
        return col.periods[n.p].subarray(this.start, this.start + this.len);
      }
      if (n.k === 'lit') return new Uint8Array(this.len).fill(n.v ? 1 : 0);
      if (n.k === 'table') return this.table(n.table).tri!;
      const out = new Uint8Array(this.len);
      forEachBit(this.bits(n), (i) => { out[i] = 1; });
      return out;
    });
  }

  /** A table's outputs over the range (see column-table.ts). */
  private table(t: TableIR): TableValues {
    return this.cached(t, 'T', () => tableKey(t), () => evaluateTable(this, t));
  }

  /** Memoised cell-test bits of a table input (used by evaluateTable). */
  testBits(input: Node, t: TestIR): Uint32Array {
    return this.cached(t, 'x', () => `${input.key}|${JSON.stringify(t)}`, () => cellBits(this, input, t));
  }
}
