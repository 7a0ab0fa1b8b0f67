import type { CertificateSource, SourceCertificate } from '../../platform/certificates/certificate-library.ts';
import { verificationUrl } from './certificate.service.ts';
import type { PledgeRepository } from './pledge.repository.ts';

/** The certificate kind of a data-IP registration (数据知识产权登记证书): what a policy unit asks for. */
export const DATA_IP_CERTIFICATE_KIND = 'data_ip_registration';

/** The most registrations of one company the source lists (newest first). */
const MAX_LISTED = 10_000;

/**
 * The data-IP registrations as a source of the platform's certificate library: one certificate per registered
 * version of a company's data assets, numbered by its serial, issued when it was registered, verified on the
 * public page of its fingerprint. A version superseded by a newer one is listed as cancelled (its data changed
 * since: the newer version's certificate is the valid one); a pledged asset's registration stays valid.
 */
export function dataIpCertificateSource(deps: { repo: Pick<PledgeRepository, 'listAssets'> }): CertificateSource {
  const name = '数据知识产权登记证书';
  return {
    kind: 'data_ip.registrations',
    name,
    async kinds() {
      return [{ kind: DATA_IP_CERTIFICATE_KIND, title: name, source: '数据知识产权登记平台' }];
    },
    async list(uscc: string): Promise<SourceCertificate[]> {
      const assets = await deps.repo.listAssets({ ownerUscc: uscc, limit: MAX_LISTED });
      return assets.map((a) => ({
        number: a.serial, kind: DATA_IP_CERTIFICATE_KIND, title: `${name}（${a.name}，第 ${a.version} 版）`, issuer: '数据知识产权登记平台',
        issuedAt: a.registeredAt, validUntil: null, status: a.status === 'superseded' ? 'cancelled' : 'valid', verifyUrl: verificationUrl('', a.hashAlg, a.fingerprint),
      }));
    },
  };
}
