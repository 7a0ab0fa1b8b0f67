// The demo city's synthetic enterprise population: deterministic (same seed, same firms), one
// firm at a time so a million stream through without being held in memory. Every firm draws
// from its own random stream (seed, sequence number), so firm i never depends on firms before it.
import { childrenOf, getDivision, divisionsUnder } from '../../kernel/divisions.ts';
import type { EnterpriseRecord, EnterpriseStatus, SizeClass } from '../registry/enterprise.types.ts';
import {
  DISTRICTS,
  DIVISION_MIX,
  INDIVIDUAL_BUSINESS_SHARE,
  PATENT_BASE,
  REGISTRATION,
  SECTION_MIX,
  SIZE_PARAMETERS,
  SIZE_SPREAD,
  STATUS_SHARE,
  TOWN_KIND_WEIGHT,
  type DistrictCalibration,
} from './calibration.ts';
import { createCodeScatter, createTradeNames, demoIdNumber, demoPhone, demoUscc, organisationCode8 } from './identifiers.ts';
import { GIVEN_NAME_CHARS, industryWordsOf, ROAD_WORDS, SHOP_WORDS, SURNAMES } from './names.ts';
import { createRandom, createWeightedTable, type Random } from './random.ts';
import { classifySize, sizeRowOf } from '../../kernel/size-class.ts';

/** The city the demo population lives in: Hangzhou. */
export const DEMO_CITY_CODE = '330100';

/** Options of the generator. */
export interface GenerateOptions {
  /** How many firms; the sequence numbers run 1..count. */
  count: number;
  /** Seed of the population (default 1). */
  seed?: number;
  /** First sequence number (default 1): lets a caller resume or split the stream. */
  start?: number;
}

interface DistrictPlan {
  code: string;
  name: string;
  calibration: DistrictCalibration;
  towns: { draw(r: Random): { code: string; name: string } };
  industries: { draw(r: Random): string };
}

function townWeight(name: string): number {
  if (name.endsWith('街道')) return TOWN_KIND_WEIGHT.street;
  if (name.endsWith('镇')) return TOWN_KIND_WEIGHT.town;
  if (name.endsWith('乡')) return TOWN_KIND_WEIGHT.township;
  // Development zones, farms and other statistical units (萧山经济技术开发区, 红山农场…).
  return TOWN_KIND_WEIGHT.zone;
}

function industryWeights(c: DistrictCalibration): [string, number][] {
  const out: [string, number][] = [];
  for (const [section, sectionWeight] of Object.entries({ ...SECTION_MIX[c.profile], ...c.sections })) {
    const divisions: Record<string, number> = { ...DIVISION_MIX[section] };
    // A district's known industries get extra weight inside manufacturing.
    for (const [code, extra] of Object.entries(c.specialities ?? {})) if (code[0] === section) divisions[code] = (divisions[code] ?? 0) + extra * 3;
    const total = Object.values(divisions).reduce((a, b) => a + b, 0);
    for (const [code, w] of Object.entries(divisions)) out.push([code, (sectionWeight * w) / total]);
  }
  return out;
}

/** The fixed tables of one population, built once from the calibration and the division data. */
function planCity(): { districts: { draw(r: Random): DistrictPlan }; zhejiangCounties: readonly string[] } {
  const plans: [DistrictPlan, number][] = DISTRICTS.map((c) => {
    const district = getDivision(c.code);
    if (!district || district.parentCode !== DEMO_CITY_CODE) throw new Error(`Demo calibration names ${c.code}, which is not a district of Hangzhou in the division data`);
    const towns = childrenOf(c.code);
    if (towns.length === 0) throw new Error(`Division data has no towns under ${c.code}`);
    return [
      {
        code: c.code,
        name: district.name,
        calibration: c,
        towns: createWeightedTable(towns.map((t) => [{ code: t.code, name: t.name }, townWeight(t.name)] as const)),
        industries: createWeightedTable(industryWeights(c)),
      },
      c.weight,
    ];
  });
  // County-level codes of Zhejiang for identity numbers issued elsewhere in the province.
  const zhejiangCounties = divisionsUnder('330000', 'county').map((d) => d.code);
  return { districts: createWeightedTable(plans), zhejiangCounties };
}

const NICE_CAPITAL_WAN = [1, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 800, 1000, 2000, 3000, 5000, 10000, 20000, 50000, 100000];

function niceCapital(wan: number, random: Random): number {
  if (random.chance(0.15)) return Math.max(1, Math.round(wan));
  let best = NICE_CAPITAL_WAN[0];
  for (const v of NICE_CAPITAL_WAN) if (Math.abs(Math.log(v / wan)) < Math.abs(Math.log(best / wan))) best = v;
  return best;
}

function registrationDate(random: Random, scale: number): string {
  // New registrations grow about 11% a year, so firms alive today are mostly young; bigger firms
  // (scale > 0) lean older. Inverse CDF of an exponential density on [firstYear, lastYear + 1).
  const span = REGISTRATION.lastYear + 1 - REGISTRATION.firstYear;
  const g = Math.max(0.02, REGISTRATION.growth - 0.04 * Math.min(2, Math.max(0, scale)));
  const years = Math.log(1 + random.next() * (Math.exp(g * span) - 1)) / g;
  const start = Date.UTC(REGISTRATION.firstYear, 0, 1);
  const end = Date.UTC(REGISTRATION.lastYear, 11, 31);
  const at = Math.min(end, start + Math.floor((years / span) * (end - start + 86_400_000) / 86_400_000) * 86_400_000);
  return new Date(at).toISOString().slice(0, 10);
}

function birthDate(random: Random, registeredAt: string): string {
  // Legal representatives were 22–60 at registration; births kept within 1950–2000.
  const year = Math.min(2000, Math.max(1950, Number(registeredAt.slice(0, 4)) - random.int(22, 60)));
  const day = new Date(Date.UTC(year, 0, 1) + random.int(0, 364) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

function patents(random: Random, section: string, industryCode: string, size: SizeClass, factor: number) {
  const sizeFactor = { micro: 0.5, small: 1.6, medium: 3, large: 4 }[size];
  const p = Math.min(0.9, (PATENT_BASE[section] ?? 0) * factor * sizeFactor);
  if (!random.chance(p)) return { invention: 0, utility: 0, design: 0 };
  const median = { micro: 2, small: 4, medium: 15, large: 60 }[size];
  const total = Math.max(1, Math.round(median * Math.exp(0.9 * random.normal())));
  const inventionShare = section === 'I' || section === 'M' ? 0.5 : section === 'C' ? 0.25 : 0.2;
  const designShare = ['C17', 'C18', 'C19', 'C21', 'C24'].includes(industryCode) ? 0.3 : 0.08;
  const invention = Math.min(total, Math.round(total * inventionShare * (0.5 + random.next())));
  const design = Math.min(total - invention, Math.round(total * designShare * (0.5 + random.next())));
  return { invention, utility: total - invention - design, design };
}

function status(random: Random, size: SizeClass, registeredAt: string): EnterpriseStatus {
  const x = random.next();
  if (x < STATUS_SHARE.deregistered) return 'deregistered';
  // Abnormal listings (经营异常名录) fall mostly on young micro firms that miss annual reports.
  const abnormal = STATUS_SHARE.abnormal * (size === 'micro' ? 1.4 : 0.4) * (registeredAt >= '2018-01-01' ? 1.2 : 0.8);
  return x < STATUS_SHARE.deregistered + abnormal ? 'abnormal' : 'active';
}

/** Makes firm number `seq` of a population; pure: the same (seed, seq) always gives the same firm. */
export function createEnterpriseFactory(seed = 1): (seq: number) => EnterpriseRecord {
  const plan = planCity();
  const scatter = createCodeScatter(seed);
  const tradeName = createTradeNames(seed);
  const surnames = createWeightedTable(SURNAMES);

  return (seq) => {
    const random = createRandom(seed, seq);
    const district = plan.districts.draw(random);
    const town = district.towns.draw(random);
    const industryCode = district.industries.draw(random);
    const section = industryCode[0];
    const individual = random.chance(INDIVIDUAL_BUSINESS_SHARE[industryCode] ?? 0);

    // One latent size factor moves employees, productivity, capital and age together.
    const scale = random.normal();
    const params = SIZE_PARAMETERS[sizeRowOf(industryCode)];
    const employees = individual
      ? random.int(1, 6)
      : Math.max(1, Math.round(params.employees * Math.exp(SIZE_SPREAD.employees * scale)));
    const perEmployeeWan = params.revenuePerEmployee * Math.exp(SIZE_SPREAD.revenuePerEmployee * (0.35 * scale + 0.94 * random.normal()));
    const revenueFen = Math.round(employees * perEmployeeWan * 10_000) * 100;
    const capitalWan = individual
      ? niceCapital(5 * Math.exp(0.8 * random.normal()), random)
      : niceCapital(params.capitalWan * Math.exp(SIZE_SPREAD.capital * scale + SIZE_SPREAD.capitalNoise * random.normal()), random);
    const registeredCapitalFen = capitalWan * 1_000_000;
    // Total assets are not in the record: registered capital stands in for them (see docs/demo-city.md).
    const sizeClass = classifySize(industryCode, { employees, revenueFen, assetsFen: registeredCapitalFen });

    const registeredAt = registrationDate(random, scale);
    const uscc = demoUscc(individual ? '2' : '1', district.code, organisationCode8(seq, registeredAt, scatter));
    const trade = tradeName(seq);
    const word = random.pick(industryWordsOf(industryCode));
    const name = individual
      ? `杭州市${district.name}${trade}${random.pick(SHOP_WORDS[industryCode])}`
      : `${(sizeClass === 'large' || sizeClass === 'medium') && random.chance(0.4) ? '浙江' : '杭州'}${trade}${word}${
          sizeClass === 'large' && random.chance(0.5) ? '股份有限公司' : random.chance(0.1) ? '有限责任公司' : '有限公司'
        }`;

    const male = random.chance(0.72);
    const given = random.pick(GIVEN_NAME_CHARS) + (random.chance(0.75) ? random.pick(GIVEN_NAME_CHARS) : '');
    const idDivision = random.chance(0.7) ? district.code : random.pick(plan.zhejiangCounties);
    const p = patents(random, section, industryCode, sizeClass, district.calibration.patentFactor);
    const road = `${random.pick(ROAD_WORDS)}${random.pick(['路', '路', '街', '大道'])}`;

    return {
      uscc,
      name,
      districtCode: district.code,
      townCode: town.code,
      industryCode,
      registeredAt,
      registeredCapitalFen,
      employees,
      revenueFen,
      patentsInvention: p.invention,
      patentsUtility: p.utility,
      patentsDesign: p.design,
      sizeClass,
      status: status(random, sizeClass, registeredAt),
      legalRepName: surnames.draw(random) + given,
      legalRepIdNumber: demoIdNumber(random, idDivision, birthDate(random, registeredAt), male),
      legalRepPhone: demoPhone(random),
      address: `浙江省杭州市${district.name}${town.name}${road}${random.int(1, 999)}号${random.chance(0.6) ? `${random.int(1, 30)}幢${random.int(1, 25)}${String(random.int(1, 12)).padStart(2, '0')}室` : ''}`,
    };
  };
}

/**
 * Streams a population: firms `start`..`start + count - 1` of `seed`. Holds one firm at a time.
 * @example for (const e of generateEnterprises({ count: 5000, seed: 1 })) batch.push(e);
 */
export function* generateEnterprises(options: GenerateOptions): Generator<EnterpriseRecord> {
  const make = createEnterpriseFactory(options.seed ?? 1);
  const start = options.start ?? 1;
  for (let seq = start; seq < start + options.count; seq++) yield make(seq);
}
