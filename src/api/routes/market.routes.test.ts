import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { TEST_PASSWORD } from '../../platform/testing/test-platform.ts';
import { createMarketTestbed } from '../../scenarios/market-entry/market.testing.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

for (const dialect of testDialects()) {
  describe(`market-entry API (inject, ${dialect.name})`, () => {
    let database: Database;
    let app: FastifyInstance;
    const cookies: Record<string, string> = {};

    beforeAll(async () => {
      database = await dialect.open();
      const t = await createMarketTestbed(database);
      app = await buildApp({ services: t.platform, config: loadConfig({}) });
      for (const username of ['company', 'admin']) {
        const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress: `10.7.0.${username.length}` });
        cookies[username] = `onething_session=${response.cookies.find((c) => c.name === 'onething_session')!.value}`;
      }
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await database?.close();
    });

    const as = (user: string) => ({ cookie: cookies[user] });

    it('lists and reads the catalogue for anyone signed in, and nobody else', async () => {
      expect((await app.inject({ url: '/api/market/licences' })).statusCode).toBe(401);
      const list = await app.inject({ url: '/api/market/licences?department=police&kind=licence', headers: as('company') });
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((i: { code: string }) => i.code)).toContain('hotel_special_trade');
      expect(list.json().departments.length).toBeGreaterThanOrEqual(26);
      expect(list.json().facts).toContainEqual({ key: 'legal_rep_name', zh: '法定代表人姓名', en: 'Legal representative', mirror: 'legal_rep_name' });
      const one = await app.inject({ url: '/api/market/licences/food_business', headers: as('company') });
      expect(one.json()).toMatchObject({ code: 'food_business', departmentName: '市场监督管理局', basis: { law: '《中华人民共和国食品安全法》', article: '第三十五条' }, timeLimitDays: 20, requires: ['business_licence'] });
      expect((await app.inject({ url: '/api/market/licences/no_such', headers: as('company') })).statusCode).toBe(404);
      expect((await app.inject({ url: '/api/market/licences?mode=fast', headers: as('company') })).json()).toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'querystring.mode', rule: 'enum' }] } });
    });

    it('lets the administrator edit an item, with field errors, version conflicts and 403 for others', async () => {
      const current = (await app.inject({ url: '/api/market/licences/tobacco_retail', headers: as('admin') })).json();
      const body = { code: 'tobacco_retail', name: current.name, nameEn: current.nameEn, department: 'tobacco', level: 'district', kind: 'licence', mode: 'commitment', basis: current.basis, timeLimitDays: 15, facts: current.facts, documents: current.documents, requires: current.requires, active: true, expectedVersion: 1 };
      expect((await app.inject({ method: 'PUT', url: '/api/market/licences/tobacco_retail', headers: as('company'), payload: body })).statusCode).toBe(403);
      const bad = await app.inject({ method: 'PUT', url: '/api/market/licences/tobacco_retail', headers: as('admin'), payload: { ...body, department: 'moon', requires: ['tobacco_retail'] } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual(['body.department:known', 'body.requires:self']);
      const schemaBad = await app.inject({ method: 'PUT', url: '/api/market/licences/tobacco_retail', headers: as('admin'), payload: { ...body, timeLimitDays: 500 } });
      expect(schemaBad.json().details.errors).toEqual([expect.objectContaining({ field: 'body.timeLimitDays', rule: 'maximum' })]);
      const ok = await app.inject({ method: 'PUT', url: '/api/market/licences/tobacco_retail', headers: as('admin'), payload: body });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ version: 2, mode: 'commitment', timeLimitDays: 15 });
      expect((await app.inject({ method: 'PUT', url: '/api/market/licences/tobacco_retail', headers: as('admin'), payload: body })).statusCode).toBe(409);
      const created = await app.inject({ method: 'POST', url: '/api/market/licences', headers: as('admin'), payload: { ...body, code: 'tobacco_retail_2', expectedVersion: undefined } });
      expect(created.statusCode).toBe(201);
    });

    it('searches the business-scope table and matches free text', async () => {
      const search = await app.inject({ url: `/api/market/scope?q=${encodeURIComponent('道路货物运输')}`, headers: as('company') });
      expect(search.json().items.slice(0, 3)).toContainEqual(expect.objectContaining({ wording: '道路货物运输（不含危险货物）', class: 'licensed', licences: ['road_freight'] }));
      const section = await app.inject({ url: '/api/market/scope?section=H&limit=600', headers: as('company') });
      expect(section.json().items.every((e: { section: string }) => e.section === 'H')).toBe(true);
      const matched = await app.inject({ method: 'POST', url: '/api/market/scope/match', headers: as('company'), payload: { text: '餐饮服务；软件开发' } });
      expect(matched.json().fragments.map((f: { how: string }) => f.how)).toEqual(['exact', 'exact']);
    });

    it('suggests licences with reasons and flags a missing prerequisite', async () => {
      const entries = (await app.inject({ url: `/api/market/scope?q=${encodeURIComponent('人力资源服务（不含职业中介活动、劳务派遣服务）')}`, headers: as('company') })).json().items;
      const answer = await app.inject({ method: 'POST', url: '/api/market/licence-suggestions', headers: as('company'), payload: { scopeCodes: [entries[0].code], scopeText: '餐饮服务', remove: ['business_licence'] } });
      expect(answer.statusCode).toBe(200);
      const g = answer.json();
      expect(g.items.map((i: { code: string }) => i.code)).toEqual(['food_business', 'hr_service_filing']);
      expect(g.problems.map((p: { rule: string; missing?: string }) => `${p.rule}:${p.missing}`)).toEqual(['prerequisite.missing:business_licence', 'prerequisite.missing:business_licence']);
      const unknown = await app.inject({ method: 'POST', url: '/api/market/licence-suggestions', headers: as('company'), payload: { scopeCodes: ['Q999'] } });
      expect(unknown.json()).toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'body.scopeCodes.0', rule: 'known' }] } });
    });

    it('checks names: taken, prohibited word, malformed; and refuses malformed input', async () => {
      const check = async (name: string) => (await app.inject({ method: 'POST', url: '/api/market/name-checks', headers: as('company'), payload: { name, legalForm: 'llc', districtCode: '330106' } })).json();
      expect(await check('杭州西湖测试科技有限公司')).toMatchObject({ acceptable: false, problems: [{ rule: 'name.taken.identical' }] });
      expect((await check('杭州国务院科技有限公司')).problems.map((p: { rule: string }) => p.rule)).toContain('name.word.organ');
      expect((await check('湖畔测试科技有限公司')).problems.map((p: { rule: string }) => p.rule)).toEqual(['name.structure.division']);
      expect(await check('杭州湖畔云帆网络科技有限公司')).toMatchObject({ acceptable: true, parts: { tradeName: '湖畔云帆', industry: '网络科技' } });
      const bad = await app.inject({ method: 'POST', url: '/api/market/name-checks', headers: as('company'), payload: { name: '杭州甲乙科技有限公司', districtCode: '33' } });
      expect(bad.json()).toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'body.districtCode', rule: 'pattern' }] } });
    });

    it('documents the routes in the OpenAPI description', async () => {
      const paths = Object.keys((await app.inject({ url: '/openapi.json' })).json().paths as Record<string, unknown>);
      expect(paths).toEqual(expect.arrayContaining(['/api/market/licences', '/api/market/licences/{code}', '/api/market/scope', '/api/market/licence-suggestions', '/api/market/name-checks']));
    });
  });
}
