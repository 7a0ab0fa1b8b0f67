import { ApiError, apiGet, apiPost } from '../../api/client.ts';

/** A bilingual text. */
export interface Text {
  zh: string;
  en: string;
}

/** How a unit's claims are decided. */
export type ApprovalMode = 'apply_free' | 'quick_apply' | 'credit_commitment' | 'manual';

/** A receiving account. */
export interface BankAccount {
  name: string;
  number: string;
  bank: string;
}

/** A payment of a claim. */
export interface Payment {
  id: string;
  claimId: string;
  amountFen: number;
  status: 'queued' | 'sent' | 'paid' | 'returned' | 'cancelled';
  attempts: number;
  batchId: string | null;
  reason: string | null;
  updatedAt: string;
}

/** An explanation tree as the rules engine renders it. */
export type Explanation = { kind: 'condition'; held: boolean; zh: string; en: string } | { kind: 'all' | 'any' | 'not'; held: boolean; items: Explanation[] };

/** A claim. */
export interface Claim {
  id: string;
  unitId: string;
  version: number;
  uscc: string;
  districtCode: string;
  mode: ApprovalMode;
  status: 'awaiting_account' | 'pending_review' | 'approved' | 'paying' | 'paid' | 'payment_returned' | 'rejected' | 'revoked';
  amountFen: number;
  answers: Record<string, unknown>;
  promised: string[];
  explanation: Explanation | null;
  audit: 'pending' | 'kept' | 'broken' | null;
  reason: string | null;
  recoveryFen: number;
  recoveredAt: string | null;
  createdAt: string;
  payments?: Payment[];
}

/** "Policies for me". */
export interface ForMe {
  uscc: string;
  asOf: string;
  eligible: { id: string; version: number; title: Text; amount: number; mode: ApprovalMode | null }[];
  nearMisses: { id: string; version: number; title: Text; why: Text[] }[];
  claims: (Claim & { payments: Payment[] })[];
  inbox: { id: string; kind: 'push' | 'claim'; title: Text; refId: string | null; createdAt: string }[];
}

/** What a company is asked before claiming. */
export interface Quote {
  unitId: string;
  version: number;
  mode: ApprovalMode;
  facts: Record<string, unknown>;
  missing: string[];
  /** The certificates the unit needs: fetched from the certificate library, refused (expired, cancelled), missing (an upload is asked). */
  certificates?: { fetched: LibraryCertificate[]; refused: LibraryCertificate[]; missing: { kind: string; title: string }[] };
}

/** A certificate fetched from the electronic certificate library. */
export interface LibraryCertificate {
  kind: string;
  number: string;
  title: string;
  issuer: string;
  issuedAt: string;
  validUntil: string | null;
  status: 'valid' | 'expired' | 'cancelled';
  verifyUrl: string | null;
  source: string;
}

/** A file uploaded to the platform (a copy of a certificate): a claim names it by id. */
export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
}

/** A certificate stored with a claim: fetched from the library, or an uploaded copy (`uploadRef`, opened at /api/files/:id). */
export interface ClaimCertificate {
  kind: string;
  title: string;
  number: string | null;
  issuer: string | null;
  validUntil: string | null;
  verifyUrl: string | null;
  source: string | null;
  uploadRef: string | null;
  uploadName?: string | null;
}

/** The address an uploaded file is opened at (with the session cookie; 404 to whoever may not see it). */
export const fileUrl = (id: string) => `/api/files/${encodeURIComponent(id)}`;

/** Uploads a file as the raw body (its type checked by the server from its bytes); the session cookie goes with it. */
export async function uploadFile(file: Blob & { name: string }): Promise<UploadedFile> {
  let response: Response;
  try {
    response = await fetch(`/api/files?name=${encodeURIComponent(file.name)}`, {
      method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' }, body: file,
    });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  const data = (await response.json().catch(() => ({}))) as UploadedFile & { code?: string; message?: string; details?: Record<string, unknown> };
  if (!response.ok) throw new ApiError(response.status, data.code ?? `http.${response.status}`, data.message ?? response.statusText, data.details);
  return data;
}

/** A payment batch. */
export interface Batch {
  id: string;
  count: number;
  totalFen: number;
  status: 'sent' | 'reconciled';
  createdAt: string;
}

/** Calls of the policy life-cycle API. */
export const policyApi = {
  forMe: () => apiGet<ForMe>('/api/policy/for-me'),
  quote: (unitId: string) => apiGet<Quote>(`/api/policy/units/${encodeURIComponent(unitId)}/quote`),
  apply: (unitId: string, body: { answers?: Record<string, unknown>; account?: BankAccount; certificateUploads?: Record<string, string> }) => apiPost<Claim>(`/api/policy/units/${encodeURIComponent(unitId)}/claims`, body),
  confirmAccount: (claimId: string, account: BankAccount) => apiPost<Claim>(`/api/policy/claims/${claimId}/account`, { account }),
  claims: (status?: string) => apiGet<{ items: Claim[] }>('/api/policy/claims', { status }),
  certificates: (claimId: string) => apiGet<ClaimCertificate[]>(`/api/policy/claims/${claimId}/certificates`),
  decide: (claimId: string, approve: boolean, reason?: string) => apiPost<Claim>(`/api/policy/claims/${claimId}/decision`, { approve, reason }),
  audit: (claimId: string) => apiPost<Claim>(`/api/policy/claims/${claimId}/audit`, {}),
  payout: () => apiPost<{ batch: Batch | null }>('/api/policy/payouts'),
  batches: () => apiGet<{ items: Batch[] }>('/api/policy/payouts'),
  reconcile: (batchId: string, file: string) => apiPost<{ paid: number; retried: number; returned: number; skipped: number }>(`/api/policy/payouts/${batchId}/returns`, { file }),
};

/** The sentences of the conditions that did not hold. */
export function failedSentences(e: Explanation | null): Text[] {
  if (!e) return [];
  if (e.kind === 'condition') return e.held ? [] : [{ zh: e.zh, en: e.en }];
  if (e.held && e.kind !== 'not') return [];
  return e.items.flatMap(failedSentences);
}

/** Every condition sentence of an explanation, with whether it held. */
export function allSentences(e: Explanation | null): (Text & { held: boolean })[] {
  if (!e) return [];
  if (e.kind === 'condition') return [{ zh: e.zh, en: e.en, held: e.held }];
  return e.items.flatMap(allSentences);
}
