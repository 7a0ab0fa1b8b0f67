import { describe, expect, it } from 'vitest';
import { classifySize, sizeRowOf } from './size-class.ts';

const WAN = 1_000_000; // fen in 10,000 yuan
const firm = (employees: number, revenueWan: number, assetsWan = 0) => ({ employees, revenueFen: revenueWan * WAN, assetsFen: assetsWan * WAN });

describe('MIIT 2011 size classes (工信部联企业〔2011〕300号)', () => {
  it('maps industry codes to the rule’s rows', () => {
    expect(sizeRowOf('C39')).toBe('industry');
    expect(sizeRowOf('B10')).toBe('industry');
    expect(sizeRowOf('D44')).toBe('industry');
    expect(sizeRowOf('E50')).toBe('construction');
    expect(sizeRowOf('F51')).toBe('wholesale');
    expect(sizeRowOf('F52')).toBe('retail');
    expect(sizeRowOf('G54')).toBe('transport');
    expect(sizeRowOf('G59')).toBe('warehousing');
    expect(sizeRowOf('G60')).toBe('postal');
    expect(sizeRowOf('H61')).toBe('accommodation');
    expect(sizeRowOf('H62')).toBe('catering');
    expect(sizeRowOf('I64')).toBe('telecom');
    expect(sizeRowOf('I65')).toBe('software');
    expect(sizeRowOf('K70')).toBe('realEstate');
    expect(sizeRowOf('L72')).toBe('leasingBusiness');
    expect(sizeRowOf('M74')).toBe('other');
    expect(sizeRowOf('A01')).toBe('agriculture');
  });

  it('applies the industry thresholds: every indicator of a class must be met', () => {
    expect(classifySize('C34', firm(1000, 40000))).toBe('large');
    expect(classifySize('C34', firm(999, 40000))).toBe('medium');
    expect(classifySize('C34', firm(1000, 39999))).toBe('medium');
    expect(classifySize('C34', firm(300, 2000))).toBe('medium');
    expect(classifySize('C34', firm(300, 1999))).toBe('small');
    expect(classifySize('C34', firm(20, 300))).toBe('small');
    expect(classifySize('C34', firm(19, 5000))).toBe('micro');
    expect(classifySize('C34', firm(500, 299))).toBe('micro');
  });

  it('uses each row’s own indicators', () => {
    expect(classifySize('F51', firm(5, 1000))).toBe('small');
    expect(classifySize('F51', firm(4, 1000))).toBe('micro');
    expect(classifySize('F52', firm(50, 500))).toBe('medium');
    expect(classifySize('I65', firm(10, 50))).toBe('small');
    expect(classifySize('I65', firm(300, 10000))).toBe('large');
    expect(classifySize('E47', firm(1, 6000, 5000))).toBe('medium');
    expect(classifySize('E47', firm(1, 6000, 4999))).toBe('small');
    expect(classifySize('L72', firm(100, 0, 8000))).toBe('medium');
    expect(classifySize('L72', firm(100, 1_000_000, 99))).toBe('micro');
    expect(classifySize('K70', firm(1, 100, 2000))).toBe('small');
    expect(classifySize('A01', firm(1, 500))).toBe('medium');
    expect(classifySize('M74', firm(100, 0))).toBe('medium');
    expect(classifySize('M74', firm(9, 1_000_000))).toBe('micro');
  });
});
