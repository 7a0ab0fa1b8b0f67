import { apiGet, apiPost } from '../../api/client.ts';

/** A standard business-scope wording. */
export interface ScopeEntry {
  code: string;
  wording: string;
  section: string;
  class: 'general' | 'licensed';
  licences: string[];
  score?: number;
}

/** Why an item is suggested. */
export interface Reason {
  kind: 'registration' | 'scope' | 'prerequisite' | 'applicant';
  from?: string;
  text: string;
}

/** A catalogue item as applicants see it. */
export interface LicenceView {
  code: string;
  name: string;
  department: string;
  departmentName: string;
  departmentKind: string;
  kind: 'licence' | 'filing';
  mode: 'automatic' | 'commitment' | 'review';
  timeLimitDays: number;
  basis: { law: string; article: string };
  requires: string[];
  mirrorFacts: string[];
  factsToProvide: string[];
  documents: string[];
  zeroMaterials: boolean;
  active: boolean;
}

/** The guidance answer. */
export interface Guidance {
  scope: ScopeEntry[];
  fragments: { fragment: string; entry: ScopeEntry | null; how: 'exact' | 'similar' | null; score: number }[];
  scopeText: string;
  items: (LicenceView & { reasons: Reason[]; suggested: boolean })[];
  removed: string[];
  problems: { rule: string; item: string; missing?: string; scope?: string; message: string }[];
  totals: { items: number; departments: number; longestLimitDays: number; automatic: number; commitment: number; zeroMaterials: number };
}

/** The market-entry API as the guidance page uses it. */
export const marketApi = {
  searchScope: (q: string) => apiGet<{ items: ScopeEntry[]; total: number }>('/api/market/scope', { q, limit: 15 }),
  matchScope: (text: string) => apiPost<{ fragments: Guidance['fragments'] }>('/api/market/scope/match', { text }),
  licences: () => apiGet<{ items: LicenceView[]; total: number }>('/api/market/licences', { active: 'true' }),
  suggest: (body: { scopeCodes: string[]; add: string[]; remove: string[] }) => apiPost<Guidance>('/api/market/licence-suggestions', body),
};
