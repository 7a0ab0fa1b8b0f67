import type { Catalogue } from '../catalogue.service.ts';
import type { Rejection } from './validate-row.ts';

const USCC_NAMES = new Set(['uscc', '统一社会信用代码', '社会信用代码', 'credit_code', 'unified_social_credit_code']);
const PERIOD_NAMES = new Set(['period', '期间', '所属期', '统计期', '报告期']);

/**
 * A resolver of source field names to catalogue keys. An explicit mapping (source name → key, or
 * null to ignore the field) wins; otherwise a name matches a key, a Chinese name or an English
 * name (case-insensitive), and the USCC and period columns go by their usual names.
 */
export function createFieldResolver(catalogue: Catalogue, mapping: Readonly<Record<string, string | null>> = {}) {
  const byName = new Map<string, string>();
  for (const a of catalogue.attributes) {
    byName.set(a.key.toLowerCase(), a.key);
    byName.set(a.zh, a.key);
    byName.set(a.en.toLowerCase(), a.key);
  }
  const cache = new Map<string, string | null | undefined>();
  /** The key a field name maps to: a catalogue key, `uscc`, `period`, null (ignored) or undefined (unknown). */
  return function resolve(name: string): string | null | undefined {
    if (cache.has(name)) return cache.get(name);
    let key: string | null | undefined;
    const trimmed = name.trim();
    if (Object.prototype.hasOwnProperty.call(mapping, trimmed)) {
      const target = mapping[trimmed];
      key = target === null ? null : target === 'uscc' || target === 'period' || catalogue.byKey.has(target) ? target : undefined;
    } else if (USCC_NAMES.has(trimmed.toLowerCase())) key = 'uscc';
    else if (PERIOD_NAMES.has(trimmed.toLowerCase())) key = 'period';
    else key = byName.get(trimmed) ?? byName.get(trimmed.toLowerCase());
    cache.set(name, key);
    return key;
  };
}

/** The plan of a tabular header: a key (or null) per column, and the header's problems (reported as row 0). */
export function planColumns(header: readonly string[], resolve: (name: string) => string | null | undefined): { plan: (string | null)[]; errors: Rejection[] } {
  const errors: Rejection[] = [];
  const seen = new Map<string, string>();
  const plan = header.map((name) => {
    const key = resolve(name);
    if (key === undefined) {
      errors.push({ row: 0, field: name, rule: 'column.unknown', reason: `column "${name}" matches no catalogue attribute (map it, or map it to null to ignore it)` });
      return null;
    }
    if (key !== null) {
      const other = seen.get(key);
      if (other !== undefined) errors.push({ row: 0, field: name, rule: 'column.duplicate', reason: `columns "${other}" and "${name}" both map to ${key}` });
      seen.set(key, name);
    }
    return key;
  });
  if (!seen.has('uscc')) errors.push({ row: 0, field: 'uscc', rule: 'column.required', reason: 'the batch has no USCC column (统一社会信用代码)' });
  return { plan, errors };
}
