import { computeIdCheckDigit } from '../../kernel/id-number.ts';
import type { EntryInput } from './entry.types.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '晓峰', '海燕', '建华'];

function idNumber(i: number, offset: number): string {
  const year = 1965 + ((i * 7 + offset) % 35);
  const month = String(1 + ((i + offset) % 12)).padStart(2, '0');
  const day = String(1 + ((i * 3 + offset) % 28)).padStart(2, '0');
  const first17 = `330106${year}${month}${day}${String(100 + ((i * 13 + offset) % 899)).padStart(3, '0')}`;
  return first17 + computeIdCheckDigit(first17);
}

/** A demo entry application: one shareholder who is the legal representative, a supervisor, the address and the chosen items. */
export function buildEntryInputFor(name: string, districtCode: string, townCode: string, scopeCodes: string[], items: string[], i: number): EntryInput {
  const rep = { name: SURNAMES[i % SURNAMES.length] + GIVEN[i % GIVEN.length], idNumber: idNumber(i, 0), phone: `138${String(10_000_000 + i * 7919).slice(-8)}` };
  const capital = [100_000, 500_000, 1_000_000, 3_000_000][i % 4];
  return {
    name, legalForm: 'llc', registeredCapitalYuan: capital, address: { districtCode, townCode, detail: `${['文三路', '学院路', '江南大道', '莫干山路', '天目山路'][i % 5]}${10 + (i % 190)}号` },
    scopeCodes, items, shareholders: [{ ...rep, subscribedYuan: capital }],
    officers: [{ ...rep, position: 'legal_rep' }, { name: SURNAMES[(i + 7) % SURNAMES.length] + GIVEN[(i + 3) % GIVEN.length], idNumber: idNumber(i, 5), position: 'supervisor' }],
    commitment: true,
  };
}
