// Masking of personal information for display, and the per-role policy that decides what is shown in clear.
// GB/T 35273-2020 (个人信息安全规范), in its clause on limiting display (个人信息的展示限制), asks
// controllers to limit what screens show of personal information but prescribes no positions; the patterns below are the common
// practice of Chinese government and bank systems: keep only what identifies the region or lets a
// person recognise their own record, never the birth date of an ID number or the body of a card.
import type { Role } from './roles.ts';

/** The kinds of personal field the platform masks. */
export const PERSONAL_FIELD_KINDS = ['name', 'idNumber', 'phone', 'bankCard', 'address'] as const;

/** One of `PERSONAL_FIELD_KINDS`. */
export type PersonalFieldKind = (typeof PERSONAL_FIELD_KINDS)[number];

// Two-character surnames (复姓) common enough to matter; any other name keeps its first character.
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '令狐', '端木', '百里', '呼延', '南宫', '西门', '独孤', '澹台', '公冶', '太史', '申屠', '闻人',
]);

/** Masks a Chinese name to its surname and one '*' per other character: 张三丰 → 张**, 欧阳修 → 欧阳*. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length === 0 ? '' : '*';
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
  // The middle dot of minority and foreign names (·) stays, so the shape of the name stays readable.
  return chars.slice(0, keep).join('') + chars.slice(keep).map((c) => (c === '·' || c === '•' ? c : '*')).join('');
}

/** Masks an 18-character ID number to its division code and last 4: 330106********123X (15-digit: first 6, last 3). */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  // The birth date (digits 7–14) is the part that identifies a person together with a name; it never shows.
  if (s.length === 18) return s.slice(0, 6) + '*'.repeat(8) + s.slice(14);
  if (s.length === 15) return s.slice(0, 6) + '*'.repeat(6) + s.slice(12);
  return s.length <= 4 ? '*'.repeat(s.length) : '*'.repeat(s.length - 4) + s.slice(-4);
}

/** Masks a phone number: mobiles keep the first 3 and last 4 digits (138****5678); others keep the last 4. */
export function maskPhone(phone: string): string {
  const s = phone.trim();
  const mobile = /^(\+?86[- ]?)?(1\d{2})[- ]?(\d{4})[- ]?(\d{4})$/.exec(s);
  if (mobile) return `${mobile[1] ?? ''}${mobile[2]}****${mobile[4]}`;
  const digits = s.replace(/\D/g, '').length;
  let seen = 0;
  // Landlines (0571-88881234) keep the area code, which is a region, not a person.
  const areaCode = /^0\d{2,3}(?=[- ])/.exec(s)?.[0].length ?? 0;
  return [...s]
    .map((c, i) => {
      if (!/\d/.test(c)) return c;
      seen += 1;
      return i < areaCode || seen > digits - 4 ? c : '*';
    })
    .join('');
}

/** Masks a bank card number to its last 4 digits, keeping separators: 6222 0212 3456 7890 → **** **** **** 7890. */
export function maskBankCard(card: string): string {
  const s = card.trim();
  const digits = s.replace(/\D/g, '').length;
  let seen = 0;
  return [...s]
    .map((c) => {
      if (!/\d/.test(c)) return c;
      seen += 1;
      return seen > digits - 4 ? c : '*';
    })
    .join('');
}

// Province, city, county and township parts at the start of an address; a part may not contain a road
// or house-number character, so "文三路镇海大厦" is not read as a town, and 小区/社区/园区 are not counties.
const ADDRESS_PREFIX =
  /^((?:[^\d路街巷弄号幢栋室]{1,8}?(?:省|自治区))?(?:[^\d路街巷弄号幢栋室]{1,10}?(?:自治州|市|州|盟|地区))?(?:[^\d路街巷弄号幢栋室]{1,10}?(?:(?<![小社园校景])区|县|市|旗))?(?:[^\d路街巷弄号幢栋室]{1,10}?(?:街道|镇|乡))?)/;

/** Masks an address after its division part (down to the township or street): 浙江省杭州市西湖区文新街道**** . */
export function maskAddress(address: string): string {
  const s = address.trim();
  const prefix = ADDRESS_PREFIX.exec(s)?.[1] ?? '';
  if (prefix.length === 0) return s.length <= 3 ? '****' : `${[...s].slice(0, 3).join('')}****`;
  return prefix.length < s.length ? `${prefix}****` : prefix;
}

const MASKERS: Record<PersonalFieldKind, (value: string) => string> = {
  name: maskName,
  idNumber: maskIdNumber,
  phone: maskPhone,
  bankCard: maskBankCard,
  address: maskAddress,
};

/** Masks one personal value of a kind unless `clear` is true (the caller has decided the reader may see it). */
export function maskPersonal(value: string, kind: PersonalFieldKind, options: { clear: boolean }): string {
  return options.clear ? value : MASKERS[kind](value);
}

/** Which kinds a reader sees in clear, whether the read must be audited, and why. */
export interface MaskingPolicy {
  clear: Record<PersonalFieldKind, boolean>;
  /** True when anything is shown in clear: every such read goes to the audit trail. */
  audit: boolean;
  /** Why this policy applies, for the audit record. */
  reason: string;
}

const ALL = PERSONAL_FIELD_KINDS;

/**
 * What each role sees in clear without a declared purpose. Judges and court clerks read case files
 * in full; platform administrators support users; everyone else starts masked.
 */
export const ROLE_CLEAR_KINDS: Record<Role, readonly PersonalFieldKind[]> = {
  platform_admin: ALL,
  judge: ALL,
  court_clerk: ALL,
  enterprise: [],
  agent: [],
  official: [],
  department_officer: [],
  administrator: ['name'],
  creditor: [],
  bank: [],
  notary: ['name'],
};

/**
 * Declared purposes that widen what a role sees, and for whom. A purpose is named by the code that reads
 * (e.g. the payout step declares `payout.disbursement`) and recorded in the audit trail with the read.
 */
export const PURPOSE_GRANTS: Record<string, { roles: readonly Role[]; clear: readonly PersonalFieldKind[] }> = {
  'registration.review': { roles: ['official', 'department_officer'], clear: ['name', 'idNumber', 'phone', 'address'] },
  'payout.disbursement': { roles: ['official', 'department_officer', 'bank'], clear: ['name', 'bankCard'] },
  'enterprise.contact': { roles: ['official', 'department_officer'], clear: ['name', 'phone'] },
  'identity.verification': { roles: ['official', 'department_officer', 'bank', 'notary'], clear: ['name', 'idNumber'] },
  'bankruptcy.claims': { roles: ['administrator'], clear: ['name', 'idNumber', 'phone', 'bankCard', 'address'] },
  'property.registration': { roles: ['official', 'department_officer', 'notary'], clear: ['name', 'idNumber', 'address'] },
};

/** Roles that see their own organisation's records in clear (ownership is decided by the caller). */
export const OWNER_ROLES: readonly Role[] = ['enterprise', 'agent'];

/**
 * The masking policy for a reader: by role, widened by a declared purpose granted to that role, and in
 * full when an enterprise (or its agent) reads its own record (`ownRecord`, decided by the caller).
 */
export function maskingPolicyFor(role: Role, purpose?: string, context: { ownRecord?: boolean } = {}): MaskingPolicy {
  const clear = Object.fromEntries(ALL.map((k) => [k, false])) as Record<PersonalFieldKind, boolean>;
  const reasons: string[] = [];
  for (const k of ROLE_CLEAR_KINDS[role]) clear[k] = true;
  if (ROLE_CLEAR_KINDS[role].length > 0) reasons.push(`role ${role}`);
  if (context.ownRecord && OWNER_ROLES.includes(role)) {
    for (const k of ALL) clear[k] = true;
    reasons.push('own record');
  }
  const grant = purpose === undefined ? undefined : PURPOSE_GRANTS[purpose];
  if (grant && grant.roles.includes(role)) {
    for (const k of grant.clear) clear[k] = true;
    reasons.push(`purpose ${purpose}`);
  }
  const audit = ALL.some((k) => clear[k]);
  return { clear, audit, reason: reasons.length > 0 ? reasons.join(', ') : 'masked by default' };
}

/**
 * A copy of `record` whose fields named in `fieldKinds` are masked unless the policy shows their kind
 * in clear; fields that are not strings (null, absent) are left as they are.
 */
export function maskFields<T extends Record<string, unknown>>(
  record: T,
  fieldKinds: Partial<Record<keyof T, PersonalFieldKind>>,
  policy: Pick<MaskingPolicy, 'clear'>,
): T {
  const out: Record<string, unknown> = { ...record };
  for (const [field, kind] of Object.entries(fieldKinds) as [string, PersonalFieldKind | undefined][]) {
    const value = out[field];
    if (kind && typeof value === 'string') out[field] = maskPersonal(value, kind, { clear: policy.clear[kind] });
  }
  return out as T;
}
