/** Size class under the MIIT 2011 SME thresholds (工信部联企业〔2011〕300号). */
export type SizeClass = 'large' | 'medium' | 'small' | 'micro';

// 《中小企业划型标准规定》(工信部联企业〔2011〕300号), 2011-06-18, by MIIT, NBS, NDRC and the
// Ministry of Finance; the NBS's 《统计上大中小微型企业划分办法（2017）》 keeps the same
// figures and maps them onto GB/T 4754-2017 divisions. A firm is of a class when it meets
// every indicator of that class ("且"); a firm that misses any indicator of a class falls to
// the class below. The "large" row is the SME upper bound: a firm above every bound is large.
// Amounts are in 万元 (10,000 yuan) here and compared in fen.

/** The indicators one industry's thresholds use. */
type Indicator = 'employees' | 'revenue' | 'assets';

/** Thresholds of one industry row: for each class above micro, the minimum of each indicator. */
export interface SizeThresholds {
  /** The 2011 rule's name for the industry, in Chinese. */
  industry: string;
  large: Partial<Record<Indicator, number>>;
  medium: Partial<Record<Indicator, number>>;
  small: Partial<Record<Indicator, number>>;
}

/** The threshold rows of the 2011 rule (employees in persons; revenue and assets in 万元). */
export const SIZE_THRESHOLDS = {
  agriculture: { industry: '农、林、牧、渔业', large: { revenue: 20000 }, medium: { revenue: 500 }, small: { revenue: 50 } },
  industry: {
    industry: '工业',
    large: { employees: 1000, revenue: 40000 },
    medium: { employees: 300, revenue: 2000 },
    small: { employees: 20, revenue: 300 },
  },
  construction: {
    industry: '建筑业',
    large: { revenue: 80000, assets: 80000 },
    medium: { revenue: 6000, assets: 5000 },
    small: { revenue: 300, assets: 300 },
  },
  wholesale: { industry: '批发业', large: { employees: 200, revenue: 40000 }, medium: { employees: 20, revenue: 5000 }, small: { employees: 5, revenue: 1000 } },
  retail: { industry: '零售业', large: { employees: 300, revenue: 20000 }, medium: { employees: 50, revenue: 500 }, small: { employees: 10, revenue: 100 } },
  transport: { industry: '交通运输业', large: { employees: 1000, revenue: 30000 }, medium: { employees: 300, revenue: 3000 }, small: { employees: 20, revenue: 200 } },
  warehousing: { industry: '仓储业', large: { employees: 200, revenue: 30000 }, medium: { employees: 100, revenue: 1000 }, small: { employees: 20, revenue: 100 } },
  postal: { industry: '邮政业', large: { employees: 1000, revenue: 30000 }, medium: { employees: 300, revenue: 2000 }, small: { employees: 20, revenue: 100 } },
  accommodation: { industry: '住宿业', large: { employees: 300, revenue: 10000 }, medium: { employees: 100, revenue: 2000 }, small: { employees: 10, revenue: 100 } },
  catering: { industry: '餐饮业', large: { employees: 300, revenue: 10000 }, medium: { employees: 100, revenue: 2000 }, small: { employees: 10, revenue: 100 } },
  telecom: { industry: '信息传输业', large: { employees: 2000, revenue: 100000 }, medium: { employees: 100, revenue: 1000 }, small: { employees: 10, revenue: 100 } },
  software: { industry: '软件和信息技术服务业', large: { employees: 300, revenue: 10000 }, medium: { employees: 100, revenue: 1000 }, small: { employees: 10, revenue: 50 } },
  realEstate: { industry: '房地产开发经营', large: { revenue: 200000, assets: 10000 }, medium: { revenue: 1000, assets: 5000 }, small: { revenue: 100, assets: 2000 } },
  leasingBusiness: { industry: '租赁和商务服务业', large: { employees: 300, assets: 120000 }, medium: { employees: 100, assets: 8000 }, small: { employees: 10, assets: 100 } },
  other: { industry: '其他未列明行业', large: { employees: 300 }, medium: { employees: 100 }, small: { employees: 10 } },
} as const satisfies Record<string, SizeThresholds>;

/** Which threshold row an industry code (`C39`) falls under. */
export type SizeRow = keyof typeof SIZE_THRESHOLDS;

/**
 * The threshold row of an industry code. K70 uses 房地产开发经营 (the rule's other K row,
 * 物业管理, sits at class level, finer than our codes); J (finance) has its own 2015 rule
 * and S, T are not enterprises: they fall under 其他未列明行业 here.
 */
export function sizeRowOf(industryCode: string): SizeRow {
  const section = industryCode[0];
  const division = Number(industryCode.slice(1));
  if (section === 'A') return 'agriculture';
  if (section === 'B' || section === 'C' || section === 'D') return 'industry';
  if (section === 'E') return 'construction';
  if (division === 51) return 'wholesale';
  if (division === 52) return 'retail';
  if (division === 59) return 'warehousing';
  if (division === 60) return 'postal';
  if (section === 'G') return 'transport';
  if (division === 61) return 'accommodation';
  if (division === 62) return 'catering';
  if (division === 63 || division === 64) return 'telecom';
  if (division === 65) return 'software';
  if (section === 'K') return 'realEstate';
  if (section === 'L') return 'leasingBusiness';
  return 'other';
}

/** The figures the size class is computed from. */
export interface SizeFacts {
  employees: number;
  revenueFen: number;
  /** Total assets in fen; the demo city uses registered capital in its place. */
  assetsFen: number;
}

const FEN_PER_WAN = 1_000_000;

function meets(min: Partial<Record<Indicator, number>>, facts: SizeFacts): boolean {
  if (min.employees !== undefined && facts.employees < min.employees) return false;
  if (min.revenue !== undefined && facts.revenueFen < min.revenue * FEN_PER_WAN) return false;
  if (min.assets !== undefined && facts.assetsFen < min.assets * FEN_PER_WAN) return false;
  return true;
}

/** The MIIT 2011 size class of a firm in an industry (`C39`) with the given figures. */
export function classifySize(industryCode: string, facts: SizeFacts): SizeClass {
  const row: SizeThresholds = SIZE_THRESHOLDS[sizeRowOf(industryCode)];
  if (meets(row.large, facts)) return 'large';
  if (meets(row.medium, facts)) return 'medium';
  if (meets(row.small, facts)) return 'small';
  return 'micro';
}
