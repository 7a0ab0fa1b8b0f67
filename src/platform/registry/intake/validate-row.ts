import { validateUscc } from '../../../kernel/uscc.ts';
import type { Catalogue } from '../catalogue.service.ts';
import type { AttributeSpec } from '../catalogue.types.ts';
import { isIsoDate, parsePeriod, type Period } from '../period.ts';

/** A stored value: numbers (money in fen), `YYYY-MM-DD` dates, booleans, codes, code arrays, text. */
export type StoredValue = number | string | boolean | string[];

/** One rejected cell or row: where and why. */
export interface Rejection {
  /** 1-based data row (the header is row 0). */
  row: number;
  field: string;
  rule: string;
  reason: string;
}

/** A row that passed validation, its values already serialised for storage. */
export interface ValidRow {
  row: number;
  uscc: string;
  period: Period | null;
  /** The day the values describe: the period's last day, or the arrival day when no period is given. */
  effective: string;
  /** The values as JSON: an object (key → value), or for tabular batches an array in column order (null = absent). */
  data: string;
  /** How many values the row holds. */
  count: number;
}

type Parse = (raw: unknown) => StoredValue | { error: string; rule: string };

const TRUE = new Set(['1', 'true', 't', 'y', 'yes', '是', '有']);
const FALSE = new Set(['0', 'false', 'f', 'n', 'no', '否', '无']);
const DECIMAL = /^-?\d+(\.\d+)?$/;
const YUAN = /^-?\d+(?:\.\d{1,2})?$/;

function text(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim() : String(raw);
}

function rangeCheck(spec: AttributeSpec, n: number): { error: string; rule: string } | undefined {
  if (spec.min !== undefined && n < spec.min) return { rule: 'range.min', error: `${n} is below the minimum ${spec.min}` };
  if (spec.max !== undefined && n > spec.max) return { rule: 'range.max', error: `${n} is above the maximum ${spec.max}` };
  return undefined;
}

function parserFor(spec: AttributeSpec, codes: ReadonlyMap<string, unknown> | undefined): Parse {
  switch (spec.type) {
    case 'number':
    case 'integer':
      return (raw) => {
        const t = typeof raw === 'number' ? '' : text(raw);
        const n = typeof raw === 'number' ? raw : DECIMAL.test(t) ? +t : NaN;
        if (!Number.isFinite(n)) return { rule: 'type.number', error: `"${t}" is not a number` };
        if (spec.type === 'integer' && !Number.isInteger(n)) return { rule: 'type.integer', error: `${n} is not a whole number` };
        return rangeCheck(spec, n) ?? n;
      };
    case 'money':
      // Departments send yuan with at most two decimals; the mirror keeps integer fen.
      return (raw) => {
        const s = typeof raw === 'number' ? raw.toFixed(Number.isInteger(raw * 100) || Math.abs(raw * 100 - Math.round(raw * 100)) < 1e-6 ? 2 : 3) : text(raw).replace(/,/g, '');
        if (!YUAN.test(s)) return { rule: 'type.money', error: `"${text(raw)}" is not an amount in yuan with at most two decimals` };
        // Integer arithmetic on the digits: yuan × 100 + fen, never a float product.
        const negative = s.charCodeAt(0) === 45;
        const dot = s.indexOf('.');
        const whole = dot < 0 ? s.slice(negative ? 1 : 0) : s.slice(negative ? 1 : 0, dot);
        const cents = dot < 0 ? 0 : dot === s.length - 2 ? +s.slice(dot + 1) * 10 : +s.slice(dot + 1);
        const fen = (+whole * 100 + cents) * (negative ? -1 : 1);
        if (!Number.isSafeInteger(fen)) return { rule: 'type.money', error: `${s} is too large` };
        return rangeCheck(spec, fen) ?? fen;
      };
    case 'date':
      return (raw) => {
        if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? { rule: 'type.date', error: 'invalid date' } : raw.toISOString().slice(0, 10);
        const s = text(raw).replace(/\//g, '-');
        const norm = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
        const iso = norm ? `${norm[1]}-${norm[2].padStart(2, '0')}-${norm[3].padStart(2, '0')}` : s;
        return isIsoDate(iso) ? iso : { rule: 'type.date', error: `"${text(raw)}" is not a date YYYY-MM-DD` };
      };
    case 'boolean':
      return (raw) => {
        if (typeof raw === 'boolean') return raw;
        const s = text(raw).toLowerCase();
        if (TRUE.has(s)) return true;
        if (FALSE.has(s)) return false;
        return { rule: 'type.boolean', error: `"${text(raw)}" is not yes/no (1/0, true/false, 是/否)` };
      };
    case 'enum':
      return (raw) => {
        const s = text(raw);
        return codes?.has(s) ? s : { rule: 'code.unknown', error: `"${s}" is not in the code list of ${spec.key}` };
      };
    case 'set':
      return (raw) => {
        const members = Array.isArray(raw) ? raw.map(text) : text(raw).split(/[;|、,，]/).map((m) => m.trim()).filter(Boolean);
        for (const m of members) if (!codes?.has(m)) return { rule: 'code.unknown', error: `"${m}" is not in the code list of ${spec.key}` };
        return [...new Set(members)].sort();
      };
    case 'text':
      return (raw) => {
        const s = text(raw);
        return spec.maxLength !== undefined && s.length > spec.maxLength ? { rule: 'text.maxLength', error: `text longer than ${spec.maxLength} characters` } : s;
      };
  }
}

/** The columns of a batch after mapping: each a catalogue key, `uscc`, `period`, or null (ignored). */
export type ColumnPlan = (string | null)[];

/** The attribute keys of a tabular plan in order: the positions of each record's value array. */
export function attributeColumns(plan: readonly (string | null)[]): string[] {
  return plan.filter((k): k is string => k !== null && k !== 'uscc' && k !== 'period');
}

interface ColumnCheck {
  spec: AttributeSpec;
  parse: Parse;
  /** `"key":` — the JSON prefix of the value. */
  prefix: string;
}

function toJson(v: StoredValue): string {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/**
 * Validates raw rows of one batch against the catalogue: USCC valid, type, range, code list, and
 * that periodic attributes come with a period of their frequency. Rows come as parallel arrays of
 * keys and raw values (a tabular row and its column plan, or an object's entries).
 */
export function createRowValidator(catalogue: Catalogue, options: { period: Period | null; arrivalDay: string }) {
  const checks = new Map<string, ColumnCheck>();
  for (const spec of catalogue.attributes) checks.set(spec.key, { spec, parse: parserFor(spec, catalogue.codeIndex.get(spec.key)), prefix: `${JSON.stringify(spec.key)}:` });
  let lastPeriodText = '';
  let lastPeriod: Period | undefined;

  /**
   * Validates one row: `keys[i]` (a catalogue key, `uscc`, `period`, or null to skip) holds `raws[i]`;
   * empty cells are absent. With `asArray`, values are written as an array with one entry per
   * attribute key of `keys`, in order (tabular batches; see `attributeColumns`).
   */
  return function validateRow(row: number, keys: readonly (string | null)[], raws: readonly unknown[], asArray = false): ValidRow | Rejection[] {
    let errors: Rejection[] | undefined;
    const fail = (field: string, rule: string, reason: string) => (errors ??= []).push({ row, field, rule, reason });
    let uscc = '';
    let period = options.period;
    let haveUscc = false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key === 'uscc') {
        const raw = raws[i];
        if (raw === undefined || raw === null || text(raw) === '') continue;
        haveUscc = true;
        uscc = text(raw).toUpperCase();
        const check = validateUscc(uscc);
        if (!check.ok) for (const e of check.errors) fail('uscc', e.check, e.message);
      } else if (key === 'period') {
        const raw = raws[i];
        if (raw === undefined || raw === null || raw === '') continue;
        const t = raw instanceof Date ? raw.toISOString().slice(0, 10) : text(raw);
        if (t === '') continue;
        if (t !== lastPeriodText) {
          lastPeriodText = t;
          lastPeriod = parsePeriod(t);
        }
        if (!lastPeriod) fail('period', 'period.format', `"${t}" is not a period (2025, 2025-Q3, 2025-09 or 2025-09-30)`);
        else period = lastPeriod;
      }
    }
    if (!haveUscc) fail('uscc', 'uscc.required', 'the USCC is missing');
    let data = asArray ? '[' : '{';
    let count = 0;
    let slot = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key === null || key === 'uscc' || key === 'period') continue;
      const raw = raws[i];
      if (asArray && slot++ > 0) data += ',';
      if (raw === undefined || raw === null || raw === '') {
        if (asArray) data += 'null';
        continue;
      }
      const check = checks.get(key);
      if (!check) {
        fail(key, 'attribute.unknown', `${key} is not in the catalogue`);
        continue;
      }
      const frequency = check.spec.frequency;
      if (frequency !== 'point') {
        if (!period) {
          fail(key, 'period.required', `${key} is sent per ${frequency}: give the batch or the row a period`);
          continue;
        }
        if (period.kind !== frequency) {
          fail(key, 'period.frequency', `${key} is sent per ${frequency}, not per ${period.kind} (${period.text})`);
          continue;
        }
      }
      const value = check.parse(raw);
      if (typeof value === 'object' && !Array.isArray(value)) fail(key, value.rule, value.error);
      else if (errors === undefined) {
        data += asArray ? toJson(value) : (count === 0 ? '' : ',') + check.prefix + toJson(value);
        count++;
      }
    }
    if (errors !== undefined) return errors;
    return { row, uscc, period, effective: period ? period.end : options.arrivalDay, data: data + (asArray ? ']' : '}'), count };
  };
}
