import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

/**
 * exceljs, loaded on first use: the few requests that read or write a workbook wait for it once, instead of every
 * start of the platform (and every test that builds it) spending ~0.2 s on it.
 * @example const { Workbook } = await loadExcel();
 */
export function loadExcel(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((m) => m.default);
  return loading;
}
