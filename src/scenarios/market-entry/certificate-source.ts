import type { CertificateSource, SourceCertificate } from '../../platform/certificates/certificate-library.ts';
import { APPROVING_DEPARTMENTS } from './departments.data.ts';
import { verificationUrl } from './entry-certificates.ts';
import type { EntryRepository } from './entry.repository.ts';
import type { PermitsRepository } from './permits.repository.ts';

/** The certificate kind of a market permit: `business_licence` for the 营业执照, `permit:<item code>` for a licence. */
export function permitCertificateKind(kind: 'business_licence' | 'permit', itemCode: string): string {
  return kind === 'business_licence' ? 'business_licence' : `permit:${itemCode}`;
}

/**
 * The market scenario's certificates as a source of the platform's certificate library: every permit
 * the company holds or held (cancelled ones marked so), titled and issued as its stored certificate
 * says, verified on the public page `/market/verify/<number>`.
 */
export function marketCertificateSource(deps: {
  permits: PermitsRepository; repo: Pick<EntryRepository, 'certificate'>; itemName: (code: string) => Promise<string | undefined>;
  /** The licence catalogue's items (the permits this source can issue). */
  items?: () => Promise<readonly { code: string; name: string }[]>;
}): CertificateSource {
  const departments = new Map(APPROVING_DEPARTMENTS.map((d) => [d.code, d.zh]));
  return {
    kind: 'market.permits',
    name: '准入准营证照',
    async kinds() {
      const items = (await deps.items?.()) ?? [];
      return [{ kind: 'business_licence', title: '营业执照', source: '市场监督管理局' }, ...items.map((i) => ({ kind: permitCertificateKind('permit', i.code), title: i.name, source: '准入准营证照' }))];
    },
    async list(uscc: string): Promise<SourceCertificate[]> {
      const out: SourceCertificate[] = [];
      for (const p of await deps.permits.ofCompany(uscc, true)) {
        const content = (await deps.repo.certificate(p.certificateNo))?.content;
        const kind = content?.kind ?? 'permit';
        out.push({
          number: p.certificateNo, kind: permitCertificateKind(kind, p.itemCode),
          title: content?.itemName ?? (await deps.itemName(p.itemCode)) ?? p.itemCode,
          issuer: content?.departmentName ?? departments.get(p.department) ?? p.department,
          issuedAt: p.issuedAt, validUntil: p.validUntil, status: p.status, verifyUrl: verificationUrl('', p.certificateNo),
        });
      }
      return out;
    },
  };
}
