import { computeIdCheckDigit } from '../../kernel/id-number.ts';
import { buildUscc } from '../../kernel/uscc.ts';
import type { EnterpriseRecord } from '../registry/enterprise.types.ts';

let sequence = 0;

/** A valid organisation code body (8 characters) from a number, unique per number. */
function orgCode8(n: number): string {
  return `T${String(n).padStart(7, '0')}`;
}

/**
 * An enterprise for tests: valid USCC of its district, valid ID number, sensible defaults;
 * pass only what the test is about: `buildEnterprise({ districtCode: '330108', industryCode: 'I65' })`.
 */
export function buildEnterprise(overrides: Partial<EnterpriseRecord> = {}): EnterpriseRecord {
  const n = ++sequence;
  const districtCode = overrides.districtCode ?? overrides.townCode?.slice(0, 6) ?? '330106';
  const id17 = `${districtCode}19800101${String(n % 1000).padStart(3, '0')}`;
  const code8 = orgCode8(n);
  return {
    uscc: buildUscc({ authority: '9', entityType: '1', division: districtCode, organisationCode8: code8 }),
    name: `测试企业${n}有限公司`,
    districtCode,
    townCode: overrides.townCode ?? `${districtCode}001`,
    industryCode: 'F51',
    registeredAt: '2015-06-01',
    registeredCapitalFen: 1_000_000_00,
    employees: 12,
    revenueFen: 5_000_000_00,
    patentsInvention: 0,
    patentsUtility: 1,
    patentsDesign: 0,
    sizeClass: 'small',
    status: 'active',
    legalRepName: '张三',
    legalRepIdNumber: id17 + computeIdCheckDigit(id17),
    legalRepPhone: '13812345678',
    address: `浙江省杭州市测试路${n}号`,
    ...overrides,
  };
}
