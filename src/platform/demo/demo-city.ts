// The demo city as data: Hangzhou's organisation tree (government levels, departments, courts,
// institutions) and the demo accounts. `seed-demo-city.ts` turns it into rows.
import { childrenOf, getDivision, type Division } from '../../kernel/divisions.ts';
import type { Role } from '../../kernel/roles.ts';
import type { OrgKind } from '../identity/identity.types.ts';
import { DEMO_CITY_CODE } from './generate-enterprises.ts';

/** The password of every demo account. */
export const DEMO_PASSWORD = 'Onething@2026';

/** One organisation to create; `parentCode` names another spec (or an existing org) by code. */
export interface DemoOrgSpec {
  code: string;
  name: string;
  nameEn: string;
  kind: OrgKind;
  parentCode: string | null;
  divisionCode: string | null;
}

/** Which generated enterprise an account belongs to: the first one (by sequence) that matches. */
export interface DemoEnterpriseRef {
  districtCode: string;
  /** Section letter or full industry code the firm's industry must start with. */
  industryPrefix?: string;
  /** Only a company (USCC type 1), not an individual business. */
  company?: boolean;
}

/** One demo account. `org` is an org code, or a generated enterprise whose own org it joins. */
export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  org: { code: string } | { enterprise: DemoEnterpriseRef };
  /** The company the account acts for (enterprise users, agents, creditors), if any. */
  actsFor: DemoEnterpriseRef | null;
  /** One line for the start banner and the docs. */
  description: string;
}

const PROVINCE_CODE = '330000';

/** The demo account's companies: kept as constants so accounts and docs agree. */
export const DEMO_COMPANIES = {
  /** The `enterprise` account's company: the first company in 西湖区. */
  xihu: { districtCode: '330106', company: true },
  /** The `agent` account's agency: the first business-services firm (L72) in 西湖区. */
  agency: { districtCode: '330106', industryPrefix: 'L72', company: true },
  /** The `creditor` account's company: the first manufacturer in 萧山区. */
  creditor: { districtCode: '330109', industryPrefix: 'C', company: true },
} as const satisfies Record<string, DemoEnterpriseRef>;

/** The demo accounts, all with `DEMO_PASSWORD`, in the order the banner prints them. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'enterprise', displayName: '企业用户', role: 'enterprise', org: { enterprise: DEMO_COMPANIES.xihu }, actsFor: DEMO_COMPANIES.xihu, description: 'enterprise user of a company in 西湖区' },
  { username: 'agent', displayName: '代办员 吴佳', role: 'agent', org: { enterprise: DEMO_COMPANIES.agency }, actsFor: DEMO_COMPANIES.xihu, description: 'registration agent acting for that company' },
  { username: 'official', displayName: '杭州市 陈建国', role: 'official', org: { code: DEMO_CITY_CODE }, actsFor: null, description: 'official of 杭州市 (whole city)' },
  { username: 'xihu-official', displayName: '西湖区 王丽', role: 'official', org: { code: '330106' }, actsFor: null, description: 'official of 西湖区' },
  { username: 'binjiang-official', displayName: '滨江区 周涛', role: 'official', org: { code: '330108' }, actsFor: null, description: 'official of 滨江区' },
  { username: 'tax-officer', displayName: '西湖区税务局 徐敏', role: 'department_officer', org: { code: '330106-tax' }, actsFor: null, description: 'officer of the 西湖区 tax bureau' },
  { username: 'judge', displayName: '法官 沈立新', role: 'judge', org: { code: '330100-court' }, actsFor: null, description: 'judge at 杭州市中级人民法院' },
  { username: 'court-clerk', displayName: '书记员 金晓燕', role: 'court_clerk', org: { code: '330100-court' }, actsFor: null, description: 'court clerk at 杭州市中级人民法院' },
  { username: 'administrator', displayName: '破产管理人 方志强', role: 'administrator', org: { code: 'inst-law-firm' }, actsFor: null, description: 'bankruptcy administrator (a law firm)' },
  { username: 'creditor', displayName: '债权人', role: 'creditor', org: { enterprise: DEMO_COMPANIES.creditor }, actsFor: DEMO_COMPANIES.creditor, description: 'creditor: a manufacturer in 萧山区' },
  { username: 'bank', displayName: '银行客户经理 李娜', role: 'bank', org: { code: 'inst-bank' }, actsFor: null, description: 'loan officer at a bank' },
  { username: 'notary', displayName: '公证员 俞明', role: 'notary', org: { code: 'inst-notary' }, actsFor: null, description: 'notary at a notary office' },
  // The officers of the 西湖区 departments the demo processes route to (issue 6: 开办餐馆一件事, 企业注销一件事).
  { username: 'amr-officer', displayName: '西湖区市场监管局 赵强', role: 'department_officer', org: { code: '330106-amr' }, actsFor: null, description: 'officer of the 西湖区 market regulation bureau' },
  { username: 'health-officer', displayName: '西湖区卫健局 孙悦', role: 'department_officer', org: { code: '330106-health' }, actsFor: null, description: 'officer of the 西湖区 health bureau' },
  { username: 'fire-officer', displayName: '西湖区消防救援大队 钱磊', role: 'department_officer', org: { code: '330106-fire' }, actsFor: null, description: 'officer of the 西湖区 fire and rescue brigade' },
  // The institutions that witness the evidence logs (issue 8: 数据知识产权质押).
  { username: 'ip-centre', displayName: '知识产权保护中心 林晓', role: 'official', org: { code: 'inst-ip-centre' }, actsFor: null, description: 'officer of the IP protection centre (a witness of the evidence logs)' },
  { username: 'internet-notary', displayName: '互联网公证处 公证员 韩冰', role: 'notary', org: { code: 'inst-internet-notary' }, actsFor: null, description: 'notary at the internet notary office (a witness)' },
  { username: 'admin', displayName: '平台管理员', role: 'platform_admin', org: { code: '330100-data' }, actsFor: null, description: 'platform administrator' },
];

/**
 * The five institutions whose witnesses cosign the platform's evidence logs (4 of 5 needed):
 * IP protection centre, internet notary office, data exchange, market regulator, internet court.
 */
export const DEMO_WITNESS_ORG_CODES = ['inst-ip-centre', 'inst-internet-notary', 'inst-data-exchange', '330100-amr', 'inst-internet-court'] as const;

/** The departments every government level has: key, Chinese name, English name. */
const DEPARTMENTS: readonly (readonly [key: string, zh: string, en: string])[] = [
  ['amr', '市场监督管理局', 'Administration for Market Regulation'],
  ['tax', '税务局', 'Taxation Bureau'],
  ['hrss', '人力资源和社会保障局', 'Human Resources and Social Security Bureau'],
  ['econ', '经济和信息化局', 'Economy and Information Technology Bureau'],
  ['sci', '科学技术局', 'Science and Technology Bureau'],
  ['nrp', '规划和自然资源局', 'Planning and Natural Resources Bureau'],
  ['housing', '住房和城乡建设局', 'Housing and Urban-Rural Development Bureau'],
  ['eco', '生态环境局', 'Ecology and Environment Bureau'],
  ['police', '公安局', 'Public Security Bureau'],
  ['health', '卫生健康委员会', 'Health Commission'],
  ['commerce', '商务局', 'Commerce Bureau'],
  ['finance', '财政局', 'Finance Bureau'],
  ['fire', '消防救援', 'Fire and Rescue'],
];

function shortName(d: Division): string {
  // 西湖区 → 西湖, 建德市 → 建德: the form used in branch names (杭州市生态环境局西湖分局).
  return d.name.replace(/(区|县|市)$/, '');
}

function englishName(d: Division): string {
  const base = d.nameEn ?? d.name;
  if (d.level === 'county') return `${base} ${d.name.endsWith('区') ? 'District' : d.name.endsWith('县') ? 'County' : 'City'}`;
  return base;
}

/** A department's name at the city level or in one of its districts, as Hangzhou names them. */
function departmentName(key: string, zh: string, district: Division | null, cityName: string): string {
  // Fire and rescue is a national service: a detachment (支队) per city, a brigade (大队) per district.
  if (key === 'fire') return district ? `${cityName}${district.name}消防救援大队` : `${cityName}消防救援支队`;
  if (!district) return key === 'tax' ? `国家税务总局${cityName}税务局` : `${cityName}${zh}`;
  const isUrbanDistrict = district.name.endsWith('区');
  // Vertically managed bodies are branches of the city's bureau (杭州市公安局西湖区分局).
  if (key === 'tax') return `国家税务总局${cityName}${district.name}税务局`;
  if (key === 'police') return isUrbanDistrict ? `${cityName}公安局${district.name}分局` : `${district.name}公安局`;
  if (key === 'eco') return `${cityName}生态环境局${shortName(district)}分局`;
  if (key === 'health') return `${district.name}卫生健康局`;
  return `${district.name}${zh}`;
}

/** The court of a district: 杭州市西湖区人民法院, 桐庐县人民法院. */
function courtName(district: Division, cityName: string): string {
  return district.name.endsWith('区') ? `${cityName}${district.name}人民法院` : `${district.name}人民法院`;
}

/**
 * The demo city's organisations, parents before children: 浙江省 → 杭州市 → 13 districts and
 * counties → their streets and towns; departments and a court at city and district level; the
 * institutions that take part in the scenarios.
 */
export function demoOrgTree(): DemoOrgSpec[] {
  const province = getDivision(PROVINCE_CODE)!;
  const city = getDivision(DEMO_CITY_CODE)!;
  const orgs: DemoOrgSpec[] = [
    { code: province.code, name: province.name, nameEn: `${province.nameEn ?? province.name} Province`, kind: 'province', parentCode: null, divisionCode: province.code },
    { code: city.code, name: city.name, nameEn: englishName(city), kind: 'city', parentCode: province.code, divisionCode: city.code },
  ];
  const cityEn = englishName(city);
  for (const [key, zh, en] of DEPARTMENTS) {
    orgs.push({ code: `${city.code}-${key}`, name: departmentName(key, zh, null, city.name), nameEn: `${cityEn} ${en}`, kind: 'department', parentCode: city.code, divisionCode: city.code });
  }
  orgs.push({ code: `${city.code}-data`, name: `${city.name}数据资源管理局`, nameEn: `${cityEn} Data Resources Bureau`, kind: 'department', parentCode: city.code, divisionCode: city.code });
  orgs.push({ code: `${city.code}-court`, name: `${city.name}中级人民法院`, nameEn: `${cityEn} Intermediate People's Court`, kind: 'court', parentCode: city.code, divisionCode: city.code });

  for (const district of childrenOf(city.code)) {
    const en = englishName(district);
    orgs.push({ code: district.code, name: district.name, nameEn: en, kind: 'district', parentCode: city.code, divisionCode: district.code });
    for (const [key, zh, deptEn] of DEPARTMENTS) {
      orgs.push({ code: `${district.code}-${key}`, name: departmentName(key, zh, district, city.name), nameEn: `${en} ${deptEn}`, kind: 'department', parentCode: district.code, divisionCode: district.code });
    }
    orgs.push({ code: `${district.code}-court`, name: courtName(district, city.name), nameEn: `${en} People's Court`, kind: 'court', parentCode: district.code, divisionCode: district.code });
    for (const town of childrenOf(district.code)) {
      // The statistical data has no romanised town names: the English name repeats the Chinese.
      orgs.push({ code: town.code, name: town.name, nameEn: town.name, kind: 'town', parentCode: district.code, divisionCode: town.code });
    }
  }

  // Institutions of the scenarios. The bank, the notary office and the law firm are invented;
  // the others are the public bodies the seed systems name.
  orgs.push(
    { code: 'inst-bank', name: '杭州示范银行', nameEn: 'Hangzhou Demonstration Bank', kind: 'institution', parentCode: city.code, divisionCode: null },
    { code: 'inst-notary', name: '杭州市示范公证处', nameEn: 'Hangzhou Demonstration Notary Office', kind: 'institution', parentCode: city.code, divisionCode: null },
    { code: 'inst-law-firm', name: '浙江示范律师事务所', nameEn: 'Zhejiang Demonstration Law Firm', kind: 'institution', parentCode: city.code, divisionCode: null },
    { code: 'inst-ip-centre', name: '中国（杭州）知识产权保护中心', nameEn: 'China (Hangzhou) Intellectual Property Protection Center', kind: 'institution', parentCode: city.code, divisionCode: null },
    { code: 'inst-data-exchange', name: '杭州数据交易所', nameEn: 'Hangzhou Data Exchange', kind: 'institution', parentCode: city.code, divisionCode: null },
    { code: 'inst-internet-court', name: '杭州互联网法院', nameEn: 'Hangzhou Internet Court', kind: 'institution', parentCode: city.code, divisionCode: null },
    { code: 'inst-internet-notary', name: '杭州互联网公证处', nameEn: 'Hangzhou Internet Notary Office', kind: 'institution', parentCode: city.code, divisionCode: null },
  );
  return orgs;
}

/** Whether a generated firm matches an account's enterprise reference. */
export function matchesEnterpriseRef(ref: DemoEnterpriseRef, firm: { districtCode: string; industryCode: string; uscc: string }): boolean {
  return (
    firm.districtCode === ref.districtCode &&
    (!ref.industryPrefix || firm.industryCode.startsWith(ref.industryPrefix)) &&
    (!ref.company || firm.uscc[1] === '1')
  );
}
