// Reproducible synthetic workload for the rules bench: a 64-attribute schema, a columnar
// population written straight into typed arrays, and ~1,100 units shaped like real policies
// (2–12 conditions, average ≈ 5; OR groups, decision tables, multi-period ratios, dated parameters).
import { isoToDays } from '../../src/engines/rules/dates.ts';
import { createSnapshot, type ColumnSnapshot } from '../../src/engines/rules/snapshot.ts';
import type { Amount, AttributeDef, AttributeSchema, Benefit, DecisionTable, Expr, ParameterDef, PolicyUnit } from '../../src/engines/rules/types.ts';

/** xorshift32: small, fast, seedable. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

const SECTORS = 'ABCDEFGHIJKLMNOPQRST'.split('');
const DISTRICTS = Array.from({ length: 12 }, (_, i) => `D${String(i + 1).padStart(2, '0')}`);
const TOWNS = Array.from({ length: 60 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);
const CERTS = Array.from({ length: 20 }, (_, i) => `cert${i}`);
const YEARLY = ['revenue', 'profit', 'rd', 'rd_domestic', 'tax', 'exports', 'hitech_revenue', 'investment', 'wages', 'insurance_paid'];
const QUARTERLY = ['employees', 'assets'];
const FLAGS = ['listed', 'flag_a', 'flag_b', 'flag_c', 'flag_d', 'flag_e'];
const INTS = ['tech_staff', 'patents_invention', 'patents_utility', 'patents_design', 'copyrights', 'graduates_hired', 'layoffs', 'disabled_staff', 'trademarks', 'standards_led'];
const MONEY = ['registered_capital', 'taxable_income', 'energy_cost', 'rent', 'loans', 'donations', 'training_cost', 'equipment', 'land_value', 'debt', 'cash'];
const NUMS = ['energy_intensity', 'credit_score', 'layoff_rate', 'export_share', 'pollution_index', 'water_use', 'floor_area', 'satisfaction', 'growth_index', 'digital_index', 'rating', 'distance_km', 'output_index', 'tax_credit_rate', 'rd_index', 'quality_score', 'innovation_index'];

/** The 64-attribute schema of the bench population. */
export function benchSchema(): AttributeSchema {
  const s: AttributeDef[] = [
    { key: 'sector', type: 'enum', zh: '行业门类', en: 'Sector', values: SECTORS },
    { key: 'district', type: 'enum', zh: '区域', en: 'District', values: DISTRICTS },
    { key: 'town', type: 'enum', zh: '街镇', en: 'Town', values: TOWNS },
    { key: 'size_class', type: 'enum', zh: '规模', en: 'Size class', values: ['large', 'medium', 'small', 'micro'] },
    { key: 'status', type: 'enum', zh: '状态', en: 'Status', values: ['active', 'abnormal'] },
    { key: 'ownership', type: 'enum', zh: '所有制', en: 'Ownership', values: ['private', 'state', 'foreign', 'joint', 'collective', 'other'] },
    { key: 'registered_at', type: 'date', zh: '成立日期', en: 'Registration date' },
    { key: 'certs', type: 'set', zh: '资质', en: 'Certificates', values: CERTS },
  ];
  for (const k of FLAGS) s.push({ key: k, type: 'boolean', zh: k, en: k });
  for (const k of YEARLY) s.push({ key: k, type: 'money', zh: k, en: k, periods: 3 });
  for (const k of QUARTERLY) s.push({ key: k, type: k === 'assets' ? 'money' : 'integer', zh: k, en: k, periods: 4 });
  for (const k of INTS) s.push({ key: k, type: 'integer', zh: k, en: k });
  for (const k of MONEY) s.push({ key: k, type: 'money', zh: k, en: k });
  for (const k of NUMS) s.push({ key: k, type: 'number', zh: k, en: k });
  return s;
}

/**
 * Writes `size` subjects into a (shared) snapshot; no value is missing, no revenue is 0.
 * `clustered`: rows ordered by district, then sector (as a registry may build its snapshot),
 * instead of in random order.
 */
export function benchPopulation(schema: AttributeSchema, size: number, seed: number, shared = true, clustered = false): ColumnSnapshot {
  const snap = createSnapshot(schema, size, { shared });
  const r = rng(seed);
  const col = (k: string, p = 0) => snap.columns[k].periods[p];
  const scale = new Float64Array(size);
  for (let i = 0; i < size; i++) scale[i] = Math.exp(r() * 9); // 1 … 8,100: a long tail of firm sizes
  const d0 = isoToDays('1990-01-01');
  const d1 = isoToDays('2025-06-30');
  for (let i = 0; i < size; i++) {
    const pos = (i * 12) / size;
    col('sector')[i] = Math.min(19, Math.floor(Math.pow(clustered ? pos - Math.floor(pos) : r(), 1.5) * 20));
    col('district')[i] = clustered ? Math.floor(pos) : Math.floor(r() * 12);
    col('town')[i] = Math.floor(r() * 60);
    col('size_class')[i] = scale[i] > 2000 ? 0 : scale[i] > 300 ? 1 : scale[i] > 20 ? 2 : 3;
    col('status')[i] = r() < 0.05 ? 1 : 0;
    col('ownership')[i] = Math.floor(r() * 6);
    col('registered_at')[i] = d0 + Math.floor(r() * (d1 - d0));
    let bits = 0;
    for (let c = 0; c < 20; c++) if (r() < 0.08) bits |= 1 << c;
    (col('certs') as Uint32Array)[i] = bits >>> 0;
    for (const f of FLAGS) col(f)[i] = r() < 0.2 ? 1 : 0;
  }
  for (const k of YEARLY) {
    const share = k === 'revenue' ? 1 : k === 'rd' ? 0.05 : k === 'rd_domestic' ? 0.04 : k === 'hitech_revenue' ? 0.5 : 0.1;
    for (let p = 0; p < 3; p++) {
      const c = col(k, p);
      for (let i = 0; i < size; i++) c[i] = Math.round(scale[i] * 100_000_00 * share * (0.5 + r()) * (1 - p * 0.05)) + (k === 'revenue' ? 100 : 0);
    }
  }
  for (const k of QUARTERLY)
    for (let p = 0; p < 4; p++) {
      const c = col(k, p);
      for (let i = 0; i < size; i++) c[i] = k === 'employees' ? Math.max(1, Math.round(scale[i] * (0.5 + r()))) : Math.round(scale[i] * 50_000_00 * (0.5 + r()));
    }
  for (const k of INTS) { const c = col(k); for (let i = 0; i < size; i++) c[i] = Math.floor(r() * r() * scale[i] / 10); }
  for (const k of MONEY) { const c = col(k); for (let i = 0; i < size; i++) c[i] = Math.round(scale[i] * 10_000_00 * r()); }
  for (const k of NUMS) { const c = col(k); for (let i = 0; i < size; i++) c[i] = Math.round(r() * 10000) / 100; }
  return snap;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Thresholds from short "round" lists, as real policies use: this is what makes predicates shared. */
function threshold(r: () => number, key: string): number {
  if (YEARLY.includes(key) || MONEY.includes(key) || key === 'assets') return pick(r, [100_000_00, 500_000_00, 1_000_000_00, 5_000_000_00, 20_000_000_00, 50_000_000_00, 200_000_000_00]);
  if (NUMS.includes(key)) return pick(r, [10, 20, 30, 50, 60, 80, 90]);
  return pick(r, [1, 2, 3, 5, 10, 20, 50, 100, 300]);
}

/** Generates `count` units; every one validates against benchSchema(). */
export function benchUnits(count: number, seed: number): PolicyUnit[] {
  const r = rng(seed);
  const units: PolicyUnit[] = [];
  for (let u = 0; u < count; u++) {
    const params: Record<string, ParameterDef> = {};
    const tables: Record<string, DecisionTable> = {};
    let pn = 0;
    const param = (v: number, kind: ParameterDef['kind'] = 'number'): Expr => {
      // A third of thresholds are dated parameters with a history (the later value in force).
      if (r() > 0.33) return v;
      const name = `p${pn++}`;
      params[name] = { kind, values: [{ from: '2019-01-01', value: v * 2 }, { from: '2023-01-01', value: v }] };
      return { param: name };
    };
    const numeric = [...YEARLY.map((k) => ({ var: k })), ...INTS.map((k) => ({ var: k })), ...MONEY.map((k) => ({ var: k })), ...NUMS.map((k) => ({ var: k }))];
    const condition = (): Expr => {
      const kind = r();
      if (kind < 0.14) return { in: [{ var: 'district' }, [pick(r, DISTRICTS)]] };
      if (kind < 0.24) return { in: [{ var: 'sector' }, SECTORS.slice(Math.floor(r() * 8), 8 + Math.floor(r() * 6))] };
      if (kind < 0.48) {
        const v = pick(r, numeric) as { var: string };
        return { [pick(r, ['>=', '<=', '>'])]: [v, param(threshold(r, v.var), YEARLY.includes(v.var) || MONEY.includes(v.var) ? 'money' : 'number')] };
      }
      if (kind < 0.54) return { '>=': [{ ratio_sums: [pick(r, ['rd', 'exports', 'hitech_revenue', 'tax']), 'revenue', 3] }, param(pick(r, [0.03, 0.05, 0.1, 0.2]), 'ratio')] };
      if (kind < 0.58) return { '>=': [{ period: ['revenue', 0] }, { '*': [{ period: ['revenue', 1] }, pick(r, [1, 1.1, 1.2])] }] };
      if (kind < 0.63) return { '<=': [{ avg_periods: [pick(r, QUARTERLY), 4] }, param(pick(r, [50, 100, 300, 1000]))] };
      if (kind < 0.68) return { in: [pick(r, CERTS), { var: 'certs' }] };
      if (kind < 0.73) return { var: pick(r, FLAGS) };
      if (kind < 0.77) return { '>=': [{ age_years: [{ var: 'registered_at' }] }, param(pick(r, [1, 2, 3, 5]))] };
      if (kind < 0.85) return { or: [{ var: pick(r, FLAGS) }, { in: [pick(r, CERTS), { var: 'certs' }] }, { '>=': [pick(r, numeric), pick(r, [5, 10, 50])] }] };
      if (kind < 0.89) return { '<=': [pick(r, [1, 5, 10]), { var: pick(r, INTS) }, pick(r, [50, 100, 500])] };
      if (kind < 0.92) return { '!': [{ '==': [{ var: 'status' }, 'abnormal'] }] };
      if (kind < 0.96) {
        const name = `band${Object.keys(tables).length}`;
        const lo = pick(r, [20_000_000_00, 50_000_000_00]);
        const hi = pick(r, [200_000_000_00, 400_000_000_00]);
        tables[name] = { hitPolicy: 'unique', inputs: [{ var: 'revenue' }], rows: [{ when: [{ '<=': lo }], then: 0.05 }, { when: [{ '>': lo, '<=': hi }], then: 0.04 }, { when: [{ '>': hi }], then: 0.03 }] };
        return { '>=': [{ ratio_sums: ['rd', 'revenue', 3] }, { table: name }] };
      }
      const name = `size${Object.keys(tables).length}`;
      tables[name] = {
        hitPolicy: 'first', inputs: [{ var: 'sector' }, { period: ['employees', 0] }, { period: ['revenue', 0] }],
        rows: [
          { when: [{ in: ['C', 'D'] }, { '<': 20 }, { '<': 3_000_000_00 }], then: 'micro' },
          { when: [{ in: ['C', 'D'] }, { '<': 300 }, { '<': 20_000_000_00 }], then: 'small' },
          { when: ['-', { '<': 10 }, { '<': 1_000_000_00 }], then: 'micro' },
          { when: ['-', { '<': 100 }, { '<': 10_000_000_00 }], then: 'small' },
        ],
        default: 'other',
      };
      return { in: [{ table: name }, pick(r, [['micro'], ['micro', 'small']])] };
    };
    // 2–12 conditions, average ≈ 5.
    const n = Math.min(12, 2 + Math.floor(-Math.log(1 - r()) * 3.5));
    const eligibility: Expr = { and: Array.from({ length: n }, condition) };
    const b = r();
    const benefit: Benefit = b < 0.4 ? { fixed: param(pick(r, [10_000_00, 50_000_00, 200_000_00]), 'money') as Amount }
      : b < 0.8 ? { rate: pick(r, [0.05, 0.1, 0.5]), base: { period: [pick(r, ['rd', 'investment', 'insurance_paid', 'wages']), 1] }, cap: pick(r, [500_000_00, 2_000_000_00]) }
      : { brackets: [{ upTo: 1_000_000_00, rate: 0.1 }, { upTo: 10_000_000_00, rate: 0.05 }, { upTo: null, rate: 0.02 }], base: { period: ['investment', 0] }, cap: 5_000_000_00 };
    units.push({ id: `u${u}`, version: 1, title: { zh: `单元${u}`, en: `Unit ${u}` }, validFrom: '2019-01-01', parameters: params, tables, eligibility, benefit });
  }
  return units;
}
