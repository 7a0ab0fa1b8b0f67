import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/evidence/evidence-log.ts';
import { renderCertificatePdf } from '../../platform/certificates/certificate-pdf.ts';
import type { CertificateContent } from './entry.types.ts';

/** The evidence log certificate hashes go to. */
export const CERTIFICATE_LOG = 'market-certificates';

/** SHA-256 (hex) of a certificate's canonical JSON: what is recorded at issue and checked on verification. */
export function certificateHash(content: CertificateContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * A permit's number: `XK` + district + two-digit year + eight characters derived from the application
 * and the item, so a retried issue step produces the same number (Crockford-style, no I/O/U).
 */
export function permitNumber(districtCode: string, issuedAt: string, applicationId: string, itemCode: string): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const digest = createHash('sha256').update(`${applicationId}/${itemCode}`).digest();
  let tail = '';
  for (let i = 0; i < 8; i++) tail += alphabet[digest[i] % 32];
  return `XK${districtCode}${issuedAt.slice(2, 4)}${tail}`;
}

/** The public verification page of a certificate (what the QR code encodes). */
export function verificationUrl(baseUrl: string, certificateNo: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/market/verify/${encodeURIComponent(certificateNo)}`;
}

/**
 * The certificate as a PDF, rendered from its stored content on download: the content is fixed at issue
 * and its hash was recorded then; the PDF prints that hash, so the paper copy and the log entry agree.
 */
export async function renderEntryCertificate(content: CertificateContent, hash: string, baseUrl: string): Promise<Uint8Array> {
  const url = verificationUrl(baseUrl, content.certificateNo);
  const licence = content.kind === 'business_licence';
  return renderCertificatePdf({
    title: licence ? '营业执照' : content.itemName,
    subtitle: licence ? 'Business Licence' : 'Administrative Licence',
    serial: licence ? `统一社会信用代码 ${content.uscc}` : `编号 No. ${content.certificateNo}`,
    fields: [
      { label: '名称 Name', value: content.companyName },
      { label: '统一社会信用代码 USCC', value: content.uscc, code: true },
      ...(licence
        ? [
            { label: '法定代表人 Legal rep.', value: content.legalRepName },
            { label: '注册资本 Capital', value: `${content.registeredCapitalYuan.toLocaleString('zh-CN')} 元` },
            { label: '住所 Address', value: content.address },
            { label: '经营范围 Scope', value: content.scopeText },
          ]
        : [{ label: '许可事项 Item', value: `${content.itemName}（${content.itemCode}）` }]),
      { label: '发证机关 Issued by', value: content.departmentName },
      { label: '发证日期 Issued', value: content.issuedAt.slice(0, 10) },
      { label: '内容摘要 SHA-256', value: hash, code: true },
    ],
    qrUrl: url,
    qrCaption: `扫码核验 Scan to verify · ${url}`,
    footer: [
      '本证照为电子证照，与纸质证照具有同等法律效力。证照内容的摘要已记入存证日志，扫码可核验证照状态（有效/注销）。',
      'An electronic certificate; the hash of its content is recorded in the evidence log. Scan the code to check that it is valid.',
    ],
    author: 'onething',
    issuedAt: new Date(content.issuedAt),
  });
}
