import { PassThrough } from 'node:stream';
import { loadExcel } from '../excel.ts';
import { xlsxTable } from '../xlsx-read.ts';
import { BATCH_COLUMNS, parseCsv } from './bank-files.ts';

/** The worksheet of a batch file in XLSX and of a bank's return file (the first sheet is read if named otherwise). */
export const BATCH_SHEET = 'payments';
/** The return file's worksheet. */
export const RETURN_SHEET = 'returns';

// Columns written as numbers; every other cell is text (ids, USCCs and account numbers keep their digits).
const NUMERIC = new Set<string>(['amount_fen']);

/**
 * A batch file as XLSX: one worksheet `payments`, row 1 the header (the CSV's columns, in order),
 * then one row per payment; `amount_fen` a whole number, every other cell text — account numbers of
 * 16–19 digits would lose digits as numbers, and `amount_yuan` keeps its two decimals as written.
 * Built from the batch's CSV (the stored file), so both layouts always hold the same lines.
 */
export async function batchFileXlsx(csv: string): Promise<Buffer> {
  const table = parseCsv(csv);
  const header = table[0] ?? [...BATCH_COLUMNS];
  const numeric = header.map((h) => NUMERIC.has(h));
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => { out.on('end', resolve); out.on('error', reject); });
  // The streaming writer: a 100,000-line batch without a workbook of cell objects in memory.
  const { stream } = await loadExcel();
  const book = new stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet(BATCH_SHEET);
  sheet.columns = header.map((h) => ({ key: h, width: h === 'payee_name' ? 32 : 20 }));
  sheet.addRow(header).commit();
  for (let r = 1; r < table.length; r++) sheet.addRow(table[r].map((v, i) => (numeric[i] ? Number(v) : v))).commit();
  sheet.commit();
  await book.commit();
  await done;
  return Buffer.concat(chunks);
}

/**
 * The rows of a return file in XLSX (the sheet `returns`, else the first), every cell as text,
 * blank rows skipped: the same table `parseReturnFile` reads from CSV. Read on the XLSX reader's
 * thread with bounded memory (platform/xlsx-read.ts): a return file comes from outside. Throws on a
 * file that is not XLSX.
 */
export function readXlsxTable(file: Buffer): Promise<string[][]> {
  return xlsxTable(file, RETURN_SHEET);
}
