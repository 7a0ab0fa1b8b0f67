import { describe, expect, it } from 'vitest';
import { parseName } from './name-check.ts';

const rules = (name: string, options = {}) => parseName(name, options).problems.map((p) => p.rule);

describe('name check: the text of a name', () => {
  it('splits a well-formed name into division, trade name, industry and form', () => {
    expect(parseName('杭州西子网络科技有限公司', { legalForm: 'llc', districtCode: '330106' })).toMatchObject({
      parts: { division: '杭州', tradeName: '西子', industry: '网络科技', form: '有限公司' }, problems: [],
    });
    expect(parseName('西子(杭州)餐饮管理有限公司').parts).toEqual({ division: '杭州', tradeName: '西子', industry: '餐饮管理', form: '有限公司' });
    expect(parseName('杭州市西湖区湖畔小馆餐饮店', { legalForm: 'individual' }).parts).toMatchObject({ division: '杭州市西湖区', tradeName: '湖畔小馆', industry: '餐饮' });
    expect(rules('杭州远航国际物流有限公司')).toEqual([]);
  });

  it('names the structural rule a malformed name breaks', () => {
    expect(rules('西子网络科技有限公司')).toEqual(['name.structure.division']);
    expect(rules('杭州西子网络科技')).toContain('name.structure.form');
    expect(rules('杭州西子有限公司')).toContain('name.structure.industry');
    expect(rules('杭州西科技有限公司')).toContain('name.structure.trade_name');
    expect(rules('杭州西湖网络科技有限公司')).toEqual(['name.trade_name.division']);
    expect(rules('杭州ABC网络科技有限公司')).toContain('name.characters');
    expect(rules('杭州西子网络科技有限公司', { legalForm: 'partnership' })).toContain('name.structure.form');
    expect(rules('宁波西子网络科技有限公司', { districtCode: '330106' })).toEqual(['name.structure.division_mismatch']);
  });

  it('refuses prohibited words, naming the rule and the words', () => {
    expect(rules('中国西子网络科技有限公司')).toContain('name.word.approval');
    expect(rules('杭州国际西子科技有限公司')).toContain('name.word.international');
    expect(rules('杭州公安之星科技有限公司')).toEqual(['name.word.organ']);
    expect(rules('杭州博彩天下科技有限公司')).toEqual(['name.word.obscene']);
    expect(rules('杭州特供好酒酒业有限公司')).toEqual(['name.word.misleading']);
    expect(rules('杭州西子金融科技有限公司')).toEqual(['name.word.financial']);
    const problem = parseName('杭州纳粹之光文化传媒有限公司').problems.find((p) => p.rule === 'name.word.morals')!;
    expect(problem).toMatchObject({ words: ['纳粹'], basis: '《企业名称登记管理规定》第十一条第（七）项' });
  });
});
