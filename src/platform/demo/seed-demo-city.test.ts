import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { childrenOf } from '../../kernel/divisions.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { platformMigrations } from '../migrations.ts';
import { createPlatformServices, type PlatformServices } from '../platform.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoOrgTree } from './demo-city.ts';
import { seedDemoCity, type SeedResult } from './seed-demo-city.ts';

const ENTERPRISES = 400;

for (const dialect of testDialects()) {
  describe(`seedDemoCity on ${dialect.name}`, () => {
    let database: Database;
    let services: PlatformServices;
    let first: SeedResult;
    const progress: [number, number][] = [];

    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, platformMigrations);
      services = createPlatformServices({ database, clock: createFixedClock('2026-03-02T02:00:00Z'), ids: createSequentialIds() });
      first = await seedDemoCity(services, { enterprises: ENTERPRISES, batchSize: 150, onProgress: (done, total) => progress.push([done, total]) });
    });
    afterAll(async () => database?.close());

    it('writes the population in batches, reporting progress', async () => {
      expect(first.created).toBe(true);
      const stored = await services.enterpriseRepository.count();
      expect(stored).toBe(first.enterprises);
      expect(stored).toBeGreaterThanOrEqual(ENTERPRISES);
      expect(progress[0][0]).toBe(0);
      expect(progress.at(-1)).toEqual([stored, stored]);
      expect(progress.length).toBeGreaterThanOrEqual(4);
    });

    it('creates the org tree: province, city, 13 districts, their streets, departments and courts', async () => {
      const tree = demoOrgTree();
      expect(first.orgs).toBe(tree.length + 3); // and one org for each of the three account companies
      const city = await services.identity.findOrgByCode('330100');
      expect(city?.kind).toBe('city');
      const xihu = await services.identity.findOrgByCode('330106');
      expect(xihu).toMatchObject({ kind: 'district', parentId: city?.id, divisionCode: '330106' });
      expect(tree.filter((o) => o.kind === 'district')).toHaveLength(13);
      expect(tree.filter((o) => o.kind === 'town')).toHaveLength(childrenOf('330100').flatMap((d) => childrenOf(d.code)).length);
      expect(await services.identity.findOrgByCode('330106-tax')).toMatchObject({ name: '国家税务总局杭州市西湖区税务局', kind: 'department', parentId: xihu?.id });
      expect(await services.identity.findOrgByCode('330100-court')).toMatchObject({ name: '杭州市中级人民法院', kind: 'court' });
      expect(await services.identity.findOrgByCode('330122-court')).toMatchObject({ name: '桐庐县人民法院', kind: 'court' });
    });

    it('creates every demo account; the enterprise user belongs to its 西湖区 company', async () => {
      expect(first.users).toEqual(DEMO_ACCOUNTS.map((a) => a.username));
      const { actor } = await services.identity.login({ username: 'enterprise', password: DEMO_PASSWORD, ip: null, userAgent: null });
      expect(actor.role).toBe('enterprise');
      expect(actor.org.kind).toBe('enterprise');
      expect(actor.org.code).toBe(actor.enterpriseUscc);
      const scope = { kind: 'enterprise' as const, uscc: actor.enterpriseUscc! };
      const company = await services.enterpriseRepository.get(scope, actor.enterpriseUscc!);
      expect(company?.districtCode).toBe('330106');
      const tax = await services.identity.login({ username: 'tax-officer', password: DEMO_PASSWORD, ip: null, userAgent: null });
      expect(tax.actor.org).toMatchObject({ kind: 'department', divisionCode: '330106' });
    });

    it('does nothing the second time', async () => {
      const again = await seedDemoCity(services, { enterprises: ENTERPRISES });
      expect(again).toMatchObject({ created: false, enterprises: 0, orgs: 0, users: [] });
      expect(await services.enterpriseRepository.count()).toBe(first.enterprises);
    });
  });
}

describe('seedDemoCity resuming', () => {
  it('continues after the enterprises an interrupted run wrote', async () => {
    const database = await testDialects()[0].open();
    try {
      await migrateToLatest(database, platformMigrations);
      const services = createPlatformServices({ database, ids: createSequentialIds() });
      let calls = 0;
      const stop = new Error('interrupted');
      await expect(
        seedDemoCity(services, {
          enterprises: 300,
          batchSize: 100,
          onProgress: () => {
            if (++calls === 3) throw stop;
          },
        }),
      ).rejects.toBe(stop);
      expect(await services.enterpriseRepository.count()).toBe(200);
      const result = await seedDemoCity(services, { enterprises: 300, batchSize: 100 });
      expect(result.created).toBe(true);
      expect(await services.enterpriseRepository.count()).toBeGreaterThanOrEqual(300);
    } finally {
      await database.close();
    }
  });
});
