import type { StoredValue } from '../intake/validate-row.ts';
import type { AttributeSpec } from '../catalogue.types.ts';
import { dayNumber } from '../period.ts';
import { registerField } from '../enterprise.repository.ts';
import { allocateRows, applyValue, cellTargets, claimCell, codeAt, isoDaysAt, NO_DAY, writeCell, type CellTarget, type CodeTable, type RowArrays } from './columns.ts';
import type { UsccIndex } from './uscc-index.ts';

// Rows applied together in row order, and the factor that packs (row, position in the chunk) into one sortable number.
const CHUNK = 32_768;
const CHUNK_SLOTS = 2 ** 20;

/** A committed batch to apply: its id, its tabular column order (null: records are JSON objects), and its row count. */
export interface BatchPlan {
  id: string;
  columns: string[] | null;
  rows: number;
}

/** The reads a build needs, as raw rows (see the repositories' `scanBatch` and `scanRegister`). */
export interface BuildSource {
  scanBatch(batchId: string, onRows: (rows: unknown[][]) => void): Promise<void>;
  /** Raw register rows: `uscc`, then the columns of `fields` (register-row field names). */
  scanRegister(onRows: (rows: unknown[][]) => void, fields: readonly string[]): Promise<void>;
}

/** One share of a build: the attributes it owns and the batches that may carry them, in arrival order. */
export interface BuildPart {
  keys: string[];
  batches: BatchPlan[];
}

/**
 * Splits a build into `parts` shares that touch disjoint attributes, so threads fill columns
 * side by side without sharing a cell. Attributes sent together in a tabular batch stay in one
 * share (each batch is then read by one thread only); shares are balanced by rows to read
 * (longest first). Batches of JSON records name their keys per row, so every share reads them.
 */
export function planParts(specs: readonly AttributeSpec[], batches: readonly BatchPlan[], parts: number): BuildPart[] {
  const keys = specs.map((s) => s.key);
  const parent = new Map(keys.map((k) => [k, k]));
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  for (const b of batches) {
    const known = (b.columns ?? []).filter((k) => parent.has(k));
    for (let i = 1; i < known.length; i++) parent.set(find(known[i]), find(known[0]));
  }
  const groups = new Map<string, { keys: string[]; rows: number }>();
  for (const k of keys) {
    const root = find(k);
    const g = groups.get(root) ?? { keys: [], rows: 0 };
    g.keys.push(k);
    groups.set(root, g);
  }
  for (const b of batches) {
    const first = (b.columns ?? []).find((k) => parent.has(k));
    if (first) groups.get(find(first))!.rows += b.rows;
  }
  const shares = Array.from({ length: Math.max(1, parts) }, () => ({ keys: [] as string[], rows: 0 }));
  for (const g of [...groups.values()].sort((a, b) => b.rows - a.rows || b.keys.length - a.keys.length)) {
    const lightest = shares.reduce((min, s) => (s.rows < min.rows || (s.rows === min.rows && s.keys.length < min.keys.length) ? s : min));
    lightest.keys.push(...g.keys);
    lightest.rows += g.rows;
  }
  return shares
    .filter((s) => s.keys.length > 0)
    .map((s) => {
      const owned = new Set(s.keys);
      return { keys: s.keys, batches: batches.filter((b) => b.columns === null || b.columns.some((k) => owned.has(k))) };
    });
}

/**
 * Fills the columns of the attributes in `specs` (a share of the snapshot's) with every record of
 * the batches, in arrival order. Rows are read in pages of raw arrays; a tabular record's value array
 * is parsed once and its positions go straight to their columns. Returns the number of records applied.
 */
export async function buildPart(
  source: Pick<BuildSource, 'scanBatch'>,
  input: { specs: readonly AttributeSpec[]; rows: RowArrays; periods: Record<string, string[]>; asOf: string; index: Pick<UsccIndex, 'get'>; batches: readonly BatchPlan[] },
): Promise<number> {
  const targets = cellTargets(input.specs, input.rows, input.periods);
  const asOfDay = dayNumber(input.asOf);
  const index = input.index;
  let applied = 0;
  let dayText = '';
  let day = 0;
  for (const batch of input.batches) {
    const slots: (CellTarget | null)[] | null = batch.columns && batch.columns.map((k) => targets.get(k) ?? null);
    // Records are applied a chunk at a time in row order (ties: their order in the batch), so the
    // writes into each column move forward through memory instead of jumping across a million rows.
    let pending: unknown[][] = [];
    const flush = () => {
      applied += inRowOrder(pending, (row) => index.get(row[1] as string), (i, row) => {
        const period = row[2] as string | null;
        const effective = row[3] as string;
        if (effective !== dayText) {
          dayText = effective;
          day = dayNumber(effective);
        }
        const data = row[4] as string;
        if (slots !== null && data.charCodeAt(0) === 91) applyArrayRow(data, slots, i, period, day, asOfDay);
        else {
          const parsed = JSON.parse(data) as (StoredValue | null)[] | Record<string, StoredValue>;
          if (!Array.isArray(parsed)) {
            for (const key in parsed) {
              const t = targets.get(key);
              if (t !== undefined) applyValue(t, i, period, day, asOfDay, parsed[key]);
            }
          }
        }
      });
      pending = [];
    };
    await source.scanBatch(batch.id, (page) => {
      for (const row of page) pending.push(row);
      if (pending.length >= CHUNK) flush();
    });
    flush();
  }
  return applied;
}

/**
 * Reads the register's value of every attribute with a register column into arrays of their own
 * (period 0, the engine's encoding), side by side with the records: `mergeRegister` then writes
 * them wherever no record has set a value.
 */
export async function readRegister(source: Pick<BuildSource, 'scanRegister'>, specs: readonly AttributeSpec[], rows: RowArrays, index: Pick<UsccIndex, 'get'>): Promise<RowArrays> {
  const spine = specs.filter((s) => s.spineColumn);
  const size = rows.engine.size;
  const own = allocateRows(rows.engine.schema.filter((a) => spine.some((s) => s.key === a.key)).map((a) => ({ ...a, periods: 1 })), [], size, size, false);
  const targets = cellTargets(spine, own, {});
  // Only the register's own row fields (name, address… live elsewhere), read as the columns they are: no row object each.
  const columns = spine.flatMap((s) => {
    const f = registerField(s.spineColumn as string);
    return f ? [{ field: s.spineColumn as string, numeric: f.numeric, target: targets.get(s.key)! }] : [];
  });
  if (columns.length === 0) return own;
  const n = columns.length;
  await source.scanRegister((page) => {
    for (const raw of page) {
      const i = index.get(raw[0] as string);
      if (i < 0) continue;
      for (let j = 0; j < n; j++) {
        const c = columns[j];
        const v = (c.numeric ? Number(raw[j + 1]) : raw[j + 1]) as StoredValue | null;
        if (v !== null && v !== undefined && v !== '') writeCell(c.target, 0, i, v);
      }
    }
  }, columns.map((c) => c.field));
  return own;
}

/** Writes the register's values read by `readRegister` wherever no record has set one (see `applyRegisterValue`). */
export function mergeRegister(rows: RowArrays, register: RowArrays, specs: readonly AttributeSpec[]): void {
  for (const s of specs) {
    const from = register.engine.columns[s.key]?.periods[0];
    if (!from) continue;
    const to = rows.engine.columns[s.key].periods[0];
    const eff = rows.effective[s.key];
    const rec = rows.recorded[s.key];
    for (let i = 0; i < to.length; i++) {
      if (eff ? eff[i] !== NO_DAY : rec !== undefined && rec[i] === 1) continue;
      to[i] = from[i];
    }
  }
}

/**
 * Calls `apply(row, item)` for each item whose row `rowOf` finds, in row order (ties: in list
 * order), and returns how many it applied. Writes into the columns then move forward through
 * memory; in arrival order they would land anywhere in arrays of a million rows.
 */
export function inRowOrder<T>(items: readonly T[], rowOf: (item: T) => number, apply: (row: number, item: T) => void): number {
  const m = items.length;
  if (m > CHUNK_SLOTS) throw new RangeError(`inRowOrder: ${m} items exceed a chunk of ${CHUNK_SLOTS}`);
  const keys = new Float64Array(m);
  let n = 0;
  for (let r = 0; r < m; r++) {
    const i = rowOf(items[r]);
    if (i >= 0) keys[n++] = i * CHUNK_SLOTS + r;
  }
  const order = keys.subarray(0, n).sort();
  for (let k = 0; k < n; k++) {
    const i = Math.floor(order[k] / CHUNK_SLOTS);
    apply(i, items[order[k] - i * CHUNK_SLOTS]);
  }
  return n;
}

// Where the number read last by `readNumber` ends (no object per number).
let numberEnd = 0;

/**
 * Reads the number token starting at `from` and sets `numberEnd` to its end: digits with an optional
 * sign and decimals are parsed in the same pass that finds the end (exactly as JSON.parse would),
 * anything else (exponents, more than 15 digits) by `Number`.
 */
function readNumber(s: string, from: number): number {
  const n = s.length;
  let p = from;
  const negative = s.charCodeAt(p) === 45;
  if (negative) p++;
  let whole = 0;
  let scale = 1;
  let digits = 0;
  let dot = false;
  for (; p < n; p++) {
    const c = s.charCodeAt(p);
    if (c >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      digits++;
      if (dot) scale *= 10;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (p < n && isNumberChar(s.charCodeAt(p))) {
    while (p < n && isNumberChar(s.charCodeAt(p))) p++;
    numberEnd = p;
    return Number(s.slice(from, p));
  }
  numberEnd = p;
  // Up to 15 digits the integer and the power of ten are exact, so one division rounds correctly.
  if (digits === 0 || digits > 15) return Number(s.slice(from, p));
  const v = whole / scale;
  return negative ? -v : v;
}

/** The bitset of the members listed in `s[from, to)`: quoted codes without escapes, separated by commas (as `writeCell` sets them from the parsed array). */
function memberBits(table: CodeTable, s: string, from: number, to: number): number {
  let bits = 0;
  for (let q = from; q < to; ) {
    const close = s.indexOf('"', q + 1);
    const b = codeAt(table, s, q + 1, close);
    if (b >= 0) bits |= 1 << b;
    q = close + 2;
  }
  return bits >>> 0;
}

/** Whether a character can be part of a JSON number: digits, sign, decimal point, exponent. */
function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
}

/** The end (exclusive) of a JSON string token starting at `from` (its opening quote), and whether it has escapes. */
function stringEnd(s: string, from: number): [end: number, escaped: boolean] {
  let escaped = false;
  for (let q = from + 1; q < s.length; q++) {
    const c = s.charCodeAt(q);
    if (c === 34) return [q + 1, escaped];
    if (c === 92) {
      escaped = true;
      q++;
    }
  }
  throw new Error(`malformed record: unterminated string in ${s.slice(0, 80)}`);
}

/**
 * Applies a tabular record's value array (`[v0,v1,…]` as the intake writes it) straight from its
 * text: each value is read in place and written to the column of its position, without building
 * the array, its numbers or its strings first (a snapshot build reads millions of them).
 */
export function applyArrayRow(s: string, slots: readonly (CellTarget | null)[], i: number, period: string | null, day: number, asOfDay: number): void {
  let p = 1;
  if (s.charCodeAt(p) === 93) return;
  for (let k = 0; ; k++) {
    const t = k < slots.length ? slots[k] : null;
    const c = s.charCodeAt(p);
    let end: number;
    if (c === 110) end = p + 4; // null
    else if (c === 116) {
      end = p + 4;
      if (t !== null) applyValue(t, i, period, day, asOfDay, true);
    } else if (c === 102) {
      end = p + 5;
      if (t !== null) applyValue(t, i, period, day, asOfDay, false);
    } else if (c === 34) {
      const [e, escaped] = stringEnd(s, p);
      end = e;
      if (t !== null) {
        const kind = t.col.kind;
        // Codes and dates are read where they stand (no string is made for them).
        if (!escaped && kind === 'code' && t.codeTable !== null) {
          const slot = claimCell(t, i, period, day, asOfDay);
          if (slot >= 0) t.col.periods[slot][i] = codeAt(t.codeTable, s, p + 1, end - 1);
        } else if (!escaped && kind === 'num') {
          const slot = claimCell(t, i, period, day, asOfDay);
          if (slot >= 0) (t.col.periods[slot] as Float64Array)[i] = isoDaysAt(s, p + 1, end - 1);
        } else applyValue(t, i, period, day, asOfDay, escaped ? (JSON.parse(s.slice(p, end)) as string) : s.slice(p + 1, end - 1));
      }
    } else if (c === 91) {
      // A set: an array of strings.
      end = p + 1;
      let plain = true;
      while (s.charCodeAt(end) !== 93) {
        const d = s.charCodeAt(end);
        if (d === 34) {
          const [e, escaped] = stringEnd(s, end);
          end = e;
          if (escaped) plain = false;
        } else {
          if (d !== 44) plain = false;
          end++;
        }
      }
      end++;
      if (t !== null) {
        if (plain && t.col.kind === 'set' && t.codeTable !== null) {
          const slot = claimCell(t, i, period, day, asOfDay);
          if (slot >= 0) t.col.periods[slot][i] = memberBits(t.codeTable, s, p + 1, end - 1);
        } else applyValue(t, i, period, day, asOfDay, JSON.parse(s.slice(p, end)) as string[]);
      }
    } else {
      const v = readNumber(s, p);
      end = numberEnd;
      if (t !== null) {
        if (t.col.kind === 'num') {
          const slot = claimCell(t, i, period, day, asOfDay);
          if (slot >= 0) (t.col.periods[slot] as Float64Array)[i] = v;
        } else applyValue(t, i, period, day, asOfDay, v);
      }
    }
    const sep = s.charCodeAt(end);
    if (sep === 93) return;
    if (sep !== 44) throw new Error(`malformed record at ${end}: ${s.slice(0, 80)}`);
    p = end + 1;
  }
}
