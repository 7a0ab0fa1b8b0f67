import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';

/** One licence or filing a company holds. */
export interface Permit {
  id: string;
  uscc: string;
  itemCode: string;
  department: string;
  certificateNo: string;
  applicationId: string | null;
  status: 'valid' | 'cancelled';
  issuedAt: string;
  validUntil: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  documentHash: string | null;
}

interface PermitRow {
  id: string; uscc: string; item_code: string; department: string; certificate_no: string; application_id: string | null;
  status: string; issued_at: string; valid_until: string | null; cancelled_at: string | null; cancel_reason: string | null; document_hash: string | null;
}

/** The permits table. */
export interface PermitTables { market_permits: PermitRow }

const toPermit = (r: PermitRow): Permit => ({
  id: r.id, uscc: r.uscc, itemCode: r.item_code, department: r.department, certificateNo: r.certificate_no, applicationId: r.application_id,
  status: r.status === 'cancelled' ? 'cancelled' : 'valid', issuedAt: r.issued_at, validUntil: r.valid_until, cancelledAt: r.cancelled_at,
  cancelReason: r.cancel_reason, documentHash: r.document_hash,
});

/**
 * The only code that touches `market_permits`: entry issues permits, exit cancels them together with the registration ("1+N").
 * @example await permits.issue(trx, [{ id, uscc, itemCode: 'L001', department: 'health', certificateNo: 'JY133010600001', issuedAt }])
 */
export function createPermitsRepository(database: Database) {
  const db = database.kysely as Kysely<PermitTables>;
  return {
    db,
    /** Records issued permits (in the caller's transaction when given). */
    async issue(trx: Kysely<PermitTables> | undefined, permits: readonly Omit<Permit, 'status' | 'cancelledAt' | 'cancelReason'>[]): Promise<void> {
      const target = trx ?? db;
      for (let i = 0; i < permits.length; i += 200) {
        await target.insertInto('market_permits').values(permits.slice(i, i + 200).map((p) => ({
          id: p.id, uscc: p.uscc, item_code: p.itemCode, department: p.department, certificate_no: p.certificateNo, application_id: p.applicationId,
          status: 'valid', issued_at: p.issuedAt, valid_until: p.validUntil, cancelled_at: null, cancel_reason: null, document_hash: p.documentHash,
        }))).execute();
      }
    },
    /** A company's permits, valid ones only unless `all`. */
    async ofCompany(uscc: string, all = false): Promise<Permit[]> {
      let q = db.selectFrom('market_permits').selectAll().where('uscc', '=', uscc);
      if (!all) q = q.where('status', '=', 'valid');
      return (await q.orderBy('issued_at').orderBy('id').execute()).map(toPermit);
    },
    /** One permit by its certificate number. */
    async byCertificate(certificateNo: string): Promise<Permit | undefined> {
      const row = await db.selectFrom('market_permits').selectAll().where('certificate_no', '=', certificateNo).executeTakeFirst();
      return row ? toPermit(row) : undefined;
    },
    /** Cancels a company's valid permits (all, or the listed ids); returns the ids cancelled. */
    async cancel(trx: Kysely<PermitTables> | undefined, uscc: string, at: string, reason: string, ids?: readonly string[]): Promise<string[]> {
      let q = (trx ?? db).updateTable('market_permits').set({ status: 'cancelled', cancelled_at: at, cancel_reason: reason }).where('uscc', '=', uscc).where('status', '=', 'valid');
      if (ids) q = q.where('id', 'in', ids.length > 0 ? [...ids] : ['']);
      // `returning` rather than the affected-row count, which PGlite does not report inside a transaction.
      return (await q.returning('id').execute()).map((r) => r.id);
    },
  };
}

/** The repository's interface. */
export type PermitsRepository = ReturnType<typeof createPermitsRepository>;
