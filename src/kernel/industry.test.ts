import { describe, expect, it } from 'vitest';
import {
  divisionsOfSection,
  getIndustryDivision,
  getIndustrySection,
  industryDivisions,
  industrySections,
  isIndustryCode,
} from './industry.ts';

// GB/T 4754-2017: which divisions each section spans.
const SPANS: Record<string, [number, number]> = {
  A: [1, 5], B: [6, 12], C: [13, 43], D: [44, 46], E: [47, 50], F: [51, 52], G: [53, 60],
  H: [61, 62], I: [63, 65], J: [66, 69], K: [70, 70], L: [71, 72], M: [73, 75], N: [76, 79],
  O: [80, 82], P: [83, 83], Q: [84, 85], R: [86, 90], S: [91, 96], T: [97, 97],
};

describe('GB/T 4754-2017 industry classification', () => {
  it('has 20 sections A–T and 97 divisions 01–97, each once', () => {
    expect(industrySections().map((s) => s.letter).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    const divisions = industryDivisions();
    expect(divisions).toHaveLength(97);
    expect(divisions.map((d) => Number(d.division))).toEqual(Array.from({ length: 97 }, (_, i) => i + 1));
  });

  it('puts every division in its section', () => {
    for (const d of industryDivisions()) {
      const [from, to] = SPANS[d.section];
      expect(Number(d.division), d.code).toBeGreaterThanOrEqual(from);
      expect(Number(d.division), d.code).toBeLessThanOrEqual(to);
    }
    for (const [letter, [from, to]] of Object.entries(SPANS)) {
      expect(divisionsOfSection(letter), letter).toHaveLength(to - from + 1);
    }
  });

  it('names sections and divisions in Chinese and English', () => {
    expect(getIndustrySection('C')?.name).toBe('制造业');
    expect(getIndustryDivision('C39')?.name).toBe('计算机、通信和其他电子设备制造业');
    expect(getIndustryDivision('F51')?.name).toBe('批发业');
    expect(getIndustryDivision('I65')?.name).toBe('软件和信息技术服务业');
    expect(getIndustryDivision('L72')?.nameEn).toBe('Business services');
    for (const d of industryDivisions()) expect(d.name && d.nameEn, d.code).toBeTruthy();
  });

  it('accepts only a letter with its own division', () => {
    expect(isIndustryCode('C39')).toBe(true);
    expect(isIndustryCode('K70')).toBe(true);
    expect(isIndustryCode('F39')).toBe(false);
    expect(isIndustryCode('C3')).toBe(false);
    expect(isIndustryCode('39')).toBe(false);
    expect(isIndustryCode('c39')).toBe(false);
    expect(getIndustryDivision('Z99')).toBeUndefined();
    expect(divisionsOfSection('Z')).toEqual([]);
  });
});
