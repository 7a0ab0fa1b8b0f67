import { AppError } from '../../kernel/errors.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import { requireBank } from './access.ts';
import { sha256Text } from './fingerprint.ts';
import type { PledgeEvents } from './pledge-log.ts';
import type { AssetRecord, PledgeRecord, PledgeRepository, ValuationRecord } from './pledge.repository.ts';

/** Valuation methods a bank may state. */
export const VALUATION_METHODS = ['income', 'market', 'cost'] as const;

/** The bank's side: valuation, pledge contract, loan, release; each step logged. */
export function createPledgeService(deps: { repo: PledgeRepository; events: PledgeEvents; clock: Clock; ids: IdGenerator }) {
  async function asset(id: string): Promise<AssetRecord> {
    const a = await deps.repo.getAsset(id);
    if (!a) throw new AppError('not_found', `No data asset ${id}`);
    return a;
  }
  async function bankPledge(actor: Actor, pledgeId: string): Promise<PledgeRecord> {
    requireBank(actor);
    const p = await deps.repo.getPledge(pledgeId);
    if (!p) throw new AppError('not_found', `No pledge ${pledgeId}`);
    if (p.bankOrgId !== actor.org.id) throw new AppError('auth.forbidden', `Pledge ${pledgeId} belongs to another bank`);
    return p;
  }

  return {
    /** A bank values a registered (current) asset. */
    async value(actor: Actor, assetId: string, input: { amountFen: number; method: (typeof VALUATION_METHODS)[number]; note: string }): Promise<ValuationRecord> {
      requireBank(actor);
      const a = await asset(assetId);
      if (a.status === 'superseded') throw new AppError('conflict.superseded', `Data asset ${assetId} has a newer version: value that one`);
      if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new AppError('validation.failed', 'amountFen must be a positive whole number of fen', { errors: [{ field: 'body.amountFen', rule: 'positiveFen', message: 'a positive whole number of fen' }] });
      return deps.events.withLock(`lineage:${a.lineageId}`, async () => {
        const v: ValuationRecord = { id: deps.ids.next('dpv'), assetId, bankOrgId: actor.org.id, bankName: actor.org.name, valuedBy: actor.userId, amountFen: input.amountFen, method: input.method, note: input.note.trim(), valuedAt: deps.clock.now().toISOString() };
        await deps.events.record(actor, { assetId, kind: 'valuation', facts: { fingerprint: a.fingerprint, bank: actor.org.code, valuationId: v.id, amountFen: v.amountFen, method: v.method }, write: (trx) => deps.repo.insertValuation(trx, v) });
        return v;
      });
    },

    /**
     * Signs a pledge over an asset on the bank's own valuation: the contract is recorded by number
     * and the SHA-256 of its text. An asset already pledged, or no longer current, is refused (409).
     */
    async pledge(actor: Actor, assetId: string, input: { valuationId: string; contractNo: string; contractText: string }): Promise<PledgeRecord> {
      requireBank(actor);
      const a = await asset(assetId);
      const v = await deps.repo.getValuation(input.valuationId);
      if (!v || v.assetId !== assetId) throw new AppError('validation.failed', `Valuation ${input.valuationId} is not a valuation of ${assetId}`, { errors: [{ field: 'body.valuationId', rule: 'valuation', message: 'not a valuation of this asset' }] });
      if (v.bankOrgId !== actor.org.id) throw new AppError('auth.forbidden', 'A pledge rests on the bank’s own valuation');
      return deps.events.withLock(`lineage:${a.lineageId}`, async () => {
        const current = await asset(assetId);
        if (current.status === 'pledged') {
          const active = await deps.repo.activePledge(assetId);
          throw new AppError('conflict.pledged', `Data asset ${assetId} is already pledged${active ? ` to ${active.bankName} since ${active.pledgedAt}` : ''}`, { pledgedTo: active?.bankName ?? null });
        }
        if (current.status === 'superseded') throw new AppError('conflict.superseded', `Data asset ${assetId} has a newer version`);
        const p: PledgeRecord = {
          id: deps.ids.next('dpp'), assetId, valuationId: v.id, bankOrgId: actor.org.id, bankName: actor.org.name, contractNo: input.contractNo.trim(),
          contractSha256: sha256Text(input.contractText), status: 'active', loanAmountFen: null, loanTermMonths: null, pledgedAt: deps.clock.now().toISOString(), loanAt: null, releasedAt: null,
        };
        await deps.events.record(actor, {
          assetId, kind: 'pledge',
          facts: { fingerprint: current.fingerprint, bank: actor.org.code, pledgeId: p.id, valuationId: v.id, contractNo: p.contractNo, contractSha256: p.contractSha256 },
          write: async (trx) => {
            if (!(await deps.repo.moveStatus(trx, assetId, 'registered', 'pledged'))) throw new AppError('conflict.pledged', `Data asset ${assetId} is no longer available to pledge`);
            await deps.repo.insertPledge(trx, p);
          },
        });
        return p;
      });
    },

    /** Grants the loan secured by a pledge: amount (fen, at most the valuation) and term in months. */
    async grantLoan(actor: Actor, pledgeId: string, input: { amountFen: number; termMonths: number }): Promise<PledgeRecord> {
      const p = await bankPledge(actor, pledgeId);
      const v = (await deps.repo.getValuation(p.valuationId))!;
      const errors = [];
      if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) errors.push({ field: 'body.amountFen', rule: 'positiveFen', message: 'a positive whole number of fen' });
      else if (input.amountFen > v.amountFen) errors.push({ field: 'body.amountFen', rule: 'withinValuation', message: `the loan may not exceed the valuation of ${v.amountFen} fen` });
      if (!Number.isInteger(input.termMonths) || input.termMonths < 1 || input.termMonths > 120) errors.push({ field: 'body.termMonths', rule: 'range', message: 'from 1 to 120 months' });
      if (errors.length > 0) throw new AppError('validation.failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
      const a = await asset(p.assetId);
      return deps.events.withLock(`lineage:${a.lineageId}`, async () => {
        const fresh = (await deps.repo.getPledge(pledgeId))!;
        if (fresh.status !== 'active') throw new AppError('conflict.released', `Pledge ${pledgeId} was released`);
        if (fresh.loanAt) throw new AppError('conflict.loan_granted', `Pledge ${pledgeId} already secures a loan`);
        await deps.events.record(actor, {
          assetId: p.assetId, kind: 'loan', facts: { pledgeId, amountFen: input.amountFen, termMonths: input.termMonths },
          write: async (trx) => {
            if (!(await deps.repo.recordLoan(trx, pledgeId, input.amountFen, input.termMonths, deps.clock.now().toISOString()))) throw new AppError('conflict.loan_granted', `Pledge ${pledgeId} changed meanwhile`);
          },
        });
        return (await deps.repo.getPledge(pledgeId))!;
      });
    },

    /** Releases a pledge when the loan is repaid; the asset can be pledged again. */
    async release(actor: Actor, pledgeId: string): Promise<PledgeRecord> {
      const p = await bankPledge(actor, pledgeId);
      const a = await asset(p.assetId);
      return deps.events.withLock(`lineage:${a.lineageId}`, async () => {
        const fresh = (await deps.repo.getPledge(pledgeId))!;
        if (fresh.status !== 'active') throw new AppError('conflict.released', `Pledge ${pledgeId} was already released`);
        await deps.events.record(actor, {
          assetId: p.assetId, kind: 'release', facts: { pledgeId },
          write: async (trx) => {
            if (!(await deps.repo.release(trx, pledgeId, deps.clock.now().toISOString()))) throw new AppError('conflict.released', `Pledge ${pledgeId} was already released`);
            await deps.repo.moveStatus(trx, p.assetId, 'pledged', 'registered');
          },
        });
        return (await deps.repo.getPledge(pledgeId))!;
      });
    },
  };
}

/** The pledge service. */
export type PledgeService = ReturnType<typeof createPledgeService>;
