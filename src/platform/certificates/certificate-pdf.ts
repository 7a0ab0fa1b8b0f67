// What a certificate shows, and its rendering as PDF: the drawing (certificate-draw.ts) and its libraries load on the
// first certificate, not with every module that can issue one.

/** One labelled line of a certificate; long values wrap. */
export interface CertificateField {
  label: string;
  value: string;
  /** Monospaced look for hashes and keys (drawn smaller). */
  code?: boolean;
}

/** What a certificate shows. */
export interface CertificateInput {
  /** Main title, e.g. 数据知识产权登记证书. */
  title: string;
  /** Second title line (English). */
  subtitle?: string;
  /** The certificate number. */
  serial: string;
  fields: readonly CertificateField[];
  /** The public verification URL the QR code encodes. */
  qrUrl: string;
  /** Text under the QR code. */
  qrCaption: string;
  /** Small print at the bottom (who cosigned, how to verify). */
  footer: readonly string[];
  /** PDF metadata. */
  author: string;
  issuedAt: Date;
}

/**
 * A one-page A4 certificate as PDF bytes: title, number, labelled fields, a QR code to the public
 * verification URL and small print, in an embedded subset of Noto Sans SC.
 * @example const pdf = await renderCertificatePdf({ title: '数据知识产权登记证书', serial: 'DIP-1', fields, qrUrl, qrCaption, footer, author, issuedAt })
 */
export async function renderCertificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const { drawCertificatePdf } = await import('./certificate-draw.ts');
  return drawCertificatePdf(input);
}
