import type { FieldError } from '../../kernel/errors.ts';

/** The largest file accepted (10 MB). */
export const FILE_MAX_BYTES = 10 * 1024 * 1024;

/** The media types accepted: scanned or photographed copies of documents. */
export const FILE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
/** One of `FILE_MEDIA_TYPES`. */
export type FileMediaType = (typeof FILE_MEDIA_TYPES)[number];

// The signatures the formats begin with: PDF 1.7 §7.5.2 (`%PDF-`), PNG §5.2, JPEG's SOI marker and the first marker's 0xFF.
const SIGNATURES: readonly [FileMediaType, readonly number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

/** The media type the bytes are, by their signature; undefined when they are none of `FILE_MEDIA_TYPES`. */
export function sniffMediaType(bytes: Uint8Array): FileMediaType | undefined {
  return SIGNATURES.find(([, sig]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b))?.[0];
}

/**
 * Checks an upload: not empty, at most `FILE_MAX_BYTES`, a PDF, PNG or JPEG by its bytes, and, when
 * the client declared a specific type, that type (a renamed file is refused, not relabelled).
 * Errors name the field `body` and the rule (`file.empty`, `file.maxBytes`, `file.type`).
 */
export function fileProblems(bytes: Uint8Array, declaredType: string | undefined): FieldError[] {
  if (bytes.length === 0) return [{ field: 'body', rule: 'file.empty', message: 'the file is empty' }];
  if (bytes.length > FILE_MAX_BYTES) return [tooLarge(bytes.length)];
  const sniffed = sniffMediaType(bytes);
  if (!sniffed) return [{ field: 'body', rule: 'file.type', message: `the file is not a PDF, PNG or JPEG (checked by its content)` }];
  const declared = declaredType?.split(';')[0].trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== sniffed)
    return [{ field: 'body', rule: 'file.type', message: `declared ${declared}, but the content is ${sniffed}` }];
  return [];
}

/** The error for a file over the limit, also raised while the body is still arriving. */
export function tooLarge(size: number | string): FieldError {
  return { field: 'body', rule: 'file.maxBytes', message: `the file is ${size} bytes: at most ${FILE_MAX_BYTES} (10 MB)` };
}

/** A file name as stored: the last path segment, control characters removed, at most 200 characters; empty: `upload`. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return base === '' || base === '.' || base === '..' ? 'upload' : base;
}

/**
 * The Content-Disposition of a served file: an ASCII fallback name (anything else replaced by `_`)
 * and the real name percent-encoded (RFC 6266, RFC 8187), so no name can break the header.
 */
export function contentDisposition(name: string, disposition: 'inline' | 'attachment' = 'inline'): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
