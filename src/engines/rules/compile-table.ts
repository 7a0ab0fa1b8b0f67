import { compileExpr, resolveParam, type ExprContext } from './compile-expr.ts';
import { isoToDays } from './dates.ts';
import { makeNode, type Node, type TableIR, type TestIR, type ValueType } from './ir.ts';
import type { CellTest, DecisionTable, Json } from './types.ts';

function fail(ctx: ExprContext, field: string, rule: string, message: string): undefined {
  ctx.errors.push({ field, rule, message });
  return undefined;
}

function bound(ctx: ExprContext, v: unknown, t: ValueType, path: string): number | undefined {
  let x: unknown = v;
  if (v !== null && typeof v === 'object' && 'param' in v) x = resolveParam(ctx, (v as { param: unknown }).param, path)?.v;
  if (t === 'date' && typeof x === 'string') x = isoToDays(x);
  if (typeof x !== 'number' || Number.isNaN(x)) return fail(ctx, path, 'type.mismatch', `a range bound must be a ${t === 'date' ? 'date' : 'number'}`);
  return x;
}

function compileTest(ctx: ExprContext, cell: CellTest, t: ValueType, path: string): TestIR | undefined {
  if (cell === '-') return { t: 'any' };
  if (cell === null || typeof cell !== 'object') return fail(ctx, path, 'table.cell', 'a cell is "-", { in: [...] }, { "==": v } or a range');
  const keys = Object.keys(cell);
  if ('in' in cell || '==' in cell) {
    if (keys.length !== 1) return fail(ctx, path, 'table.cell', 'in / == stand alone in a cell');
    const values = 'in' in cell ? cell.in : [cell['==']];
    if (!Array.isArray(values)) return fail(ctx, `${path}/in`, 'type.mismatch', 'in takes a list');
    const out: (string | number | boolean)[] = [];
    for (let i = 0; i < values.length; i++) {
      let v = values[i];
      if (t === 'date' && typeof v === 'string') v = isoToDays(v);
      const vt = typeof v === 'number' ? (t === 'date' ? 'date' : 'num') : typeof v === 'string' ? 'str' : 'bool';
      if (vt !== t || (typeof v === 'number' && Number.isNaN(v))) return fail(ctx, `${path}/${'in' in cell ? `in/${i}` : '=='}`, 'type.mismatch', `cell value is ${vt}, the input is ${t}`);
      out.push(v);
    }
    return { t: 'in', values: out };
  }
  if (t !== 'num' && t !== 'date') return fail(ctx, path, 'type.mismatch', `a range needs a number or date input, found ${t}`);
  const bad = keys.find((k) => !['>', '>=', '<', '<='].includes(k));
  if (bad || keys.length === 0) return fail(ctx, path, 'table.cell', `unknown cell test "${bad ?? '{}'}"`);
  const c = cell as Record<string, unknown>;
  if (('>' in c && '>=' in c) || ('<' in c && '<=' in c)) return fail(ctx, path, 'table.cell', 'one lower and one upper bound at most');
  const r: TestIR = { t: 'range', lo: -Infinity, loIncl: false, hi: Infinity, hiIncl: false };
  for (const k of keys) {
    const b = bound(ctx, c[k], t, `${path}/${k}`);
    if (b === undefined) return undefined;
    if (k === '>' || k === '>=') Object.assign(r, { lo: b, loIncl: k === '>=' });
    else Object.assign(r, { hi: b, hiIncl: k === '<=' });
  }
  return r;
}

function isEmpty(x: TestIR): boolean {
  if (x.t === 'in') return x.values.length === 0;
  if (x.t === 'range') return x.lo > x.hi || (x.lo === x.hi && !(x.loIncl && x.hiIncl));
  return false;
}

function inRange(v: unknown, r: Extract<TestIR, { t: 'range' }>): boolean {
  if (typeof v !== 'number') return false;
  return (v > r.lo || (r.loIncl && v === r.lo)) && (v < r.hi || (r.hiIncl && v === r.hi));
}

/** Whether every value passing `b` also passes `a`. */
function covers(a: TestIR, b: TestIR): boolean {
  if (isEmpty(b) || a.t === 'any') return true;
  if (b.t === 'any') return false;
  if (a.t === 'in') return b.t === 'in' ? b.values.every((v) => a.values.includes(v)) : b.lo === b.hi && a.values.includes(b.lo);
  if (b.t === 'in') return b.values.every((v) => inRange(v, a));
  const loOk = a.lo < b.lo || (a.lo === b.lo && (a.loIncl || !b.loIncl));
  const hiOk = a.hi > b.hi || (a.hi === b.hi && (a.hiIncl || !b.hiIncl));
  return loOk && hiOk;
}

/** Whether some value passes both `a` and `b`. */
function intersects(a: TestIR, b: TestIR): boolean {
  if (isEmpty(a) || isEmpty(b)) return false;
  if (a.t === 'any' || b.t === 'any') return true;
  if (a.t === 'in') return a.values.some((v) => (b.t === 'in' ? b.values.includes(v) : inRange(v, b)));
  if (b.t === 'in') return b.values.some((v) => inRange(v, a));
  const lo = Math.max(a.lo, b.lo);
  const hi = Math.min(a.hi, b.hi);
  if (lo < hi) return true;
  if (lo > hi) return false;
  return inRange(lo, a) && inRange(lo, b);
}

/** Compiles table `name` of the unit and checks its rows (types, reachability, overlaps). */
export function compileTable(ctx: ExprContext, name: string, path: string): Node | undefined {
  const def: DecisionTable | undefined = ctx.unit.tables?.[name];
  const tp = `/tables/${name}`;
  if (!def) return fail(ctx, path, 'table.unknown', `unknown table "${name}"`);
  if (!['unique', 'first', 'collect'].includes(def.hitPolicy)) return fail(ctx, `${tp}/hitPolicy`, 'table.hitPolicy', 'hit policy is unique, first or collect');
  if (def.hitPolicy === 'collect' && !['sum', 'min', 'max', 'count'].includes(def.aggregate as string))
    return fail(ctx, `${tp}/aggregate`, 'table.aggregate', 'a collect table needs aggregate sum, min, max or count');
  if (!Array.isArray(def.inputs) || def.inputs.length === 0) return fail(ctx, `${tp}/inputs`, 'table.inputs', 'a table needs at least one input');
  if (!Array.isArray(def.rows) || def.rows.length === 0) return fail(ctx, `${tp}/rows`, 'table.rows', 'a table needs at least one row');
  const inputs = def.inputs.map((x, i) => compileExpr(ctx, x as Json, `${tp}/inputs/${i}`));
  if (inputs.some((x) => !x)) return undefined;
  const ins = inputs as Node[];
  for (let i = 0; i < ins.length; i++)
    if (ins[i].t === 'set') return fail(ctx, `${tp}/inputs/${i}`, 'type.mismatch', 'a table input cannot be a set; test membership with in');
  const rows: TableIR['rows'] = [];
  let outType: ValueType | undefined;
  for (let r = 0; r < def.rows.length; r++) {
    const row = def.rows[r];
    const rp = `${tp}/rows/${r}`;
    if (!Array.isArray(row?.when) || row.when.length !== ins.length)
      return fail(ctx, `${rp}/when`, 'table.arity', `a row needs ${ins.length} cell(s), one per input`);
    const tests = row.when.map((c, i) => compileTest(ctx, c, ins[i].t, `${rp}/when/${i}`));
    if (tests.some((x) => !x)) return undefined;
    let out = row.then as unknown;
    if (out !== null && typeof out === 'object' && 'param' in out) out = resolveParam(ctx, (out as { param: unknown }).param, `${rp}/then`)?.v;
    if (out === undefined) return undefined;
    const ot: ValueType | undefined = typeof out === 'number' ? 'num' : typeof out === 'string' ? 'str' : typeof out === 'boolean' ? 'bool' : undefined;
    if (!ot) return fail(ctx, `${rp}/then`, 'type.mismatch', 'an output is a number, text or boolean');
    if (outType && ot !== outType) return fail(ctx, `${rp}/then`, 'type.mismatch', `outputs must share one type (${outType}), found ${ot}`);
    outType = ot;
    rows.push({ tests: tests as TestIR[], out: out as number | string | boolean });
  }
  if (def.default !== undefined && typeof def.default !== typeof rows[0].out)
    return fail(ctx, `${tp}/default`, 'type.mismatch', 'the default must have the outputs\' type');
  if (def.hitPolicy === 'collect' && def.aggregate !== 'count' && outType !== 'num')
    return fail(ctx, `${tp}/rows`, 'type.mismatch', `aggregate ${def.aggregate} needs numeric outputs`);
  checkRows(ctx, def.hitPolicy, rows, tp);
  const label = def.zh && def.en ? { zh: def.zh, en: def.en } : undefined;
  const table: TableIR = { name, label, hit: def.hitPolicy, agg: def.aggregate, inputs: ins, rows, def: def.default, outType: def.hitPolicy === 'collect' ? 'num' : outType! };
  const d = table.outType === 'num' ? 'number' : table.outType === 'bool' ? 'bool' : 'text';
  return makeNode({ k: 'table', table, t: table.outType, d });
}

function checkRows(ctx: ExprContext, hit: TableIR['hit'], rows: TableIR['rows'], tp: string): void {
  for (let j = 0; j < rows.length; j++) {
    const rp = `${tp}/rows/${j}`;
    const empty = rows[j].tests.findIndex(isEmpty);
    if (empty >= 0) {
      fail(ctx, `${rp}/when/${empty}`, 'table.unreachableRow', `row ${j} can never match: cell ${empty} admits no value (as of ${ctx.asOf})`);
      continue;
    }
    for (let i = 0; i < j; i++) {
      if (hit === 'first' && rows[i].tests.every((a, c) => covers(a, rows[j].tests[c]))) {
        fail(ctx, rp, 'table.unreachableRow', `row ${j} is unreachable: row ${i} matches everything it matches (hit policy first, as of ${ctx.asOf})`);
        break;
      }
      if (hit === 'unique' && rows[i].tests.every((a, c) => intersects(a, rows[j].tests[c]))) {
        fail(ctx, rp, 'table.overlap', `rows ${i} and ${j} both match some input (hit policy unique, as of ${ctx.asOf})`);
        break;
      }
    }
  }
}
