import type { ScopeEntry } from './scope.data.ts';

/** A standard wording found for a query or a fragment of free text, with how well it matched (0–100). */
export interface ScopeHit {
  entry: ScopeEntry;
  score: number;
}

/** A fragment of free text and the standard wording it was taken as, or null when none is near enough. */
export interface FragmentMatch {
  fragment: string;
  entry: ScopeEntry | null;
  /** `exact` when the fragment is the standard wording, `similar` when the nearest wording was taken. */
  how: 'exact' | 'similar' | null;
  score: number;
}

/** The lowest score at which free text is taken as a standard wording. */
export const MATCH_THRESHOLD = 40;

function clean(text: string): string {
  return text.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

function bigrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const g = text.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Similarity of a query to a wording over character bigrams: Dice (0–1) and the share of the query's bigrams the wording has (0–1). */
export function similarity(query: string, wording: string): { dice: number; coverage: number } {
  const x = bigrams(query);
  const y = bigrams(wording);
  let common = 0;
  let queryTotal = 0;
  for (const [g, n] of x) {
    common += Math.min(n, y.get(g) ?? 0);
    queryTotal += n;
  }
  let total = queryTotal;
  for (const n of y.values()) total += n;
  return { dice: total === 0 ? 0 : (2 * common) / total, coverage: queryTotal === 0 ? 0 : common / queryTotal };
}

/** How well a standard wording answers a query: exact 100, prefix 85, contained 70 (shorter wordings first), else by similarity. */
export function scoreOf(entry: ScopeEntry, query: string): number {
  const w = entry.wording;
  if (w === query) return 100;
  if (w.startsWith(query)) return 85 - Math.min(10, w.length - query.length) / 2;
  if (w.includes(query)) return 70 - Math.min(10, w.length - query.length) / 2;
  if (query.includes(w)) return 60;
  const { dice, coverage } = similarity(query, w);
  return Math.round(55 * coverage + 20 * dice);
}

/** Standard wordings for a search box: best first, at most `limit`. */
export function searchScope(entries: readonly ScopeEntry[], query: string, limit = 20): ScopeHit[] {
  const q = clean(query);
  if (!q) return [];
  return entries
    .map((entry) => ({ entry, score: scoreOf(entry, q) }))
    .filter((h) => h.score >= (q.length <= 2 ? 60 : 25))
    .sort((a, b) => b.score - a.score || a.entry.code.localeCompare(b.entry.code))
    .slice(0, limit);
}

/**
 * Takes free business-scope text (as people write it, or as a register prints it with 许可项目/一般项目
 * headings and the standard notes) apart into fragments and matches each to a standard wording.
 */
export function matchScopeText(entries: readonly ScopeEntry[], text: string): FragmentMatch[] {
  const byWording = new Map(entries.map((e) => [e.wording, e]));
  const stripped = clean(text)
    .replace(/（(除依法须经批准的项目外|依法须经批准的项目)[^）]*）/g, '；')
    .replace(/(许可项目|一般项目)[：:]/g, '；');
  const fragments = [...new Set(stripped.split(/[；;，,。\n]+/).map((f) => f.trim()).filter(Boolean))];
  return fragments.map((fragment) => {
    const exact = byWording.get(fragment);
    if (exact) return { fragment, entry: exact, how: 'exact' as const, score: 100 };
    const best = searchScope(entries, fragment, 1)[0];
    return best && best.score >= MATCH_THRESHOLD ? { fragment, entry: best.entry, how: 'similar' as const, score: best.score } : { fragment, entry: null, how: null, score: best?.score ?? 0 };
  });
}
