// The XLSX reader's worker thread (sources.ts, parseXlsx): reads the first worksheet of the workbook it is given and
// posts its rows, `CHUNK` at a time, each chunk after the main thread asked for more. It runs with a bounded heap:
// a workbook whose shared strings inflate past it (a 2 MB upload can hold 2 GB of them) ends this thread, not the
// platform, and its parsing never holds the main thread.
import type ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { loadExcel } from '../../excel.ts';

/** What the thread posts: rows (then it waits for `'more'`), the end, or the reader's error. */
export type XlsxMessage = { rows: unknown[][] } | { done: true } | { error: string };

const CHUNK = 1000;
const port = parentPort!;
let asked: (() => void) | undefined;
port.on('message', (m: ArrayBuffer | 'more') => {
  if (m === 'more') asked?.();
  else void read(Buffer.from(m));
});

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

async function read(file: Buffer): Promise<void> {
  let rows: unknown[][] = [];
  const flush = async () => {
    const more = new Promise<void>((resolve) => (asked = resolve));
    port.postMessage({ rows } satisfies XlsxMessage);
    rows = [];
    await more;
  };
  try {
    const { stream } = await loadExcel();
    const reader = new stream.xlsx.WorkbookReader(Readable.from([file]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        // exceljs rows are 1-based: values[0] is empty.
        const out: unknown[] = [];
        for (let i = 1; i < values.length; i++) out.push(cellValue(values[i]));
        if (out.some((v) => v !== '')) rows.push(out);
        if (rows.length >= CHUNK) await flush();
      }
      break; // the first worksheet only
    }
    if (rows.length > 0) await flush();
    port.postMessage({ done: true } satisfies XlsxMessage);
  } catch (error) {
    port.postMessage({ error: (error as Error).message } satisfies XlsxMessage);
  }
}
