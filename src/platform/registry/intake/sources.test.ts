import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './sources.ts';

async function all(text: string, chunk = 3): Promise<string[][]> {
  const buf = Buffer.from(text);
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
});
