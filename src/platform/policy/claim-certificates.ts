import type { Kysely } from 'kysely';
import type { Facts } from '../../engines/rules/index.ts';
import type { FieldError } from '../../kernel/errors.ts';
import type { LibraryCertificate } from '../certificates/certificate-library.ts';

/** A certificate a policy unit needs; `proves`: a valid one is proof of that fact (filling it where the mirror lacks it). */
export interface CertificateNeed {
  kind: string;
  title: string;
  proves?: { fact: string; value: boolean | number | string };
}

/**
 * The certificates the shipped units need, by unit id (the unit JSON schema belongs to the rules
 * engine and takes no extra fields, so the needs are declared beside it, here).
 */
export const SHIPPED_CERTIFICATE_NEEDS: Readonly<Record<string, readonly CertificateNeed[]>> = {
  'cn-high-tech-enterprise': [{ kind: 'high_tech', title: '高新技术企业证书' }],
};

const KIND = /^[a-z][a-z0-9_]*(:[A-Za-z0-9_.-]+)?$/;
const FACT = /^[a-z][a-z0-9_]*$/;

/**
 * Checks a unit's declared certificate needs: at most 20, each with a kind (`high_tech`,
 * `permit:food_business`: letters, digits, `_`, an optional `:` and code; at most 64 characters) given once, a
 * title (1–100 characters), and, when it proves a fact, the fact's key and a boolean, number or text
 * value. Each error names the field (`certificates.N.kind`…) and the rule.
 */
export function certificateNeedProblems(list: unknown): FieldError[] {
  if (!Array.isArray(list)) return [{ field: 'certificates', rule: 'type', message: 'certificates is a list of { kind, title, proves? }' }];
  const errors: FieldError[] = [];
  if (list.length > 20) errors.push({ field: 'certificates', rule: 'maxItems', message: 'at most 20 certificates' });
  const seen = new Set<string>();
  list.forEach((n: unknown, i) => {
    const at = `certificates.${i}`;
    const need = (n ?? {}) as Partial<Record<'kind' | 'title' | 'proves', unknown>>;
    if (typeof n !== 'object' || n === null) errors.push({ field: at, rule: 'type', message: 'a certificate is { kind, title, proves? }' });
    else if (typeof need.kind !== 'string' || need.kind.length > 64 || !KIND.test(need.kind)) errors.push({ field: `${at}.kind`, rule: 'pattern', message: 'kind is a code such as high_tech or permit:food_business (at most 64 characters)' });
    else if (seen.has(need.kind)) errors.push({ field: `${at}.kind`, rule: 'unique', message: `${need.kind} is listed twice` });
    else seen.add(need.kind);
    if (typeof n === 'object' && n !== null && (typeof need.title !== 'string' || need.title.trim() === '' || need.title.length > 100)) errors.push({ field: `${at}.title`, rule: 'length', message: 'title is 1–100 characters' });
    if (need.proves !== undefined) {
      const p = need.proves as { fact?: unknown; value?: unknown } | null;
      if (typeof p !== 'object' || p === null || typeof p.fact !== 'string' || !FACT.test(p.fact) || p.fact.length > 64) errors.push({ field: `${at}.proves.fact`, rule: 'pattern', message: 'proves.fact is an attribute key (lower case, digits, _)' });
      else if (!['boolean', 'number', 'string'].includes(typeof p.value) || (typeof p.value === 'number' && !Number.isFinite(p.value)) || (typeof p.value === 'string' && p.value.length > 100)) errors.push({ field: `${at}.proves.value`, rule: 'type', message: 'proves.value is a boolean, a finite number or a text of at most 100 characters' });
    }
  });
  return errors;
}

/** A unit's certificates for one company: the valid ones fetched, the expired or cancelled ones refused, the ones still missing. */
export interface ClaimCertificates {
  fetched: LibraryCertificate[];
  refused: LibraryCertificate[];
  missing: CertificateNeed[];
}

/** Matches a unit's needs against a company's certificates: per kind, the valid one lasting longest; none valid: missing (and any invalid ones refused). */
export function matchCertificates(needs: readonly CertificateNeed[], certificates: readonly LibraryCertificate[]): ClaimCertificates {
  const out: ClaimCertificates = { fetched: [], refused: [], missing: [] };
  for (const need of needs) {
    const ofKind = certificates.filter((c) => c.kind === need.kind);
    const valid = ofKind.filter((c) => c.status === 'valid').sort((a, b) => (b.validUntil ?? '9999').localeCompare(a.validUntil ?? '9999'));
    if (valid.length > 0) out.fetched.push(valid[0]);
    else {
      out.refused.push(...ofKind);
      out.missing.push(need);
    }
  }
  return out;
}

/** The facts the fetched (valid) certificates prove, for the needs that say so. */
export function provenByCertificates(needs: readonly CertificateNeed[], fetched: readonly LibraryCertificate[]): Facts {
  const out: Facts = {};
  for (const n of needs) if (n.proves && fetched.some((c) => c.kind === n.kind)) out[n.proves.fact] = n.proves.value;
  return out;
}

/** What a claim needs to know of an uploaded file to accept it as a certificate copy. */
export interface UploadedCopy {
  id: string;
  /** The company it was uploaded for; null: uploaded by an organisation, not a company. */
  ownerUscc: string | null;
}

/**
 * Checks the uploads given for the missing certificates: one per missing kind, each the id of a file
 * the claiming company uploaded (`uploaded`: the files found for the ids given), no others.
 * Another company's file is refused as `notYours`, an unknown id as `notFound`.
 */
export function uploadProblems(missing: readonly CertificateNeed[], uploads: Record<string, unknown>, uploaded: readonly UploadedCopy[], uscc: string): FieldError[] {
  const errors: FieldError[] = [];
  const asked = new Set(missing.map((n) => n.kind));
  const byId = new Map(uploaded.map((f) => [f.id, f]));
  for (const n of missing) {
    const field = `certificateUploads.${n.kind}`;
    const v = uploads[n.kind];
    if (typeof v !== 'string' || v.trim() === '') errors.push({ field, rule: 'certificate.required', message: `${n.title} was not found valid in the certificate library: upload a copy (PDF, PNG or JPEG) and give its file id` });
    else if (!byId.has(v)) errors.push(uploadNotFound(n.kind, v));
    else if (byId.get(v)!.ownerUscc !== uscc) errors.push({ field, rule: 'certificate.upload.notYours', message: `file ${v} was not uploaded by your company` });
  }
  for (const k of Object.keys(uploads)) if (!asked.has(k)) errors.push({ field: `certificateUploads.${k}`, rule: 'certificate.notAsked', message: `${k} is not asked: fetched from the library, or the unit does not need it` });
  return errors;
}

/** The error of an upload id `id` given for certificate kind `kind` that names no uploaded file. */
export function uploadNotFound(kind: string, id: string): FieldError {
  return { field: `certificateUploads.${kind}`, rule: 'certificate.upload.notFound', message: `no uploaded file ${id.slice(0, 100)}: upload the copy first (POST /api/files)` };
}

/** The file ids among the uploads given (to look them up before `uploadProblems`). */
export function uploadIds(uploads: Record<string, unknown>): string[] {
  return [...new Set(Object.values(uploads).filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 100))];
}

/** A certificate stored with a claim: fetched (number, issuer, validity, verification page) or uploaded (the file's id and name). */
export interface ClaimCertificate {
  kind: string;
  title: string;
  number: string | null;
  issuer: string | null;
  issuedAt: string | null;
  validUntil: string | null;
  verifyUrl: string | null;
  /** The library source it came from; null: uploaded by the applicant. */
  source: string | null;
  /** The id of the uploaded copy (served at `/api/files/:id`). */
  uploadRef: string | null;
  /** The uploaded copy's file name, when shown to someone who may open it. */
  uploadName?: string | null;
}

interface Row { claim_id: string; kind: string; title: string; number: string | null; issuer: string | null; issued_at: string | null; valid_until: string | null; verify_url: string | null; source: string | null; upload_ref: string | null }
/** The table of certificates stored with claims. */
export interface ClaimCertificateTables { policy_claim_certificates: Row }

/** The rows to store for a claim: the fetched certificates and the uploads for the missing ones. */
export function claimCertificates(found: ClaimCertificates, uploads: Record<string, string>): ClaimCertificate[] {
  return [
    ...found.fetched.map((c) => ({ kind: c.kind, title: c.title, number: c.number, issuer: c.issuer, issuedAt: c.issuedAt, validUntil: c.validUntil, verifyUrl: c.verifyUrl, source: c.source, uploadRef: null })),
    ...found.missing.map((n) => ({ kind: n.kind, title: n.title, number: null, issuer: null, issuedAt: null, validUntil: null, verifyUrl: null, source: null, uploadRef: uploads[n.kind] ?? null })),
  ];
}

/** Stores a claim's certificates (inside the claim's transaction). */
export async function storeClaimCertificates(trx: Kysely<ClaimCertificateTables>, claimId: string, list: readonly ClaimCertificate[]): Promise<void> {
  if (list.length === 0) return;
  await trx.insertInto('policy_claim_certificates').values(list.map((c) => ({
    claim_id: claimId, kind: c.kind, title: c.title, number: c.number, issuer: c.issuer, issued_at: c.issuedAt, valid_until: c.validUntil, verify_url: c.verifyUrl, source: c.source, upload_ref: c.uploadRef,
  }))).execute();
}

/** The certificates stored with a claim, by kind. */
export async function loadClaimCertificates(db: Kysely<ClaimCertificateTables>, claimId: string): Promise<ClaimCertificate[]> {
  const rows = await db.selectFrom('policy_claim_certificates').selectAll().where('claim_id', '=', claimId).orderBy('kind').execute();
  return rows.map((r) => ({ kind: r.kind, title: r.title, number: r.number, issuer: r.issuer, issuedAt: r.issued_at, validUntil: r.valid_until, verifyUrl: r.verify_url, source: r.source, uploadRef: r.upload_ref }));
}

/** Of these file ids, those some claim holds as an uploaded certificate copy (the file purge keeps them). */
export async function uploadsReferenced(db: Kysely<ClaimCertificateTables>, fileIds: readonly string[]): Promise<Set<string>> {
  if (fileIds.length === 0) return new Set();
  const rows = await db.selectFrom('policy_claim_certificates').select('upload_ref').distinct().where('upload_ref', 'in', [...fileIds]).execute();
  return new Set(rows.map((r) => r.upload_ref!));
}

/** The claims that hold a file as an uploaded certificate copy. */
export async function claimsReferencingUpload(db: Kysely<ClaimCertificateTables>, fileId: string): Promise<string[]> {
  const rows = await db.selectFrom('policy_claim_certificates').select('claim_id').distinct().where('upload_ref', '=', fileId).execute();
  return rows.map((r) => r.claim_id);
}
