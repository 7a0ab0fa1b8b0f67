import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createEntryTestbed, type EntryTestbed } from './entry.testing.ts';
import { createPermitsRepository } from './permits.repository.ts';

const USCC = '91330106MA2TEST01X';

for (const dialect of testDialects()) {
  describe(`market permits as a certificate-library source (${dialect.name})`, () => {
    let database: Database;
    let tb: EntryTestbed;

    beforeAll(async () => {
      database = await dialect.open();
      tb = await createEntryTestbed(database);
    }, 60_000);
    afterAll(async () => { await database?.close(); });

    it('lists the company’s permits with title, issuer, validity and verification page; expired and cancelled ones marked', async () => {
      const items = (await tb.market.catalogue.load()).items.filter((i) => i.department === 'health').slice(0, 3);
      expect(items).toHaveLength(3);
      const permits = createPermitsRepository(database);
      await permits.issue(undefined, items.map((item, n) => ({
        id: `t.${item.code}`, uscc: USCC, itemCode: item.code, department: item.department, certificateNo: `XK33010626TEST000${n}`, applicationId: null,
        issuedAt: '2025-06-01T00:00:00.000Z', validUntil: n === 1 ? '2026-01-31' : '2030-05-31', documentHash: null,
      })));
      await permits.cancel(undefined, USCC, '2026-02-01T00:00:00.000Z', '注销', [`t.${items[2].code}`]);
      expect(tb.platform.certificates.sources()).toContain('market.permits');
      // What a policy unit can ask for: the business licence and a permit kind per catalogue item, named as the catalogue names it.
      const kinds = await tb.platform.certificates.kinds();
      expect(kinds).toEqual(expect.arrayContaining([{ kind: 'business_licence', title: '营业执照', source: '市场监督管理局' }, { kind: 'permit:food_business', title: '食品经营许可', source: '准入准营证照' }]));
      expect(kinds.filter((k) => k.kind.startsWith('permit:')).length).toBeGreaterThanOrEqual(111);
      const list = await tb.platform.certificates.list(USCC, '2026-03-02');
      expect(list.map((c) => [c.kind, c.number, c.status])).toEqual(items.map((i, n) => [`permit:${i.code}`, `XK33010626TEST000${n}`, ['valid', 'expired', 'cancelled'][n]]).sort((a, b) => a[0].localeCompare(b[0])));
      expect(list.find((c) => c.number === 'XK33010626TEST0000')).toMatchObject({
        title: items[0].name, issuer: '卫生健康委员会', validUntil: '2030-05-31', verifyUrl: '/market/verify/XK33010626TEST0000', source: 'market.permits',
      });
      expect(await tb.platform.certificates.list('91330106MA2OTHER9Y', '2026-03-02')).toEqual([]);
    });
  });
}
