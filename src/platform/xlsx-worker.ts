// The XLSX reader's worker thread (xlsx-read.ts): reads the workbook it is given and posts what was asked — the rows
// of its first worksheet, `CHUNK` at a time, each chunk after the main thread asked for more; or one worksheet
// whole, every cell as text. It runs with a bounded heap: a workbook whose shared strings inflate past it (a 2 MB
// upload can hold 2 GB of them) ends this thread, not the platform, and parsing never holds the main thread.
import type ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { loadExcel } from './excel.ts';

/** What the thread is asked: the first worksheet's rows as values (streamed), or a worksheet by name (else the first) as text. */
export type XlsxRequest = { kind: 'rows'; file: ArrayBuffer } | { kind: 'table'; file: ArrayBuffer; sheet: string };
/** What the thread posts: rows (then, streaming, it waits for `'more'`), the end, or the reader's error. */
export type XlsxMessage = { rows: unknown[][] } | { done: true } | { error: string };

const CHUNK = 1000;
const port = parentPort!;
let asked: (() => void) | undefined;
port.on('message', (m: XlsxRequest | 'more') => {
  if (m === 'more') asked?.();
  else void (m.kind === 'rows' ? streamRows(Buffer.from(m.file)) : readTable(Buffer.from(m.file), m.sheet)).catch((error: Error) => port.postMessage({ error: error.message } satisfies XlsxMessage));
});

/** A cell as the intake reads it: text, numbers and dates as they are, formulas by their result, errors blank. */
function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
  if ('text' in value) return (value as { text: string }).text;
  if ('error' in value) return '';
  return String(value);
}

/** A cell as text: dates in ISO 8601, formulas by their result, errors blank. */
function cellText(value: ExcelJS.CellValue): string {
  const v = cellValue(value);
  return v instanceof Date ? v.toISOString() : String(v);
}

/** A row's cells from exceljs's 1-based values (values[0] is empty). */
function cells<T>(row: ExcelJS.Row, of: (v: ExcelJS.CellValue) => T): T[] {
  const values = row.values as ExcelJS.CellValue[];
  const out: T[] = [];
  for (let i = 1; i < values.length; i++) out.push(of(values[i]));
  return out;
}

async function streamRows(file: Buffer): Promise<void> {
  let rows: unknown[][] = [];
  const flush = async () => {
    const more = new Promise<void>((resolve) => (asked = resolve));
    port.postMessage({ rows } satisfies XlsxMessage);
    rows = [];
    await more;
  };
  const { stream } = await loadExcel();
  const reader = new stream.xlsx.WorkbookReader(Readable.from([file]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const out = cells(row, cellValue);
      if (out.some((v) => v !== '')) rows.push(out);
      if (rows.length >= CHUNK) await flush();
    }
    break; // the first worksheet only
  }
  if (rows.length > 0) await flush();
  port.postMessage({ done: true } satisfies XlsxMessage);
}

async function readTable(file: Buffer, name: string): Promise<void> {
  const { Workbook } = await loadExcel();
  const book = new Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.getWorksheet(name) ?? book.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: false }, (row) => {
    const out = cells(row, cellText);
    if (out.some((v) => v.trim() !== '')) rows.push(out);
  });
  port.postMessage({ rows } satisfies XlsxMessage);
  port.postMessage({ done: true } satisfies XlsxMessage);
}
