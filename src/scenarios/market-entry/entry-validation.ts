import { getDivision, isWithin } from '../../kernel/divisions.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { validateIdNumber } from '../../kernel/id-number.ts';
import { divisionsOfSection, type IndustryDivision } from '../../kernel/industry.ts';
import { toFieldErrors } from '../../kernel/validation.ts';
import type { LicenceCatalogue } from './catalogue-model.ts';
import { OFFICER_POSITIONS, type AddressInput, type OfficerInput, type PersonInput, type ShareholderInput } from './entry.types.ts';
import { ORGANISATION_FORMS } from './name-rules.data.ts';
import type { ScopeEntry } from './scope.data.ts';

/** The registration item every entry and change application carries. */
export const REGISTRATION_ITEM = 'business_licence';

const MAX_CAPITAL_YUAN = 1_000_000_000_000;

/** Checks one person: name 2–30 characters, a valid resident ID (GB 11643 check digit, date, division), an optional mobile number. */
export function checkPerson(p: PersonInput, field: string, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const name = (p.name ?? '').trim();
  if (name.length < 2 || name.length > 30) errors.push({ field: `${field}.name`, rule: 'length', message: '姓名为2至30个字符 The name has 2 to 30 characters' });
  const id = validateIdNumber(String(p.idNumber ?? ''), today);
  if (!id.ok) errors.push(...toFieldErrors(`${field}.idNumber`, id.errors));
  if (p.phone !== undefined && p.phone !== '' && !/^1[3-9]\d{9}$/.test(p.phone)) errors.push({ field: `${field}.phone`, rule: 'pattern', message: '手机号码为11位，以1开头 A mobile number has 11 digits starting with 1' });
  return errors;
}

/** The address: a district of the city, a street or town of that district, and the rest in 5–100 characters. */
export function checkAddress(a: AddressInput | undefined, field: string, cityCode: string): FieldError[] {
  if (!a) return [{ field, rule: 'required', message: '请填写住所 The address is required' }];
  const errors: FieldError[] = [];
  const district = getDivision(String(a.districtCode ?? ''));
  if (!district || district.level !== 'county' || !isWithin(district.code, cityCode))
    errors.push({ field: `${field}.districtCode`, rule: 'division.district', message: `住所须在本市的区县（${cityCode}）A district or county code of the city` });
  const town = getDivision(String(a.townCode ?? ''));
  if (!town || town.level !== 'town' || (district && !isWithin(town.code, district.code)))
    errors.push({ field: `${field}.townCode`, rule: 'division.town', message: '街道（乡镇）代码须属于所选区县 A street or town code of the chosen district' });
  const detail = (a.detail ?? '').trim();
  if (detail.length < 5 || detail.length > 100) errors.push({ field: `${field}.detail`, rule: 'length', message: '详细地址为5至100个字符 The street address has 5 to 100 characters' });
  return errors;
}

/** Officers: at least one, known positions, exactly one legal representative. */
export function checkOfficers(officers: OfficerInput[] | undefined, field: string, today: string): FieldError[] {
  if (!Array.isArray(officers) || officers.length === 0) return [{ field, rule: 'minItems', message: '须填写法定代表人等主要人员 Name the officers, with the legal representative' }];
  const errors: FieldError[] = [];
  officers.forEach((o, i) => {
    if (!OFFICER_POSITIONS.includes(o.position)) errors.push({ field: `${field}.${i}.position`, rule: 'enum', message: `职务须为 ${OFFICER_POSITIONS.join(', ')}` });
    errors.push(...checkPerson(o, `${field}.${i}`, today));
  });
  if (officers.filter((o) => o.position === 'legal_rep').length !== 1) errors.push({ field, rule: 'legal_rep.one', message: '须有且仅有一名法定代表人 Exactly one legal representative' });
  return errors;
}

/** Shareholders: at least one, each a valid person, subscriptions positive and summing to the registered capital. */
export function checkShareholders(list: ShareholderInput[] | undefined, capitalYuan: number, field: string, today: string): FieldError[] {
  if (!Array.isArray(list) || list.length === 0) return [{ field, rule: 'minItems', message: '须填写至少一名股东（出资人） At least one shareholder' }];
  const errors: FieldError[] = [];
  list.forEach((s, i) => {
    errors.push(...checkPerson(s, `${field}.${i}`, today));
    if (!Number.isFinite(s.subscribedYuan) || s.subscribedYuan <= 0) errors.push({ field: `${field}.${i}.subscribedYuan`, rule: 'range', message: '认缴出资额须大于0 The subscription is positive' });
  });
  const total = list.reduce((sum, s) => sum + (Number.isFinite(s.subscribedYuan) ? s.subscribedYuan : 0), 0);
  if (errors.length === 0 && Math.round(total * 100) !== Math.round(capitalYuan * 100))
    errors.push({ field, rule: 'capital.sum', message: `股东认缴出资合计${total}元，应等于注册资本${capitalYuan}元 Subscriptions must sum to the registered capital` });
  return errors;
}

/** Legal form and registered capital. */
export function checkRegistration(legalForm: string, capitalYuan: number): FieldError[] {
  const errors: FieldError[] = [];
  if (!ORGANISATION_FORMS[legalForm]) errors.push({ field: 'body.legalForm', rule: 'enum', message: `组织形式须为 ${Object.keys(ORGANISATION_FORMS).join(', ')}` });
  if (!Number.isFinite(capitalYuan) || capitalYuan < 0 || capitalYuan > MAX_CAPITAL_YUAN || Math.round(capitalYuan * 100) !== capitalYuan * 100)
    errors.push({ field: 'body.registeredCapitalYuan', rule: 'range', message: '注册资本为0至1万亿元，最多两位小数 Capital from 0 to 10^12 yuan, at most two decimals' });
  return errors;
}

/** Standard scope wordings: at least one, each known. */
export function checkScope(cat: LicenceCatalogue, codes: string[] | undefined, field: string): { errors: FieldError[]; entries: ScopeEntry[] } {
  if (!Array.isArray(codes) || codes.length === 0) return { errors: [{ field, rule: 'minItems', message: '请选择经营范围规范表述 Choose at least one standard business-scope wording' }], entries: [] };
  const errors: FieldError[] = [];
  const entries: ScopeEntry[] = [];
  codes.forEach((code, i) => {
    const e = cat.scopeByCode.get(code);
    if (!e) errors.push({ field: `${field}.${i}`, rule: 'known', message: `${code} 不是经营范围规范表述 is not a standard wording` });
    else if (!entries.includes(e)) entries.push(e);
  });
  return { errors, entries };
}

/**
 * The chosen items: known, active, not the business licence itself, each prerequisite held or chosen
 * with it (`held`: what the company holds already, for a change). The business licence counts as chosen.
 */
export function checkItems(cat: LicenceCatalogue, codes: string[] | undefined, held: ReadonlySet<string>, field: string): FieldError[] {
  const errors: FieldError[] = [];
  const chosen = new Set([REGISTRATION_ITEM, ...(codes ?? [])]);
  (codes ?? []).forEach((code, i) => {
    const item = cat.byCode.get(code);
    if (!item) return errors.push({ field: `${field}.${i}`, rule: 'known', message: `${code} 不是许可目录事项 is not a catalogue item` });
    if (!item.active) return errors.push({ field: `${field}.${i}`, rule: 'item.inactive', message: `${item.name}已停止办理 is retired` });
    if (code === REGISTRATION_ITEM) return errors.push({ field: `${field}.${i}`, rule: 'registration', message: '营业执照随登记办理，无需另选 The business licence comes with the registration' });
    for (const req of item.requires) {
      if (!chosen.has(req) && !held.has(req)) {
        const name = cat.byCode.get(req)?.name ?? req;
        errors.push({ field: `${field}.${i}`, rule: 'prerequisite.missing', message: `办理${item.name}须先取得或一并申请${name} ${code} needs ${req}` });
      }
    }
  });
  if (new Set(codes ?? []).size !== (codes ?? []).length) errors.push({ field, rule: 'unique', message: '事项不能重复 Items are listed once' });
  return errors;
}

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** The GB/T 4754 division of a company from its first scope wording: of that wording's section, the division whose name shares most bigrams with it. */
export function industryFromScope(entries: readonly ScopeEntry[]): IndustryDivision['code'] {
  const first = entries[0];
  const divisions = first ? divisionsOfSection(first.section) : [];
  if (!first || divisions.length === 0) return 'L72';
  const wanted = bigrams(first.wording);
  let best = divisions[0];
  let bestScore = -1;
  for (const d of divisions) {
    let score = 0;
    for (const b of bigrams(d.name)) if (wanted.has(b)) score++;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best.code;
}
