import type { ExpressionBuilder, Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/index.ts';
import { isInScope, type DataScope } from '../identity/scope.ts';
import type { EnterpriseRecord, EnterpriseStatus, SizeClass } from './enterprise.types.ts';
import { createRawRowReader, createRawRowScanner } from './raw-rows.ts';
import type { RegisterRow } from './snapshot/mirror-snapshot.ts';

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

/** Every column of the enterprises table, in the order `recordOf` reads a raw row. */
const RECORD_COLUMNS = [
  'uscc', 'name', 'district_code', 'town_code', 'industry_code', 'registered_at', 'registered_capital_fen', 'employees', 'revenue_fen',
  'patents_invention', 'patents_utility', 'patents_design', 'size_class', 'status', 'legal_rep_name', 'legal_rep_id_number', 'legal_rep_phone', 'address',
] as const satisfies readonly (keyof EnterprisesTable)[];

/** A raw row of RECORD_COLUMNS as a record (as `toRecord` reads an object row). */
function recordOf(r: readonly unknown[]): EnterpriseRecord {
  return {
    uscc: r[0] as string,
    name: r[1] as string,
    districtCode: r[2] as string,
    townCode: r[3] as string,
    industryCode: r[4] as string,
    registeredAt: r[5] as string,
    registeredCapitalFen: Number(r[6]),
    employees: r[7] as number,
    revenueFen: Number(r[8]),
    patentsInvention: r[9] as number,
    patentsUtility: r[10] as number,
    patentsDesign: r[11] as number,
    sizeClass: r[12] as SizeClass,
    status: r[13] as EnterpriseStatus,
    legalRepName: r[14] as string,
    legalRepIdNumber: r[15] as string,
    legalRepPhone: r[16] as string,
    address: r[17] as string,
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

/** The register's columns a snapshot reads, by field (no personal data). */
const CORE_COLUMNS = {
  districtCode: 'district_code', townCode: 'town_code', industryCode: 'industry_code', registeredAt: 'registered_at', registeredCapitalFen: 'registered_capital_fen',
  employees: 'employees', revenueFen: 'revenue_fen', patentsInvention: 'patents_invention', patentsUtility: 'patents_utility', patentsDesign: 'patents_design',
  sizeClass: 'size_class', status: 'status',
} as const satisfies Record<Exclude<keyof RegisterRow, 'uscc'>, keyof EnterprisesTable>;
const REGISTER_COLUMNS = ['uscc', ...Object.values(CORE_COLUMNS)] as const;
/** The register row's numeric fields (read as numbers whatever the driver hands back: PostgreSQL bigints come as text). */
const NUMERIC_FIELDS: ReadonlySet<string> = new Set(['registeredCapitalFen', 'employees', 'revenueFen', 'patentsInvention', 'patentsUtility', 'patentsDesign']);

/** The register row's fields a scan can ask for (`scanRegister`'s `fields`), and whether each is numeric. */
export function registerField(field: string): { column: string; numeric: boolean } | undefined {
  const column = (CORE_COLUMNS as Record<string, string>)[field];
  return column === undefined ? undefined : { column, numeric: NUMERIC_FIELDS.has(field) };
}

/** A raw row of `registerPage` (columns in REGISTER_COLUMNS order) as a register row. */
export function toRegisterRow(r: readonly unknown[]): RegisterRow {
  return {
    uscc: r[0] as string, districtCode: r[1] as string, townCode: r[2] as string, industryCode: r[3] as string, registeredAt: r[4] as string,
    registeredCapitalFen: Number(r[5]), employees: Number(r[6]), revenueFen: Number(r[7]), patentsInvention: Number(r[8]), patentsUtility: Number(r[9]),
    patentsDesign: Number(r[10]), sizeClass: r[11] as SizeClass, status: r[12] as EnterpriseStatus,
  };
}

/** The register's change log (filled by triggers on `enterprises`, migration 0350). */
interface ChangeTables {
  registry_register_changes: { seq: number; uscc: string };
}

/** The only code that touches the enterprises table. */
export function createEnterpriseRepository(database: Database) {
  const db = database.kysely as Kysely<RegistryTables>;
  const raw = createRawRowReader(database);
  const committed = createRawRowReader(database, { committed: true });
  const scan = createRawRowScanner(database);
  const byUscc = db.selectFrom('enterprises').select(RECORD_COLUMNS).where('uscc', '=', '').compile();

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
      // By primary key with one statement compiled once (every portrait reads one), then the scope
      // checked on the row — the same rule as `scoped`'s SQL (`isInScope`).
      const [row] = await committed({ ...byUscc, parameters: [uscc] });
      if (!row) return undefined;
      const record = recordOf(row);
      return isInScope(scope, record) ? record : undefined;
    },
    /** Streams every USCC in order, as raw rows `[uscc]`, for sizing snapshots. */
    async scanUsccs(onRows: (rows: unknown[][]) => void): Promise<void> {
      await scan(db.selectFrom('enterprises').select('uscc').orderBy('uscc').compile(), onRows, 65_536);
    },
    /** Streams the register's non-personal core columns of every enterprise, in storage order, as raw rows (`toRegisterRow` reads one). */
    /** Every register row as a raw array: `uscc` then the columns of `fields` (register-row field names, see `registerField`), by default all of `toRegisterRow`'s. */
    async scanRegister(onRows: (rows: unknown[][]) => void, fields?: readonly string[]): Promise<void> {
      const columns = fields ? ['uscc', ...fields.map((f) => registerField(f)!.column)] : REGISTER_COLUMNS;
      await scan(db.selectFrom('enterprises').select(columns as unknown as typeof REGISTER_COLUMNS).compile(), onRows);
    },
    /** The register's core columns of these enterprises (those that exist). */
    async registerRows(usccs: readonly string[]): Promise<RegisterRow[]> {
      const out: RegisterRow[] = [];
      for (let i = 0; i < usccs.length; i += 1000) {
        const rows = await raw(db.selectFrom('enterprises').select(REGISTER_COLUMNS).where('uscc', 'in', usccs.slice(i, i + 1000)).compile());
        for (const r of rows) out.push(toRegisterRow(r));
      }
      return out;
    },
    /** Changes the register's core columns of one enterprise (the change log records it, so snapshots follow; in the caller's transaction when `within`); false if there is no such enterprise. */
    async updateCore(uscc: string, patch: Partial<Omit<RegisterRow, 'uscc'>>, within?: Kysely<unknown>): Promise<boolean> {
      const target = (within ?? db) as Kysely<RegistryTables>;
      const set: Partial<EnterprisesTable> = {};
      for (const [key, column] of Object.entries(CORE_COLUMNS)) {
        const v = patch[key as keyof typeof patch];
        if (v !== undefined) (set as Record<string, unknown>)[column] = v;
      }
      if (Object.keys(set).length === 0) return (await target.selectFrom('enterprises').select('uscc').where('uscc', '=', uscc).executeTakeFirst()) !== undefined;
      // Rows counted from RETURNING: PGlite reports no affected rows for a table with a statement trigger.
      const rows = await target.updateTable('enterprises').set(set).where('uscc', '=', uscc).returning('uscc').execute();
      return rows.length > 0;
    },
    /** Changes the registered address and legal representative of one enterprise (a change registration; in the caller's transaction when `within`). */
    async updateRegistered(uscc: string, patch: Partial<Pick<EnterpriseRecord, 'address' | 'legalRepName' | 'legalRepIdNumber' | 'legalRepPhone'>>, within?: Kysely<unknown>): Promise<boolean> {
      const set: Partial<EnterprisesTable> = {};
      if (patch.address !== undefined) set.address = patch.address;
      if (patch.legalRepName !== undefined) set.legal_rep_name = patch.legalRepName;
      if (patch.legalRepIdNumber !== undefined) set.legal_rep_id_number = patch.legalRepIdNumber;
      if (patch.legalRepPhone !== undefined) set.legal_rep_phone = patch.legalRepPhone;
      if (Object.keys(set).length === 0) return false;
      const rows = await ((within ?? db) as Kysely<RegistryTables>).updateTable('enterprises').set(set).where('uscc', '=', uscc).returning('uscc').execute();
      return rows.length > 0;
    },
    /** The sequence number of the register's latest change (0 when none), from its change log. */
    async lastChange(): Promise<number> {
      const row = await (db as unknown as Kysely<ChangeTables>).selectFrom('registry_register_changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
      return Number(row?.seq ?? 0);
    },
    /** Changes logged after `afterSeq`, and those of the `also` sequence numbers that now exist, in sequence order (at most `limit`). */
    async changesAfter(afterSeq: number, also: readonly number[], limit: number): Promise<{ seq: number; uscc: string }[]> {
      const rows = await (db as unknown as Kysely<ChangeTables>)
        .selectFrom('registry_register_changes')
        .select(['seq', 'uscc'])
        .where((eb) => (also.length ? eb.or([eb('seq', '>', afterSeq), eb('seq', 'in', [...also])]) : eb('seq', '>', afterSeq)))
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ seq: Number(r.seq), uscc: r.uscc }));
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
