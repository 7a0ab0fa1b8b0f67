import { describe, expect, it } from 'vitest';
import {
  DIVISION_SOURCE,
  allDivisions,
  ancestorsOf,
  childrenOf,
  divisionLevel,
  divisionPrefix,
  divisionsUnder,
  fullNameOf,
  getDivision,
  isWithin,
  normaliseDivisionCode,
} from './divisions.ts';
import { AppError } from './errors.ts';

describe('Zhejiang divisions (NBS 2023)', () => {
  it('names its source and year', () => {
    expect(DIVISION_SOURCE.year).toBe(2023);
    expect(String(DIVISION_SOURCE.source)).toContain('National Bureau of Statistics');
    expect(DIVISION_SOURCE.licence).toBeTruthy();
  });

  it('has 11 prefecture-level cities and 90 county-level divisions', () => {
    const cities = childrenOf('330000');
    expect(cities).toHaveLength(11);
    expect(cities.map((c) => c.nameEn)).toEqual([
      'Hangzhou', 'Ningbo', 'Wenzhou', 'Jiaxing', 'Huzhou', 'Shaoxing', 'Jinhua', 'Quzhou', 'Zhoushan', 'Taizhou', 'Lishui',
    ]);
    expect(divisionsUnder('33', 'county')).toHaveLength(90);
  });

  it('gives Hangzhou its 13 county-level units', () => {
    const units = childrenOf('330100');
    expect(units).toHaveLength(13);
    expect(units.map((u) => u.name)).toEqual([
      '上城区', '拱墅区', '西湖区', '滨江区', '萧山区', '余杭区', '富阳区', '临安区', '临平区', '钱塘区', '桐庐县', '淳安县', '建德市',
    ]);
    expect(units.every((u) => u.nameEn && u.level === 'county' && u.parentCode === '330100')).toBe(true);
  });

  it('knows streets and towns', () => {
    expect(getDivision('330106013')).toMatchObject({ name: '文新街道', level: 'town', parentCode: '330106' });
    expect(getDivision('330106109')).toMatchObject({ name: '三墩镇' });
    expect(childrenOf('330106').map((s) => s.name)).toContain('西溪街道');
    expect(fullNameOf('330106002')).toBe('浙江省杭州市西湖区北山街道');
    expect(divisionsUnder('330106', 'town')).toHaveLength(12);
    expect(childrenOf('330106013')).toEqual([]);
    // Every county has townships, every township a county.
    for (const county of divisionsUnder('330000', 'county')) expect(childrenOf(county.code).length, county.name).toBeGreaterThan(0);
    expect(allDivisions().filter((d) => d.level === 'town').every((t) => getDivision(t.parentCode!)?.level === 'county')).toBe(true);
  });

  it('lists ancestors from the province down', () => {
    expect(ancestorsOf('330106013').map((d) => d.code)).toEqual(['330000', '330100', '330106']);
    expect(ancestorsOf('330000')).toEqual([]);
  });

  it('normalises 2-, 4-, 6-, 9- and 12-digit codes', () => {
    expect(normaliseDivisionCode('33')).toBe('330000');
    expect(normaliseDivisionCode('3301')).toBe('330100');
    expect(normaliseDivisionCode('330106')).toBe('330106');
    expect(normaliseDivisionCode('330106013')).toBe('330106013');
    expect(normaliseDivisionCode('330106013000')).toBe('330106013');
    expect(normaliseDivisionCode('330106000000')).toBe('330106');
    expect(getDivision('3301')?.name).toBe('杭州市');
    expect(() => normaliseDivisionCode('33010')).toThrow(AppError);
    expect(divisionLevel('330000')).toBe('province');
    expect(divisionLevel('3302')).toBe('city');
    expect(divisionLevel('330212')).toBe('county');
    expect(divisionLevel('330212001')).toBe('town');
    expect(['33', '330100', '330106', '330106013000'].map(divisionPrefix)).toEqual(['33', '3301', '330106', '330106013']);
  });

  it('answers isWithin inclusively, by code shape', () => {
    expect(isWithin('330106013', '330106')).toBe(true);
    expect(isWithin('330106013', '3301')).toBe(true);
    expect(isWithin('330106013', '33')).toBe(true);
    expect(isWithin('330106', '330106')).toBe(true);
    expect(isWithin('330106013', '330102')).toBe(false);
    expect(isWithin('330206', '330100')).toBe(false);
    expect(isWithin('330100', '330106')).toBe(false);
    expect(isWithin('310104', '330000')).toBe(false);
  });

  it('returns undefined for unknown codes and throws not_found where a division is required', () => {
    expect(getDivision('310104')).toBeUndefined();
    expect(() => childrenOf('310104')).toThrow(/No division/);
  });
});
