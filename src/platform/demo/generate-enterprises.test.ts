import { beforeAll, describe, expect, it } from 'vitest';
import { getDivision } from '../../kernel/divisions.ts';
import { validateIdNumber } from '../../kernel/id-number.ts';
import { isIndustryCode } from '../../kernel/industry.ts';
import { validateUscc } from '../../kernel/uscc.ts';
import type { EnterpriseRecord } from '../registry/enterprise.types.ts';
import { createEnterpriseFactory, DEMO_CITY_CODE, generateEnterprises } from './generate-enterprises.ts';
import { classifySize } from '../../kernel/size-class.ts';

const XIHU = '330106';
const XIAOSHAN = '330109';
const PATENT_DISTRICTS = ['330108', '330106', '330114']; // 滨江, 西湖, 钱塘

let sample: EnterpriseRecord[];
beforeAll(() => {
  sample = [...generateEnterprises({ count: 20_000, seed: 1 })];
});

const patentsOf = (e: EnterpriseRecord) => e.patentsInvention + e.patentsUtility + e.patentsDesign;

describe('generateEnterprises', () => {
  it('is deterministic: same seed, same firms; another seed, other firms', () => {
    const again = [...generateEnterprises({ count: 300, seed: 1 })];
    expect(again).toEqual(sample.slice(0, 300));
    const other = [...generateEnterprises({ count: 300, seed: 2 })];
    expect(other.filter((e, i) => e.uscc === again[i].uscc).length).toBeLessThan(5);
  });

  it('makes firm i the same whether streamed from 1 or started at i', () => {
    const tail = [...generateEnterprises({ count: 10, seed: 1, start: 501 })];
    expect(tail).toEqual(sample.slice(500, 510));
    expect(createEnterpriseFactory(1)(777)).toEqual(sample[776]);
  });

  // Checks collect offenders and assert once: 20,000 separate expect() calls would take seconds.
  it('gives every firm a valid USCC of its district, by a market regulator, type 1 or 2', () => {
    const bad = sample.filter((e) => !validateUscc(e.uscc).ok || !['91', '92'].includes(e.uscc.slice(0, 2)) || e.uscc.slice(2, 8) !== e.districtCode);
    expect(bad.map((e) => e.uscc)).toEqual([]);
  });

  it('places firms in real Hangzhou streets and real industries, with a consistent size class', () => {
    const bad = sample.filter((e) => {
      const town = getDivision(e.townCode);
      return (
        getDivision(e.districtCode)?.parentCode !== DEMO_CITY_CODE ||
        town?.parentCode !== e.districtCode ||
        !e.address.includes(town.name) ||
        !isIndustryCode(e.industryCode) ||
        e.sizeClass !== classifySize(e.industryCode, { employees: e.employees, revenueFen: e.revenueFen, assetsFen: e.registeredCapitalFen }) ||
        !(e.registeredAt >= '1995-01-01' && e.registeredAt <= '2025-12-31') ||
        !Number.isInteger(e.revenueFen) ||
        !Number.isInteger(e.registeredCapitalFen) ||
        !/^1[3-9]\d{9}$/.test(e.legalRepPhone)
      );
    });
    expect(bad).toEqual([]);
  });

  it('gives legal representatives valid Zhejiang identity numbers, born 1950–2000', () => {
    const bad = sample.filter((e) => {
      const check = validateIdNumber(e.legalRepIdNumber, '2026-01-01');
      return (
        !check.ok ||
        check.value.division.slice(0, 2) !== '33' ||
        check.value.birthDate < '1950-01-01' ||
        check.value.birthDate > '2000-12-31' ||
        !/^\p{Script=Han}{2,3}$/u.test(e.legalRepName)
      );
    });
    expect(bad.map((e) => `${e.legalRepName} ${e.legalRepIdNumber}`)).toEqual([]);
  });

  it('has about 90% small and micro firms', () => {
    const share = sample.filter((e) => e.sizeClass === 'small' || e.sizeClass === 'micro').length / sample.length;
    expect(share).toBeGreaterThan(0.87);
    expect(share).toBeLessThan(0.93);
    expect(sample.some((e) => e.sizeClass === 'large')).toBe(true);
  });

  it('puts manufacturing in the outer districts and trade and services in 西湖区', () => {
    const share = (district: string, test: (e: EnterpriseRecord) => boolean) => {
      const firms = sample.filter((e) => e.districtCode === district);
      return firms.filter(test).length / firms.length;
    };
    const manufacturing = (e: EnterpriseRecord) => e.industryCode[0] === 'C';
    expect(share(XIAOSHAN, manufacturing)).toBeGreaterThan(3 * share(XIHU, manufacturing));
    expect(share(XIHU, (e) => 'FLI'.includes(e.industryCode[0]))).toBeGreaterThan(0.6);
    for (const county of ['330122', '330127', '330182']) expect(share(county, manufacturing)).toBeGreaterThan(0.1);
  });

  it('concentrates patents in 滨江, 西湖 and 钱塘, and most firms hold none', () => {
    const holders = sample.filter((e) => patentsOf(e) > 0);
    expect(holders.length / sample.length).toBeLessThan(0.2);
    const rate = (inside: boolean) => {
      const firms = sample.filter((e) => PATENT_DISTRICTS.includes(e.districtCode) === inside);
      return firms.filter((e) => patentsOf(e) > 0).length / firms.length;
    };
    expect(rate(true)).toBeGreaterThan(2 * rate(false));
  });

  it('registers most firms recently', () => {
    const recent = sample.filter((e) => e.registeredAt >= '2015-01-01').length / sample.length;
    expect(recent).toBeGreaterThan(0.5);
    expect(sample.some((e) => e.registeredAt < '2000-01-01')).toBe(true);
  });

  it('keeps most firms active, a few abnormal', () => {
    const count = (s: string) => sample.filter((e) => e.status === s).length / sample.length;
    expect(count('active')).toBeGreaterThan(0.9);
    expect(count('abnormal')).toBeGreaterThan(0.01);
  });

  it('never repeats a USCC or a name in 100,000 firms', () => {
    const usccs = new Set<string>();
    const names = new Set<string>();
    let n = 0;
    for (const e of generateEnterprises({ count: 100_000, seed: 7 })) {
      usccs.add(e.uscc);
      names.add(e.name);
      n++;
    }
    expect(usccs.size).toBe(n);
    expect(names.size).toBe(n);
  });
});
