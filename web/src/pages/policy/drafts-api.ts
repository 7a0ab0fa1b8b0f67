import { apiGet, apiPost, apiPut } from '../../api/client.ts';
import type { ApprovalMode, Text } from './policy-api.ts';

/** An attribute units are written against (the mirror's catalogue plus supplementary ones). */
export interface Attribute {
  key: string;
  type: 'number' | 'money' | 'integer' | 'enum' | 'set' | 'date' | 'boolean' | 'text';
  zh: string;
  en: string;
  periods?: number;
  values?: string[];
  labels?: Record<string, Text>;
  unit?: Text;
}

/** A problem of a unit document: JSON Pointer, rule, message. */
export interface Problem {
  field: string;
  rule: string;
  message: string;
}

/** A public-comment period. */
export interface Period {
  openedAt: string;
  closesOn: string;
  closedAt: string | null;
  open?: boolean;
}

/** A draft of a policy unit. */
export interface Draft {
  id: string;
  unitId: string;
  baseVersion: number | null;
  document: Record<string, unknown>;
  revision: number;
  status: 'editing' | 'published' | 'discarded';
  orgId: string;
  comment: Period | null;
  publishedVersion: number | null;
  updatedAt: string;
  problems?: Problem[];
}

/** An author test's outcome. */
export interface TestResult {
  name: string;
  passed: boolean;
  expected: { eligible: boolean; amount?: number };
  actual: { eligible: boolean; amount: number };
  error?: string;
}

/** What the sandbox answers for a draft. */
export interface SandboxAnswer {
  asOf: string;
  population: number;
  count: number;
  totalFen: number;
  breakdown: { dims: [string, string]; cells: { a: string | null; b: string | null; count: number; totalFen: number }[] } | null;
  diff: { replaces: number; gained: number; lost: number; kept: number; gainedSample: string[]; lostSample: string[] } | null;
}

/** A publication's progress. */
export interface Publication {
  id: string;
  status: 'running' | 'done' | 'failed';
  eligible: number | null;
  pushes: number | null;
  progress: number | null;
  error: string | null;
}

/** A plain-language description of a unit. */
export type Described = { kind: 'condition'; zh: string; en: string } | { kind: 'all' | 'any' | 'not'; items: Described[] };

/** A comment with its answer. */
export interface DraftComment {
  id: string;
  companyName: string;
  body: string;
  createdAt: string;
  answer: { text: string; at: string } | null;
}

/** A draft under (or after) public comment. */
export interface Consultation {
  draftId: string;
  unitId: string;
  title: Text;
  category: string | null;
  source: { document?: string; article?: string; issuer?: string; url?: string } | null;
  validFrom: string | null;
  validTo: string | null;
  scope: string[];
  period: Period;
  plain?: { eligibility: Described; benefit: Text | null } | null;
  comments: DraftComment[] | number;
}

/** A budget line. */
export interface BudgetLine {
  id: string;
  title: string;
  capFen: number;
  balances?: Record<string, number>;
}

/** A kind of certificate a unit can ask the certificate library for. */
export interface CertificateKind {
  kind: string;
  title: string;
  source: string;
}

/** A certificate a unit's claims fetch (or ask for). */
export interface CertificateNeed {
  kind: string;
  title: string;
}

/** Calls of the drafting API (and the rules API the editor checks drafts with). */
export const draftsApi = {
  attributes: () => apiGet<{ items: Attribute[] }>('/api/policy/attributes'),
  list: () => apiGet<{ items: Draft[] }>('/api/policy/drafts'),
  create: (unitId: string) => apiPost<Draft>('/api/policy/drafts', { unitId }),
  get: (id: string) => apiGet<Draft>(`/api/policy/drafts/${id}`),
  save: (id: string, document: unknown, revision: number) => apiPut<Draft>(`/api/policy/drafts/${id}`, { document, revision }),
  publish: (id: string, body: { revision: number; mode?: ApprovalMode; budgetLineId?: string; certificates?: CertificateNeed[] }) => apiPost<{ draft: Draft; publication: Publication }>(`/api/policy/drafts/${id}/publish`, body),
  publication: (id: string) => apiGet<Publication>(`/api/policy/publications/${id}`),
  openComment: (id: string, closesOn: string) => apiPost<Draft>(`/api/policy/drafts/${id}/comment-period`, { closesOn }),
  closeComment: (id: string) => apiPost<Draft>(`/api/policy/drafts/${id}/comment-period/close`),
  tests: (unit: unknown) => apiPost<{ passed: number; failed: number; results: TestResult[] }>('/api/rules/tests', { unit }),
  sandbox: (unit: unknown) => apiPost<SandboxAnswer>('/api/rules/sandbox', { unit }),
  budgetLines: () => apiGet<{ items: BudgetLine[] }>('/api/policy/budget-lines'),
  certificateKinds: () => apiGet<{ items: CertificateKind[] }>('/api/policy/certificate-kinds'),
  consultations: () => apiGet<{ items: Consultation[] }>('/api/policy/consultations'),
  consultation: (id: string) => apiGet<Consultation>(`/api/policy/consultations/${id}`),
  comment: (id: string, body: string) => apiPost<DraftComment>(`/api/policy/consultations/${id}/comments`, { body }),
  answer: (commentId: string, text: string) => apiPost<DraftComment>(`/api/policy/comments/${commentId}/answer`, { text }),
};

/** The version of a unit in force (or the latest), to compare a draft with. */
export function publishedUnit(id: string): Promise<{ version: number; unit: Record<string, unknown> }> {
  return apiGet(`/api/rules/units/${encodeURIComponent(id)}`);
}

/** The attribute keys an expression reads (`var`), in order of first use. */
export function varsOf(expr: unknown, out: string[] = []): string[] {
  if (Array.isArray(expr)) expr.forEach((x) => varsOf(x, out));
  else if (expr && typeof expr === 'object') {
    for (const [k, v] of Object.entries(expr)) {
      if (k === 'var' && typeof v === 'string') { if (!out.includes(v)) out.push(v); } else varsOf(v, out);
    }
  }
  return out;
}

/** How a unit's claims are decided, in the order the publish form offers them. */
export const APPROVAL_MODES: readonly ApprovalMode[] = ['apply_free', 'quick_apply', 'credit_commitment', 'manual'];

/** The categories a unit may be filed under (stored as written; labels in i18n `drafting.category.<index>`). */
export const CATEGORIES = ['减免', '奖补', '权益', '资质'] as const;

/** Whether a draft's public-comment period is open today. */
export function isCommentOpen(d: Pick<Draft, 'comment'>, today = new Date().toISOString().slice(0, 10)): boolean {
  return d.comment !== null && d.comment.closedAt === null && d.comment.closesOn >= today;
}
