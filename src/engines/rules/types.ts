/**
 * The policy-unit format: what a caller declares (attributes) and what an author writes (units).
 * Everything here is plain JSON so units can be stored, diffed and validated by the JSON Schema
 * in `policy-unit.schema.json`.
 */

/** The value types an attribute may have. Money is integer fen; dates are `YYYY-MM-DD`. */
export type AttributeType = 'number' | 'money' | 'integer' | 'enum' | 'set' | 'date' | 'boolean' | 'text';

/** A bilingual label. */
export interface Label {
  zh: string;
  en: string;
}

/**
 * One attribute of the subject, declared by the caller so the engine stays generic.
 * @example { key: 'revenue', type: 'money', zh: '营业收入', en: 'Operating revenue', periods: 3 }
 */
export interface AttributeDef extends Label {
  key: string;
  type: AttributeType;
  /** Number of periods held (index 0 = latest); absent or 1 = a single current value. */
  periods?: number;
  /** Members of an enum or set attribute (a set holds at most 32 members). */
  values?: string[];
  /** Display labels of enum or set members. */
  labels?: Record<string, Label>;
  /** Unit shown after a number, e.g. { zh: '人', en: 'people' }. */
  unit?: Label;
}

/** The caller's attribute schema: the vocabulary units may use. */
export type AttributeSchema = AttributeDef[];

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A condition or value expression: a JsonLogic-readable AST (`{ "op": [args] }`).
 * Standard ops: var, and, or, !, ==, !=, <, <=, >, >= (3 arguments for between), in, +, -, *, /,
 * min, max, if. Added ops: param, table, period, sum_periods, avg_periods, ratio_sums, age_years.
 */
export type Expr = Json;

/** One dated value of a parameter: in force from `from` (inclusive) until the next one. */
export interface DatedValue {
  from: string;
  value: number | string | boolean;
}

/** A named parameter whose value depends on the evaluation date (as in OpenFisca). */
export interface ParameterDef extends Partial<Label> {
  /** How values display: money in fen, a ratio (0.05 = 5%), or a plain number. */
  kind?: 'money' | 'ratio' | 'number' | 'text';
  values: DatedValue[];
}

/**
 * A unary test of one decision-table input cell: `'-'` (any), `{ in: [...] }`, `{ '==': v }`,
 * or an interval built from any of `>`, `>=`, `<`, `<=`.
 */
export type CellTest =
  | '-'
  | { in: (string | number | boolean)[] }
  | { '==': string | number | boolean }
  | { '>'?: number | ParamRef; '>='?: number | ParamRef; '<'?: number | ParamRef; '<='?: number | ParamRef };

/** A reference to a dated parameter. */
export interface ParamRef {
  param: string;
}

/** One row of a decision table: a test per input, and the output when all hold. */
export interface TableRow {
  when: CellTest[];
  then: number | string | boolean | ParamRef;
}

/**
 * A decision table (DMN style). `unique`: at most one row may match (checked statically);
 * `first`: rows in order; `collect`: every matching row, combined by `aggregate`.
 */
export interface DecisionTable extends Partial<Label> {
  hitPolicy: 'unique' | 'first' | 'collect';
  aggregate?: 'sum' | 'min' | 'max' | 'count';
  inputs: Expr[];
  rows: TableRow[];
  /** Output when no row matches (otherwise the table's value is missing). */
  default?: number | string | boolean;
}

/** An amount in fen: a literal or a parameter. */
export type Amount = number | ParamRef;

/** One bracket of a bracket formula: the rate applying up to `upTo` fen of base (null = no limit). */
export interface Bracket {
  upTo: number | null;
  rate: number | ParamRef;
}

/** A benefit formula in integer fen: a fixed amount, rate × base (capped), or brackets. */
export type Benefit =
  | { fixed: Amount }
  | { rate: number | ParamRef; base: Expr; cap?: Amount; floor?: Amount }
  | { brackets: Bracket[]; base: Expr; mode?: 'marginal' | 'flat'; cap?: Amount };

/** A case an author writes with the unit: facts in, expected outcome out. */
export interface AuthorTest {
  name: string;
  /** Evaluation date, `YYYY-MM-DD` (defaults to the unit's validFrom or today's caller date). */
  asOf?: string;
  facts: Facts;
  eligible: boolean;
  /** Expected amount in fen when eligible. */
  amount?: number;
}

/** Where a unit comes from. */
export interface Provenance {
  document: string;
  article?: string;
  issuer?: string;
  url?: string;
}

/**
 * One machine-readable policy unit: identity, provenance, eligibility, benefit and tests.
 * @example { id: 'demo', version: 1, title: { zh: '示例', en: 'Demo' }, eligibility: { '>=': [{ var: 'staff' }, 10] } }
 */
export interface PolicyUnit {
  id: string;
  version: number;
  title: Label;
  source?: Provenance;
  /** Region codes the unit applies to (free strings for the engine). */
  scope?: string[];
  category?: string;
  validFrom?: string;
  validTo?: string;
  parameters?: Record<string, ParameterDef>;
  tables?: Record<string, DecisionTable>;
  eligibility: Expr;
  benefit?: Benefit;
  tests?: AuthorTest[];
}

/** A scalar fact value. */
export type FactValue = number | string | boolean | string[] | null | undefined;

/**
 * The facts of one subject: attribute key → value, or for a periodic attribute an array with the
 * latest period first. Money in fen, dates `YYYY-MM-DD`, sets as arrays of members.
 */
export type Facts = Record<string, FactValue | FactValue[]>;
