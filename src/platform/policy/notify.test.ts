import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { batchFile, fenToYuan, parseCsv, parseReturnFile } from './bank-files.ts';
import { channelsFromConfig, deliverAll, gatewayChannel, loggingChannel, type Notice } from './notify.ts';

const notice: Notice = { uscc: '91330106MA27XXXX1X', kind: 'push', title: { zh: '新政策：测试', en: 'New policy: test' }, refId: 'u@1' };

describe('notification channels', () => {
  it('posts notices to a configured gateway in batches, and a failing gateway does not stop the others', async () => {
    const bodies: { channel: string; notices: Notice[] }[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => { text += c.toString(); });
      req.on('end', () => { bodies.push(JSON.parse(text) as (typeof bodies)[number]); res.statusCode = bodies.length > 2 ? 500 : 200; res.end(); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
    try {
      const sms = gatewayChannel('sms', url, { batch: 2 });
      await sms.deliver([notice, notice, { ...notice, refId: 'u@2' }]);
      expect(bodies.map((b) => b.notices.length)).toEqual([2, 1]);
      expect(bodies[0].channel).toBe('sms');
      expect(bodies[0].notices[0]).toMatchObject({ uscc: notice.uscc, title: notice.title });
      const lines: string[] = [];
      const failures: string[] = [];
      await deliverAll([sms, loggingChannel((l) => lines.push(l))], [notice], (c) => failures.push(c));
      expect(failures).toEqual(['sms']);
      expect(lines).toEqual([`notify ${notice.uscc} push u@1 新政策：测试`]);
    } finally {
      server.close();
    }
  });

  it('reads the adapters from configuration', () => {
    expect(channelsFromConfig({}).map((c) => c.name)).toEqual([]);
    expect(channelsFromConfig({ ONETHING_NOTIFY_SMS_URL: 'http://127.0.0.1:9/sms', ONETHING_NOTIFY_APP_URL: 'http://127.0.0.1:9/app', ONETHING_NOTIFY_LOG: '1' }).map((c) => c.name)).toEqual(['sms', 'app', 'log']);
  });
});

describe('bank files', () => {
  it('writes a batch file with quoted fields and yuan by integer arithmetic', () => {
    const file = batchFile([{ id: 'ppm_1', idemKey: 'c:u:1', claimId: 'c', budgetLineId: 'l', uscc: 'X', amountFen: 1_234_505, account: { name: 'A, "B" 公司', number: '123456', bank: '102331000015' }, status: 'queued', attempts: 0, batchId: null, reason: null, createdAt: '', updatedAt: '', purpose: 'u v1' }]);
    expect(parseCsv(file)[1]).toEqual(['ppm_1', 'c:u:1', 'X', 'A, "B" 公司', '123456', '102331000015', '1234505', '12345.05', 'u v1']);
    expect([fenToYuan(5), fenToYuan(100), fenToYuan(-1999)]).toEqual(['0.05', '1.00', '-19.99']);
  });

  it('names the line and the column of every bad line of a return file', () => {
    expect(parseReturnFile('id,result\n').errors).toEqual([{ field: 'row 1', rule: 'header', message: expect.any(String) }]);
    const r = parseReturnFile('\uFEFFpayment_id,result,reason_code,reason\r\np1,PAID,,\r\np2,FAILED,,\r\n,MAYBE,,\r\np1,PAID,,\r\n');
    expect(r.errors.map((e) => `${e.field} ${e.rule}`)).toEqual(['row 3.reason_code required', 'row 4.payment_id required', 'row 4.result enum', 'row 5.payment_id unique']);
  });
});
