import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { batchFileXlsx, readXlsxTable } from './bank-files-xlsx.ts';
import { batchFile, MAX_ATTEMPTS, parseReturnFile, parseReturnTable, RETRIABLE_CODES } from './bank-files.ts';
import { assertOfficial, type BudgetService } from './budget.service.ts';
import { rows, type LifecycleDb, type lifecycleDb } from './lifecycle.repository.ts';
import type { LedgerAccount, Payment, PaymentBatch } from './lifecycle.types.ts';
// Supervision: a claim an active warning holds is not paid until the warning is closed.
import { notHeldByWarning } from './supervision.repository.ts';

/** What reconciling a return file did. */
export interface ReconcileOutcome {
  batchId: string;
  paid: number;
  retried: number;
  returned: number;
  /** Lines for payments already reconciled (a return file read twice changes nothing). */
  skipped: number;
}

const CHUNK = 500;

/** The rows of an XLSX return file; a file that is not XLSX is a validation error of `file`. */
async function xlsxRows(file: Buffer): Promise<string[][]> {
  try {
    return await readXlsxTable(file);
  } catch (e) {
    throw new AppError('validation.failed', 'Invalid return file', { errors: [{ field: 'file', rule: 'xlsx', message: `not an XLSX workbook: ${(e as Error).message}` }] });
  }
}

/**
 * Payout: approved claims become payments (one per claim and unit version — the idempotency key
 * is unique, so a replayed or crashed run pays nothing twice), queued payments go out as a bank
 * batch file, and the bank's return file reconciles them (paid; failed and retried; or returned
 * with a reason). Every money movement is a balanced ledger transaction on the budget line.
 */
export function createPayoutService(deps: {
  store: ReturnType<typeof lifecycleDb>; budget: BudgetService; audit: AuditService; clock: Clock; ids: IdGenerator;
  /** Test hook: called (and awaited) at each stage inside the payout transaction (throwing simulates a failure; the crash test kills the process there). */
  onStage?: (stage: 'payments' | 'batch') => void | Promise<void>;
}) {
  const { db } = deps.store;
  const ledger = deps.budget.ledger;
  const now = () => deps.clock.now().toISOString();

  async function lineIds(actor: Actor): Promise<string[]> {
    return (await deps.budget.lines(actor)).map((l) => l.id);
  }

  /** Posts, per budget line, one balanced transaction moving the sum of `items` from one account to another. */
  async function moveByLine(trx: LifecycleDb, items: { budgetLineId: string; amountFen: number }[], from: LedgerAccount, to: LedgerAccount, memo: string, at: string): Promise<void> {
    const sums = new Map<string, number>();
    for (const i of items) sums.set(i.budgetLineId, (sums.get(i.budgetLineId) ?? 0) + i.amountFen);
    for (const [lineId, fen] of sums) if (fen !== 0) await ledger.post(trx, { lineId, claimId: null, memo, at, legs: [[to, fen], [from, -fen]] });
  }

  const service = {
    /**
     * One payout run over the budget lines the actor manages: creates the missing payments of
     * approved claims, then writes every queued payment into one batch file. Returns null when
     * there is nothing to pay (a replay of a finished run).
     */
    async run(actor: Actor): Promise<PaymentBatch | null> {
      assertOfficial(actor);
      const lines = await lineIds(actor);
      if (lines.length === 0) return null;
      const batch = await deps.store.transaction(async (trx) => {
        const at = now();
        const approved = await trx.selectFrom('policy_claims as c').innerJoin('policy_unit_settings as s', 's.unit_id', 'c.unit_id')
          .select(['c.id', 'c.unit_id', 'c.version', 'c.uscc', 'c.amount_fen', 'c.account', 's.budget_line_id'])
          .where('c.status', '=', 'approved').where('c.amount_fen', '>', 0).where('s.budget_line_id', 'in', lines).where(notHeldByWarning).execute();
        for (let i = 0; i < approved.length; i += CHUNK) {
          await trx.insertInto('policy_payments').values(approved.slice(i, i + CHUNK).map((c) => ({
            id: deps.ids.next('ppm'), idem_key: `${c.id}:${c.unit_id}:${c.version}`, claim_id: c.id, budget_line_id: c.budget_line_id, uscc: c.uscc, amount_fen: Number(c.amount_fen),
            account: c.account ?? '{}', status: 'queued', attempts: 0, batch_id: null, reason: null, created_at: at, updated_at: at,
          }))).onConflict((oc) => oc.column('idem_key').doNothing()).execute();
        }
        await deps.onStage?.('payments');
        const queued = (await trx.selectFrom('policy_payments as p').innerJoin('policy_claims as c', 'c.id', 'p.claim_id').selectAll('p').select(['c.unit_id', 'c.version'])
          .where('p.status', '=', 'queued').where('p.budget_line_id', 'in', lines).where(notHeldByWarning).orderBy('p.id').execute())
          .map((r) => ({ ...rows.payment(r), purpose: `${r.unit_id} v${Number(r.version)}` }));
        if (queued.length === 0) return null;
        const id = deps.ids.next('pbt');
        const total = queued.reduce((s, p) => s + p.amountFen, 0);
        const ids = queued.map((p) => p.id);
        for (let i = 0; i < ids.length; i += CHUNK) {
          const part = ids.slice(i, i + CHUNK);
          await trx.updateTable('policy_payments').set((eb) => ({ status: 'sent', batch_id: id, attempts: eb('attempts', '+', 1), updated_at: at })).where('id', 'in', part).execute();
          await trx.updateTable('policy_claims').set({ status: 'paying', updated_at: at }).where('id', 'in', queued.slice(i, i + CHUNK).map((p) => p.claimId)).execute();
        }
        await moveByLine(trx, queued, 'committed', 'in_transit', `batch ${id}`, at);
        await deps.onStage?.('batch');
        const b: PaymentBatch = { id, orgId: actor.org.id, createdBy: actor.userId, count: queued.length, totalFen: total, file: batchFile(queued), status: 'sent', createdAt: at, reconciledAt: null };
        await trx.insertInto('policy_payment_batches').values({ id, org_id: b.orgId, created_by: b.createdBy, count: b.count, total_fen: b.totalFen, file: b.file, status: b.status, created_at: at, reconciled_at: null }).execute();
        return b;
      });
      if (batch) await deps.audit.record({ actor, action: 'policy.payout.batch', target: batch.id, details: { count: batch.count, totalFen: batch.totalFen } });
      return batch;
    },

    /**
     * Reads the bank's return file of a batch (CSV text, or XLSX in the same layout): PAID settles (in transit → paid); FAILED with a
     * retriable code queues the payment again (at most MAX_ATTEMPTS sends); any other failure
     * returns it with the reason (the money goes back to available; the company gives another account).
     */
    async reconcile(actor: Actor, batchId: string, file: string | { xlsx: Buffer }): Promise<ReconcileOutcome> {
      const batch = await service.batch(actor, batchId);
      const { lines, errors } = typeof file === 'string' ? parseReturnFile(file) : parseReturnTable(await xlsxRows(file.xlsx));
      assertNoFieldErrors(errors, 'Invalid return file');
      const out = await deps.store.transaction(async (trx) => {
        const at = now();
        const payments = new Map<string, Payment>();
        for (let i = 0; i < lines.length; i += CHUNK) {
          const rs = await trx.selectFrom('policy_payments').selectAll().where('id', 'in', lines.slice(i, i + CHUNK).map((l) => l.paymentId)).execute();
          for (const r of rs) payments.set(r.id, rows.payment(r));
        }
        assertNoFieldErrors(lines.flatMap((l, i) => (payments.get(l.paymentId)?.batchId === batch.id ? [] : [{ field: `row ${i + 2}.payment_id`, rule: 'payment.inBatch', message: `payment ${l.paymentId} is not in batch ${batch.id}` }])), 'Invalid return file');
        const paid: Payment[] = [], retried: Payment[] = [], returned: (Payment & { why: string })[] = [];
        let skipped = 0;
        for (const l of lines) {
          const p = payments.get(l.paymentId)!;
          if (p.status !== 'sent') { skipped++; continue; }
          if (l.result === 'PAID') paid.push(p);
          else if (RETRIABLE_CODES.has(l.reasonCode) && p.attempts < MAX_ATTEMPTS) retried.push(p);
          else returned.push({ ...p, why: `${l.reasonCode}${l.reason ? `: ${l.reason}` : ''}${RETRIABLE_CODES.has(l.reasonCode) ? ` (after ${p.attempts} attempts)` : ''}` });
        }
        for (let i = 0; i < paid.length; i += CHUNK) {
          const part = paid.slice(i, i + CHUNK);
          await trx.updateTable('policy_payments').set({ status: 'paid', reason: null, updated_at: at }).where('id', 'in', part.map((p) => p.id)).execute();
          await trx.updateTable('policy_claims').set({ status: 'paid', reason: null, updated_at: at }).where('id', 'in', part.map((p) => p.claimId)).execute();
        }
        for (let i = 0; i < retried.length; i += CHUNK)
          await trx.updateTable('policy_payments').set({ status: 'queued', updated_at: at }).where('id', 'in', retried.slice(i, i + CHUNK).map((p) => p.id)).execute();
        for (const p of returned) {
          await trx.updateTable('policy_payments').set({ status: 'returned', reason: p.why, updated_at: at }).where('id', '=', p.id).execute();
          await trx.updateTable('policy_claims').set({ status: 'payment_returned', reason: p.why, updated_at: at }).where('id', '=', p.claimId).execute();
        }
        await moveByLine(trx, paid, 'in_transit', 'paid', `settled ${batch.id}`, at);
        await moveByLine(trx, retried, 'in_transit', 'committed', `retry ${batch.id}`, at);
        await moveByLine(trx, returned, 'in_transit', 'available', `returned ${batch.id}`, at);
        const open = await trx.selectFrom('policy_payments').select('id').where('batch_id', '=', batch.id).where('status', '=', 'sent').limit(1).execute();
        if (open.length === 0) await trx.updateTable('policy_payment_batches').set({ status: 'reconciled', reconciled_at: at }).where('id', '=', batch.id).execute();
        return { batchId: batch.id, paid: paid.length, retried: retried.length, returned: returned.length, skipped };
      });
      await deps.audit.record({ actor, action: 'policy.payout.reconcile', target: batchId, details: { ...out } });
      return out;
    },

    /** A batch (with its file) of the actor's organisation (any for an administrator). */
    async batch(actor: Actor, id: string): Promise<PaymentBatch> {
      assertOfficial(actor);
      const r = await db.selectFrom('policy_payment_batches').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || (actor.role !== 'platform_admin' && r.org_id !== actor.org.id)) throw new AppError('not_found', `No payment batch ${id}`);
      return rows.batch(r);
    },

    /** A batch's file as XLSX (the same lines as its CSV; layout in docs/policy-lifecycle.md). */
    async batchXlsx(actor: Actor, id: string): Promise<Buffer> {
      return batchFileXlsx((await service.batch(actor, id)).file);
    },

    /** The latest batches of the actor's organisation (without their files). */
    async batches(actor: Actor): Promise<Omit<PaymentBatch, 'file'>[]> {
      assertOfficial(actor);
      let q = db.selectFrom('policy_payment_batches').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(50);
      if (actor.role !== 'platform_admin') q = q.where('org_id', '=', actor.org.id);
      return (await q.execute()).map((r) => { const { file: _file, ...rest } = rows.batch(r); return rest; });
    },

    /** The payments of claims (the caller has checked it may see those claims). */
    async paymentsOf(claimIds: string[]): Promise<Payment[]> {
      if (claimIds.length === 0) return [];
      const out: Payment[] = [];
      for (let i = 0; i < claimIds.length; i += CHUNK) out.push(...(await db.selectFrom('policy_payments').selectAll().where('claim_id', 'in', claimIds.slice(i, i + CHUNK)).execute()).map(rows.payment));
      return out;
    },
  };
  return service;
}

/** The payout service's interface. */
export type PayoutService = ReturnType<typeof createPayoutService>;
