import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import type { AppError } from '../../kernel/errors.ts';
import { DEFAULT_LICENCES } from './licences.data.ts';
import { createMarketTestbed, type MarketTestbed } from './market.testing.ts';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a failure');
}

for (const dialect of testDialects()) {
  describe(`market entry storage (${dialect.name})`, () => {
    let database: Database;
    let t: MarketTestbed;
    beforeAll(async () => {
      database = await dialect.open();
      t = await createMarketTestbed(database);
    }, 60_000);
    afterAll(async () => database?.close());

    it('installs the shipped catalogue once and lists it with filters', async () => {
      const all = await t.market.catalogue.list(t.actors.company);
      expect(all.total).toBe(DEFAULT_LICENCES.length);
      expect((await t.market.catalogue.list(t.actors.company, { department: 'culture', kind: 'filing' })).items.map((i) => i.code)).toEqual(['performance_venue_filing', 'art_trade_filing', 'homestay']);
      expect(await t.market.repo.installMissing(DEFAULT_LICENCES, '2026-03-02T00:00:00Z')).toBe(0);
      expect((await t.market.catalogue.get(t.actors.company, 'food_business')).departmentName).toBe('市场监督管理局');
      expect((await failure(t.market.catalogue.get(t.actors.company, 'nope'))).code).toBe('not_found');
    });

    it('lets only an administrator edit an item, checks it, versions it and audits the change', async () => {
      const item = { ...(await t.market.catalogue.get(t.actors.admin, 'public_venue_hygiene')) };
      const edited = { code: item.code, name: item.name, nameEn: item.nameEn, department: item.department, level: item.level, kind: item.kind, mode: 'automatic' as const, basis: item.basis, timeLimitDays: 5, facts: item.facts, documents: [], requires: item.requires, active: true };
      expect((await failure(t.market.catalogue.update(t.actors.company, 'public_venue_hygiene', edited))).code).toBe('auth.forbidden');
      const bad = await failure(t.market.catalogue.update(t.actors.admin, 'public_venue_hygiene', { ...edited, timeLimitDays: -1, requires: ['homestay'] }));
      expect((bad.details as { errors: { field: string; rule: string }[] }).errors.map((e) => `${e.field}:${e.rule}`)).toEqual(['body.timeLimitDays:range']);
      const cyclic = await failure(t.market.catalogue.update(t.actors.admin, 'public_venue_hygiene', { ...edited, requires: ['homestay'] }));
      expect((cyclic.details as { errors: { rule: string }[] }).errors[0].rule).toBe('acyclic');
      const saved = await t.market.catalogue.update(t.actors.admin, 'public_venue_hygiene', edited, 1);
      expect(saved).toMatchObject({ version: 2, mode: 'automatic', timeLimitDays: 5 });
      expect((await failure(t.market.catalogue.update(t.actors.admin, 'public_venue_hygiene', edited, 1))).code).toBe('conflict');
      const audit = await t.platform.audit.search({ action: 'market.licence.update', page: 1, pageSize: 5 });
      expect(audit.items[0]).toMatchObject({ target: 'public_venue_hygiene', details: { version: 2, before: { mode: 'commitment' }, after: { mode: 'automatic' } } });
      // The edit survives a reload, and the shipped item does not overwrite it.
      expect((await t.market.catalogue.reload()).byCode.get('public_venue_hygiene')!.mode).toBe('automatic');
    });

    it('adds an item once; a second time is a conflict', async () => {
      const item = { code: 'night_market_stall', name: '夜市摊位登记', nameEn: 'Night market stall registration', department: 'urban', level: 'district' as const, kind: 'filing' as const, mode: 'automatic' as const, basis: { law: '《杭州市城市市容和环境卫生管理条例》', article: '第二十条' }, timeLimitDays: 0, facts: ['name', 'premises_address'], documents: [], requires: ['business_licence'], active: true };
      expect(await t.market.catalogue.create(t.actors.admin, item)).toMatchObject({ code: 'night_market_stall', version: 1, zeroMaterials: true });
      expect((await failure(t.market.catalogue.create(t.actors.admin, item))).code).toBe('conflict');
      expect((await t.platform.audit.search({ action: 'market.licence.create', page: 1, pageSize: 5 })).total).toBe(1);
    });

    it('refuses names taken in the city: the same name, or the same trade name, industry and kind of form', async () => {
      const check = (name: string, districtCode = '330106') => t.market.names.check(t.actors.company, { name, legalForm: 'llc', districtCode });
      const identical = await check('杭州西湖测试科技有限公司');
      expect(identical.problems.map((p) => p.rule)).toContain('name.taken.identical');
      const similar = await check('杭州西湖测试科技有限责任公司', '330108');
      expect(similar).toMatchObject({ acceptable: false, conflicts: [{ name: '杭州西湖测试科技有限公司' }] });
      expect(similar.problems.map((p) => p.rule)).toEqual(['name.taken.similar']);
      expect(await check('杭州西湖测试餐饮管理有限公司')).toMatchObject({ acceptable: true, problems: [] });
      const refused = await failure(t.market.names.assertAcceptable(t.actors.company, { name: '杭州西湖测试科技有限公司', districtCode: '330106' }));
      expect((refused.details as { errors: { field: string; rule: string }[] }).errors[0]).toMatchObject({ field: 'body.name', rule: 'name.taken.identical' });
      expect((await failure(t.market.names.check(t.actors.company, { name: '杭州甲乙科技有限公司', districtCode: '330100' }))).code).toBe('validation.failed');
    });

    it('suggests licences from the stored catalogue, edits included', async () => {
      const [hit] = await t.market.guidance.searchScope('住宿服务');
      const g = await t.market.guidance.suggest({ scopeCodes: [hit.entry.code] });
      expect(g.items.map((i) => i.code)).toEqual(['business_licence', 'public_venue_hygiene', 'hotel_special_trade', 'fire_safety_check']);
      expect(g.items.find((i) => i.code === 'public_venue_hygiene')).toMatchObject({ mode: 'automatic', version: 2 });
    });
  });
}
