import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { LicenceItem } from './licence.types.ts';

/** The scenario's tables. */
export interface MarketTables {
  market_licences: { code: string; department: string; kind: string; active: number; position: number; spec: string; version: number; updated_at: string; updated_by: string | null };
  enterprises: { uscc: string; name: string; district_code: string; status: string };
}

/** A stored item and its version. */
export interface StoredItem {
  item: LicenceItem;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

/** The only code that touches `market_licences`, and the register's names for the name check. */
export function createMarketRepository(database: Database) {
  const db = database.kysely as Kysely<MarketTables>;
  const row = (item: LicenceItem, position: number, version: number, at: string, by: string | null) => ({
    code: item.code, department: item.department, kind: item.kind, active: item.active ? 1 : 0, position, spec: JSON.stringify(item), version, updated_at: at, updated_by: by,
  });
  return {
    db,
    /** Inserts the items the table does not have yet (an edited item is never overwritten). */
    async installMissing(items: readonly LicenceItem[], at: string): Promise<number> {
      const have = new Set((await db.selectFrom('market_licences').select('code').execute()).map((r) => r.code));
      const rows = items.map((item, i) => row(item, i, 1, at, null)).filter((r) => !have.has(r.code));
      for (let i = 0; i < rows.length; i += 100) {
        await db.insertInto('market_licences').values(rows.slice(i, i + 100)).onConflict((oc) => oc.column('code').doNothing()).execute();
      }
      return rows.length;
    },
    /** Every item in catalogue order. */
    async all(): Promise<StoredItem[]> {
      const rows = await db.selectFrom('market_licences').selectAll().orderBy('position').orderBy('code').execute();
      return rows.map((r) => ({ item: JSON.parse(r.spec) as LicenceItem, version: Number(r.version), updatedAt: r.updated_at, updatedBy: r.updated_by }));
    },
    /** Adds an item at the end; false when the code exists. */
    async insert(trx: Kysely<MarketTables>, item: LicenceItem, at: string, by: string): Promise<boolean> {
      const last = await trx.selectFrom('market_licences').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
      // `returning` rather than the affected-row count, which PGlite does not report inside a transaction.
      const inserted = await trx.insertInto('market_licences').values(row(item, Number(last?.p ?? 0) + 1, 1, at, by)).onConflict((oc) => oc.column('code').doNothing()).returning('code').execute();
      return inserted.length === 1;
    },
    /** Replaces an item if it is still at `version`; false when someone else changed it meanwhile. */
    async replace(trx: Kysely<MarketTables>, item: LicenceItem, version: number, at: string, by: string): Promise<boolean> {
      const updated = await trx
        .updateTable('market_licences')
        .set({ department: item.department, kind: item.kind, active: item.active ? 1 : 0, spec: JSON.stringify(item), version: version + 1, updated_at: at, updated_by: by })
        .where('code', '=', item.code)
        .where('version', '=', version)
        .returning('code')
        .execute();
      return updated.length === 1;
    },
    /** Names in the register of a city (district codes starting with `cityPrefix`) that contain `fragment`. */
    async namesContaining(fragment: string, cityPrefix: string, limit = 200): Promise<{ uscc: string; name: string; status: string }[]> {
      return db
        .selectFrom('enterprises')
        .select(['uscc', 'name', 'status'])
        .where('name', 'like', `%${fragment.replace(/[%_\\]/g, '')}%`)
        .where('district_code', 'like', `${cityPrefix}%`)
        .orderBy('name')
        .limit(limit)
        .execute();
    },
    /** Whether the register holds exactly this name anywhere. */
    async nameExists(name: string): Promise<{ uscc: string; name: string; status: string } | undefined> {
      return db.selectFrom('enterprises').select(['uscc', 'name', 'status']).where('name', '=', name).executeTakeFirst();
    },
  };
}

/** The repository's interface. */
export type MarketRepository = ReturnType<typeof createMarketRepository>;
