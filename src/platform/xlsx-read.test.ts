import { describe, expect, it } from 'vitest';
import { loadExcel } from './excel.ts';
import { xlsxRows, xlsxTable, XlsxReadError } from './xlsx-read.ts';

/** A workbook with the sheets given (name → rows). */
async function book(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const wb = new Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('XLSX reader thread', () => {
  it('reads a named worksheet as text (dates ISO 8601, formulas by their result), else the first; blank rows left out', async () => {
    const file = await book({
      other: [['x']],
      returns: [['payment_id', 'amount_fen', 'at', 'sum'], [], ['ppm_1', 12_300, new Date('2026-03-02T00:00:00Z'), { formula: 'B3*2', result: 24_600 }]],
    });
    expect(await xlsxTable(file, 'returns')).toEqual([['payment_id', 'amount_fen', 'at', 'sum'], ['ppm_1', '12300', '2026-03-02T00:00:00.000Z', '24600']]);
    expect(await xlsxTable(file, 'missing')).toEqual([['x']]);
  });

  it('streams the first worksheet\'s values', async () => {
    const rows: unknown[][] = [];
    for await (const r of xlsxRows(await book({ s: [['a', 1, true], ['b', 2.5, false]] }))) rows.push(r);
    expect(rows).toEqual([['a', 1, true], ['b', 2.5, false]]);
  });

  it('refuses, with outOfMemory, a workbook needing more memory than its thread may use; a file that is no workbook, without', async () => {
    const big = await book({ s: Array.from({ length: 10 }, (_, i) => [`${i}${'名'.repeat(1 << 20)}`]) });
    await expect(xlsxTable(big, 's', 16)).rejects.toMatchObject({ name: 'XlsxReadError', outOfMemory: true, message: expect.stringContaining('more than 16 MB') });
    const junk = xlsxTable(Buffer.from('payment_id,result\n'), 's');
    await expect(junk).rejects.toBeInstanceOf(XlsxReadError);
    await expect(junk).rejects.toMatchObject({ outOfMemory: false });
  }, 60_000);
});
