import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/index.ts';
import { testDialects } from '../../../db/testing.ts';
import { buildUscc } from '../../../kernel/uscc.ts';
import { createRegistryFixture, csv, memoryBatch, type RegistryFixture } from '../registry.testing.ts';
import type { IntakeProgress } from './intake.service.ts';

for (const dialect of testDialects()) {
  describe(`registry intake on ${dialect.name}`, () => {
    let database: Database;
    let tp: RegistryFixture;
    let a: string, b: string, c: string;
    beforeAll(async () => {
      database = await dialect.open();
      tp = await createRegistryFixture(database);
      [a, b, c] = tp.xihu.map((e) => e.uscc);
    }, 30_000);
    afterAll(() => database?.close());

    it('commits a valid batch whole, with money in fen, codes and sets', async () => {
      const progress: IntakeProgress[] = [];
      const text = csv(['统一社会信用代码', 'employees', '营业收入', 'industry', 'licences', 'high_tech'], [
        [a, 25, '1234567.89', 'I65', 'food_business;telecom_vas', '是'],
        [b, 8, '300000', 'C39', '', '0'],
      ]);
      const { batch } = await tp.services.registry.intake.run(null, memoryBatch(text, 'stats', { period: '2025' }), { onProgress: (p) => progress.push(p) });
      expect(batch.status).toBe('committed');
      expect(batch.rowsAccepted).toBe(2);
      expect(batch.valuesCount).toBe(9);
      expect(progress.at(-1)).toMatchObject({ rowsRead: 2, rowsAccepted: 2, bytesRead: Buffer.byteLength(text) });
      const records = await tp.services.registry.values.recordsOf(a, '9999-12-31');
      expect(records).toHaveLength(1);
      expect(records[0].values).toEqual({ employees: 25, revenue: 123456789, industry: 'I65', licences: ['food_business', 'telecom_vas'], high_tech: true });
      expect(records[0]).toMatchObject({ period: '2025', effective: '2025-12-31', source: 'stats', interface: 'file' });
    });

    it('rejects a batch with bad rows, naming row, field and rule, and commits nothing', async () => {
      const before = await tp.services.registry.values.countRecords();
      const badCheck = a.slice(0, 17) + (a[17] === '0' ? '1' : '0');
      const unknown = buildUscc({ authority: '9', entityType: '1', division: '330106', organisationCode8: 'Z0000001'.replace('Z', 'X') });
      const text = csv(['uscc', 'employees', 'industry', 'registered_at'], [
        [c, 5, 'F51', '2020-01-01'],
        [badCheck, 5, 'F51', ''],
        [b, 'many', 'F51', ''],
        [b, 5, 'Z99', ''],
        [b, -3, 'F51', ''],
        [b, 5, 'F51', '2020-02-30'],
        [unknown, 5, 'F51', ''],
      ]);
      const { batch } = await tp.services.registry.intake.run(null, memoryBatch(text, 'stats', { period: '2025' }));
      expect(batch.status).toBe('rejected');
      expect(batch.rowsRejected).toBe(6);
      expect(batch.rowsAccepted).toBe(0);
      const rules = batch.rejections.map((r) => `${r.row}:${r.field}:${r.rule}`);
      expect(rules).toEqual(expect.arrayContaining([
        '2:uscc:uscc.checkCharacter', '3:employees:type.number', '4:industry:code.unknown', '5:employees:range.min', '6:registered_at:type.date', '7:uscc:uscc.unknown',
      ]));
      expect(await tp.services.registry.values.countRecords()).toBe(before);
      expect((await tp.services.registry.values.recordsOf(c, '9999-12-31')).length).toBe(0);
    });

    it('commits the good rows with a rejection report when partial commits are allowed', async () => {
      const text = csv(['uscc', 'trademarks'], [[c, 3], [c.slice(0, 10), 2]]);
      const { batch } = await tp.services.registry.intake.run(null, memoryBatch(text, 'ip', { partial: true }));
      expect(batch.status).toBe('partial');
      expect(batch.rowsAccepted).toBe(1);
      expect(batch.rejections[0]).toMatchObject({ row: 2, field: 'uscc' });
      expect((await tp.services.registry.values.recordsOf(c, '9999-12-31'))[0].values).toEqual({ trademarks: 3 });
    });

    it('changes nothing when the same batch is sent again', async () => {
      const text = csv(['uscc', 'software_copyrights'], [[a, 4]]);
      const first = await tp.services.registry.intake.run(null, memoryBatch(text, 'ip'));
      const count = await tp.services.registry.values.countRecords();
      const again = await tp.services.registry.intake.run(null, memoryBatch(text, 'ip'));
      expect(first.batch.status).toBe('committed');
      expect(again.batch.status).toBe('duplicate');
      expect(again.duplicateOf).toBe(first.batch.id);
      expect(await tp.services.registry.values.countRecords()).toBe(count);
    });

    it('rejects a header with an unknown column, and periodic values without a period', async () => {
      const unknownColumn = await tp.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'shoe_size'], [[a, 42]]), 'stats'));
      expect(unknownColumn.batch.status).toBe('rejected');
      expect(unknownColumn.batch.rejections[0]).toMatchObject({ row: 0, field: 'shoe_size', rule: 'column.unknown' });
      const noPeriod = await tp.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'employees'], [[a, 42]]), 'stats'));
      expect(noPeriod.batch.rejections[0]).toMatchObject({ row: 1, field: 'employees', rule: 'period.required' });
      const wrongKind = await tp.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'period', 'employees'], [[a, '2025-03', 42]]), 'stats'));
      expect(wrongKind.batch.rejections[0]).toMatchObject({ row: 1, field: 'employees', rule: 'period.frequency' });
    });

    it('reads XLSX and JSON lines, with a field mapping', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('data');
      sheet.addRow(['统一社会信用代码', '所属期', '纳税总额', '成立日期']);
      sheet.addRow([b, '2024', 56789.5, new Date(Date.UTC(2010, 4, 6))]);
      const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
      const fromXlsx = await tp.services.registry.intake.run(null, memoryBatch(xlsx, 'tax', { format: 'xlsx' }));
      expect(fromXlsx.batch.status).toBe('committed');
      const rec = (await tp.services.registry.values.recordsOf(b, '9999-12-31')).find((r) => r.batchId === fromXlsx.batch.id)!;
      expect(rec.values).toEqual({ tax_paid: 5678950, registered_at: '2010-05-06' });
      expect(rec.period).toBe('2024');

      const broken = await tp.services.registry.intake.run(null, memoryBatch(['{"uscc":"' + c + '"}', '', 'not json', '[1]'].join('\n'), 'power', { format: 'jsonl' }));
      expect(broken.batch.rejections.map((r) => `${r.row}:${r.rule}`)).toEqual(['2:jsonl.parse', '3:jsonl.parse']);
      const lines = [JSON.stringify({ code: c, month: '2025-11', kwh: 1200.5, ignored: 'x' }), '', JSON.stringify({ code: c, month: '2025-12', kwh: 1300 })].join('\n');
      const fromJsonl = await tp.services.registry.intake.run(null, memoryBatch(lines, 'power', { format: 'jsonl', mapping: { code: 'uscc', month: 'period', kwh: 'electricity', ignored: null } }));
      expect(fromJsonl.batch).toMatchObject({ status: 'committed', rowsAccepted: 2 });
    });

    it('refuses an unknown source department', async () => {
      await expect(tp.services.registry.intake.run(null, memoryBatch('uscc\n', 'nobody'))).rejects.toMatchObject({ code: 'validation.failed' });
    });
  });
}
