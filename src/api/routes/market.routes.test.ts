import { describe, expect, it } from 'vitest';
import { testDialects } from '../../db/testing.ts';
import { createMarketTestbed } from '../../scenarios/market-entry/market.testing.ts';
import { useLoggedInApp } from './route-testing.ts';

for (const dialect of testDialects()) {
  describe(`market-entry API (inject, ${dialect.name})`, () => {
    const api = useLoggedInApp(dialect, ['company', 'admin'], '10.7.0', createMarketTestbed, (t) => t.platform);
    const { as } = api;

    it('lists and reads the catalogue for anyone signed in, and nobody else', async () => {
      expect((await api.app.inject({ url: '/api/market/licences' })).statusCode).toBe(401);
      const list = await api.app.inject({ url: '/api/market/licences?department=police&kind=licence', headers: as('company') });
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((i: { code: string }) => i.code)).toContain('hotel_special_trade');
      expect(list.json().departments.length).toBeGreaterThanOrEqual(26);
      expect(list.json().facts).toContainEqual({ key: 'legal_rep_name', zh: '法定代表人姓名', en: 'Legal representative', mirror: 'legal_rep_name' });
      const one = await api.app.inject({ url: '/api/market/licences/food_business', headers: as('company') });
      expect(one.json()).toMatchObject({ code: 'food_business', departmentName: '市场监督管理局', basis: { law: '《中华人民共和国食品安全法》', article: '第三十五条' }, timeLimitDays: 20, requires: ['business_licence'] });
      expect((await api.app.inject({ url: '/api/market/licences/no_such', headers: as('company') })).statusCode).toBe(404);
      expect((await api.app.inject({ url: '/api/market/licences?mode=fast', headers: as('company') })).json()).toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'querystring.mode', rule: 'enum' }] } });
    });

    it('lets the administrator edit an item, with field errors, version conflicts and 403 for others', async () => {
      const current = (await api.app.inject({ url: '/api/market/licences/tobacco_retail', headers: as('admin') })).json();
      const body = { code: 'tobacco_retail', name: current.name, nameEn: current.nameEn, department: 'tobacco', level: 'district', kind: 'licence', mode: 'commitment', basis: current.basis, timeLimitDays: 15, facts: current.facts, documents: current.documents, requires: current.requires, active: true, expectedVersion: 1 };
      expect((await api.app.inject({ method: 'PUT', url: '/api/market/licences/tobacco_retail', headers: as('company'), payload: body })).statusCode).toBe(403);
      const bad = await api.app.inject({ method: 'PUT', url: '/api/market/licences/tobacco_retail', headers: as('admin'), payload: { ...body, department: 'moon', requires: ['tobacco_retail'] } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual(['body.department:known', 'body.requires:self']);
      const schemaBad = await api.app.inject({ method: 'PUT', url: '/api/market/licences/tobacco_retail', headers: as('admin'), payload: { ...body, timeLimitDays: 500 } });
      expect(schemaBad.json().details.errors).toEqual([expect.objectContaining({ field: 'body.timeLimitDays', rule: 'maximum' })]);
      const ok = await api.app.inject({ method: 'PUT', url: '/api/market/licences/tobacco_retail', headers: as('admin'), payload: body });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ version: 2, mode: 'commitment', timeLimitDays: 15 });
      expect((await api.app.inject({ method: 'PUT', url: '/api/market/licences/tobacco_retail', headers: as('admin'), payload: body })).statusCode).toBe(409);
      const created = await api.app.inject({ method: 'POST', url: '/api/market/licences', headers: as('admin'), payload: { ...body, code: 'tobacco_retail_2', expectedVersion: undefined } });
      expect(created.statusCode).toBe(201);
    });

    it('searches the business-scope table and matches free text', async () => {
      const search = await api.app.inject({ url: `/api/market/scope?q=${encodeURIComponent('道路货物运输')}`, headers: as('company') });
      expect(search.json().items.slice(0, 3)).toContainEqual(expect.objectContaining({ wording: '道路货物运输（不含危险货物）', class: 'licensed', licences: ['road_freight'] }));
      const section = await api.app.inject({ url: '/api/market/scope?section=H&limit=600', headers: as('company') });
      expect(section.json().items.every((e: { section: string }) => e.section === 'H')).toBe(true);
      const matched = await api.app.inject({ method: 'POST', url: '/api/market/scope/match', headers: as('company'), payload: { text: '餐饮服务；软件开发' } });
      expect(matched.json().fragments.map((f: { how: string }) => f.how)).toEqual(['exact', 'exact']);
    });

    it('suggests licences with reasons and flags a missing prerequisite', async () => {
      const entries = (await api.app.inject({ url: `/api/market/scope?q=${encodeURIComponent('人力资源服务（不含职业中介活动、劳务派遣服务）')}`, headers: as('company') })).json().items;
      const answer = await api.app.inject({ method: 'POST', url: '/api/market/licence-suggestions', headers: as('company'), payload: { scopeCodes: [entries[0].code], scopeText: '餐饮服务', remove: ['business_licence'] } });
      expect(answer.statusCode).toBe(200);
      const g = answer.json();
      expect(g.items.map((i: { code: string }) => i.code)).toEqual(['food_business', 'hr_service_filing']);
      expect(g.problems.map((p: { rule: string; missing?: string }) => `${p.rule}:${p.missing}`)).toEqual(['prerequisite.missing:business_licence', 'prerequisite.missing:business_licence']);
      const unknown = await api.app.inject({ method: 'POST', url: '/api/market/licence-suggestions', headers: as('company'), payload: { scopeCodes: ['Q999'] } });
      expect(unknown.json()).toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'body.scopeCodes.0', rule: 'known' }] } });
    });

    it('checks names: taken, prohibited word, malformed; and refuses malformed input', async () => {
      const check = async (name: string) => (await api.app.inject({ method: 'POST', url: '/api/market/name-checks', headers: as('company'), payload: { name, legalForm: 'llc', districtCode: '330106' } })).json();
      expect(await check('杭州西湖测试科技有限公司')).toMatchObject({ acceptable: false, problems: [{ rule: 'name.taken.identical' }] });
      expect((await check('杭州国务院科技有限公司')).problems.map((p: { rule: string }) => p.rule)).toContain('name.word.organ');
      expect((await check('湖畔测试科技有限公司')).problems.map((p: { rule: string }) => p.rule)).toEqual(['name.structure.division']);
      expect(await check('杭州湖畔云帆网络科技有限公司')).toMatchObject({ acceptable: true, parts: { tradeName: '湖畔云帆', industry: '网络科技' } });
      const bad = await api.app.inject({ method: 'POST', url: '/api/market/name-checks', headers: as('company'), payload: { name: '杭州甲乙科技有限公司', districtCode: '33' } });
      expect(bad.json()).toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'body.districtCode', rule: 'pattern' }] } });
    });

    it('documents the routes in the OpenAPI description', async () => {
      const paths = Object.keys((await api.app.inject({ url: '/openapi.json' })).json().paths as Record<string, unknown>);
      expect(paths).toEqual(expect.arrayContaining(['/api/market/licences', '/api/market/licences/{code}', '/api/market/scope', '/api/market/licence-suggestions', '/api/market/name-checks']));
    });
  });
}
