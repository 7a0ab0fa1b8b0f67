import { describe, expect, it } from 'vitest';
import { isRole } from '../../kernel/roles.ts';
import { DEMO_ACCOUNTS, demoOrgTree, matchesEnterpriseRef } from './demo-city.ts';

describe('demo city spec', () => {
  const tree = demoOrgTree();
  const byCode = new Map(tree.map((o) => [o.code, o]));

  it('has unique codes, and every parent comes before its children', () => {
    expect(byCode.size).toBe(tree.length);
    const seen = new Set<string>();
    for (const org of tree) {
      if (org.parentCode !== null) expect(seen.has(org.parentCode), `${org.code} before its parent ${org.parentCode}`).toBe(true);
      seen.add(org.code);
    }
  });

  it('nests province → city → districts → towns by division code', () => {
    expect(tree.filter((o) => o.kind === 'province').map((o) => o.code)).toEqual(['330000']);
    expect(byCode.get('330100')).toMatchObject({ kind: 'city', parentCode: '330000' });
    const districts = tree.filter((o) => o.kind === 'district');
    expect(districts.map((d) => d.name)).toEqual(['上城区', '拱墅区', '西湖区', '滨江区', '萧山区', '余杭区', '富阳区', '临安区', '临平区', '钱塘区', '桐庐县', '淳安县', '建德市']);
    for (const town of tree.filter((o) => o.kind === 'town')) expect(town.parentCode).toBe(town.code.slice(0, 6));
    expect(byCode.get('330106')?.nameEn).toBe('Xihu District');
    expect(byCode.get('330182')?.nameEn).toBe('Jiande City');
  });

  it('gives the city and every district its departments and a court', () => {
    for (const level of ['330100', ...tree.filter((o) => o.kind === 'district').map((d) => d.code)]) {
      const departments = tree.filter((o) => o.kind === 'department' && o.parentCode === level);
      expect(departments.length, level).toBeGreaterThanOrEqual(12);
      for (const d of departments) expect(d.divisionCode).toBe(level);
      expect(byCode.get(`${level}-court`)?.kind).toBe('court');
    }
    expect(byCode.get('330106-police')?.name).toBe('杭州市公安局西湖区分局');
    expect(byCode.get('330122-police')?.name).toBe('桐庐县公安局');
    expect(byCode.get('330106-eco')?.name).toBe('杭州市生态环境局西湖分局');
    expect(byCode.get('330106-amr')?.name).toBe('西湖区市场监督管理局');
    expect(byCode.get('330106-court')?.name).toBe('杭州市西湖区人民法院');
  });

  it('names an existing org and a valid role for every account', () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.username)).size).toBe(DEMO_ACCOUNTS.length);
    for (const account of DEMO_ACCOUNTS) {
      expect(isRole(account.role)).toBe(true);
      if ('code' in account.org) expect(byCode.has(account.org.code), account.username).toBe(true);
    }
    for (const name of ['enterprise', 'agent', 'official', 'xihu-official', 'binjiang-official', 'tax-officer', 'judge', 'court-clerk', 'administrator', 'creditor', 'bank', 'notary', 'admin'])
      expect(DEMO_ACCOUNTS.some((a) => a.username === name), name).toBe(true);
  });

  it('matches enterprise references by district, industry and entity type', () => {
    const ref = { districtCode: '330106', industryPrefix: 'L72', company: true };
    expect(matchesEnterpriseRef(ref, { districtCode: '330106', industryCode: 'L72', uscc: '91330106MA00000000' })).toBe(true);
    expect(matchesEnterpriseRef(ref, { districtCode: '330106', industryCode: 'L72', uscc: '92330106MA00000000' })).toBe(false);
    expect(matchesEnterpriseRef(ref, { districtCode: '330108', industryCode: 'L72', uscc: '91330108MA00000000' })).toBe(false);
    expect(matchesEnterpriseRef(ref, { districtCode: '330106', industryCode: 'L71', uscc: '91330106MA00000000' })).toBe(false);
  });
});
