// The numbers the demo city's population is drawn from. They are approximations chosen to
// look like Hangzhou, not statistics: docs/demo-city.md says where each one comes from and
// how rough it is. Tests hold the generator to the shapes (shares, orderings), not to these
// exact figures.

/** How a district's firms spread over industries. */
export type DistrictProfile = 'core' | 'tech' | 'suburban' | 'county';

/** One county-level unit of Hangzhou and how its firms are drawn. */
export interface DistrictCalibration {
  /** GB/T 2260 code. */
  code: string;
  /** Relative number of enterprises (roughly thousands of registered enterprises). */
  weight: number;
  profile: DistrictProfile;
  /** Multiplier on the chance that a firm holds patents. */
  patentFactor: number;
  /** Manufacturing divisions this district is known for, with extra weight. */
  specialities?: Readonly<Record<string, number>>;
  /** Section weights that replace the profile's for this district. */
  sections?: Readonly<Record<string, number>>;
}

/** Hangzhou's 13 county-level units (2021 boundaries), weighted by rough enterprise counts. */
export const DISTRICTS: readonly DistrictCalibration[] = [
  { code: '330102', weight: 100, profile: 'core', patentFactor: 0.8 }, // 上城区
  { code: '330105', weight: 95, profile: 'core', patentFactor: 0.7 }, // 拱墅区
  { code: '330106', weight: 110, profile: 'core', patentFactor: 3.0, sections: { I: 13, M: 11 } }, // 西湖区 (universities, 云栖小镇)
  { code: '330108', weight: 60, profile: 'tech', patentFactor: 3.0, specialities: { C39: 8, C40: 3, C38: 2 } }, // 滨江区
  { code: '330109', weight: 130, profile: 'suburban', patentFactor: 0.8, specialities: { C17: 6, C18: 3, C34: 3, C36: 2, C26: 2 } }, // 萧山区
  { code: '330110', weight: 180, profile: 'suburban', patentFactor: 1.0, specialities: { C39: 3, C35: 2, C17: 2, C21: 2 } }, // 余杭区
  { code: '330111', weight: 45, profile: 'suburban', patentFactor: 0.6, specialities: { C22: 6, C32: 2, C33: 2 } }, // 富阳区
  { code: '330112', weight: 35, profile: 'suburban', patentFactor: 0.6, specialities: { C20: 4, C38: 3, C29: 2 } }, // 临安区
  { code: '330113', weight: 60, profile: 'suburban', patentFactor: 0.9, specialities: { C17: 3, C18: 2, C38: 2, C34: 2 } }, // 临平区
  { code: '330114', weight: 45, profile: 'suburban', patentFactor: 2.2, specialities: { C27: 5, C39: 4, C36: 3, C26: 2 } }, // 钱塘区
  { code: '330122', weight: 20, profile: 'county', patentFactor: 0.4, specialities: { C24: 6, C35: 2 } }, // 桐庐县 (pens, medical endoscopes)
  { code: '330127', weight: 12, profile: 'county', patentFactor: 0.2, specialities: { C15: 5, C13: 3 } }, // 淳安县 (water, tea)
  { code: '330182', weight: 15, profile: 'county', patentFactor: 0.4, specialities: { C26: 4, C30: 3 } }, // 建德市 (chemicals, cement)
];

/** Section weights of each district profile (per cent, roughly; S and T hold no enterprises). */
export const SECTION_MIX: Readonly<Record<DistrictProfile, Readonly<Record<string, number>>>> = {
  // The old urban districts: trade, business services, IT; almost no factories.
  core: { A: 0.3, C: 2.5, D: 0.2, E: 6, F: 40, G: 3, H: 3.5, I: 9, J: 2, K: 3, L: 17, M: 8, N: 0.5, O: 2.5, P: 0.8, Q: 0.5, R: 2.2 },
  // 滨江: the software and electronics district.
  tech: { A: 0.1, C: 6, D: 0.2, E: 3, F: 24, G: 2, H: 2, I: 30, J: 2, K: 2, L: 14, M: 12, N: 0.3, O: 1, P: 0.5, Q: 0.3, R: 1.6 },
  // The manufacturing districts around the core.
  suburban: { A: 1.2, B: 0.1, C: 20, D: 0.3, E: 8, F: 32, G: 5, H: 3, I: 6, J: 1, K: 2, L: 11, M: 5, N: 0.6, O: 2.5, P: 0.5, Q: 0.3, R: 1.5 },
  // 桐庐, 淳安, 建德: factories, farms, tourism.
  county: { A: 6, B: 0.4, C: 18, D: 0.6, E: 9, F: 32, G: 4, H: 7, I: 2, J: 0.5, K: 2, L: 8, M: 2.5, N: 1, O: 3, P: 0.5, Q: 0.5, R: 3 },
};

/** Division weights inside each section (Hangzhou-flavoured; unlisted divisions get none). */
export const DIVISION_MIX: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  A: { A01: 45, A02: 15, A03: 10, A04: 10, A05: 20 },
  B: { B10: 85, B12: 15 },
  C: {
    C13: 3, C14: 3, C15: 2, C17: 8, C18: 7, C19: 2, C20: 2, C21: 3, C22: 2, C23: 3, C24: 3, C26: 4, C27: 2, C28: 1,
    C29: 5, C30: 4, C31: 0.5, C32: 1, C33: 7, C34: 9, C35: 6, C36: 3, C37: 1, C38: 7, C39: 6, C40: 2, C41: 2, C42: 1, C43: 1,
  },
  D: { D44: 60, D45: 20, D46: 20 },
  E: { E47: 25, E48: 20, E49: 20, E50: 35 },
  F: { F51: 60, F52: 40 },
  G: { G53: 0.5, G54: 50, G55: 3, G56: 0.5, G58: 25, G59: 17, G60: 4 },
  H: { H61: 25, H62: 75 },
  I: { I63: 4, I64: 26, I65: 70 },
  J: { J66: 8, J67: 35, J68: 7, J69: 50 },
  K: { K70: 100 },
  L: { L71: 10, L72: 90 },
  M: { M73: 20, M74: 40, M75: 40 },
  N: { N76: 5, N77: 50, N78: 45 },
  O: { O80: 45, O81: 25, O82: 30 },
  P: { P83: 100 },
  Q: { Q84: 75, Q85: 25 },
  R: { R86: 10, R87: 20, R88: 30, R89: 20, R90: 20 },
};

/** Relative weights of township-level units by kind (街道, 镇, 乡, development zones and farms) when a firm picks its street. */
export const TOWN_KIND_WEIGHT = { street: 3, town: 2, township: 1, zone: 2 } as const;

/**
 * Firm size by threshold row of the MIIT rule: medians of employees, of revenue per employee
 * (万元 a year) and of registered capital (万元), before the shared size factor spreads them
 * log-normally. Tuned so that about 10% of firms come out medium or large (the issue asks for
 * about 90% small and micro), with leasing and business services lower: its medium class needs
 * 8,000万 of assets.
 */
export const SIZE_PARAMETERS: Readonly<Record<string, { employees: number; revenuePerEmployee: number; capitalWan: number }>> = {
  agriculture: { employees: 2, revenuePerEmployee: 20, capitalWan: 30 },
  industry: { employees: 34, revenuePerEmployee: 55, capitalWan: 150 },
  construction: { employees: 45, revenuePerEmployee: 50, capitalWan: 900 },
  wholesale: { employees: 3, revenuePerEmployee: 160, capitalWan: 60 },
  retail: { employees: 5.5, revenuePerEmployee: 40, capitalWan: 90 },
  transport: { employees: 30, revenuePerEmployee: 35, capitalWan: 300 },
  warehousing: { employees: 11, revenuePerEmployee: 30, capitalWan: 110 },
  postal: { employees: 30, revenuePerEmployee: 20, capitalWan: 280 },
  accommodation: { employees: 13, revenuePerEmployee: 18, capitalWan: 160 },
  catering: { employees: 13, revenuePerEmployee: 15, capitalWan: 150 },
  telecom: { employees: 11, revenuePerEmployee: 45, capitalWan: 90 },
  software: { employees: 11, revenuePerEmployee: 35, capitalWan: 90 },
  realEstate: { employees: 8, revenuePerEmployee: 80, capitalWan: 1000 },
  leasingBusiness: { employees: 15, revenuePerEmployee: 30, capitalWan: 800 },
  other: { employees: 11, revenuePerEmployee: 25, capitalWan: 140 },
};

/** Log-normal sigmas: employees and capital follow the shared size factor, revenue per employee partly. */
export const SIZE_SPREAD = { employees: 1.8, revenuePerEmployee: 0.75, capital: 1.1, capitalNoise: 0.7 } as const;

/** Base chance that a firm holds any patent, by section (before district and size factors). */
export const PATENT_BASE: Readonly<Record<string, number>> = {
  A: 0.02, B: 0.03, C: 0.22, D: 0.05, E: 0.03, F: 0.01, G: 0.005, H: 0.002, I: 0.12, J: 0.002, K: 0.002,
  L: 0.01, M: 0.18, N: 0.04, O: 0.005, P: 0.01, Q: 0.02, R: 0.01,
};

/** Registration years: first year, last year and the yearly growth of new registrations. */
export const REGISTRATION = { firstYear: 1995, lastYear: 2025, growth: 0.11 } as const;

/** Shares of status among firms (the rest are active). */
export const STATUS_SHARE = { abnormal: 0.035, deregistered: 0.01 } as const;

/** Divisions where some firms are individual businesses (个体工商户, USCC type 2), and how many. */
export const INDIVIDUAL_BUSINESS_SHARE: Readonly<Record<string, number>> = { F52: 0.35, H62: 0.4, O80: 0.35, O81: 0.35, O82: 0.45 };
