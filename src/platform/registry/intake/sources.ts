import { AppError } from '../../../kernel/errors.ts';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { XLSX_HEAP_MB, XlsxReadError, xlsxRows } from '../../xlsx-read.ts';

/** The file formats intake reads. */
export const INTAKE_FORMATS = ['csv', 'xlsx', 'jsonl'] as const;
/** One of `INTAKE_FORMATS`. */
export type IntakeFormat = (typeof INTAKE_FORMATS)[number];

/** One data row as the source has it: field name → raw value. */
export type RawRow = Record<string, unknown>;

/** The format of a file from its name, or undefined. */
export function formatOfFileName(name: string): IntakeFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

/** Bytes after the first non-ASCII one that the encoding is judged by (more when the file is shorter, the rest of it). */
const SNIFF_BYTES = 64;

/**
 * A CSV byte stream as text, in UTF-8 or in GB18030 — GBK's superset, what Excel on a Chinese Windows saves as
 * "CSV (逗号分隔)", as departments' exports often are. The first non-ASCII bytes decide: UTF-8 when they are valid
 * UTF-8 (Chinese text in GBK almost never is), GB18030 otherwise. Read as UTF-8, a GBK file turned every name into
 * U+FFFD. ASCII before them reads the same in both.
 */
export class CsvDecoder {
  private decoder: TextDecoder | undefined;
  private pending: Uint8Array | undefined;
  private readonly ascii = new TextDecoder('utf-8');
  write(chunk: Uint8Array): string {
    if (this.decoder) return this.decoder.decode(chunk, { stream: true });
    const bytes = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let i = 0;
    while (i < bytes.length && bytes[i] < 0x80) i++;
    const head = this.ascii.decode(bytes.subarray(0, i));
    if (i === bytes.length) return head;
    const rest = bytes.subarray(i);
    if (rest.length < SNIFF_BYTES) {
      this.pending = rest.slice();
      return head;
    }
    return head + this.decide(rest, true);
  }
  end(): string {
    const rest = this.pending;
    this.pending = undefined;
    const out = rest && !this.decoder ? this.decide(rest, false) : '';
    return out + (this.decoder?.decode() ?? '');
  }
  private decide(rest: Uint8Array, more: boolean): string {
    let utf8 = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(rest.subarray(0, 4096), { stream: more || rest.length > 4096 });
    } catch {
      utf8 = false;
    }
    this.decoder = new TextDecoder(utf8 ? 'utf-8' : 'gb18030');
    return this.decoder.decode(rest, { stream: more });
  }
}

/** A byte stream's text, piece by piece (CsvDecoder). */
async function* csvText(input: Readable): AsyncGenerator<string> {
  const decoder = new CsvDecoder();
  for await (const chunk of input) {
    const text = decoder.write(chunk as Uint8Array);
    if (text) yield text;
  }
  const text = decoder.end();
  if (text) yield text;
}

/**
 * Splits CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks) into
 * records, streaming, from bytes in UTF-8 or GB18030 (CsvDecoder). A UTF-8 BOM is dropped; blank lines are skipped.
 */
export async function* parseCsv(input: Readable): AsyncGenerator<string[]> {
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let afterQuote = false;
  const flushRecord = function* () {
    record.push(field);
    field = '';
    if (!(record.length === 1 && record[0] === '')) yield record;
    record = [];
  };
  // A UTF-8 byte order mark never reaches here: TextDecoder drops it.
  for await (const buffer of csvText(input)) {
    let i = 0;
    const n = buffer.length;
    while (i < n) {
      if (quoted) {
        const q = buffer.indexOf('"', i);
        if (q < 0) {
          field += buffer.slice(i);
          i = n;
        } else if (q + 1 < n && buffer[q + 1] === '"') {
          field += buffer.slice(i, q + 1);
          i = q + 2;
        } else if (q + 1 >= n) {
          // A quote at the chunk's end: it closes the field unless the next chunk starts with a quote.
          field += buffer.slice(i, q);
          quoted = false;
          afterQuote = true;
          i = n;
        } else {
          field += buffer.slice(i, q);
          quoted = false;
          i = q + 1;
        }
        continue;
      }
      const c = buffer.charCodeAt(i);
      if (afterQuote && c === 34) {
        // The doubled quote was split across chunks.
        field += '"';
        quoted = true;
        afterQuote = false;
        i++;
        continue;
      }
      afterQuote = false;
      if (c === 44) {
        record.push(field);
        field = '';
        i++;
      } else if (c === 10) {
        yield* flushRecord();
        i++;
      } else if (c === 13) {
        i++;
      } else if (c === 34 && field === '') {
        quoted = true;
        i++;
      } else {
        // Fast path: copy up to the next delimiter.
        let j = i;
        while (j < n) {
          const d = buffer.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13 || d === 34) break;
          j++;
        }
        if (j === i) j = i + 1;
        field += buffer.slice(i, j);
        i = j;
      }
    }
  }
  if (field !== '' || record.length > 0) yield* flushRecord();
}

/**
 * Rows of the first worksheet of an XLSX stream, the first row being the header, read on a thread of its own with at
 * most `heapMb` of memory (platform/xlsx-read.ts): a workbook whose shared strings inflate past it is refused, and
 * parsing never holds the main thread. The file is read whole first (uploads already are). A file the reader cannot
 * read is `validation.failed` on the field `file`, with the reader's words: it failed the batch as a bare "FILE_ENDED".
 */
async function* parseXlsx(input: Readable, heapMb = XLSX_HEAP_MB): AsyncGenerator<unknown[]> {
  const parts: Buffer[] = [];
  for await (const chunk of input) parts.push(chunk as Buffer);
  try {
    yield* xlsxRows(Buffer.concat(parts), heapMb);
  } catch (error) {
    if (!(error instanceof XlsxReadError)) throw error;
    const message = error.outOfMemory ? error.message : `not a readable XLSX workbook (${error.message})`;
    throw new AppError('validation.failed', `the file is ${message}`, { errors: [{ field: 'file', rule: 'format.xlsx', message }] });
  }
}

/** A JSON line that is not an object: yielded in its place so row numbers stay those of the file's non-blank lines. */
export class BadLine {
  constructor(readonly message: string) {}
}

/** Objects of a JSON-lines stream (one object per line; blank lines skipped; bad lines as `BadLine`). */
async function* parseJsonLines(input: Readable): AsyncGenerator<RawRow | BadLine> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    try {
      const value: unknown = JSON.parse(line);
      yield value && typeof value === 'object' && !Array.isArray(value) ? (value as RawRow) : new BadLine('a line must hold one JSON object');
    } catch (error) {
      yield new BadLine(`not JSON: ${(error as Error).message}`);
    }
  }
}

/** A source's header (field names in order) and its data rows as arrays or objects. */
export interface ParsedSource {
  /** Column names for tabular formats; undefined for JSON lines (each object names its fields). */
  header?: string[];
  rows: AsyncGenerator<unknown[] | RawRow | BadLine>;
}

/** Opens a stream of a format: reads the header of tabular formats, then yields the data rows. */
export async function openSource(format: IntakeFormat, input: Readable, options: { xlsxHeapMb?: number } = {}): Promise<ParsedSource> {
  if (format === 'jsonl') return { rows: parseJsonLines(input) };
  const rows = format === 'csv' ? parseCsv(input) : parseXlsx(input, options.xlsxHeapMb);
  const first = await rows.next();
  const header = first.done ? [] : (first.value as unknown[]).map((h) => String(h ?? '').trim());
  return { header, rows };
}
