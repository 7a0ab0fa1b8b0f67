import type { RangeEvaluator } from './column-eval.ts';
import type { Node, TableIR, TestIR } from './ir.ts';
import { cmpScalar, codeIn, forEachBit, isZero, rangeBits, triIs } from './kernels.ts';
import { MISSING_BOOL, MISSING_CODE } from './snapshot.ts';

/** Text values as codes into a dictionary (-1 = missing). */
export interface Codes {
  codes: Int32Array;
  dict: string[];
}

/** A decision table's outputs over a range: numbers, or text codes, or tri-state booleans. */
export interface TableValues {
  num: Float64Array;
  codes?: Codes;
  tri?: Uint8Array;
}

/** The subjects of a range passing one cell test of a table input. */
export function cellBits(ev: RangeEvaluator, input: Node, t: TestIR): Uint32Array {
  const out = ev.newBits();
  const len = ev.len;
  if (t.t === 'any') {
    out.fill(0xffffffff);
    out[ev.words - 1] &= ev.tail;
    return out;
  }
  if (input.t === 'str') {
    const c = ev.codes(input);
    const table = new Uint8Array(c.dict.length + 1);
    if (t.t === 'in') for (const v of t.values) { const i = c.dict.indexOf(v as string); if (i >= 0) table[i] = 1; }
    codeIn(c.codes, table, out, len);
    return out;
  }
  if (input.t === 'bool') {
    if (t.t === 'in') {
      for (const v of t.values) {
        const tmp = ev.newBits();
        triIs(ev.tri(input), v ? 1 : 0, tmp, len);
        for (let w = 0; w < out.length; w++) out[w] |= tmp[w];
      }
    }
    return out;
  }
  const x = ev.num(input);
  if (t.t === 'range') {
    rangeBits(x, t.lo, t.loIncl, t.hi, t.hiIncl, out, len);
    return out;
  }
  const tmp = ev.newBits();
  for (const v of t.values) {
    cmpScalar['=='](x, v as number, tmp, len);
    for (let w = 0; w < out.length; w++) out[w] |= tmp[w];
  }
  return out;
}

/**
 * Evaluates a decision table over a range: each row's cells are ANDed (cell tests are memoised,
 * rows often share them); `first`/`unique` take the first matching row, `collect` aggregates.
 * Same rules as the row evaluator: a missing input fails every cell but "-".
 */
export function evaluateTable(ev: RangeEvaluator, t: TableIR): TableValues {
  const len = ev.len;
  const collect = t.hit === 'collect';
  const idx = new Int32Array(len).fill(-1);
  const acc = new Float64Array(len).fill(NaN);
  const count = new Float64Array(collect ? len : 0);
  const taken = ev.newBits();
  t.rows.forEach((row, r) => {
    const m = ev.testBits(t.inputs[0], row.tests[0]).slice();
    for (let c = 1; c < row.tests.length && !isZero(m); c++) {
      const b = ev.testBits(t.inputs[c], row.tests[c]);
      for (let w = 0; w < m.length; w++) m[w] &= b[w];
    }
    if (collect) {
      const o = row.out as number;
      forEachBit(m, (i) => {
        count[i]++;
        const a = acc[i];
        acc[i] = Number.isNaN(a) ? o : t.agg === 'sum' ? a + o : t.agg === 'min' ? Math.min(a, o) : Math.max(a, o);
      });
      return;
    }
    for (let w = 0; w < m.length; w++) {
      let x = m[w] & ~taken[w];
      taken[w] |= x;
      while (x !== 0) {
        const low = x & -x;
        x ^= low;
        idx[(w << 5) + 31 - Math.clz32(low)] = r;
      }
    }
  });
  if (collect) {
    if (t.agg === 'count') return { num: count };
    if (t.def !== undefined) for (let i = 0; i < len; i++) if (count[i] === 0) acc[i] = t.def as number;
    return { num: acc };
  }
  const outs = t.rows.map((r) => r.out);
  if (t.outType === 'num') {
    const num = new Float64Array(len);
    const def = (t.def as number | undefined) ?? NaN;
    for (let i = 0; i < len; i++) num[i] = idx[i] >= 0 ? (outs[idx[i]] as number) : def;
    return { num };
  }
  if (t.outType === 'str') {
    const dict = [...new Set([...outs, ...(t.def !== undefined ? [t.def] : [])].map(String))];
    const rowCode = outs.map((o) => dict.indexOf(o as string));
    const def = t.def !== undefined ? dict.indexOf(t.def as string) : MISSING_CODE;
    const codes = new Int32Array(len);
    for (let i = 0; i < len; i++) codes[i] = idx[i] >= 0 ? rowCode[idx[i]] : def;
    return { num: acc, codes: { codes, dict } };
  }
  const tri = new Uint8Array(len);
  const def = t.def === undefined ? MISSING_BOOL : t.def ? 1 : 0;
  for (let i = 0; i < len; i++) tri[i] = idx[i] >= 0 ? (outs[idx[i]] ? 1 : 0) : def;
  return { num: acc, tri };
}
