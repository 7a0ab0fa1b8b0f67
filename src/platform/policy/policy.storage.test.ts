import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import type { PolicyUnit } from '../../engines/rules/index.ts';
import type { Actor } from '../identity/identity.types.ts';
import { createTestPlatform, type TestPlatform } from '../testing/test-platform.ts';
import { shippedUnits } from './unit-files.ts';

const draft = (version = 1, staff = 10): PolicyUnit => ({
  id: 'xihu-hiring-award', version, title: { zh: '西湖区吸纳就业奖励', en: 'Xihu hiring award' }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
  eligibility: { '>=': [{ var: 'employees' }, staff] }, benefit: { fixed: 500_000 },
  tests: [{ name: 'enough staff', asOf: '2025-06-30', facts: { employees: staff }, eligible: true, amount: 500_000 }, { name: 'too few', asOf: '2025-06-30', facts: { employees: staff - 1 }, eligible: false }],
});

for (const dialect of testDialects()) {
  describe(`policy units storage (${dialect.name})`, () => {
    let database: Database;
    let tp: TestPlatform;
    let admin: Actor;
    let tax: Actor;
    let company: Actor;

    beforeAll(async () => {
      database = await dialect.open();
      tp = await createTestPlatform(database);
      const login = async (u: string) => (await tp.services.identity.login({ username: u, password: 'Test@Passw0rd', ip: '127.0.0.1', userAgent: null })).actor;
      [admin, tax, company] = [await login('admin'), await login('xihu-tax'), await login('company')];
    }, 60_000);
    afterAll(async () => { await database?.close(); });

    it('seeds the shipped units once, published, and again changes nothing', async () => {
      await tp.services.policy.ready();
      const units = await tp.services.policy.units.list();
      expect(units.map((u) => u.id).sort()).toEqual(shippedUnits().map((u) => u.id).sort());
      expect(units.every((u) => u.publishedVersion === 1 && u.latestVersion === 1)).toBe(true);
      expect(await tp.services.policy.units.seedShipped()).toEqual({ saved: [], published: [], skipped: [] });
      // A unit the catalogue cannot support is reported, not fatal.
      const broken = { ...shippedUnits()[0], id: 'broken', eligibility: { '>': [{ var: 'gone' }, 1] } };
      expect((await tp.services.policy.units.seedShipped([broken])).skipped).toEqual([{ unit: 'broken@1', errors: [expect.objectContaining({ rule: 'attribute.unknown' })] }]);
    });

    it('refuses an invalid unit, naming the path and the rule', async () => {
      const bad = { ...draft(), eligibility: { '>=': [{ var: 'profit' }, 1] } };
      await expect(tp.services.policy.units.save(admin, bad)).rejects.toMatchObject({ code: 'validation.failed', details: { errors: [{ field: '/eligibility/>=/0/var', rule: 'attribute.unknown' }] } });
      await expect(tp.services.policy.units.save(admin, { ...draft(), eligibilty: {} })).rejects.toMatchObject({ details: { errors: expect.arrayContaining([expect.objectContaining({ field: '/eligibilty', rule: 'schema.additionalProperties' })]) } });
      expect(await tp.services.policy.units.list()).toHaveLength(4);
    });

    it('saves versions that never change, and publishes one that passes its tests', async () => {
      const v1 = await tp.services.policy.units.save(tax, draft(1, 10));
      expect(v1).toMatchObject({ unitId: 'xihu-hiring-award', version: 1, origin: 'author' });
      // The same document again is the same version; a different one under the same number is refused.
      expect((await tp.services.policy.units.save(tax, draft(1, 10))).hash).toBe(v1.hash);
      await expect(tp.services.policy.units.save(tax, draft(1, 20))).rejects.toMatchObject({ code: 'conflict' });
      await expect(tp.services.policy.units.save(tax, draft(3, 20))).rejects.toMatchObject({ code: 'validation.failed', details: { errors: [{ field: '/version', rule: 'version.next' }] } });
      await tp.services.policy.units.save(tax, draft(2, 20));
      expect((await tp.services.policy.units.get('xihu-hiring-award', 1)).unit.eligibility).toEqual({ '>=': [{ var: 'employees' }, 10] });
      await tp.services.policy.units.publish(tax, 'xihu-hiring-award', 2);
      expect((await tp.services.policy.units.get('xihu-hiring-award')).version).toBe(2);
      // Even the database refuses to change a stored version.
      await expect(sql`update policy_unit_versions set document = '{}' where unit_id = 'xihu-hiring-award'`.execute(database.kysely)).rejects.toThrow();
    });

    it('refuses to publish a version whose author tests fail', async () => {
      const failing = { ...draft(3, 30), tests: [{ name: 'wrong', asOf: '2025-06-30', facts: { employees: 30 }, eligible: false }] };
      await tp.services.policy.units.save(admin, failing);
      await expect(tp.services.policy.units.publish(admin, 'xihu-hiring-award', 3)).rejects.toMatchObject({ details: { errors: [{ field: '/tests/0', rule: 'test.failed' }] } });
      expect((await tp.services.policy.units.list()).find((u) => u.id === 'xihu-hiring-award')!.publishedVersion).toBe(2);
    });

    it('lets a department write only within its division, and other roles not at all', async () => {
      await expect(tp.services.policy.units.save(tax, { ...draft(), id: 'outside', scope: ['330108'] })).rejects.toMatchObject({ code: 'auth.forbidden' });
      await expect(tp.services.policy.units.save(tax, { ...draft(), id: 'national' , scope: undefined })).rejects.toMatchObject({ code: 'auth.forbidden' });
      await expect(tp.services.policy.units.save(company, { ...draft(), id: 'mine' })).rejects.toMatchObject({ code: 'auth.forbidden' });
      await expect(tp.services.policy.units.publish(tax, 'cn-sme-size-class', 1)).rejects.toMatchObject({ code: 'auth.forbidden' });
    });
  });
}
