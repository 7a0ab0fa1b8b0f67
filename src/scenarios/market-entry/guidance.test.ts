import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.ts';
import { assembleCatalogue } from './catalogue-model.ts';
import { suggestLicences } from './guidance.ts';
import { DEFAULT_LICENCES } from './licences.data.ts';
import { matchScopeText, searchScope } from './scope-match.ts';

const cat = assembleCatalogue([...DEFAULT_LICENCES], new Map());
const code = (wording: string) => cat.scope.find((e) => e.wording === wording)!.code;

describe('the business-scope table', () => {
  it('holds several hundred unique wordings whose licences are all in the catalogue', () => {
    expect(cat.scope.length).toBeGreaterThanOrEqual(400);
    expect(new Set(cat.scope.map((e) => e.wording)).size).toBe(cat.scope.length);
    expect(new Set(cat.scope.map((e) => e.code)).size).toBe(cat.scope.length);
    for (const e of cat.scope) for (const c of e.licences) expect(cat.byCode.has(c), `${e.wording} → ${c}`).toBe(true);
    expect(cat.scope.filter((e) => e.class === 'licensed').length).toBeGreaterThan(100);
  });

  it('classes an entry that needs only a filing as general, and one that needs a licence as licensed', () => {
    expect(cat.scopeByCode.get(code('食品销售（仅销售预包装食品）'))).toMatchObject({ class: 'general', licences: ['food_prepackaged_filing'] });
    expect(cat.scopeByCode.get(code('餐饮服务'))).toMatchObject({ class: 'licensed', licences: ['food_business'] });
    expect(cat.scopeByCode.get(code('软件开发'))).toMatchObject({ class: 'general', licences: [] });
  });

  it('searches and matches free text to standard wordings', () => {
    expect(searchScope(cat.scope, '餐饮')[0].entry.wording).toBe('餐饮服务');
    const matches = matchScopeText(cat.scope, '许可项目：餐饮服务；道路货物运输(不含危险货物)。一般项目：软件开发，卖点预包装食品，量子纠缠传送（依法须经批准的项目，经相关部门批准后方可开展经营活动）');
    expect(matches.map((m) => [m.fragment, m.entry?.wording ?? null, m.how])).toEqual([
      ['餐饮服务', '餐饮服务', 'exact'],
      ['道路货物运输（不含危险货物）', '道路货物运输（不含危险货物）', 'exact'],
      ['软件开发', '软件开发', 'exact'],
      ['卖点预包装食品', '食品销售（仅销售预包装食品）', 'similar'],
      ['量子纠缠传送', null, null],
    ]);
  });
});

describe('licence suggestion', () => {
  it('suggests the licences a scope needs, with the reason and the law, and their prerequisites', () => {
    const g = suggestLicences(cat, { scopeCodes: [code('餐饮服务'), code('歌舞娱乐场所经营'), code('软件开发')] });
    expect(g.items.map((i) => i.code)).toEqual(['business_licence', 'food_business', 'entertainment_venue', 'fire_safety_check']);
    expect(g.items.find((i) => i.code === 'food_business')!.reasons[0].text).toBe('因经营范围含「餐饮服务」（许可项目），需办理食品经营许可（市场监督管理局，《中华人民共和国食品安全法》第三十五条）');
    expect(g.items.find((i) => i.code === 'fire_safety_check')!.reasons).toContainEqual(expect.objectContaining({ kind: 'prerequisite', from: 'entertainment_venue' }));
    expect(g.problems).toEqual([]);
    expect(g.scopeText).toBe('许可项目：餐饮服务；歌舞娱乐场所经营。一般项目：软件开发');
    expect(g.totals).toMatchObject({ items: 4, departments: 3 });
  });

  it('lets the applicant add and remove freely, and flags what follows', () => {
    const g = suggestLicences(cat, { scopeCodes: [code('歌舞娱乐场所经营')], remove: ['fire_safety_check', 'entertainment_venue'], add: ['shop_sign_filing'] });
    expect(g.items.map((i) => i.code)).toEqual(['business_licence', 'shop_sign_filing']);
    expect(g.items[1].reasons[0].kind).toBe('applicant');
    expect(g.problems.map((p) => p.rule)).toEqual(['scope.licence_missing']);
    const h = suggestLicences(cat, { scopeCodes: [code('歌舞娱乐场所经营')], remove: ['fire_safety_check'] });
    expect(h.problems).toEqual([expect.objectContaining({ rule: 'prerequisite.missing', item: 'entertainment_venue', missing: 'fire_safety_check' })]);
  });

  it('refuses unknown entries and items, naming the field', () => {
    try {
      suggestLicences(cat, { scopeCodes: ['Z999'], add: ['nothing_here'] });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).details).toEqual({ errors: [expect.objectContaining({ field: 'body.scopeCodes.0', rule: 'known' }), expect.objectContaining({ field: 'body.add.0', rule: 'known' })] });
    }
  });

  it('shows which facts the mirror already supplies', () => {
    const g = suggestLicences(cat, { scopeCodes: [code('人力资源服务（不含职业中介活动、劳务派遣服务）')] });
    const filing = g.items.find((i) => i.code === 'hr_service_filing')!;
    expect(filing.mirrorFacts).toEqual(expect.arrayContaining(['name', 'address', 'legal_rep_name']));
    expect(filing.factsToProvide).toEqual(['business_items']);
    expect(g.items.find((i) => i.code === 'business_licence')!.zeroMaterials).toBe(false);
    expect(cat.items.filter((i) => describeZero(i.code)).length).toBeGreaterThan(5);
  });
});

function describeZero(c: string): boolean {
  const item = cat.byCode.get(c)!;
  return item.documents.length === 0 && item.facts.every((k) => cat.fact(k)?.mirror);
}
