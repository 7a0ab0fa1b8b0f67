import type { ExpressionBuilder, Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { DataScope } from '../identity/scope.ts';
import type { EnterpriseRecord, EnterpriseStatus, SizeClass } from './enterprise.types.ts';

interface EnterprisesTable {
  uscc: string;
  name: string;
  district_code: string;
  town_code: string;
  industry_code: string;
  registered_at: string;
  registered_capital_fen: number;
  employees: number;
  revenue_fen: number;
  patents_invention: number;
  patents_utility: number;
  patents_design: number;
  size_class: string;
  status: string;
  legal_rep_name: string;
  legal_rep_id_number: string;
  legal_rep_phone: string;
  address: string;
}
/** Tables of the registry module. */
export interface RegistryTables {
  enterprises: EnterprisesTable;
}

/** Filters of an enterprise list. */
export interface EnterpriseFilter {
  q?: string;
  districtCode?: string;
  industrySection?: string;
  sizeClass?: SizeClass;
  status?: EnterpriseStatus;
}

const COLUMNS = 20; // columns per row; keeps multi-row inserts under SQLite's 32,766 bound parameters

function toRow(e: EnterpriseRecord): EnterprisesTable {
  return {
    uscc: e.uscc,
    name: e.name,
    district_code: e.districtCode,
    town_code: e.townCode,
    industry_code: e.industryCode,
    registered_at: e.registeredAt,
    registered_capital_fen: e.registeredCapitalFen,
    employees: e.employees,
    revenue_fen: e.revenueFen,
    patents_invention: e.patentsInvention,
    patents_utility: e.patentsUtility,
    patents_design: e.patentsDesign,
    size_class: e.sizeClass,
    status: e.status,
    legal_rep_name: e.legalRepName,
    legal_rep_id_number: e.legalRepIdNumber,
    legal_rep_phone: e.legalRepPhone,
    address: e.address,
  };
}

function toRecord(r: Selectable<EnterprisesTable>): EnterpriseRecord {
  return {
    uscc: r.uscc,
    name: r.name,
    districtCode: r.district_code,
    townCode: r.town_code,
    industryCode: r.industry_code,
    registeredAt: r.registered_at,
    registeredCapitalFen: Number(r.registered_capital_fen),
    employees: r.employees,
    revenueFen: Number(r.revenue_fen),
    patentsInvention: r.patents_invention,
    patentsUtility: r.patents_utility,
    patentsDesign: r.patents_design,
    sizeClass: r.size_class as SizeClass,
    status: r.status as EnterpriseStatus,
    legalRepName: r.legal_rep_name,
    legalRepIdNumber: r.legal_rep_id_number,
    legalRepPhone: r.legal_rep_phone,
    address: r.address,
  };
}

/** The one place a data scope becomes SQL. */
function scoped<O>(
  query: SelectQueryBuilder<RegistryTables, 'enterprises', O>,
  scope: DataScope,
): SelectQueryBuilder<RegistryTables, 'enterprises', O> {
  switch (scope.kind) {
    case 'all':
      return query;
    case 'none':
      return query.where((eb: ExpressionBuilder<RegistryTables, 'enterprises'>) => eb(eb.val(1), '=', 0));
    case 'enterprise':
      return query.where('uscc', '=', scope.uscc);
    case 'division':
      return query.where(scope.column === 'town' ? 'town_code' : 'district_code', 'like', `${scope.prefix}%`);
  }
}

/** The only code that touches the enterprises table. */
export function createEnterpriseRepository(database: Database) {
  const db = database.kysely as Kysely<RegistryTables>;

  function filtered(scope: DataScope, filter: EnterpriseFilter) {
    let q = scoped(db.selectFrom('enterprises'), scope);
    if (filter.q) {
      const term = filter.q.trim().replace(/[%_]/g, '');
      q = q.where((eb) => eb.or([eb('name', 'like', `%${term}%`), eb('uscc', '=', term.toUpperCase())]));
    }
    if (filter.districtCode) q = q.where('district_code', '=', filter.districtCode);
    if (filter.industrySection) q = q.where('industry_code', 'like', `${filter.industrySection}%`);
    if (filter.sizeClass) q = q.where('size_class', '=', filter.sizeClass);
    if (filter.status) q = q.where('status', '=', filter.status);
    return q;
  }

  return {
    /** Inserts records in multi-row statements. Run inside a transaction for speed and atomicity. */
    async insertMany(records: readonly EnterpriseRecord[], within?: Kysely<unknown>): Promise<void> {
      const target = (within ?? db) as Kysely<RegistryTables>;
      const perStatement = Math.floor(30_000 / COLUMNS);
      for (let i = 0; i < records.length; i += perStatement) {
        await target.insertInto('enterprises').values(records.slice(i, i + perStatement).map(toRow)).execute();
      }
    },
    /** Number of enterprises, optionally within a scope. */
    async count(scope: DataScope = { kind: 'all' }): Promise<number> {
      const { n } = await scoped(db.selectFrom('enterprises'), scope)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    /** One page of enterprises inside a scope, ordered by name. */
    async list(scope: DataScope, filter: EnterpriseFilter, page: number, pageSize: number): Promise<{ items: EnterpriseRecord[]; total: number }> {
      const q = filtered(scope, filter);
      const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .selectAll()
        .orderBy('name')
        .orderBy('uscc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return { items: rows.map(toRecord), total: Number(n) };
    },
    /** One enterprise if it exists inside the scope. */
    async get(scope: DataScope, uscc: string): Promise<EnterpriseRecord | undefined> {
      const row = await scoped(db.selectFrom('enterprises'), scope).selectAll().where('uscc', '=', uscc).executeTakeFirst();
      return row && toRecord(row);
    },
    /** Every USCC in order, one page after `afterUscc` (keyset), for sizing snapshots. */
    async scanUsccs(afterUscc: string, limit: number): Promise<string[]> {
      const rows = await db.selectFrom('enterprises').select('uscc').where('uscc', '>', afterUscc).orderBy('uscc').limit(limit).execute();
      return rows.map((r) => r.uscc);
    },
    /** The non-personal core columns of every enterprise in USCC order, one page at a time, for building snapshots. */
    async scanCore(afterUscc: string, limit: number): Promise<Pick<EnterpriseRecord, 'uscc' | 'districtCode' | 'townCode' | 'industryCode' | 'registeredAt' | 'registeredCapitalFen' | 'employees' | 'revenueFen' | 'patentsInvention' | 'patentsUtility' | 'patentsDesign' | 'sizeClass' | 'status'>[]> {
      const rows = await db
        .selectFrom('enterprises')
        .select(['uscc', 'district_code', 'town_code', 'industry_code', 'registered_at', 'registered_capital_fen', 'employees', 'revenue_fen', 'patents_invention', 'patents_utility', 'patents_design', 'size_class', 'status'])
        .where('uscc', '>', afterUscc)
        .orderBy('uscc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        uscc: r.uscc, districtCode: r.district_code, townCode: r.town_code, industryCode: r.industry_code, registeredAt: r.registered_at,
        registeredCapitalFen: Number(r.registered_capital_fen), employees: r.employees, revenueFen: Number(r.revenue_fen), patentsInvention: r.patents_invention,
        patentsUtility: r.patents_utility, patentsDesign: r.patents_design, sizeClass: r.size_class as SizeClass, status: r.status as EnterpriseStatus,
      }));
    },
    /** Counts grouped by district or town inside a scope. */
    async countBy(scope: DataScope, level: 'district' | 'town'): Promise<{ code: string; enterprises: number; active: number; smallAndMicro: number }[]> {
      const column = level === 'district' ? 'district_code' : 'town_code';
      const rows = await scoped(db.selectFrom('enterprises'), scope)
        .select((eb) => [
          eb.ref(column).as('code'),
          eb.fn.countAll<number>().as('enterprises'),
          eb.fn.sum<number>(eb.case().when('status', '=', 'active').then(1).else(0).end()).as('active'),
          eb.fn.sum<number>(eb.case().when('size_class', 'in', ['small', 'micro']).then(1).else(0).end()).as('small_micro'),
        ])
        .groupBy(column)
        .orderBy(column)
        .execute();
      return rows.map((r) => ({ code: String(r.code), enterprises: Number(r.enterprises), active: Number(r.active), smallAndMicro: Number(r.small_micro) }));
    },
  };
}

/** The enterprise repository's interface. */
export type EnterpriseRepository = ReturnType<typeof createEnterpriseRepository>;
