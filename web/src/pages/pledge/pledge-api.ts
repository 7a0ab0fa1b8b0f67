import type { TFunction } from 'i18next';
import { ApiError, apiGet, apiPost } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { EntryProof, TrustPolicy } from './browser-verify.ts';

/** Quality figures of a sample. */
export interface QualityReport {
  rows: number;
  columns: number;
  completeness: number;
  duplicateRows: number;
  duplicateRate: number;
  schemaConformity: number;
  missingColumns: string[];
  extraColumns: string[];
  passed: boolean;
  failures: string[];
}

/** A personal datum the scan found. */
export interface Finding {
  row: number;
  column: string;
  kind: 'id_number' | 'mobile' | 'bank_card' | 'name_with_address';
  excerpt: string;
}

/** A data asset's public registration. */
export interface AssetSummary {
  id: string;
  serial: string;
  version: number;
  previousId: string | null;
  ownerUscc: string;
  ownerName: string;
  name: string;
  description: string;
  subjectClasses: string[];
  hashAlg: 'sha256' | 'sm3';
  fingerprint: string;
  fileName: string | null;
  fileSize: number | null;
  quality: QualityReport;
  status: 'registered' | 'pledged' | 'superseded';
  registeredAt: string;
  registrationIndex: number;
}

/** A valuation. */
export interface Valuation {
  id: string;
  bankName: string;
  amountFen: number;
  method: string;
  note: string;
  valuedAt: string;
}

/** A pledge and its loan. */
export interface Pledge {
  id: string;
  bankName: string;
  bankOrgId: string;
  contractNo: string;
  contractSha256: string;
  status: 'active' | 'released';
  loanAmountFen: number | null;
  loanTermMonths: number | null;
  pledgedAt: string;
  loanAt: string | null;
  releasedAt: string | null;
}

/** A custody grant. */
export interface Grant {
  id: string;
  granteeName: string;
  grantedAt: string;
  revokedAt: string | null;
}

/** One asset with what the signed-in user may see. */
export interface AssetDetail {
  asset: AssetSummary;
  events: { kind: string; at: string; logIndex: number }[];
  versions: { id: string; version: number; fingerprint: string; registeredAt: string; status: string }[];
  activePledge: { bankName: string; pledgedAt: string } | null;
  consents: { subjectClass: string; basis: string; scope: string; date: string }[] | null;
  custody: { size: number; storedAt: string } | null;
  grants: Grant[] | null;
  valuations: Valuation[];
  pledges: Pledge[];
  canManage: boolean;
  canLend: boolean;
}

/** The verification answer. */
export interface Verification {
  fingerprint: string;
  hashAlg: 'sha256' | 'sm3';
  registered: boolean;
  asset: { id: string; serial: string; name: string; ownerName: string; ownerUscc: string; registeredAt: string; version: number; status: string; registrationIndex: number } | null;
  latestVersion: { id: string; version: number; fingerprint: string; registeredAt: string } | null;
  changedSince: boolean;
  pledged: boolean;
  pledge: { bankName: string; pledgedAt: string; logIndex: number | null } | null;
  registrationProof: EntryProof | null;
  pledgeProof: EntryProof | null;
  latestVersionProof: EntryProof | null;
  trust: TrustPolicy;
}

/** What the registration form sends. */
export interface RegisterBody {
  name: string;
  description: string;
  subjectClasses: string[];
  consents: { subjectClass: string; basis: string; scope: string; date: string }[];
  schema: { name: string; type: string; required: boolean }[];
  hashAlg: 'sha256' | 'sm3';
  fingerprint: string;
  fileName: string;
  fileSize: number;
  sample: { columns: string[]; rows: string[][] };
  custodyData?: string;
  previousId?: string;
}

/** The API of the data-IP pledge, typed. */
export const pledgeApi = {
  list: () => apiGet<{ items: AssetSummary[] }>('/api/pledge/assets'),
  detail: (id: string) => apiGet<AssetDetail>(`/api/pledge/assets/${encodeURIComponent(id)}`),
  check: (body: Pick<RegisterBody, 'subjectClasses' | 'consents' | 'schema' | 'sample'>) => apiPost<{ passed: boolean; consentErrors: { message: string }[]; findings: Finding[]; quality: QualityReport }>('/api/pledge/checks', body),
  register: (body: RegisterBody) => apiPost<AssetDetail>('/api/pledge/assets', body),
  deposit: (id: string, data: string) => apiPost<void>(`/api/pledge/assets/${id}/custody`, { data }),
  grant: (id: string, orgCode: string) => apiPost<Grant>(`/api/pledge/assets/${id}/grants`, { orgCode }),
  revoke: (id: string, grantId: string) => apiPost<void>(`/api/pledge/assets/${id}/grants/${grantId}/revoke`),
  value: (id: string, body: { amountFen: number; method: string; note: string }) => apiPost<Valuation>(`/api/pledge/assets/${id}/valuations`, body),
  pledge: (id: string, body: { valuationId: string; contractNo: string; contractText: string }) => apiPost<Pledge>(`/api/pledge/assets/${id}/pledges`, body),
  loan: (pledgeId: string, body: { amountFen: number; termMonths: number }) => apiPost<Pledge>(`/api/pledge/pledges/${pledgeId}/loan`, body),
  release: (pledgeId: string) => apiPost<Pledge>(`/api/pledge/pledges/${pledgeId}/release`),
  verify: (fingerprint: string, alg: string) => apiGet<Verification>('/api/pledge/verify', { fingerprint, alg }),
};

/** Base64 of bytes, in chunks (files of several megabytes). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A percentage with one decimal. */
export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** A timestamp as `YYYY-MM-DD HH:mm:ss` in the browser's time zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('sv-SE');
}

/**
 * The message for a failed pledge request: this scenario's own translation of the error code
 * (`pledge.errors.conflict.pledged`) when it has one, followed by the API's facts; otherwise the
 * app's usual message.
 */
export function pledgeErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const own = t(`pledge.errors.${error.code}`, { defaultValue: '' });
    if (own) return `${own}${t('errors.sentenceSeparator', { defaultValue: ' ' })}${error.message}`;
  }
  return errorMessage(error, t);
}
