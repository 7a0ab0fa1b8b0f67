import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderCertificatePdf } from './certificate-pdf.ts';

describe('certificate PDF', () => {
  it('renders one A4 page with an embedded CJK subset and stays small', async () => {
    const bytes = await renderCertificatePdf({
      title: '数据知识产权登记证书',
      subtitle: 'Data intellectual property registration certificate',
      serial: 'No. DIP-2026-000001',
      fields: [
        { label: '数据名称', value: '杭州示范物流轨迹数据集' },
        { label: '数据指纹 SHA-256', value: 'a'.repeat(64), code: true },
      ],
      qrUrl: 'http://localhost:3000/pledge/verify?fingerprint=' + 'a'.repeat(64),
      qrCaption: '扫码核验 Scan to verify',
      footer: ['由 4/5 家机构共同签署'],
      author: 'onething',
      issuedAt: new Date('2026-03-02T02:00:00Z'),
    });
    const text = Buffer.from(bytes).toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('数据知识产权登记证书 No. DIP-2026-000001');
    // The font is embedded (a font file stream), and only a subset of the 8 MB original.
    const descriptors = doc.context.enumerateIndirectObjects().map(([, o]) => o).filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'));
    expect(descriptors.some((d) => d.has(PDFName.of('FontFile3')) || d.has(PDFName.of('FontFile2')))).toBe(true);
    expect(bytes.length).toBeLessThan(120_000);
  }, 20_000);
});
