/**
 * The compiled form every evaluator reads: a typed, parameter-resolved tree of plain objects
 * (serialisable, so it can be posted to worker threads). Each node carries a canonical `key`;
 * equal keys mean equal results, which is how shared predicates are evaluated once.
 */

/** The type of a compiled node's value. */
export type ValueType = 'num' | 'str' | 'bool' | 'date' | 'set';

/** How a numeric value displays in explanations. */
export type Display = 'money' | 'number' | 'integer' | 'ratio' | 'date' | 'text' | 'bool';

/** A comparison operator. */
export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** One cell test of a compiled table row. */
export type TestIR =
  | { t: 'any' }
  | { t: 'in'; values: (string | number | boolean)[] }
  | { t: 'range'; lo: number; loIncl: boolean; hi: number; hiIncl: boolean };

/** A compiled decision table. `out` values are numbers, strings or booleans by `outType`. */
export interface TableIR {
  name: string;
  label?: { zh: string; en: string };
  hit: 'unique' | 'first' | 'collect';
  agg?: 'sum' | 'min' | 'max' | 'count';
  inputs: Node[];
  rows: { tests: TestIR[]; out: number | string | boolean }[];
  def?: number | string | boolean;
  outType: ValueType;
}

/** A compiled node. `key` identifies its result; `t` its value type; `d` its display. */
export type Node = { key: string; t: ValueType; d: Display; param?: string } & (
  | { k: 'lit'; v: number | string | boolean }
  | { k: 'attr'; a: string; p: number }
  | { k: 'sumP' | 'avgP'; a: string; n: number }
  | { k: 'ratioP'; a: string; b: string; n: number }
  | { k: 'age'; x: Node; asOf: number }
  | { k: 'cmp'; op: CmpOp; l: Node; r: Node }
  | { k: 'between'; op: '<' | '<='; lo: Node; x: Node; hi: Node }
  | { k: 'in'; x: Node; list: (string | number | boolean)[] }
  | { k: 'has'; a: string; member: string }
  | { k: 'and' | 'or'; xs: Node[] }
  | { k: 'not'; x: Node }
  | { k: 'arith'; op: '+' | '-' | '*' | '/'; xs: Node[] }
  | { k: 'min' | 'max'; xs: Node[] }
  | { k: 'if'; xs: Node[] }
  | { k: 'table'; table: TableIR }
);

/** A compiled benefit formula; amounts and rates are resolved numbers. */
export type BenefitIR =
  | { k: 'fixed'; amount: number }
  | { k: 'rate'; rate: number; base: Node; cap?: number; floor?: number }
  | { k: 'brackets'; brackets: { upTo: number | null; rate: number }[]; base: Node; mode: 'marginal' | 'flat'; cap?: number };

/** A unit compiled for one evaluation date. */
export interface CompiledUnit {
  id: string;
  version: number;
  title: { zh: string; en: string };
  asOf: string;
  /** False when the evaluation date is outside the unit's validity window. */
  inForce: boolean;
  eligibility: Node;
  benefit?: BenefitIR;
}

/** Shape of a node before its key is computed. */
export type NodeDraft = Node extends infer N ? (N extends Node ? Omit<N, 'key'> : never) : never;

/** Builds a node with its canonical key (children's keys, never object identity). */
export function makeNode(draft: NodeDraft): Node {
  return { ...draft, key: keyOf(draft) } as Node;
}

function keyOf(n: NodeDraft): string {
  switch (n.k) {
    case 'lit':
      return JSON.stringify(n.v);
    case 'attr':
      return n.p === 0 ? `$${n.a}` : `$${n.a}@${n.p}`;
    case 'sumP':
    case 'avgP':
      return `${n.k}(${n.a},${n.n})`;
    case 'ratioP':
      return `ratioP(${n.a},${n.b},${n.n})`;
    case 'age':
      return `age(${n.x.key},${n.asOf})`;
    case 'cmp':
      return `(${n.l.key}${n.op}${n.r.key})`;
    case 'between':
      return `(${n.lo.key}${n.op}${n.x.key}${n.op}${n.hi.key})`;
    case 'in':
      return `in(${n.x.key},${JSON.stringify(n.list)})`;
    case 'has':
      return `has($${n.a},${JSON.stringify(n.member)})`;
    case 'and':
    case 'or':
    case 'min':
    case 'max':
    case 'if':
      return `${n.k}(${n.xs.map((x) => x.key).join(',')})`;
    case 'not':
      return `!${n.x.key}`;
    case 'arith':
      return `(${n.xs.map((x) => x.key).join(n.op)})`;
    case 'table':
      return `table(${tableKey(n.table)})`;
  }
}

/** The content of a table that decides its result (its name and labels do not). */
export function tableKey(t: TableIR): string {
  return JSON.stringify({ hit: t.hit, agg: t.agg, inputs: t.inputs.map((x) => x.key), rows: t.rows, def: t.def, outType: t.outType });
}
