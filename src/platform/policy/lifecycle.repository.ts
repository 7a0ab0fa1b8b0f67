import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { AuditState, BankAccount, BudgetLine, Claim, ClaimStatus, InboxMessage, LedgerAccount, Payment, PaymentBatch, Publication, Push, UnitSettings } from './lifecycle.types.ts';

interface BudgetLinesTable { id: string; title: string; org_id: string; cap_fen: number; created_by: string; created_at: string; touched_at: string }
interface SettingsTable { unit_id: string; mode: string; budget_line_id: string; updated_by: string; updated_at: string; certificates: string | null }
interface LedgerTable { id: string; txn_id: string; budget_line_id: string; account: string; amount_fen: number; claim_id: string | null; memo: string; created_at: string }
interface PublicationsTable {
  id: string; unit_id: string; version: number; status: string; as_of: string; org_id: string; requested_by: string; basis: string | null;
  eligible: number | null; pushes: number | null; claims: number | null; error: string | null; started_at: string; finished_at: string | null;
}
interface PushesTable { id: string; publication_id: string; unit_id: string; version: number; uscc: string; amount_fen: number; as_of: string; created_at: string }
interface NotificationsTable { id: string; uscc: string; kind: string; title_zh: string; title_en: string; ref_id: string | null; created_at: string }
interface ClaimsTable {
  id: string; unit_id: string; version: number; uscc: string; district_code: string; town_code: string; mode: string; status: string; amount_fen: number;
  answers: string; promised: string; explanation: string | null; audit: string | null; account: string | null; reason: string | null;
  decided_by: string | null; decided_at: string | null; recovery_fen: number; recovered_at: string | null; created_at: string; updated_at: string;
}
interface PaymentsTable {
  id: string; idem_key: string; claim_id: string; budget_line_id: string; uscc: string; amount_fen: number; account: string; status: string;
  attempts: number; batch_id: string | null; reason: string | null; created_at: string; updated_at: string;
}
interface BatchesTable { id: string; org_id: string; created_by: string; count: number; total_fen: number; file: string; status: string; created_at: string; reconciled_at: string | null }

/** The life-cycle tables. */
export interface LifecycleTables {
  policy_budget_lines: BudgetLinesTable;
  policy_unit_settings: SettingsTable;
  policy_ledger: LedgerTable;
  policy_publications: PublicationsTable;
  policy_pushes: PushesTable;
  policy_notifications: NotificationsTable;
  policy_claims: ClaimsTable;
  policy_payments: PaymentsTable;
  policy_payment_batches: BatchesTable;
}

/** A connection or transaction over the life-cycle tables. */
export type LifecycleDb = Kysely<LifecycleTables>;

const json = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

/** Row mappers (database rows → domain objects). */
export const rows = {
  line: (r: BudgetLinesTable): BudgetLine => ({ id: r.id, title: r.title, orgId: r.org_id, capFen: Number(r.cap_fen), createdAt: r.created_at }),
  settings: (r: SettingsTable): UnitSettings => ({ unitId: r.unit_id, mode: r.mode as UnitSettings['mode'], budgetLineId: r.budget_line_id, certificates: json(r.certificates), updatedBy: r.updated_by, updatedAt: r.updated_at }),
  publication: (r: PublicationsTable): Publication => ({
    id: r.id, unitId: r.unit_id, version: Number(r.version), status: r.status as Publication['status'], asOf: r.as_of, orgId: r.org_id, requestedBy: r.requested_by,
    basis: json(r.basis), eligible: r.eligible === null ? null : Number(r.eligible), pushes: r.pushes === null ? null : Number(r.pushes), claims: r.claims === null ? null : Number(r.claims),
    error: r.error, startedAt: r.started_at, finishedAt: r.finished_at,
  }),
  push: (r: PushesTable): Push => ({ id: r.id, publicationId: r.publication_id, unitId: r.unit_id, version: Number(r.version), uscc: r.uscc, amountFen: Number(r.amount_fen), asOf: r.as_of, createdAt: r.created_at }),
  message: (r: NotificationsTable): InboxMessage => ({ id: r.id, uscc: r.uscc, kind: r.kind as InboxMessage['kind'], title: { zh: r.title_zh, en: r.title_en }, refId: r.ref_id, createdAt: r.created_at }),
  claim: (r: ClaimsTable): Claim => ({
    id: r.id, unitId: r.unit_id, version: Number(r.version), uscc: r.uscc, districtCode: r.district_code, townCode: r.town_code, mode: r.mode as Claim['mode'], status: r.status as ClaimStatus,
    amountFen: Number(r.amount_fen), answers: JSON.parse(r.answers) as Claim['answers'], promised: JSON.parse(r.promised) as string[], explanation: json(r.explanation),
    audit: r.audit as AuditState, account: json<BankAccount>(r.account), reason: r.reason, decidedBy: r.decided_by, decidedAt: r.decided_at,
    recoveryFen: Number(r.recovery_fen), recoveredAt: r.recovered_at, createdAt: r.created_at, updatedAt: r.updated_at,
  }),
  payment: (r: PaymentsTable): Payment => ({
    id: r.id, idemKey: r.idem_key, claimId: r.claim_id, budgetLineId: r.budget_line_id, uscc: r.uscc, amountFen: Number(r.amount_fen), account: JSON.parse(r.account) as BankAccount,
    status: r.status as Payment['status'], attempts: Number(r.attempts), batchId: r.batch_id, reason: r.reason, createdAt: r.created_at, updatedAt: r.updated_at,
  }),
  batch: (r: BatchesTable): PaymentBatch => ({
    id: r.id, orgId: r.org_id, createdBy: r.created_by, count: Number(r.count), totalFen: Number(r.total_fen), file: r.file, status: r.status as PaymentBatch['status'], createdAt: r.created_at, reconciledAt: r.reconciled_at,
  }),
};

/** The claim row for an insert. */
export function claimRow(c: Claim): ClaimsTable {
  return {
    id: c.id, unit_id: c.unitId, version: c.version, uscc: c.uscc, district_code: c.districtCode, town_code: c.townCode, mode: c.mode, status: c.status, amount_fen: c.amountFen,
    answers: JSON.stringify(c.answers), promised: JSON.stringify(c.promised), explanation: c.explanation === null ? null : JSON.stringify(c.explanation), audit: c.audit,
    account: c.account ? JSON.stringify(c.account) : null, reason: c.reason, decided_by: c.decidedBy, decided_at: c.decidedAt, recovery_fen: c.recoveryFen, recovered_at: c.recoveredAt,
    created_at: c.createdAt, updated_at: c.updatedAt,
  };
}

/**
 * The double-entry ledger of the budget lines: each transaction's entries sum to zero; entries are
 * never changed (triggers refuse UPDATE and DELETE). Balances are sums of entries.
 */
export function createLedger(ids: { next(prefix: string): string }) {
  return {
    /** Posts one balanced transaction. */
    async post(db: LifecycleDb, e: { lineId: string; claimId: string | null; memo: string; at: string; legs: [LedgerAccount, number][] }): Promise<void> {
      const sum = e.legs.reduce((s, [, fen]) => s + fen, 0);
      if (sum !== 0 || e.legs.some(([, fen]) => !Number.isSafeInteger(fen))) throw new Error(`unbalanced ledger transaction (${e.memo}): ${sum}`);
      const txn = ids.next('ptx');
      await db.insertInto('policy_ledger').values(e.legs.map(([account, fen]) => ({
        id: ids.next('ple'), txn_id: txn, budget_line_id: e.lineId, account, amount_fen: fen, claim_id: e.claimId, memo: e.memo, created_at: e.at,
      }))).execute();
    },

    /** Locks a budget line for the rest of the transaction (a portable row lock: an update). */
    async lock(db: LifecycleDb, lineId: string, at: string): Promise<void> {
      await db.updateTable('policy_budget_lines').set({ touched_at: at }).where('id', '=', lineId).execute();
    },

    /** Every account's balance on a line. */
    async balances(db: LifecycleDb, lineId: string): Promise<Record<LedgerAccount, number>> {
      const rs = await db.selectFrom('policy_ledger').select(['account', (eb) => eb.fn.sum<number>('amount_fen').as('fen')]).where('budget_line_id', '=', lineId).groupBy('account').execute();
      const out = { appropriation: 0, available: 0, committed: 0, in_transit: 0, paid: 0, receivable: 0 };
      for (const r of rs) out[r.account as LedgerAccount] = Number(r.fen);
      return out;
    },
  };
}

/** The life-cycle ledger's interface. */
export type Ledger = ReturnType<typeof createLedger>;

/** The life-cycle tables over a database, and a transaction helper. */
export function lifecycleDb(database: Database) {
  const db = database.kysely as LifecycleDb;
  return {
    db,
    /** Runs `fn` in one transaction. */
    transaction<T>(fn: (trx: Transaction<LifecycleTables>) => Promise<T>): Promise<T> {
      return db.transaction().execute(fn);
    },
  };
}
