import { validateIdNumber } from '../../kernel/id-number.ts';
import { maskAddress, maskBankCard, maskIdNumber, maskName, maskPhone } from '../../kernel/masking.ts';
import type { DataSample, SensitiveFinding } from './pledge.types.ts';

/** Luhn (ISO/IEC 7812-1 Annex B) check of a digit string: the test of a bank card number. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Mainland mobile numbers: 1, then 3–9, then 9 digits (MIIT numbering plan), optionally +86.
const MOBILE = /(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9]{9})(?![0-9])/g;
const ID_CANDIDATE = /(?<![0-9])([0-9]{17}[0-9Xx])(?![0-9A-Za-z])/g;
// 16–19 digits, possibly grouped by spaces or dashes in fours.
const CARD_CANDIDATE = /(?<![0-9])([0-9]{4}(?:[ -]?[0-9]{4}){2}[ -]?[0-9]{4,7})(?![0-9])/g;
// An address: a place unit followed, later, by a street or house-number unit.
const ADDRESS = /[\u4e00-\u9fa5]{1,12}(?:省|市|区|县|镇|乡|街道)[\u4e00-\u9fa5A-Za-z0-9]*?(?:路|街|巷|弄|道|村|小区|大厦)[\u4e00-\u9fa5A-Za-z0-9\s-]*?[0-9]+\s*(?:号|幢|栋|室|弄)/;
const NAME_HEADER = /姓名|名字|联系人|收货人|户主|^name$|full.?name|contact/i;
const ADDRESS_HEADER = /地址|住址|address/i;
// The 100 most frequent surnames cover about 85 % of the population (Ministry of Public Security, 2020).
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const PERSON_NAME = new RegExp(`^(?:欧阳|司马|上官|诸葛|[${SURNAMES}])[\\u4e00-\\u9fa5]{1,2}$`);

function isAddressCell(value: string, header: string): boolean {
  return ADDRESS.test(value) || (ADDRESS_HEADER.test(header) && /[0-9]+\s*(?:号|室)/.test(value));
}

function isNameCell(value: string, header: string): boolean {
  const v = value.trim();
  return PERSON_NAME.test(v) || (NAME_HEADER.test(header) && /^[\u4e00-\u9fa5·]{2,5}$/.test(v));
}

/**
 * Scans sample rows for personal data that must not be registered as a data asset: resident
 * identity numbers (GB 11643, check digit verified), mobile numbers, bank card numbers (Luhn),
 * and names that stand in the same row as a street address. Each finding names the row
 * (1-based, data rows) and the column.
 */
export function scanSample(sample: DataSample, today?: string): SensitiveFinding[] {
  const findings: SensitiveFinding[] = [];
  sample.rows.forEach((cells, r) => {
    let nameAt: { column: string; value: string } | undefined;
    let addressAt: { column: string; value: string } | undefined;
    cells.forEach((raw, c) => {
      const value = String(raw ?? '');
      const column = sample.columns[c] ?? `#${c + 1}`;
      const ids = new Set<string>();
      for (const m of value.matchAll(ID_CANDIDATE)) {
        if (validateIdNumber(m[1], today).ok) {
          ids.add(m[1]);
          findings.push({ row: r + 1, column, kind: 'id_number', excerpt: maskIdNumber(m[1].toUpperCase()) });
        }
      }
      for (const m of value.matchAll(CARD_CANDIDATE)) {
        const digits = m[1].replace(/[ -]/g, '');
        if (digits.length >= 16 && digits.length <= 19 && !ids.has(digits) && isLuhnValid(digits)) {
          findings.push({ row: r + 1, column, kind: 'bank_card', excerpt: maskBankCard(digits) });
        }
      }
      for (const m of value.matchAll(MOBILE)) findings.push({ row: r + 1, column, kind: 'mobile', excerpt: maskPhone(m[1]) });
      if (!nameAt && isNameCell(value, column)) nameAt = { column, value: value.trim() };
      if (!addressAt && isAddressCell(value, column)) addressAt = { column, value };
    });
    if (nameAt && addressAt && nameAt.column !== addressAt.column) {
      findings.push({ row: r + 1, column: `${nameAt.column} + ${addressAt.column}`, kind: 'name_with_address', excerpt: `${maskName(nameAt.value)} · ${maskAddress(addressAt.value)}` });
    }
  });
  return findings;
}
