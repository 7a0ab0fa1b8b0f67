import { daysToIso, isoToDays } from './dates.ts';
import type { AttributeDef, AttributeSchema, FactValue, Facts } from './types.ts';

/**
 * A columnar snapshot of a population: one typed array per attribute × period. Numbers, money,
 * integers and dates (as day numbers) are Float64 with NaN for missing; enums and text are Int32
 * codes into a dictionary (-1 missing); booleans Uint8 (0, 1, 2 = missing); sets Uint32 bitsets
 * (bit i = member i). Arrays may sit on SharedArrayBuffers so worker threads read them in place.
 */
export type Column =
  | { kind: 'num'; periods: Float64Array[] }
  | { kind: 'code'; periods: Int32Array[]; dict: string[] }
  | { kind: 'bool'; periods: Uint8Array[] }
  | { kind: 'set'; periods: Uint32Array[]; members: string[] };

/** A population in columns. */
export interface ColumnSnapshot {
  size: number;
  schema: AttributeSchema;
  columns: Record<string, Column>;
}

/** Code of a missing enum or text value. */
export const MISSING_CODE = -1;
/** A missing boolean. */
export const MISSING_BOOL = 2;

function buffer(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/**
 * Allocates an empty snapshot (every value missing) for `size` subjects.
 * @example const snap = createSnapshot(schema, 1000, { shared: true }); writeFacts(snap, 0, facts)
 */
export function createSnapshot(schema: AttributeSchema, size: number, opts: { shared?: boolean } = {}): ColumnSnapshot {
  const shared = opts.shared ?? false;
  const columns: Record<string, Column> = {};
  for (const a of schema) {
    const n = a.periods ?? 1;
    const periods = Array.from({ length: n }, () => {
      switch (a.type) {
        case 'number': case 'money': case 'integer': case 'date': return new Float64Array(buffer(size * 8, shared)).fill(NaN);
        case 'enum': case 'text': return new Int32Array(buffer(size * 4, shared)).fill(MISSING_CODE);
        case 'boolean': return new Uint8Array(buffer(size, shared)).fill(MISSING_BOOL);
        case 'set': return new Uint32Array(buffer(size * 4, shared));
      }
    });
    const kind = kindOf(a);
    columns[a.key] =
      kind === 'code' ? { kind, periods: periods as Int32Array[], dict: a.type === 'enum' ? [...(a.values ?? [])] : [] }
      : kind === 'set' ? { kind, periods: periods as Uint32Array[], members: [...(a.values ?? [])] }
      : ({ kind, periods } as Column);
  }
  return { size, schema, columns };
}

function kindOf(a: AttributeDef): Column['kind'] {
  if (a.type === 'enum' || a.type === 'text') return 'code';
  if (a.type === 'boolean') return 'bool';
  if (a.type === 'set') return 'set';
  return 'num';
}

function cell(a: AttributeDef, facts: Facts, p: number): FactValue {
  const v = facts[a.key];
  if ((a.periods ?? 1) > 1) return Array.isArray(v) ? (v[p] as FactValue) : p === 0 ? (v as FactValue) : undefined;
  return p === 0 ? (v as FactValue) : undefined;
}

/** Writes one subject's facts at row `i` (values of the wrong type are stored as missing). */
export function writeFacts(snap: ColumnSnapshot, i: number, facts: Facts): void {
  for (const a of snap.schema) {
    const col = snap.columns[a.key];
    for (let p = 0; p < col.periods.length; p++) {
      const v = a.type === 'set' ? facts[a.key] : cell(a, facts, p);
      switch (col.kind) {
        case 'num':
          col.periods[p][i] = typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && a.type === 'date' ? isoToDays(v) : NaN;
          break;
        case 'code': {
          let code = MISSING_CODE;
          if (typeof v === 'string') {
            code = col.dict.indexOf(v);
            if (code < 0 && a.type === 'text') code = col.dict.push(v) - 1;
          }
          col.periods[p][i] = code;
          break;
        }
        case 'bool':
          col.periods[p][i] = v === true ? 1 : v === false ? 0 : MISSING_BOOL;
          break;
        case 'set': {
          let bits = 0;
          if (Array.isArray(v)) for (const m of v) { const b = col.members.indexOf(m as string); if (b >= 0) bits |= 1 << b; }
          col.periods[p][i] = bits >>> 0;
          break;
        }
      }
    }
  }
}

/** Reads row `i` back as facts (the row evaluator's input), e.g. to explain one subject. */
export function readFacts(snap: ColumnSnapshot, i: number): Facts {
  const facts: Facts = {};
  for (const a of snap.schema) {
    const col = snap.columns[a.key];
    const values: FactValue[] = col.periods.map((arr) => {
      const v = arr[i];
      switch (col.kind) {
        case 'num': return Number.isNaN(v) ? undefined : a.type === 'date' ? daysToIso(v) : v;
        case 'code': return v === MISSING_CODE ? undefined : col.dict[v];
        case 'bool': return v === MISSING_BOOL ? undefined : v === 1;
        case 'set': return col.members.filter((_, b) => (v >>> b) & 1);
      }
    });
    if (a.type === 'set') facts[a.key] = values[0];
    else facts[a.key] = (a.periods ?? 1) > 1 ? values : values[0];
  }
  return facts;
}

/** Builds a snapshot from rows of facts. */
export function snapshotFromFacts(schema: AttributeSchema, rows: Facts[], opts: { shared?: boolean } = {}): ColumnSnapshot {
  const snap = createSnapshot(schema, rows.length, opts);
  rows.forEach((f, i) => writeFacts(snap, i, f));
  return snap;
}
