import type { Kysely } from 'kysely';
import type { Database } from '../../../db/index.ts';

/** The three ways out of the register. */
export type ExitKind = 'simplified' | 'general' | 'forced';

/**
 * Where a case stands: `notice` (public notice running), `objected` (stopped by an objection),
 * `filing` / `creditor_notice` / `report` / `decision` (general deregistration's steps),
 * `cancelling` (registration cancelled, departments confirming), `closed` (every department confirmed),
 * `rejected` (refused by the official's decision).
 */
export type ExitStatus = 'notice' | 'objected' | 'filing' | 'creditor_notice' | 'report' | 'decision' | 'cancelling' | 'closed' | 'rejected';

/** One deregistration case. */
export interface ExitCase {
  id: string;
  kind: ExitKind;
  uscc: string;
  companyName: string;
  districtCode: string;
  instanceId: string | null;
  status: ExitStatus;
  statusReason: string | null;
  noticeNo: string | null;
  noticeStartsAt: string | null;
  noticeEndsAt: string | null;
  /** Eligibility, liquidation facts, the decision, the permits cancelled: JSON. */
  details: Record<string, unknown>;
  openedBy: string | null;
  openedOrgId: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** An objection to a public notice. */
export interface Objection {
  id: string;
  caseId: string;
  name: string;
  contact: string;
  reason: string;
  /** SHA-256 of the objector's address and contact: repeated objections are recognised without storing the address. */
  sourceHash: string;
  createdAt: string;
}

interface CaseRow {
  id: string; kind: string; uscc: string; company_name: string; district_code: string; instance_id: string | null; status: string; status_reason: string | null;
  notice_no: string | null; notice_starts_at: string | null; notice_ends_at: string | null; details: string; opened_by: string | null; opened_org_id: string | null;
  created_at: string; updated_at: string; closed_at: string | null;
}
interface ObjectionRow { id: string; case_id: string; name: string; contact: string; reason: string; source_hash: string; created_at: string }

/** The exit tables. */
export interface ExitTables { market_exit_cases: CaseRow; market_exit_objections: ObjectionRow }

const toCase = (r: CaseRow): ExitCase => ({
  id: r.id, kind: r.kind as ExitKind, uscc: r.uscc, companyName: r.company_name, districtCode: r.district_code, instanceId: r.instance_id,
  status: r.status as ExitStatus, statusReason: r.status_reason, noticeNo: r.notice_no, noticeStartsAt: r.notice_starts_at, noticeEndsAt: r.notice_ends_at,
  details: JSON.parse(r.details) as Record<string, unknown>, openedBy: r.opened_by, openedOrgId: r.opened_org_id, createdAt: r.created_at, updatedAt: r.updated_at, closedAt: r.closed_at,
});
const toObjection = (r: ObjectionRow): Objection => ({ id: r.id, caseId: r.case_id, name: r.name, contact: r.contact, reason: r.reason, sourceHash: r.source_hash, createdAt: r.created_at });

/** Statuses of a case still under way (one per company at a time). */
export const OPEN_STATUSES: readonly ExitStatus[] = ['notice', 'filing', 'creditor_notice', 'report', 'decision', 'cancelling'];

/**
 * The only code that touches `market_exit_cases` and `market_exit_objections`. Writes take an
 * optional transaction (a flow step's, when a service handler writes).
 * @example await repo.insertCase(undefined, exitCase)
 */
export function createExitRepository(database: Database) {
  const db = database.kysely as Kysely<ExitTables>;
  const on = (trx?: Kysely<unknown>) => (trx ?? db) as Kysely<ExitTables>;
  return {
    db,
    async insertCase(trx: Kysely<unknown> | undefined, c: ExitCase): Promise<void> {
      await on(trx).insertInto('market_exit_cases').values({
        id: c.id, kind: c.kind, uscc: c.uscc, company_name: c.companyName, district_code: c.districtCode, instance_id: c.instanceId, status: c.status,
        status_reason: c.statusReason, notice_no: c.noticeNo, notice_starts_at: c.noticeStartsAt, notice_ends_at: c.noticeEndsAt, details: JSON.stringify(c.details),
        opened_by: c.openedBy, opened_org_id: c.openedOrgId, created_at: c.createdAt, updated_at: c.updatedAt, closed_at: c.closedAt,
      }).execute();
    },
    async deleteCase(id: string): Promise<void> {
      await db.deleteFrom('market_exit_cases').where('id', '=', id).execute();
    },
    async findCase(id: string, trx?: Kysely<unknown>): Promise<ExitCase | undefined> {
      const r = await on(trx).selectFrom('market_exit_cases').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toCase(r);
    },
    async findByNotice(noticeNo: string): Promise<ExitCase | undefined> {
      const r = await db.selectFrom('market_exit_cases').selectAll().where('notice_no', '=', noticeNo).executeTakeFirst();
      return r && toCase(r);
    },
    /** A company's cases, newest first. */
    async casesOf(uscc: string): Promise<ExitCase[]> {
      return (await db.selectFrom('market_exit_cases').selectAll().where('uscc', '=', uscc).orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(toCase);
    },
    /** Cases in districts starting with a prefix (all when null), newest first. */
    async list(filter: { districtPrefix: string | null; kind?: ExitKind; status?: ExitStatus; limit: number }): Promise<ExitCase[]> {
      let q = db.selectFrom('market_exit_cases').selectAll();
      if (filter.districtPrefix) q = q.where('district_code', 'like', `${filter.districtPrefix}%`);
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.status) q = q.where('status', '=', filter.status);
      return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute()).map(toCase);
    },
    /** Notices running now (ends after `now`), soonest end first: the public list. */
    async runningNotices(now: string, limit: number): Promise<ExitCase[]> {
      return (await db.selectFrom('market_exit_cases').selectAll().where('status', '=', 'notice').where('notice_ends_at', '>', now)
        .orderBy('notice_ends_at').orderBy('id').limit(limit).execute()).map(toCase);
    },
    /**
     * Moves a case from one of `from` to `to` (with a reason, extra details merged, closed when given);
     * returns the case after the move, or undefined when it was not in `from` (someone else moved it).
     */
    async transition(trx: Kysely<unknown> | undefined, id: string, from: readonly ExitStatus[], to: ExitStatus, at: string, more: { reason?: string | null; details?: Record<string, unknown>; closed?: boolean; notice?: { startsAt: string; endsAt: string } } = {}): Promise<ExitCase | undefined> {
      const target = on(trx);
      const current = await target.selectFrom('market_exit_cases').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current || !from.includes(current.status as ExitStatus)) return undefined;
      const details = more.details ? JSON.stringify({ ...(JSON.parse(current.details) as object), ...more.details }) : current.details;
      // Guarded by the status read above; `returning` because PGlite reports no row counts inside transactions.
      const rows = await target.updateTable('market_exit_cases')
        .set({
          status: to, status_reason: more.reason === undefined ? current.status_reason : more.reason, details, updated_at: at,
          ...(more.closed ? { closed_at: at } : {}), ...(more.notice ? { notice_starts_at: more.notice.startsAt, notice_ends_at: more.notice.endsAt } : {}),
        })
        .where('id', '=', id).where('status', '=', current.status).returningAll().execute();
      return rows[0] && toCase(rows[0]);
    },
    async setInstance(id: string, instanceId: string): Promise<void> {
      await db.updateTable('market_exit_cases').set({ instance_id: instanceId }).where('id', '=', id).execute();
    },
    async insertObjection(trx: Kysely<unknown> | undefined, o: Objection): Promise<void> {
      await on(trx).insertInto('market_exit_objections').values({ id: o.id, case_id: o.caseId, name: o.name, contact: o.contact, reason: o.reason, source_hash: o.sourceHash, created_at: o.createdAt }).execute();
    },
    async objectionsOf(caseId: string): Promise<Objection[]> {
      return (await db.selectFrom('market_exit_objections').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute()).map(toObjection);
    },
    /** Cases per kind and status in a district prefix (all when null): the monitoring page's counts. */
    async countByStatus(districtPrefix: string | null): Promise<Array<{ kind: ExitKind; status: ExitStatus; n: number }>> {
      let q = db.selectFrom('market_exit_cases').select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('n')]);
      if (districtPrefix) q = q.where('district_code', 'like', `${districtPrefix}%`);
      return (await q.groupBy(['kind', 'status']).execute()).map((r) => ({ kind: r.kind as ExitKind, status: r.status as ExitStatus, n: Number(r.n) }));
    },
    /** Transaction helper. */
    transaction<T>(fn: (trx: Kysely<unknown>) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => fn(trx as unknown as Kysely<unknown>));
    },
  };
}

/** The exit repository's interface. */
export type ExitRepository = ReturnType<typeof createExitRepository>;
