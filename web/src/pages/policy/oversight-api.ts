import { apiGet, apiPost, apiPut, withQuery } from '../../api/client.ts';
import type { Claim, Text } from './policy-api.ts';

/** What a supervision warning is about. */
export const WARNING_KINDS = ['overlap_cap', 'credit_list', 'attribute_change', 'shared_account', 'official_outlier'] as const;
/** Where a warning stands. */
export const WARNING_STATUSES = ['open', 'investigating', 'resolved', 'dismissed'] as const;

/** One step of a warning's resolution trail. */
export interface WarningEvent {
  id: string;
  from: string | null;
  to: string;
  holdsPayment: boolean;
  actorName: string | null;
  note: string | null;
  at: string;
}

/** A supervision warning. */
export interface Warning {
  id: string;
  kind: (typeof WARNING_KINDS)[number];
  claimId: string;
  unitId: string;
  uscc: string;
  districtCode: string;
  reason: Text;
  evidence: Record<string, unknown>;
  status: (typeof WARNING_STATUSES)[number];
  holdsPayment: boolean;
  trigger: string;
  createdAt: string;
  trail?: WarningEvent[];
}

/** The evaluation request. */
export interface EvaluationQuery {
  unitId: string;
  outcome: string;
  treatStart?: string;
  industry?: 'section' | 'division';
}

/** An evaluation report (matched difference-in-differences). */
export interface EvaluationReport {
  unitId: string;
  unitTitle: Text;
  outcome: { key: string; zh: string; en: string; unit: string | null };
  treatStart: string;
  periods: string[];
  population: number;
  beneficiaries: number;
  result: {
    att: number | null;
    se: number | null;
    ci95: (number | null)[];
    p: number | null;
    treated: number;
    controls: number;
    unmatchedTreated: number;
    before: string[];
    after: string[];
    method: string;
    series: { period: string; treated: number | null; control: number | null; treatedN: number; controlN: number }[];
    cells: { cell: string; treated: number; controls: number; deltaTreated: number; deltaControl: number; weight: number }[];
  };
}

/** A company's subscriptions. */
export interface Subscriptions {
  categories: string[];
  available: string[];
}

/** A stored policy unit as the catalogue lists it. */
export interface StoredUnit {
  id: string;
  title: Text;
  category: string | null;
  publishedVersion: number | null;
}

const q = (e: EvaluationQuery) => ({ unitId: e.unitId, outcome: e.outcome, treatStart: e.treatStart, industry: e.industry });

/** Calls of the oversight API: supervision, evaluation, subscriptions, claim reviews. */
export const oversightApi = {
  warnings: (filter: { status?: string; kind?: string }) => apiGet<{ items: Warning[] }>('/api/policy/warnings', filter),
  warning: (id: string) => apiGet<Warning>(`/api/policy/warnings/${id}`),
  transition: (id: string, body: { status: string; note?: string; holdsPayment?: boolean }) => apiPost<Warning>(`/api/policy/warnings/${id}/transition`, body),
  recheck: () => apiPost<{ checked: number; raised: number }>('/api/policy/warnings/recheck', {}),
  units: () => apiGet<{ items: StoredUnit[] }>('/api/rules/units'),
  evaluate: (e: EvaluationQuery) => apiGet<EvaluationReport>('/api/policy/evaluation', q(e)),
  exportUrl: (e: EvaluationQuery, format: 'csv' | 'xlsx') => withQuery('/api/policy/evaluation/export', { ...q(e), format }),
  subscriptions: () => apiGet<Subscriptions>('/api/policy/subscriptions'),
  subscribe: (categories: string[]) => apiPut<Subscriptions>('/api/policy/subscriptions', { categories }),
  claimOfReview: (instanceId: string) => apiGet<Claim>(`/api/policy/reviews/${instanceId}/claim`),
};
