import { allDivisions, ancestorsOf, getDivision } from '../../kernel/divisions.ts';
import { INDUSTRY_PHRASES, ORGANISATION_FORMS, PROHIBITED_WORDS } from './name-rules.data.ts';

/** One reason a name is refused: the rule, where the law says so, and what was found. */
export interface NameProblem {
  rule: string;
  basis: string;
  message: string;
  words?: string[];
}

/** The four parts of a name (行政区划 + 字号 + 行业 + 组织形式), as far as they were found. */
export interface NameParts {
  division: string | null;
  tradeName: string | null;
  industry: string | null;
  form: string | null;
}

/** A parsed name with the problems of its own text (the register is not consulted here). */
export interface ParsedName {
  name: string;
  parts: NameParts;
  problems: NameProblem[];
}

const REG = '《企业名称登记管理规定》';
const MEASURES = '《企业名称登记管理规定实施办法》';
const HAN = /^[\u4e00-\u9fa5]+$/;

interface DivisionName {
  text: string;
  code: string;
}

let divisionNames: DivisionName[] | undefined;

/** Names of provinces, cities and counties, with and without their suffix (杭州市, 杭州), longest first. */
function divisionNameList(): DivisionName[] {
  if (divisionNames) return divisionNames;
  const out = new Map<string, string>();
  for (const d of allDivisions()) {
    if (d.level === 'town') continue;
    out.set(d.name, d.code);
    const short = d.name.replace(/(省|市|区|县|自治县)$/, '');
    if (short.length >= 2 && short !== d.name && !out.has(short)) out.set(short, d.code);
  }
  divisionNames = [...out].map(([text, code]) => ({ text, code })).sort((a, b) => b.text.length - a.text.length);
  return divisionNames;
}

/** Normalises a name: trims, and turns ASCII parentheses into the full-width ones names use. */
export function normaliseName(name: string): string {
  return name.trim().replace(/\(/g, '（').replace(/\)/g, '）').replace(/\s+/g, '');
}

/** The kind of organisation form (company, partnership, sole proprietorship, shop) a form word belongs to. */
export function formClassOf(form: string | null): string | null {
  if (!form) return null;
  if (form.endsWith('公司')) return 'company';
  if (form.includes('合伙')) return 'partnership';
  if (form === '个人独资企业') return 'sole';
  return 'shop';
}

function findForm(name: string, legalForm: string | undefined): string | null {
  const forms = legalForm ? ORGANISATION_FORMS[legalForm] ?? [] : [...new Set(Object.values(ORGANISATION_FORMS).flat())];
  return [...forms].sort((a, b) => b.length - a.length).find((f) => name.endsWith(f) && name.length > f.length) ?? null;
}

/**
 * Splits a name into 行政区划 + 字号 + 行业 + 组织形式 (the division may also follow the trade name in
 * parentheses: 西子（杭州）科技有限公司) and lists what is wrong with its text: structure, characters, the
 * words 《企业名称登记管理规定》 prohibits, and a division that is not the registration's own or above it.
 */
export function parseName(raw: string, options: { legalForm?: string; districtCode?: string } = {}): ParsedName {
  const name = normaliseName(raw);
  const problems: NameProblem[] = [];
  const parts: NameParts = { division: null, tradeName: null, industry: null, form: null };
  if (name.length < 4 || name.length > 50) problems.push({ rule: 'name.length', basis: `${MEASURES}第九条`, message: '企业名称应为 4 至 50 个字' });
  if (!/^[\u4e00-\u9fa5（）]+$/.test(name)) problems.push({ rule: 'name.characters', basis: `${REG}第六条`, message: '企业名称应当使用规范汉字（可含括号），不得含字母、数字或符号' });

  parts.form = findForm(name, options.legalForm);
  let rest = parts.form ? name.slice(0, -parts.form.length) : name;
  if (!parts.form) {
    problems.push({ rule: 'name.structure.form', basis: `${REG}第六条`, message: options.legalForm ? `名称须以与企业类型相符的组织形式结尾（${(ORGANISATION_FORMS[options.legalForm] ?? []).join('、')}）` : '名称须以组织形式结尾，如“有限公司”' });
  }

  let divisionCode: string | null = null;
  const leading = divisionNameList().find((d) => rest.startsWith(d.text));
  if (leading) {
    parts.division = leading.text;
    divisionCode = leading.code;
    rest = rest.slice(leading.text.length);
    // Only a full name (西湖区) counts as a second division: a short one (西湖) may be the trade name.
    const second = divisionNameList().find((d) => rest.startsWith(d.text) && getDivision(d.code)?.parentCode === leading.code && getDivision(d.code)?.name === d.text);
    if (second) {
      parts.division += second.text;
      divisionCode = second.code;
      rest = rest.slice(second.text.length);
    }
  } else {
    const inner = /（([\u4e00-\u9fa5]+)）/.exec(rest);
    const found = inner && divisionNameList().find((d) => d.text === inner[1]);
    if (inner && found) {
      parts.division = found.text;
      divisionCode = found.code;
      rest = rest.slice(0, inner.index) + rest.slice(inner.index + inner[0].length);
    }
  }
  if (!parts.division) problems.push({ rule: 'name.structure.division', basis: `${REG}第六条`, message: '名称须含行政区划名称（如“杭州”），置于字号前或字号后的括号内' });
  else if (options.districtCode && divisionCode && !isSameOrAbove(divisionCode, options.districtCode)) {
    problems.push({ rule: 'name.structure.division_mismatch', basis: `${MEASURES}第十条`, message: `名称中的行政区划“${parts.division}”不是登记地或其上级行政区划` });
  }

  // The longest phrase that leaves a trade name of two characters or more, else the longest that ends the rest.
  const phrases = [...INDUSTRY_PHRASES].sort((a, b) => b.length - a.length);
  parts.industry = phrases.find((p) => rest.endsWith(p) && rest.length - p.length >= 2) ?? phrases.find((p) => rest.endsWith(p)) ?? null;
  if (!parts.industry) problems.push({ rule: 'name.structure.industry', basis: `${REG}第八条`, message: '名称须在组织形式前标明行业或者经营特点（如“科技”“餐饮管理”），请使用规范行业表述' });
  const trade = parts.industry ? rest.slice(0, -parts.industry.length) : rest;
  parts.tradeName = trade || null;
  if (!HAN.test(trade) || trade.length < 2 || trade.length > 10) {
    problems.push({ rule: 'name.structure.trade_name', basis: `${REG}第七条`, message: '字号应当由两个以上、十个以下汉字组成' });
  } else if (divisionNameList().some((d) => d.text === trade)) {
    problems.push({ rule: 'name.trade_name.division', basis: `${REG}第七条`, message: `县级以上地方行政区划名称“${trade}”不得作为字号` });
  } else if (INDUSTRY_PHRASES.includes(trade)) {
    problems.push({ rule: 'name.trade_name.industry', basis: `${REG}第七条`, message: `行业表述“${trade}”不得作为字号` });
  }

  for (const rule of PROHIBITED_WORDS) {
    const found = rule.words.filter((w) => {
      if (!name.includes(w)) return false;
      // 国际 qualifying the industry (国际物流) is allowed; elsewhere in the name it needs approval.
      if (rule.rule === 'name.word.international' && parts.industry?.includes(w)) return name.split(w).length - 1 > 1;
      return true;
    });
    if (found.length) problems.push({ rule: rule.rule, basis: rule.basis, message: `${rule.reason}：${found.join('、')}`, words: found });
  }
  return { name, parts, problems };
}

function isSameOrAbove(code: string, districtCode: string): boolean {
  if (code === districtCode) return true;
  try {
    return ancestorsOf(districtCode).some((d) => d.code === code);
  } catch {
    return false;
  }
}
