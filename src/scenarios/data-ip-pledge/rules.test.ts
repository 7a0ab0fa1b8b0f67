import { describe, expect, it } from 'vitest';
import { checkConsents } from './consent-rule.ts';
import { assessQuality } from './quality-rule.ts';
import { isLuhnValid, scanSample } from './sensitive-scan.ts';

describe('sensitive-data scan', () => {
  it('checks bank card numbers with Luhn', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('79927398713')).toBe(true);
  });
  it('takes only valid identity numbers, and not order numbers, amounts or dates', () => {
    const findings = scanSample({
      columns: ['id', 'amount', 'when', 'ref'],
      rows: [
        ['110105194912310021', '12345678901234567', '2026-01-02', '11010519491231002X'],
        ['O-20260101-0001', '4111111111111112', '20260101', 'tel 0571-88886666'],
      ],
    }, '2026-06-01');
    // 110105194912310021 has a wrong check digit (X is right); 4111…2 fails Luhn; a landline is not a mobile.
    expect(findings.map((f) => [f.row, f.column, f.kind])).toEqual([[1, 'ref', 'id_number']]);
  });
  it('finds a name and an address in the same row, not a company and a city', () => {
    const sample = { columns: ['客户', '送货地址'], rows: [['王小明', '杭州市西湖区文一西路 88 号 3 幢'], ['杭州某某科技有限公司', '杭州']] };
    expect(scanSample(sample).map((f) => [f.row, f.kind])).toEqual([[1, 'name_with_address']]);
  });
});

describe('quality and consent rules', () => {
  it('reports missing declared columns and passes a clean sample', () => {
    const sample = { columns: ['a', 'b'], rows: [['1', 'x'], ['2', 'y']] };
    expect(assessQuality(sample, [{ name: 'a', type: 'integer', required: true }, { name: 'b', type: 'string', required: true }]).passed).toBe(true);
    const missing = assessQuality(sample, [{ name: 'a', type: 'integer', required: true }, { name: 'c', type: 'date', required: true }]);
    expect(missing).toMatchObject({ passed: false, missingColumns: ['c'], extraColumns: ['b'], completeness: 0.5 });
  });
  it('needs one consent per declared class, dated no later than today', () => {
    const errors = checkConsents(['customers', 'drivers'], [
      { subjectClass: 'customers', basis: 'consent', scope: 'analytics', date: '2026-07-01' },
      { subjectClass: 'visitors', basis: 'consent', scope: 'x', date: '2026-01-01' },
    ], '2026-06-01');
    expect(errors.map((e) => e.rule)).toEqual(['consent.missing', 'consent.future', 'consent.unknownClass']);
  });
});
