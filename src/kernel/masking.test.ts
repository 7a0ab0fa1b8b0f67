import { describe, expect, it } from 'vitest';
import {
  PERSONAL_FIELD_KINDS,
  PURPOSE_GRANTS,
  maskAddress,
  maskBankCard,
  maskFields,
  maskIdNumber,
  maskName,
  maskPersonal,
  maskPhone,
  maskingPolicyFor,
} from './masking.ts';
import { ROLES } from './roles.ts';

describe('masking patterns', () => {
  it('keeps the surname of a name, compound surnames included', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳修')).toBe('欧阳*');
    expect(maskName('欧阳')).toBe('欧*');
    expect(maskName('阿依古丽·买买提')).toBe('阿***·***');
    expect(maskName('王')).toBe('*');
  });

  it('keeps the division and last 4 of an ID number, never the birth date', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('110105491231002')).toBe('110105******002');
    expect(maskIdNumber('11010519491231002X')).not.toContain('19491231');
  });

  it('masks phones: mobiles 3+4, landlines keep the area code and last 4', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
    expect(maskPhone('+86 13812345678')).toBe('+86 138****5678');
    expect(maskPhone('0571-88881234')).toBe('0571-****1234');
  });

  it('keeps the last 4 digits of a bank card and its separators', () => {
    expect(maskBankCard('6222021234567890')).toBe('************7890');
    expect(maskBankCard('6222 0212 3456 7890')).toBe('**** **** **** 7890');
  });

  it('keeps an address down to its township or street', () => {
    expect(maskAddress('浙江省杭州市西湖区文新街道文三路123号3幢501室')).toBe('浙江省杭州市西湖区文新街道****');
    expect(maskAddress('杭州市萧山区瓜沥镇航坞路8号')).toBe('杭州市萧山区瓜沥镇****');
    expect(maskAddress('浙江省温州市乐清市柳市镇长虹村')).toBe('浙江省温州市乐清市柳市镇****');
    // A road named 镇海… is not a town; the address stops at the district.
    expect(maskAddress('杭州市西湖区文三路镇海大厦5楼')).toBe('杭州市西湖区****');
    expect(maskAddress('宁波市鄞州区首南街道')).toBe('宁波市鄞州区首南街道');
    // Without a recognisable division, only the first three characters remain.
    expect(maskAddress('某某小区3幢501')).toBe('某某小****');
  });

  it('maskPersonal leaves the value alone when clear', () => {
    expect(maskPersonal('13812345678', 'phone', { clear: true })).toBe('13812345678');
    expect(maskPersonal('13812345678', 'phone', { clear: false })).toBe('138****5678');
  });
});

describe('masking policy', () => {
  it('shows judges, court clerks and platform admins everything, audited', () => {
    for (const role of ['judge', 'court_clerk', 'platform_admin'] as const) {
      const p = maskingPolicyFor(role);
      expect(PERSONAL_FIELD_KINDS.every((k) => p.clear[k])).toBe(true);
      expect(p.audit).toBe(true);
    }
  });

  it('masks everything for officials and department officers without a purpose', () => {
    for (const role of ['official', 'department_officer'] as const) {
      const p = maskingPolicyFor(role);
      expect(PERSONAL_FIELD_KINDS.some((k) => p.clear[k])).toBe(false);
      expect(p.audit).toBe(false);
      expect(p.reason).toBe('masked by default');
    }
  });

  it('widens by a declared purpose only for the roles it is granted to', () => {
    const p = maskingPolicyFor('official', 'payout.disbursement');
    expect(p.clear).toEqual({ name: true, idNumber: false, phone: false, bankCard: true, address: false });
    expect(p.audit).toBe(true);
    expect(p.reason).toBe('purpose payout.disbursement');
    expect(maskingPolicyFor('creditor', 'payout.disbursement').audit).toBe(false);
    expect(maskingPolicyFor('official', 'no.such.purpose').audit).toBe(false);
  });

  it('shows an enterprise its own record in clear, and others masked', () => {
    expect(maskingPolicyFor('enterprise', undefined, { ownRecord: true }).clear.idNumber).toBe(true);
    expect(maskingPolicyFor('enterprise').clear.idNumber).toBe(false);
    // Ownership does not widen an official's view.
    expect(maskingPolicyFor('official', undefined, { ownRecord: true }).clear.idNumber).toBe(false);
  });

  it('grants purposes only to known roles and kinds', () => {
    for (const grant of Object.values(PURPOSE_GRANTS)) {
      for (const r of grant.roles) expect(ROLES).toContain(r);
      for (const k of grant.clear) expect(PERSONAL_FIELD_KINDS).toContain(k);
    }
  });

  it('maskFields masks only the named fields the policy hides', () => {
    const record = { uscc: '91330000727215176K', legalPerson: '张三丰', phone: '13812345678', card: null as string | null };
    const masked = maskFields(record, { legalPerson: 'name', phone: 'phone', card: 'bankCard' }, maskingPolicyFor('official', 'enterprise.contact'));
    expect(masked).toEqual({ uscc: '91330000727215176K', legalPerson: '张三丰', phone: '13812345678', card: null });
    const hidden = maskFields(record, { legalPerson: 'name', phone: 'phone' }, maskingPolicyFor('official'));
    expect(hidden).toEqual({ uscc: '91330000727215176K', legalPerson: '张**', phone: '138****5678', card: null });
    expect(record.legalPerson).toBe('张三丰');
  });
});
