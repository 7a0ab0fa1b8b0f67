import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../db/index.ts';
import { testDialects } from '../db/testing.ts';
import { AppError } from '../kernel/errors.ts';
import { platformMigrations } from './migrations.ts';
import { buildEnterprise } from './testing/builders.ts';
import { createTestPlatform, TEST_PASSWORD, type TestPlatform } from './testing/test-platform.ts';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'no error';
}

for (const dialect of testDialects()) {
  describe(`platform storage on ${dialect.name}`, () => {
    let database: Database;
    let t: TestPlatform;
    const login = (username: string, password = TEST_PASSWORD) => t.services.identity.login({ username, password, ip: '127.0.0.1', userAgent: 'test' });

    beforeAll(async () => {
      database = await dialect.open();
      t = await createTestPlatform(database);
    });
    afterAll(async () => database?.close());

    it('applies migrations once', async () => {
      expect(await migrateToLatest(database, platformMigrations)).toEqual([]);
    });

    it('rejects a weak password naming each broken rule, and writes nothing', async () => {
      const error = await t.services.identity
        .createUser({ username: 'weak', displayName: 'Weak', password: 'weak', role: 'official', orgId: t.orgs.city, enterpriseUscc: null })
        .catch((e: AppError) => e);
      expect(error).toBeInstanceOf(AppError);
      const rules = ((error as AppError).details as { errors: { field: string; rule: string }[] }).errors.map((e) => `${e.field}:${e.rule}`);
      expect(rules).toEqual(expect.arrayContaining(['password:password.minLength', 'password:password.classes', 'password:password.containsUsername']));
      expect(await t.services.identity.findUserByUsername('weak')).toBeUndefined();
    });

    it('refuses a duplicate username and an enterprise user with a bad USCC', async () => {
      expect(await codeOf(t.services.identity.createUser({ username: 'admin', displayName: 'x', password: TEST_PASSWORD, role: 'official', orgId: t.orgs.city, enterpriseUscc: null }))).toBe('conflict');
      const error = (await t.services.identity
        .createUser({ username: 'bad-co', displayName: 'x', password: TEST_PASSWORD, role: 'enterprise', orgId: t.orgs.company, enterpriseUscc: '91330000727215176A' })
        .catch((e) => e)) as AppError;
      expect((error.details as { errors: { field: string; rule: string }[] }).errors[0]).toMatchObject({ field: 'enterpriseUscc', rule: 'uscc.checkCharacter' });
    });

    it('logs in, locks after five failures, and unlocks after the lockout', async () => {
      const { actor } = await login('xihu-official');
      expect(actor.org.divisionCode).toBe('330106');
      for (let i = 0; i < 4; i++) expect(await codeOf(login('binjiang-official', 'Wrong@Passw0rd'))).toBe('auth.invalid_credentials');
      expect(await codeOf(login('binjiang-official', 'Wrong@Passw0rd'))).toBe('auth.locked');
      expect(await codeOf(login('binjiang-official'))).toBe('auth.locked');
      t.clock.advance(16 * 60_000);
      expect((await login('binjiang-official')).actor.username).toBe('binjiang-official');
      expect(await codeOf(login('nobody'))).toBe('auth.invalid_credentials');
    });

    it('ends a session after 30 idle minutes', async () => {
      const { token } = await login('city-official');
      t.clock.advance(29 * 60_000);
      expect(await t.services.identity.authenticate(token, null)).toBeDefined();
      t.clock.advance(29 * 60_000);
      expect(await t.services.identity.authenticate(token, null)).toBeDefined();
      t.clock.advance(31 * 60_000);
      expect(await t.services.identity.authenticate(token, null)).toBeUndefined();
    });

    it('scopes enterprise reads by organisation', async () => {
      const xihu = (await login('xihu-official')).actor;
      const city = (await login('city-official')).actor;
      const company = (await login('company')).actor;
      const bank = (await login('bank-user')).actor;
      expect((await t.services.enterprises.list(xihu, {}, 1, 50)).total).toBe(3);
      expect((await t.services.enterprises.list(city, {}, 1, 50)).total).toBe(5);
      expect((await t.services.enterprises.list(company, {}, 1, 50)).items.map((e) => e.uscc)).toEqual([t.enterprises.xihu[0].uscc]);
      expect((await t.services.enterprises.list(bank, {}, 1, 50)).total).toBe(0);
      expect(await codeOf(t.services.enterprises.get(xihu, t.enterprises.binjiang[0].uscc, null))).toBe('not_found');
      expect((await t.services.enterprises.list(city, { industrySection: 'C' }, 1, 50)).total).toBe(1);
    });

    it('masks personal fields by role and audits each read', async () => {
      const xihu = (await login('xihu-official')).actor;
      const company = (await login('company')).actor;
      const uscc = t.enterprises.xihu[0].uscc;
      const masked = await t.services.enterprises.get(xihu, uscc, null);
      expect(masked.legalRepresentative.idNumber).not.toBe(t.enterprises.xihu[0].legalRepIdNumber);
      expect(masked.legalRepresentative.phone).toMatch(/\*/);
      const own = await t.services.enterprises.get(company, uscc, null);
      expect(own.legalRepresentative.idNumber).toBe(t.enterprises.xihu[0].legalRepIdNumber);
      const audit = await t.services.audit.search({ action: 'enterprise.read', personal: true, page: 1, pageSize: 10 });
      expect(audit.items.filter((a) => a.target === uscc).map((a) => a.actorName)).toEqual(expect.arrayContaining(['xihu-official', 'company']));
    });

    it('keeps the audit log append-only', async () => {
      await t.services.audit.record({ actor: null, action: 'test.event' });
      await expect(sql`update audit_log set action = 'changed'`.execute(database.kysely)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log`.execute(database.kysely)).rejects.toThrow(/append-only/);
    });

    it('stores money beyond 32 bits as exact integers', async () => {
      const big = buildEnterprise({ districtCode: '330108', townCode: '330108003', revenueFen: 123_456_789_012_34 });
      await t.services.enterpriseRepository.insertMany([big]);
      const read = await t.services.enterpriseRepository.get({ kind: 'all' }, big.uscc);
      expect(read?.revenueFen).toBe(123_456_789_012_34);
      expect(typeof read?.revenueFen).toBe('number');
    });

    it('counts enterprises per division for the cockpit', async () => {
      const city = (await login('city-official')).actor;
      const result = await t.services.cockpit.enterprisesByDivision(city);
      expect(result.division.name).toBe('杭州市');
      const byCode = Object.fromEntries(result.items.map((i) => [i.code, i.enterprises]));
      expect(byCode['330106']).toBe(3);
      expect(byCode['330108']).toBeGreaterThanOrEqual(2);
      const xihu = (await login('xihu-official')).actor;
      const streets = await t.services.cockpit.enterprisesByDivision(xihu);
      expect(streets.items.find((i) => i.code === '330106002')?.enterprises).toBe(2);
    });
  });
}
