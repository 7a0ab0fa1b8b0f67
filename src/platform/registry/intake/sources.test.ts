import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadExcel } from '../../excel.ts';
import { openSource, parseCsv } from './sources.ts';

async function all(text: string | Buffer, chunk = 3): Promise<string[][]> {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  const out: string[][] = [];
  for await (const r of parseCsv(Readable.from(parts))) out.push(r);
  return out;
}

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks across chunk edges', async () => {
    const text = '\ufeffuscc,name,note\r\n1,"a,b","say ""hi"""\n2,"line\nbreak",\n\n3,x,y';
    for (const chunk of [1, 2, 3, 7, 1000]) {
      expect(await all(text, chunk)).toEqual([
        ['uscc', 'name', 'note'],
        ['1', 'a,b', 'say "hi"'],
        ['2', 'line\nbreak', ''],
        ['3', 'x', 'y'],
      ]);
    }
  });

  it('keeps multi-byte characters split across chunks', async () => {
    expect(await all('名称,行业\n杭州测试,I65\n', 1)).toEqual([['名称', '行业'], ['杭州测试', 'I65']]);
  });

  it('reads a GBK file (Excel\'s "CSV" on a Chinese Windows) as GB18030, wherever its first Chinese byte falls', async () => {
    // GBK bytes of the characters used (Node encodes no GBK): 名称 行业 杭州 测试 公司.
    const gbk: Record<string, number[]> = {
      名称: [0xc3, 0xfb, 0xb3, 0xc6], 行业: [0xd0, 0xd0, 0xd2, 0xb5], 杭州: [0xba, 0xbc, 0xd6, 0xdd], 测试: [0xb2, 0xe2, 0xca, 0xd4], 公司: [0xb9, 0xab, 0xcb, 0xbe],
    };
    const encode = (text: string) => Buffer.concat(text.split(/(名称|行业|杭州|测试|公司)/).map((part) => (gbk[part] ? Buffer.from(gbk[part]) : Buffer.from(part))));
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `9133${String(i).padStart(14, '0')},杭州测试公司${i},I65`);
    for (const text of [`名称,行业\n${rows(3).join('\n')}\n`, `uscc,name,industry\n${'91330000000000000X,plain ascii,I65\n'.repeat(200)}${rows(2).join('\n')}`]) {
      const expected = text.trim().split('\n').map((line) => line.split(','));
      for (const chunk of [1, 5, 64, 100_000]) expect(await all(encode(text), chunk)).toEqual(expected);
    }
    // A UTF-8 file stays UTF-8, its first Chinese character at the very end too.
    expect(await all('uscc,name\n1,杭', 1)).toEqual([['uscc', 'name'], ['1', '杭']]);
  });
});

/** An XLSX workbook of a header and `rows` rows (uscc, name, registered), each name `nameChars` long, from exceljs's writer. */
async function workbook(rows: number, nameChars: number): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const wb = new Workbook();
  const ws = wb.addWorksheet('企业');
  ws.addRow(['uscc', 'name', 'registered']);
  for (let i = 0; i < rows; i++) ws.addRow([`9133010000000000${String(i % 100).padStart(2, '0')}`, `${i}${'名'.repeat(nameChars)}`, new Date(Date.UTC(2020, 0, 1 + i))]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('openSource', () => {
  it('reads the rows of an XLSX workbook on the reader thread, more than one chunk of them, dates as dates', async () => {
    const source = await openSource('xlsx', Readable.from([await workbook(2500, 3)]));
    expect(source.header).toEqual(['uscc', 'name', 'registered']);
    const rows: unknown[][] = [];
    for await (const r of source.rows) rows.push(r as unknown[]);
    expect(rows).toHaveLength(2500);
    expect(rows[2499]).toEqual(['913301000000000099', '2499名名名', new Date(Date.UTC(2020, 0, 2500))]);
  });

  it('refuses a workbook whose strings inflate past the reader\'s memory, and the process goes on', async () => {
    // 20 names of a million characters: a small file whose shared strings take 40 MB in memory, read with a 24 MB heap.
    const bytes = await workbook(20, 1 << 20);
    expect(bytes.length).toBeLessThan(2_000_000);
    const read = async () => {
      const source = await openSource('xlsx', Readable.from([bytes]), { xlsxHeapMb: 24 });
      for await (const _ of source.rows);
    };
    await expect(read()).rejects.toMatchObject({
      code: 'validation.failed', details: { errors: [{ field: 'file', rule: 'format.xlsx', message: expect.stringContaining('the workbook needs more than 24 MB of memory') }] },
    });
    // The same file reads where the memory suffices.
    const source = await openSource('xlsx', Readable.from([bytes]));
    let n = 0;
    for await (const _ of source.rows) n++;
    expect(n).toBe(20);
  }, 60_000);

  it('refuses an XLSX file its reader cannot read as validation.failed on the field file, with the reader\'s words', async () => {
    for (const bytes of [Buffer.from('PK\x03\x04 no workbook here'), Buffer.from('uscc,name\n1,a\n')]) {
      await expect(openSource('xlsx', Readable.from([bytes]))).rejects.toMatchObject({
        code: 'validation.failed', details: { errors: [{ field: 'file', rule: 'format.xlsx', message: expect.stringMatching(/^not a readable XLSX workbook \(/) }] },
      });
    }
  });
});
