import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, FILE_MAX_BYTES, fileProblems, sniffMediaType } from './file-content.ts';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('uploaded file content', () => {
  it('knows PDF, PNG and JPEG by their first bytes, nothing else', () => {
    expect(sniffMediaType(new Uint8Array(Buffer.from('%PDF-1.7\n')))).toBe('application/pdf');
    expect(sniffMediaType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffMediaType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffMediaType(bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61))).toBeUndefined(); // GIF89a
    expect(sniffMediaType(bytes(0x89, 0x50, 0x4e))).toBeUndefined(); // a truncated PNG signature
  });

  it('refuses by content, by a declared type that disagrees, and by size, naming the rule', () => {
    const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n'));
    expect(fileProblems(pdf, 'application/pdf; charset=binary')).toEqual([]);
    expect(fileProblems(pdf, undefined)).toEqual([]);
    expect(fileProblems(pdf, 'image/jpeg').map((e) => e.rule)).toEqual(['file.type']);
    expect(fileProblems(new Uint8Array(FILE_MAX_BYTES + 1).fill(0x25), 'application/pdf').map((e) => e.rule)).toEqual(['file.maxBytes']);
    expect(fileProblems(new Uint8Array(0), 'application/pdf').map((e) => e.rule)).toEqual(['file.empty']);
  });

  it('keeps names to one path segment without control characters, and quotes them safely in the header', () => {
    expect(cleanFileName('C:\\scans\\许可证.pdf')).toBe('许可证.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\r\nb.pdf')).toBe('ab.pdf');
    expect(cleanFileName('..')).toBe('upload');
    expect(contentDisposition('证书 "a";b%.pdf')).toBe(`inline; filename="__ _a__b_.pdf"; filename*=UTF-8''%E8%AF%81%E4%B9%A6%20%22a%22%3Bb%25.pdf`);
    expect(contentDisposition("it's (1).png", 'attachment')).toBe(`attachment; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`);
  });
});
