import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { platformMigrations } from '../migrations.ts';
import { createPlatformServices } from '../platform.ts';
import { batchFileXlsx, readXlsxTable, RETURN_SHEET } from './bank-files-xlsx.ts';
import { parseCsv } from './bank-files.ts';
import { payoutAdmin, seedApprovedClaims } from './payout.testing.ts';

/** A return file as the bank sends it in XLSX: the sheet `returns`, a header row, one row per payment. */
async function returnXlsx(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(RETURN_SHEET);
  sheet.addRow(['payment_id', 'result', 'reason_code', 'reason']);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('bank files in XLSX', () => {
  it('writes a batch file with the same lines as its CSV; account numbers keep every digit', async () => {
    const csv = 'payment_id,idempotency_key,payee_uscc,payee_name,account_number,bank_code,amount_fen,amount_yuan,purpose\r\n'
      + 'ppm_1,pcl_1:u:1,91330106MA2XXXXXX1,"杭州, 测试科技",6222020200112233445,102331000015,800001,8000.01,u v1\r\n';
    const table = await readXlsxTable(await batchFileXlsx(csv));
    expect(table).toEqual(parseCsv(csv));
    expect(table[1][4]).toBe('6222020200112233445');
  });

  it('refuses a file that is not a workbook', async () => {
    await expect(readXlsxTable(Buffer.from('payment_id,result\nppm_1,PAID\n'))).rejects.toThrow();
  });
});

for (const dialect of testDialects()) {
  describe(`payout with XLSX files (${dialect.name})`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, platformMigrations);
      await seedApprovedClaims(database, 5, 10_000);
    }, 60_000);
    afterAll(async () => { await database?.close(); });

    it('reconciles a return file in XLSX: paid, retried, returned; read twice it changes nothing; bad rows and bad files name the field', async () => {
      // Another process on the seeded database: random ids, as a restarted server makes (a second sequence from 1 would collide with the seed's).
      const life = createPlatformServices({ database, clock: createFixedClock('2026-03-02T02:00:00.000Z'), ids: createIdGenerator() }).policyLifecycle;
      const batch = (await life.payout.run(payoutAdmin))!;
      const lines = await readXlsxTable(await life.payout.batchXlsx(payoutAdmin, batch.id));
      expect(lines).toEqual(parseCsv(batch.file));
      const ids = lines.slice(1).map((l) => l[0]);
      expect(ids).toHaveLength(5);

      const bad = await returnXlsx([[ids[0], 'PAID', '', ''], [ids[1], 'MAYBE', '', '']]);
      await expect(life.payout.reconcile(payoutAdmin, batch.id, { xlsx: bad })).rejects.toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'row 3.result', rule: 'enum' }] } });
      await expect(life.payout.reconcile(payoutAdmin, batch.id, { xlsx: Buffer.from('not a workbook') })).rejects.toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'file', rule: 'xlsx' }] } });

      const file = await returnXlsx([[ids[0], 'PAID', '', ''], [ids[1], 'PAID', '', ''], [ids[2], 'PAID', '', ''], [ids[3], 'FAILED', 'TIMEOUT', '超时'], [ids[4], 'FAILED', 'ACCOUNT_CLOSED', '账户已销户']]);
      expect(await life.payout.reconcile(payoutAdmin, batch.id, { xlsx: file })).toEqual({ batchId: batch.id, paid: 3, retried: 1, returned: 1, skipped: 0 });
      expect(await life.payout.reconcile(payoutAdmin, batch.id, { xlsx: file })).toEqual({ batchId: batch.id, paid: 0, retried: 0, returned: 0, skipped: 5 });
      const balances = (await life.budget.lines(payoutAdmin))[0].balances!;
      expect(balances).toMatchObject({ paid: 30_000, committed: 10_000, available: 10_000 * 5 + 10_000, in_transit: 0 });
    });
  });
}
