import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { CertificateInput } from './certificate-pdf.ts';
import { subsetCjkFont } from './cjk-font.ts';

// The drawing of a certificate, loaded by certificate-pdf.ts on first use with its libraries (pdf-lib, fontkit, HarfBuzz's
// subsetter, qrcode: half a second of every start otherwise).

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const BLUE = rgb(0.11, 0.39, 0.85);
const GREY = rgb(0.35, 0.35, 0.35);

/** Breaks text into lines that fit `width` at `size`: Latin words whole where they fit, CJK and long hashes by character. */
function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (t: string) => font.widthOfTextAtSize(t, size) <= width;
  for (const token of text.match(/\n|[A-Za-z0-9'’,.;:()-]+|./gu) ?? []) {
    if (token === '\n') {
      lines.push(line);
      line = '';
      continue;
    }
    if (fits(line + token)) {
      line += token;
      continue;
    }
    if (token.length > 1 && !fits(token)) {
      for (const ch of token) {
        if (line && !fits(line + ch)) {
          lines.push(line);
          line = '';
        }
        line += ch;
      }
      continue;
    }
    if (line) lines.push(line.trimEnd());
    line = token === ' ' ? '' : token;
  }
  lines.push(line);
  return lines;
}

function drawQr(page: PDFPage, url: string, x: number, y: number, sizePt: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = sizePt / (n + 8); // 4 modules of quiet zone on each side
  page.drawRectangle({ x, y, width: sizePt, height: sizePt, color: rgb(1, 1, 1) });
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) page.drawRectangle({ x: x + (c + 4) * cell, y: y + sizePt - (r + 5) * cell, width: cell, height: cell, color: rgb(0, 0, 0) });
    }
  }
}

/** A certificate as PDF bytes (certificate-pdf.ts, `renderCertificatePdf`). */
export async function drawCertificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const allText = [input.title, input.subtitle ?? '', input.serial, input.qrCaption, ...input.footer, ...input.fields.flatMap((f) => [f.label, f.value])].join('');
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  // Ligatures off: the subset keeps ligature glyphs whose spacing pdf-lib mis-measures.
  const font = await doc.embedFont(await subsetCjkFont(allText), { subset: false, features: { liga: false } });
  doc.setTitle(`${input.title} ${input.serial}`);
  doc.setAuthor(input.author);
  doc.setCreationDate(input.issuedAt);
  doc.setModificationDate(input.issuedAt);
  doc.setProducer('onething');
  const page = doc.addPage(A4);
  const [width, height] = A4;
  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: BLUE, borderWidth: 2 });
  page.drawRectangle({ x: 30, y: 30, width: width - 60, height: height - 60, borderColor: BLUE, borderWidth: 0.5 });

  let y = height - MARGIN - 30;
  const centre = (text: string, size: number, color = rgb(0, 0, 0)) => {
    page.drawText(text, { x: (width - font.widthOfTextAtSize(text, size)) / 2, y, size, font, color });
  };
  centre(input.title, 26, BLUE);
  y -= 24;
  if (input.subtitle) {
    centre(input.subtitle, 11, GREY);
    y -= 20;
  }
  centre(input.serial, 10, GREY);
  y -= 30;

  const labelWidth = 130;
  const valueWidth = width - 2 * MARGIN - labelWidth;
  for (const field of input.fields) {
    const size = field.code ? 8.5 : 11;
    const lines = wrap(font, field.value, size, valueWidth);
    page.drawText(field.label, { x: MARGIN, y, size: 10, font, color: GREY });
    for (const line of lines) {
      page.drawText(line, { x: MARGIN + labelWidth, y, size, font });
      y -= size + 4;
    }
    y -= 6;
  }

  const qrSize = 132;
  const qrY = Math.max(y - qrSize - 16, 150);
  drawQr(page, input.qrUrl, (width - qrSize) / 2, qrY, qrSize);
  let captionY = qrY - 14;
  for (const line of wrap(font, input.qrCaption, 8.5, width - 2 * MARGIN)) {
    page.drawText(line, { x: (width - font.widthOfTextAtSize(line, 8.5)) / 2, y: captionY, size: 8.5, font, color: GREY });
    captionY -= 12;
  }
  let footY = captionY - 8;
  for (const text of input.footer) {
    for (const line of wrap(font, text, 8, width - 2 * MARGIN)) {
      page.drawText(line, { x: MARGIN, y: footY, size: 8, font, color: GREY });
      footY -= 11;
    }
  }
  return doc.save();
}
