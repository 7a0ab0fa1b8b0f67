// A realistic policy catalogue for the policy bench: `count` units shaped like a city's catalogue
// (Hangzhou's 政策计算器 lists national, provincial, city, district and town measures), drawn
// deterministically from a seed. How it is built (docs/benchmarks.md repeats this):
// - scope: 5% national/provincial (no district restriction), 15% city-wide (330100), 60% one
//   district (weighted like the enterprise population), 20% one town or street (its district's
//   enterprises, as the mirror holds no town attribute: a town scope counts as its district);
// - industry: 45% any industry, 25% one section (制造业, 信息传输…), 30% one to four divisions
//   (C39, I65…), drawn from the divisions the district's enterprises are in;
// - size: 30% of units restrict the MIIT size class (the shipped 工信部联企业〔2011〕300号 table)
//   to SMEs, to small and micro, or to medium and large;
// - one to three thresholds among operating revenue, employees, registered capital, invention or
//   any patents, registration age (at least N years, or a start-up of at most N years), and R&D
//   spend (a fact the bench's register-only city does not hold: such a unit is never eligible
//   there, as a real unit whose data are missing); most units also ask an active registration;
// - category: 奖补, 减免, 融资, 人才, 资质, 技改, 外贸, 消费 with their typical amounts: a fixed sum
//   (5,000 to 2 million yuan), a rate of revenue or capital with a cap, or a per-employee amount;
// - validity: 85% in force, 10% expired, 5% starting next year (not in force, no near miss).
// The same seed gives the same units; each unit draws from its own stream (seed, index).
import { childrenOf, getDivision } from '../src/kernel/divisions.ts';
import { industryDivisions, industrySections } from '../src/kernel/industry.ts';
import type { Expr, ParameterDef, PolicyUnit } from '../src/engines/rules/index.ts';
import { DISTRICTS, DIVISION_MIX, SECTION_MIX } from '../src/platform/demo/calibration.ts';
import { createRandom, type Random } from '../src/platform/demo/random.ts';
import { shippedUnits } from '../src/platform/policy/unit-files.ts';

const CITY = '330100';
const YUAN = 100;
const WAN = 10_000 * YUAN;

interface Category { zh: string; en: string; kinds: [string, string][] }
const CATEGORIES: Category[] = [
  { zh: '奖补', en: 'grant', kinds: [['发展奖励', 'development award'], ['稳岗补贴', 'job retention subsidy'], ['规上培育奖励', 'above-scale growth award'], ['首次入库奖励', 'first listing award']] },
  { zh: '减免', en: 'relief', kinds: [['房产税减免', 'property tax relief'], ['城镇土地使用税减免', 'land use tax relief'], ['水利建设基金减免', 'water fund relief']] },
  { zh: '融资', en: 'financing', kinds: [['贷款贴息', 'loan interest subsidy'], ['担保费补助', 'guarantee fee subsidy'], ['上市辅导奖励', 'IPO preparation award']] },
  { zh: '人才', en: 'talent', kinds: [['人才引进补助', 'talent recruitment subsidy'], ['高校毕业生就业补贴', 'graduate hiring subsidy'], ['技能培训补贴', 'skills training subsidy']] },
  { zh: '资质', en: 'recognition', kinds: [['专精特新培育', 'specialised-new cultivation'], ['科技型企业认定奖励', 'tech enterprise recognition award'], ['研发中心认定奖励', 'R&D centre award']] },
  { zh: '技改', en: 'upgrading', kinds: [['技术改造补助', 'technical upgrade subsidy'], ['数字化改造补助', 'digitalisation subsidy'], ['绿色低碳改造补助', 'green upgrade subsidy']] },
  { zh: '外贸', en: 'trade', kinds: [['出口信用保险补助', 'export credit insurance subsidy'], ['境外展会补助', 'overseas fair subsidy']] },
  { zh: '消费', en: 'consumption', kinds: [['商贸企业上规奖励', 'retail above-scale award'], ['促消费活动补助', 'consumption campaign subsidy']] },
];

const sectionNames = new Map(industrySections().map((s) => [s.letter, s]));
const divisionNames = new Map(industryDivisions().map((d) => [d.code, d]));

/** A value drawn log-uniformly between `lo` and `hi`, rounded to two significant digits. */
function logUniform(r: Random, lo: number, hi: number): number {
  const v = Math.exp(Math.log(lo) + r.next() * (Math.log(hi) - Math.log(lo)));
  const p = 10 ** Math.max(0, Math.floor(Math.log10(v)) - 1);
  return Math.round(v / p) * p;
}

function weighted<T>(r: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r.next() * total;
  for (const [item, w] of items) if ((x -= w) < 0) return item;
  return items[items.length - 1][0];
}

const money = (zh: string, en: string, value: number, from: string): ParameterDef => ({ zh, en, kind: 'money', values: [{ from, value }] });
const headcount = (zh: string, en: string, value: number, from: string): ParameterDef => ({ zh, en, kind: 'number', values: [{ from, value }] });

/** The industries of a district's enterprises with their weights (as the population generator draws them). */
function industriesOf(districtCode: string): { sections: [string, number][]; divisions: [string, number][] } {
  const c = DISTRICTS.find((d) => d.code === districtCode);
  const mix: Record<string, number> = c ? { ...SECTION_MIX[c.profile], ...c.sections } : SECTION_MIX.suburban;
  const divisions: [string, number][] = [];
  for (const [section, w] of Object.entries(mix)) {
    const inner = DIVISION_MIX[section] ?? {};
    const total = Object.values(inner).reduce((a, b) => a + b, 0);
    for (const [code, dw] of Object.entries(inner)) divisions.push([code, (w * dw) / total + (c?.specialities?.[code] ?? 0)]);
  }
  return { sections: Object.entries(mix), divisions };
}

/**
 * `count` published-to-be units of a realistic city catalogue (see the file comment), the same for
 * the same seed; ids `city-<index>`, version 1, no author tests.
 * @example realisticUnits(1100, 5).length === 1100
 */
export function realisticUnits(count: number, seed = 5, today = new Date().toISOString().slice(0, 10)): PolicyUnit[] {
  const year = Number(today.slice(0, 4));
  const sizeTable = shippedUnits().find((u) => u.tables?.size_class)!.tables!.size_class;
  const districts = DISTRICTS.map((d) => [d.code, d.weight] as const);
  const towns = new Map(DISTRICTS.map((d) => [d.code, childrenOf(d.code).map((t) => t.code)]));
  return Array.from({ length: count }, (_, i) => {
    const r = createRandom(seed, i + 1);
    // Scope.
    const level = weighted(r, [['country', 5], ['city', 15], ['district', 60], ['town', 20]] as const);
    const district = level === 'district' || level === 'town' ? weighted(r, districts) : null;
    const town = level === 'town' && district ? r.pick(towns.get(district)!) : null;
    const scope = level === 'country' ? ['CN'] : [town ?? district ?? CITY];
    const issuer = level === 'country' ? '浙江省人民政府' : level === 'city' ? '杭州市人民政府' : `${getDivision(town ?? district!)?.name ?? ''}`;
    const place = level === 'country' ? '' : level === 'city' ? '杭州市' : getDivision(town ?? district!)?.name ?? '';
    // Industry.
    const inds = industriesOf(district ?? r.pick(DISTRICTS).code);
    const conditions: Expr[] = [];
    const parameters: Record<string, ParameterDef> = {};
    const validFrom = `${year - r.int(0, 4)}-01-01`;
    let industryZh = '';
    let industryEn = '';
    const ind = weighted(r, [['any', 45], ['section', 25], ['divisions', 30]] as const);
    if (ind === 'section') {
      const s = weighted(r, inds.sections.filter(([l]) => DIVISION_MIX[l]));
      const codes = Object.keys(DIVISION_MIX[s] ?? {});
      conditions.push({ in: [{ var: 'industry' }, codes.length ? codes : [s]] });
      industryZh = sectionNames.get(s)?.name ?? s;
      industryEn = `${sectionNames.get(s)?.nameEn ?? s} `;
    } else if (ind === 'divisions') {
      const picked = new Set<string>();
      const n = r.int(1, 4);
      for (let k = 0; k < n * 3 && picked.size < n; k++) picked.add(weighted(r, inds.divisions));
      const codes = [...picked].sort();
      conditions.push({ in: [{ var: 'industry' }, codes] });
      industryZh = divisionNames.get(codes[0])?.name ?? codes[0];
      industryEn = `${divisionNames.get(codes[0])?.nameEn ?? codes[0]} `;
    }
    // Size class.
    const size = weighted(r, [['none', 70], ['sme', 12], ['small', 10], ['large', 8]] as const);
    if (size !== 'none') conditions.push({ in: [{ table: 'size_class' }, size === 'sme' ? ['medium', 'small', 'micro'] : size === 'small' ? ['small', 'micro'] : ['large', 'medium']] });
    // Thresholds.
    const picked = new Set<'revenue' | 'employees' | 'capital' | 'patents' | 'age' | 'startup' | 'rd'>();
    for (let n = weighted(r, [[1, 45], [2, 35], [3, 20]] as const); picked.size < n;) picked.add(weighted(r, [['revenue', 30], ['employees', 25], ['capital', 10], ['patents', 12], ['age', 12], ['startup', 5], ['rd', 6]] as const));
    for (const k of picked) {
      if (k === 'revenue') {
        parameters.min_revenue = money('营业收入门槛', 'Revenue threshold', logUniform(r, 50 * WAN, 2e5 * WAN), validFrom);
        conditions.push({ '>=': [{ var: 'revenue' }, { param: 'min_revenue' }] });
      } else if (k === 'employees') {
        parameters.min_employees = headcount('从业人数门槛', 'Headcount threshold', logUniform(r, 5, 500), validFrom);
        conditions.push({ '>=': [{ var: 'employees' }, { param: 'min_employees' }] });
      } else if (k === 'capital') {
        parameters.min_capital = money('注册资本门槛', 'Registered capital threshold', logUniform(r, 100 * WAN, 1e4 * WAN), validFrom);
        conditions.push({ '>=': [{ var: 'registered_capital' }, { param: 'min_capital' }] });
      } else if (k === 'patents') {
        const invention = r.chance(0.5);
        const min = invention ? r.int(1, 5) : r.int(1, 10);
        conditions.push(invention ? { '>=': [{ var: 'patents_invention' }, min] } : { '>=': [{ '+': [{ var: 'patents_invention' }, { var: 'patents_utility' }] }, min] });
      } else if (k === 'age') conditions.push({ '>=': [{ age_years: [{ var: 'registered_at' }] }, r.int(1, 5)] });
      else if (k === 'startup') conditions.push({ '<=': [{ age_years: [{ var: 'registered_at' }] }, r.int(2, 5)] });
      else {
        parameters.min_rd = money('研发费用门槛', 'R&D spend threshold', logUniform(r, 20 * WAN, 2000 * WAN), validFrom);
        conditions.push({ '>=': [{ var: 'rd_spend' }, { param: 'min_rd' }] });
      }
    }
    if (r.chance(0.8)) conditions.push({ '==': [{ var: 'status' }, 'active'] });
    // Category and amount.
    const cat = r.pick(CATEGORIES);
    const [kindZh, kindEn] = r.pick(cat.kinds);
    const form = weighted(r, [['fixed', 60], ['rate', 30], ['perHead', 10]] as const);
    let benefit: PolicyUnit['benefit'];
    if (form === 'fixed') {
      parameters.award = money('奖补金额', 'Award', logUniform(r, 5000 * YUAN, 200 * WAN), validFrom);
      benefit = { fixed: { param: 'award' } };
    } else if (form === 'rate') {
      const base = r.chance(0.7) ? 'revenue' : 'registered_capital';
      parameters.cap = money('奖补上限', 'Cap', logUniform(r, 10 * WAN, 500 * WAN), validFrom);
      benefit = { rate: [0.001, 0.002, 0.005, 0.01, 0.02][r.int(0, 4)], base: { var: base }, cap: { param: 'cap' } };
    } else {
      parameters.cap = money('奖补上限', 'Cap', logUniform(r, 5 * WAN, 100 * WAN), validFrom);
      benefit = { rate: 1, base: { '*': [{ var: 'employees' }, logUniform(r, 500 * YUAN, 5000 * YUAN)] }, cap: { param: 'cap' } };
    }
    // Validity: most in force, some expired, some not yet.
    const validity = weighted(r, [['current', 85], ['expired', 10], ['future', 5]] as const);
    const dates = validity === 'current' ? { validFrom, validTo: `${year + r.int(0, 2)}-12-31` }
      : validity === 'expired' ? { validFrom: `${year - 5}-01-01`, validTo: `${year - 1}-12-31` }
        : { validFrom: `${year + 1}-01-01` };
    if (validity === 'expired') for (const p of Object.values(parameters)) p.values[0].from = dates.validFrom;
    const number = r.int(1, 60);
    const unit: PolicyUnit = {
      id: `city-${String(i).padStart(4, '0')}`, version: 1,
      title: { zh: `${place}${industryZh}企业${kindZh}`, en: `${place ? `${place} ` : ''}${industryEn}${kindEn}`.replace(/^./, (c) => c.toUpperCase()) },
      source: { document: `${issuer}关于${industryZh || '企业'}${kindZh}的实施办法（〔${year - 1}〕${number}号）`, article: `第${r.int(2, 12)}条`, issuer },
      scope, category: cat.zh, ...dates, parameters,
      ...(size !== 'none' ? { tables: { size_class: sizeTable } } : {}),
      eligibility: conditions.length === 1 ? conditions[0] : { and: conditions },
      benefit,
    };
    return unit;
  });
}
