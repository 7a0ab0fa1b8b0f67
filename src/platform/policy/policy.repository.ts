import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { PolicyUnit } from '../../engines/rules/index.ts';

interface UnitsTable {
  id: string;
  title_zh: string;
  title_en: string;
  category: string | null;
  owner_org_id: string | null;
  latest_version: number;
  published_version: number | null;
  created_at: string;
  updated_at: string;
}

interface VersionsTable {
  unit_id: string;
  version: number;
  document: string;
  hash: string;
  origin: string;
  created_by: string | null;
  created_at: string;
}

interface RunsTable {
  id: string;
  kind: string;
  status: string;
  as_of: string;
  org_id: string;
  requested_by: string;
  scope: string;
  population: number | null;
  result: string | null;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

interface Tables {
  policy_units: UnitsTable;
  policy_unit_versions: VersionsTable;
  policy_runs: RunsTable;
}

/** A stored policy unit: its latest and published versions. */
export interface StoredUnit {
  id: string;
  title: { zh: string; en: string };
  category: string | null;
  ownerOrgId: string | null;
  latestVersion: number;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

/** One immutable version of a unit. */
export interface StoredVersion {
  unitId: string;
  version: number;
  unit: PolicyUnit;
  hash: string;
  /** `shipped` (seeded from the module's files) or `author` (saved through the API). */
  origin: 'shipped' | 'author';
  createdBy: string | null;
  createdAt: string;
}

/** The status of a background run. */
export type RunStatus = 'running' | 'done' | 'failed';

/** A population-match run as stored. */
export interface StoredRun {
  id: string;
  kind: 'match';
  status: RunStatus;
  asOf: string;
  orgId: string;
  requestedBy: string;
  scope: unknown;
  population: number | null;
  result: unknown;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

function toUnit(r: UnitsTable): StoredUnit {
  return {
    id: r.id, title: { zh: r.title_zh, en: r.title_en }, category: r.category, ownerOrgId: r.owner_org_id,
    latestVersion: Number(r.latest_version), publishedVersion: r.published_version === null ? null : Number(r.published_version), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function toVersion(r: VersionsTable): StoredVersion {
  return { unitId: r.unit_id, version: Number(r.version), unit: JSON.parse(r.document) as PolicyUnit, hash: r.hash, origin: r.origin as StoredVersion['origin'], createdBy: r.created_by, createdAt: r.created_at };
}

function toRun(r: RunsTable): StoredRun {
  return {
    id: r.id, kind: r.kind as 'match', status: r.status as RunStatus, asOf: r.as_of, orgId: r.org_id, requestedBy: r.requested_by, scope: JSON.parse(r.scope),
    population: r.population === null ? null : Number(r.population), result: r.result ? JSON.parse(r.result) : null, error: r.error, startedAt: r.started_at, finishedAt: r.finished_at,
  };
}

// Publications through this process, per database (several repositories may share one database).
const publicationCounters = new WeakMap<Database, { n: number }>();

/** The only code that touches the policy tables. */
export function createPolicyRepository(database: Database) {
  const db = database.kysely as Kysely<Tables>;
  let publications = publicationCounters.get(database);
  if (!publications) publicationCounters.set(database, (publications = { n: 0 }));
  const counter = publications;
  let stamp: { n: number; at: number; value: Promise<string> } | undefined;
  return {
    /** Runs `fn` in one transaction. */
    transaction<T>(fn: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
      return db.transaction().execute(fn);
    },

    async listUnits(within: Kysely<Tables> = db): Promise<StoredUnit[]> {
      return (await within.selectFrom('policy_units').selectAll().orderBy('id').execute()).map(toUnit);
    },

    async getUnit(id: string, within: Kysely<Tables> = db): Promise<StoredUnit | undefined> {
      const r = await within.selectFrom('policy_units').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toUnit(r);
    },

    async getVersion(id: string, version: number, within: Kysely<Tables> = db): Promise<StoredVersion | undefined> {
      const r = await within.selectFrom('policy_unit_versions').selectAll().where('unit_id', '=', id).where('version', '=', version).executeTakeFirst();
      return r && toVersion(r);
    },

    async listVersions(id: string): Promise<StoredVersion[]> {
      return (await db.selectFrom('policy_unit_versions').selectAll().where('unit_id', '=', id).orderBy('version').execute()).map(toVersion);
    },

    /** The published version of every unit that has one. */
    async publishedUnits(): Promise<StoredVersion[]> {
      const rows = await db
        .selectFrom('policy_unit_versions as v')
        .innerJoin('policy_units as u', (j) => j.onRef('u.id', '=', 'v.unit_id').onRef('u.published_version', '=', 'v.version'))
        .selectAll('v')
        .orderBy('v.unit_id')
        .execute();
      return rows.map(toVersion);
    },

    /**
     * A cheap fingerprint of which versions are published (count, sum of versions, last change):
     * it changes with every publication, so caches of the compiled published units key on it.
     */
    async publishedStamp(): Promise<string> {
      const r = await db.selectFrom('policy_units').where('published_version', 'is not', null)
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('published_version').as('s'), eb.fn.max('updated_at').as('m')]).executeTakeFirstOrThrow();
      return `${Number(r.n)}:${Number(r.s ?? 0)}:${r.m ?? ''}`;
    },

    /** Inserts a version (never updates one) and moves the unit's latest pointer. */
    async insertVersion(trx: Kysely<Tables>, v: Omit<StoredVersion, 'unit'> & { unit: PolicyUnit; ownerOrgId: string | null }, isNewUnit: boolean): Promise<void> {
      await trx.insertInto('policy_unit_versions').values({
        unit_id: v.unitId, version: v.version, document: JSON.stringify(v.unit), hash: v.hash, origin: v.origin, created_by: v.createdBy, created_at: v.createdAt,
      }).execute();
      const title = { title_zh: v.unit.title.zh, title_en: v.unit.title.en, category: v.unit.category ?? null, latest_version: v.version, updated_at: v.createdAt };
      if (isNewUnit) await trx.insertInto('policy_units').values({ id: v.unitId, ...title, owner_org_id: v.ownerOrgId, published_version: null, created_at: v.createdAt }).execute();
      else await trx.updateTable('policy_units').set(title).where('id', '=', v.unitId).execute();
    },

    async setPublished(trx: Kysely<Tables>, id: string, version: number, at: string): Promise<void> {
      counter.n++;
      await trx.updateTable('policy_units').set({ published_version: version, updated_at: at }).where('id', '=', id).execute();
    },

    /** Tells every repository over this database that a publication committed (their cached stamps are stale). */
    notePublished(): void {
      counter.n++;
    },

    /**
     * `publishedStamp()` read at most once a second while no publication goes through this process
     * ("policies for me" asks on every request; the aggregate costs a quarter of a millisecond at
     * 1,100 units): a publication here is seen at once, one on another node within a second.
     */
    async publishedStampRecent(now: number): Promise<string> {
      if (stamp && stamp.n === counter.n && now - stamp.at < 1_000) return stamp.value;
      const entry = { n: counter.n, at: now, value: this.publishedStamp() };
      stamp = entry;
      entry.value.catch(() => { if (stamp === entry) stamp = undefined; });
      return entry.value;
    },

    async insertRun(run: StoredRun): Promise<void> {
      await db.insertInto('policy_runs').values({
        id: run.id, kind: run.kind, status: run.status, as_of: run.asOf, org_id: run.orgId, requested_by: run.requestedBy, scope: JSON.stringify(run.scope),
        population: run.population, result: null, error: null, started_at: run.startedAt, finished_at: null,
      }).execute();
    },

    async finishRun(id: string, f: { status: RunStatus; population: number | null; result: unknown; error: string | null; finishedAt: string }): Promise<void> {
      await db.updateTable('policy_runs').set({ status: f.status, population: f.population, result: f.result === null ? null : JSON.stringify(f.result), error: f.error, finished_at: f.finishedAt }).where('id', '=', id).execute();
    },

    async getRun(id: string): Promise<StoredRun | undefined> {
      const r = await db.selectFrom('policy_runs').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toRun(r);
    },

    /** Runs of an organisation (all runs when `orgId` is undefined), newest first. */
    async listRuns(orgId: string | undefined, limit: number): Promise<StoredRun[]> {
      let q = db.selectFrom('policy_runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit);
      if (orgId !== undefined) q = q.where('org_id', '=', orgId);
      return (await q.execute()).map(toRun);
    },

    /** Marks runs left running by a stopped process as failed. */
    async failRunning(at: string): Promise<number> {
      const r = await db.updateTable('policy_runs').set({ status: 'failed', error: 'interrupted: the server stopped during the run', finished_at: at }).where('status', '=', 'running').executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}

/** The policy repository's interface. */
export type PolicyRepository = ReturnType<typeof createPolicyRepository>;
