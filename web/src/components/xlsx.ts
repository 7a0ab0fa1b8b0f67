import type { ListColumn } from './columns.ts';
import { defaultExport } from '../interop.ts';

/** A workbook file name that is safe on every system: `base-YYYY-MM-DD.xlsx`. */
export function xlsxFileName(base: string, today: Date): string {
  const safe = base.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
  const day = today.toISOString().slice(0, 10);
  return `${safe}-${day}.xlsx`;
}

/** One sheet of `rows` under the column titles, as an XLSX file's bytes (exceljs is loaded on first use). */
export async function buildXlsx<T>(sheetName: string, columns: readonly ListColumn<T>[], rows: readonly T[]): Promise<ArrayBuffer> {
  const ExcelJS = defaultExport(await import('exceljs'));
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date();
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const sheet = workbook.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1');
  sheet.columns = columns.map((column) => ({ header: column.title, key: column.key, width: Math.max(10, Math.min(48, column.title.length * 2 + 4)) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(Object.fromEntries(columns.map((column) => [column.key, column.value(row)])));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}
