// The unified social credit code (统一社会信用代码), GB 32100-2015, and the legacy 15-digit market-entity
// registration number (工商注册号) that preceded it: the former SAIC's numbering rule (GS15-2006, as we
// recall its number) ends it with an ISO 7064 MOD 11,10 check digit.
import { AppError } from './errors.ts';
import { toFieldErrors, type CheckFailure, type ValidationResult } from './validation.ts';

export type { CheckFailure, ValidationResult } from './validation.ts';

/** A USCC split into its five parts (GB 32100-2015). */
export interface ParsedUscc {
  /** The 18-character code. */
  code: string;
  /** Position 1: registration authority code (登记管理部门代码). */
  authority: string;
  /** Name of the registration authority, in Chinese. */
  authorityName: string;
  /** Position 2: entity type code (机构类别代码), meaningful only together with the authority. */
  entityType: string;
  /** Name of the entity type, in Chinese. */
  entityTypeName: string;
  /** Positions 3–8: GB/T 2260 division code of the registering authority. */
  division: string;
  /** Positions 9–17: the GB 11714 organisation code (主体标识码), check digit included. */
  organisationCode: string;
  /** Position 18: the check character. */
  checkCharacter: string;
}

/** The 31 characters a USCC may use: digits and capitals without I, O, Z, S and V (GB 32100-2015). */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Registration authorities and their entity types.
 * GB 32100-2015's own table lists 1 机构编制, 5 民政, 9 工商 and Y 其他. The other authorities
 * (2 外交, 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会, A 军队, N 农业) were assigned afterwards
 * by the national coordinating body; their entity types here are as we know them from those
 * published assignments and from codes seen in use, not from the 2015 text — treat them as
 * best knowledge, and widen the table if real data shows a type we lack.
 */
export const USCC_AUTHORITIES: Record<string, { name: string; types: Record<string, string> }> = {
  '1': { name: '机构编制', types: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', types: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    types: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', types: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', types: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': { name: '旅游', types: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' } },
  '7': { name: '宗教', types: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', types: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', types: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', types: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', types: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', types: { '1': '其他' } },
};

// GB 11714-1997: organisation-code characters are digits (0–9) and capitals A–Z valued 10–35.
const ORG_CODE_VALUES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
// GB 32100-2015: the weight of position i (from 0) is 3^i mod 31.
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

const USCC_BODY = /^[0-9A-HJ-NPQRTUWXY]{17}$/;
const USCC_FULL = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The GB 11714 check digit of an 8-character organisation-code body (weights 3,7,9,10,5,8,4,2; mod 11). */
export function computeOrgCodeCheckDigit(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new AppError('validation.failed', `organisation code body must be 8 digits or capitals, got "${first8}"`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_CODE_VALUES.indexOf(first8[i]) * ORG_CODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The GB 32100-2015 check character of the first 17 characters of a USCC. */
export function computeUsccCheckCharacter(first17: string): string {
  if (!USCC_BODY.test(first17)) {
    throw new AppError('validation.failed', `USCC body must be 17 characters from the USCC charset, got "${first17}"`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]) * USCC_WEIGHTS[i];
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** Checks a USCC against every rule of GB 32100-2015 and reports each rule it breaks. */
export function validateUscc(input: string): ValidationResult<ParsedUscc> {
  const code = input.trim();
  const errors: CheckFailure[] = [];
  if (code.length !== 18) {
    errors.push({ check: 'uscc.length', message: `A USCC has 18 characters; found ${code.length}.` });
    return { ok: false, errors };
  }
  if (!USCC_FULL.test(code)) {
    const bad = [...code].map((ch, i) => ({ ch, i })).filter(({ ch }) => !USCC_CHARSET.includes(ch));
    const list = bad.map(({ ch, i }) => `"${ch}" at position ${i + 1}`).join(', ');
    errors.push({
      check: 'uscc.charset',
      message: `A USCC uses only digits and capital letters other than I, O, Z, S and V; found ${list}.`,
    });
    return { ok: false, errors };
  }
  const authority = USCC_AUTHORITIES[code[0]];
  if (!authority) {
    errors.push({ check: 'uscc.authority', message: `Position 1 "${code[0]}" is not a known registration authority code.` });
  } else if (!authority.types[code[1]]) {
    const allowed = Object.keys(authority.types).join(', ');
    errors.push({
      check: 'uscc.entityType',
      message: `Position 2 "${code[1]}" is not an entity type of authority ${code[0]} (${authority.name}); allowed: ${allowed}.`,
    });
  }
  const division = code.slice(2, 8);
  // GB/T 2260: six digits, the first two a province (11–82); "100000" is used for national registrations.
  if (!/^\d{6}$/.test(division) || !(division === '100000' || (division >= '110000' && division <= '829999'))) {
    errors.push({ check: 'uscc.division', message: `Positions 3–8 "${division}" are not a GB/T 2260 division code.` });
  }
  const orgCheck = computeOrgCodeCheckDigit(code.slice(8, 16));
  if (code[16] !== orgCheck) {
    errors.push({
      check: 'uscc.orgCodeCheckDigit',
      message: `Position 17, the organisation code's check digit (GB 11714), should be "${orgCheck}"; found "${code[16]}".`,
    });
  }
  const check = computeUsccCheckCharacter(code.slice(0, 17));
  if (code[17] !== check) {
    errors.push({
      check: 'uscc.checkCharacter',
      message: `Position 18, the check character, should be "${check}"; found "${code[17]}".`,
    });
  }
  if (errors.length > 0 || !authority) return { ok: false, errors };
  return {
    ok: true,
    value: {
      code,
      authority: code[0],
      authorityName: authority.name,
      entityType: code[1],
      entityTypeName: authority.types[code[1]],
      division,
      organisationCode: code.slice(8, 17),
      checkCharacter: code[17],
    },
  };
}

/** Parses a USCC, throwing `validation.failed` (details: the failed checks) when it is invalid. */
export function parseUscc(code: string): ParsedUscc {
  const result = validateUscc(code);
  if (!result.ok) {
    throw new AppError('validation.failed', `Invalid USCC "${code}": ${result.errors.map((e) => e.message).join(' ')}`, {
      errors: toFieldErrors('uscc', result.errors),
    });
  }
  return result.value;
}

/** Builds a full, valid 18-character USCC from its parts, computing both check characters. */
export function buildUscc(parts: { authority: string; entityType: string; division: string; organisationCode8: string }): string {
  const body = `${parts.authority}${parts.entityType}${parts.division}${parts.organisationCode8}`;
  if (body.length !== 16) {
    throw new AppError('validation.failed', `USCC parts must join to 16 characters before the check digits, got "${body}"`);
  }
  const first17 = body + computeOrgCodeCheckDigit(parts.organisationCode8);
  const code = first17 + computeUsccCheckCharacter(first17);
  const result = validateUscc(code);
  if (!result.ok) {
    throw new AppError('validation.failed', `USCC parts are invalid: ${result.errors.map((e) => e.message).join(' ')}`, {
      errors: toFieldErrors('uscc', result.errors),
    });
  }
  return code;
}

/** The ISO 7064 MOD 11,10 (hybrid) check digit of any string of digits. */
export function computeIso7064Mod1110(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new AppError('validation.failed', `ISO 7064 MOD 11,10 takes digits only, got "${digits}"`);
  // ISO 7064 hybrid system: P starts at 10; per digit S = (P + d) mod 10 (0 read as 10), P = 2S mod 11;
  // the check digit makes (P + check) mod 10 equal 1.
  let p = 10;
  for (const ch of digits) {
    const s = (p + Number(ch)) % 10 || 10;
    p = (2 * s) % 11;
  }
  return String((11 - p) % 10);
}

/** The ISO 7064 MOD 11,10 check digit of the first 14 digits of a 15-digit registration number. */
export function computeRegistrationCheckDigit(first14: string): string {
  if (!/^\d{14}$/.test(first14)) {
    throw new AppError('validation.failed', `registration number body must be 14 digits, got "${first14}"`);
  }
  return computeIso7064Mod1110(first14);
}

/** A legacy 15-digit business registration number split into its parts. */
export interface ParsedRegistrationNumber {
  /** The 15 digits. */
  number: string;
  /** Digits 1–6: the division code of the registering authority. */
  division: string;
  /** Digit 15: the ISO 7064 MOD 11,10 check digit. */
  checkDigit: string;
}

/** Checks a legacy 15-digit business registration number (工商注册号) and reports each rule it breaks. */
export function validateRegistrationNumber(input: string): ValidationResult<ParsedRegistrationNumber> {
  const number = input.trim();
  if (number.length !== 15) {
    return { ok: false, errors: [{ check: 'regno.length', message: `A registration number has 15 digits; found ${number.length} characters.` }] };
  }
  if (!/^\d{15}$/.test(number)) {
    return { ok: false, errors: [{ check: 'regno.charset', message: 'A registration number has digits only.' }] };
  }
  const errors: CheckFailure[] = [];
  const division = number.slice(0, 6);
  if (!(division === '100000' || (division >= '110000' && division <= '829999'))) {
    errors.push({ check: 'regno.division', message: `Digits 1–6 "${division}" are not a GB/T 2260 division code.` });
  }
  const expected = computeRegistrationCheckDigit(number.slice(0, 14));
  if (number[14] !== expected) {
    errors.push({
      check: 'regno.checkDigit',
      message: `Digit 15, the ISO 7064 MOD 11,10 check digit, should be "${expected}"; found "${number[14]}".`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { number, division, checkDigit: number[14] } };
}
