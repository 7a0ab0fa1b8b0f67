import type { Facts, PolicyUnit, SubjectResult } from '../../engines/rules/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { dataScopeOf } from '../identity/scope.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import { assertOfficial, LIFECYCLE_OFFICIALS, type BudgetService } from './budget.service.ts';
import { accountProblems, evaluateUnit, isMissing, mergeAnswers, missingFacts, whyNot } from './claim-evaluation.ts';
import { claimRow, rows, type LifecycleDb, type lifecycleDb } from './lifecycle.repository.ts';
import type { ApprovalMode, BankAccount, Claim, ClaimStatus, UnitSettings } from './lifecycle.types.ts';
import { deliverAll, type NotificationChannel } from './notify.ts';
import { checkFacts } from './facts.ts';
import type { CertificateLibrary } from '../certificates/certificate-library.ts';
import {
  claimCertificates, claimsReferencingUpload, loadClaimCertificates, uploadsReferenced, matchCertificates, provenByCertificates, SHIPPED_CERTIFICATE_NEEDS, storeClaimCertificates, uploadIds, uploadNotFound, uploadProblems,
  type CertificateNeed, type ClaimCertificate, type ClaimCertificateTables, type ClaimCertificates,
} from './claim-certificates.ts';
import type { FileService } from '../files/files.service.ts';
import type { Kysely } from 'kysely';
import type { PolicyEvaluationService } from './policy-evaluation.service.ts';
import type { PolicyUnitService } from './policy-units.service.ts';

/** What a company sees before applying: the unit, the mode, the pre-filled facts and what is asked. */
export interface ClaimQuote {
  unitId: string;
  version: number;
  mode: ApprovalMode;
  asOf: string;
  /** The figures the unit reads, as the mirror holds them (missing: null). */
  facts: Facts;
  /** The attributes the mirror lacks: the only questions asked. */
  missing: string[];
  /** The result from data alone. */
  result: SubjectResult;
  /** The certificates the unit needs: fetched from the library, refused (expired, cancelled), missing (an upload is asked). */
  certificates: ClaimCertificates;
}

/** A claim event, after its transaction committed. */
export type ClaimEvent = 'created' | 'account' | 'decided' | 'audited';

/** Listeners told of claim events (supervision, reviews on the flow engine); added after construction. */
export type ClaimListener = (actor: Actor, claim: Claim, event: ClaimEvent) => Promise<void>;

/**
 * Claims in four approval modes — apply-free (created at publication, approved from data, paid once
 * the company confirms its account), quick apply (pre-filled from the mirror, approved automatically
 * when data proves every condition), credit commitment (promised facts: approved now, post-audited,
 * revoked with recovery when a promise proves false) and manual (an official decides with the
 * explanation). Companies see their own claims; officials those in their data scope.
 */
export function createClaimService(deps: {
  store: ReturnType<typeof lifecycleDb>; budget: BudgetService; units: PolicyUnitService; evaluation: PolicyEvaluationService;
  enterprises: EnterpriseRepository; audit: AuditService; channels: NotificationChannel[]; clock: Clock; ids: IdGenerator;
  /** Told after each event; a listener's failure does not undo the event. */
  listeners?: ClaimListener[];
  /** The certificate library needed certificates are fetched from. */
  certificates?: CertificateLibrary;
  /** The uploaded files a claim's missing certificates name (none: no upload is accepted); its reviewers are granted them. */
  files?: Pick<FileService, 'find' | 'grantReaders' | 'referencedBy' | 'lockExisting'>;
}) {
  const { db } = deps.store;
  const certDb = db as unknown as Kysely<ClaimCertificateTables>;
  const emit = async (actor: Actor, c: Claim, event: ClaimEvent) => { for (const l of deps.listeners ?? []) await l(actor, c, event); };
  const now = () => deps.clock.now().toISOString();
  const today = () => now().slice(0, 10);
  const ledger = deps.budget.ledger;
  const needs = new Map<string, readonly CertificateNeed[]>(Object.entries(SHIPPED_CERTIFICATE_NEEDS));

  /** A unit's certificates for a company (apply-free units ask for none; the unit's settings name them, else the declaration in code) and the facts the valid ones prove. */
  async function certificatesFor(unitId: string, settings: UnitSettings, uscc: string, asOf: string): Promise<{ found: ClaimCertificates; proven: Facts; needed: readonly CertificateNeed[] }> {
    const needed = settings.mode === 'apply_free' ? [] : settings.certificates ?? needs.get(unitId) ?? [];
    const found = matchCertificates(needed, needed.length > 0 && deps.certificates ? await deps.certificates.list(uscc, asOf) : []);
    return { found, proven: provenByCertificates(needed, found.fetched), needed };
  }

  function companyOf(actor: Actor): string {
    if ((actor.role !== 'enterprise' && actor.role !== 'agent') || !actor.enterpriseUscc) throw new AppError('auth.forbidden', 'Only a company (or its agent) claims for itself');
    return actor.enterpriseUscc;
  }

  /** The published version of a unit and its settings (a unit without settings takes no claims). */
  async function open(unitId: string): Promise<{ unit: PolicyUnit; version: number; settings: UnitSettings }> {
    const stored = (await deps.units.list()).find((u) => u.id === unitId);
    if (!stored || stored.publishedVersion === null) throw new AppError('not_found', `No published policy unit ${unitId}`);
    const settings = await deps.budget.settings(unitId);
    if (!settings) throw new AppError('conflict', `Unit ${unitId} takes no claims yet: no approval mode and budget line set`);
    const v = await deps.units.get(unitId, stored.publishedVersion);
    return { unit: v.unit, version: v.version, settings };
  }

  async function mirrorFacts(actor: Actor, uscc: string, asOf: string): Promise<Facts> {
    return (await deps.evaluation.evaluateEnterprise(actor, uscc, { asOf, purpose: 'policy.claim' })).facts;
  }

  function visible(actor: Actor, c: Claim): boolean {
    const scope = dataScopeOf(actor);
    if (actor.role === 'enterprise' || actor.role === 'agent') return scope.kind === 'enterprise' && scope.uscc === c.uscc;
    if (!['platform_admin', 'official', 'department_officer'].includes(actor.role)) return false;
    if (scope.kind === 'all') return true;
    if (scope.kind === 'division') return (scope.column === 'town' ? c.townCode : c.districtCode).startsWith(scope.prefix);
    return false;
  }

  async function load(actor: Actor, id: string, within: LifecycleDb = db): Promise<Claim> {
    const r = await within.selectFrom('policy_claims').selectAll().where('id', '=', id).executeTakeFirst();
    const c = r && rows.claim(r);
    if (!c || !visible(actor, c)) throw new AppError('not_found', `No claim ${id}`);
    return c;
  }

  async function setStatus(trx: LifecycleDb, c: Claim, patch: Partial<Pick<Claim, 'status' | 'reason' | 'decidedBy' | 'decidedAt' | 'audit' | 'account' | 'recoveryFen' | 'recoveredAt'>>): Promise<Claim> {
    const next = { ...c, ...patch, updatedAt: now() };
    const r = claimRow(next);
    await trx.updateTable('policy_claims').set({ status: r.status, reason: r.reason, decided_by: r.decided_by, decided_at: r.decided_at, audit: r.audit, account: r.account, recovery_fen: r.recovery_fen, recovered_at: r.recovered_at, updated_at: r.updated_at }).where('id', '=', c.id).execute();
    return next;
  }

  /** Approves inside a transaction: commits the budget, or rejects when the line is spent. */
  async function approve(trx: LifecycleDb, c: Claim, lineId: string, by: string): Promise<Claim> {
    const ok = await deps.budget.commit(trx, lineId, c.id, c.amountFen);
    if (!ok) return setStatus(trx, c, { status: 'rejected', reason: 'budget.exhausted: the unit’s budget line is spent', decidedBy: by, decidedAt: now() });
    return setStatus(trx, c, { status: 'approved', decidedBy: by, decidedAt: now() });
  }

  async function tell(c: Claim, zh: string, en: string): Promise<void> {
    await deliverAll(deps.channels, [{ uscc: c.uscc, kind: 'claim', title: { zh, en }, refId: c.id }], () => undefined);
  }

  const service = {
    /** What a company would be asked for a unit: the mirror's figures, the missing ones, the result from data. */
    async quote(actor: Actor, unitId: string): Promise<ClaimQuote> {
      const uscc = companyOf(actor);
      const { unit, version, settings } = await open(unitId);
      const asOf = today();
      const certs = await certificatesFor(unitId, settings, uscc, asOf);
      const facts = mergeAnswers(await mirrorFacts(actor, uscc, asOf), certs.proven);
      const missing = missingFacts(unit, facts);
      const schema = await deps.units.schema();
      const shown: Facts = {};
      for (const [k, v] of Object.entries(facts)) shown[k] = isMissing(v) ? null : v;
      return { unitId, version, mode: settings.mode, asOf, facts: shown, missing, result: evaluateUnit(unit, schema, facts, asOf), certificates: certs.found };
    },

    /**
     * A company applies. The answers may fill only facts the mirror lacks; the claim's status
     * follows the unit's mode. Not eligible even with the answers: refused with the reasons.
     */
    async apply(actor: Actor, unitId: string, input: { answers?: Facts; account?: BankAccount; certificateUploads?: Record<string, string> }): Promise<Claim> {
      const uscc = companyOf(actor);
      const { unit, version, settings } = await open(unitId);
      const asOf = today();
      const existing = await db.selectFrom('policy_claims').select('id').where('unit_id', '=', unitId).where('version', '=', version).where('uscc', '=', uscc).executeTakeFirst();
      if (existing) throw new AppError('conflict', `You already have claim ${existing.id} on ${unitId} version ${version}`);
      const certs = await certificatesFor(unitId, settings, uscc, asOf);
      // A valid certificate fetched from the library proves the fact it certifies, as the mirror's data does.
      const facts = mergeAnswers(await mirrorFacts(actor, uscc, asOf), certs.proven);
      const schema = await deps.units.schema();
      const answers = input.answers ?? {};
      const uploads = input.certificateUploads ?? {};
      const uploaded = deps.files && uploadIds(uploads).length > 0 ? await deps.files.find(uploadIds(uploads)) : [];
      const missing = new Set(missingFacts(unit, facts));
      assertNoFieldErrors([
        ...checkFacts(answers, schema, 'answers'),
        ...Object.keys(answers).filter((k) => !missing.has(k)).map((k) => ({ field: `answers.${k}`, rule: 'answer.notAsked', message: `${k} is not asked: the mirror holds it, or the unit does not read it` })),
        ...(settings.mode === 'apply_free' && Object.keys(answers).length > 0 ? [{ field: 'answers', rule: 'answer.notAsked', message: 'an apply-free unit is decided from data alone' }] : []),
        ...(settings.mode !== 'apply_free' || input.account ? accountProblems(input.account) : []),
        ...uploadProblems(certs.found.missing, uploads, uploaded, uscc),
      ], 'Invalid claim');
      const fromData = evaluateUnit(unit, schema, facts, asOf);
      const withAnswers = settings.mode === 'apply_free' ? fromData : evaluateUnit(unit, schema, mergeAnswers(facts, answers), asOf);
      if (!withAnswers.eligible)
        throw new AppError('validation.failed', `Not eligible for ${unitId}`, { errors: whyNot(withAnswers.explanation).map((s) => ({ field: 'eligibility', rule: 'claim.notEligible', message: s.zh })), explanation: withAnswers.explanation });
      const enterprise = await deps.enterprises.get(dataScopeOf(actor), uscc);
      if (!enterprise) throw new AppError('not_found', `No enterprise ${uscc}`);
      // An uploaded copy is not proof: a claim relying on one is checked by an official (quick apply).
      const proven = fromData.eligible && certs.found.missing.length === 0;
      const status: ClaimStatus = settings.mode === 'apply_free' ? 'awaiting_account' : settings.mode === 'manual' || (settings.mode === 'quick_apply' && !proven) ? 'pending_review' : 'approved';
      const at = now();
      let claim: Claim = {
        id: deps.ids.next('pcl'), unitId, version, uscc, districtCode: enterprise.districtCode, townCode: enterprise.townCode, mode: settings.mode, status, amountFen: withAnswers.amount,
        answers, promised: settings.mode === 'credit_commitment' && !proven ? Object.keys(answers).sort() : [], explanation: withAnswers.explanation,
        audit: settings.mode === 'credit_commitment' && !proven ? 'pending' : null, account: input.account ?? null,
        reason: status === 'pending_review' && settings.mode === 'quick_apply' ? (fromData.eligible ? 'certificates uploaded, not found in the library' : 'answers not proven by data') : null,
        decidedBy: null, decidedAt: null, recoveryFen: 0, recoveredAt: null, createdAt: at, updatedAt: at,
      };
      claim = await deps.store.transaction(async (trx) => {
        // Two concurrent applications: the unique constraint lets one through, the other is a conflict.
        await trx.insertInto('policy_claims').values({ ...claimRow(claim), status: status === 'approved' ? 'pending_review' : status }).execute().catch((e: unknown) => {
          if (/unique|duplicate key/i.test((e as Error).message)) throw new AppError('conflict', `You already have a claim on ${unitId} version ${version}`);
          throw e;
        });
        // The copies named are locked against the file purge until this commits (one purged since they were checked is refused).
        const ids = uploadIds(uploads);
        if (deps.files && ids.length > 0) {
          const there = new Set(await deps.files.lockExisting(trx as unknown as Kysely<unknown>, ids));
          assertNoFieldErrors(Object.entries(uploads).filter(([, id]) => !there.has(id)).map(([kind, id]) => uploadNotFound(kind, id)), 'Invalid claim');
        }
        await storeClaimCertificates(trx as unknown as Kysely<ClaimCertificateTables>, claim.id, claimCertificates(certs.found, uploads));
        if (status === 'approved') return approve(trx, { ...claim, status: 'pending_review' }, settings.budgetLineId, 'system');
        if (status === 'awaiting_account' && input.account) return approve(trx, claim, settings.budgetLineId, 'system');
        return claim;
      });
      await deps.audit.record({ actor, action: 'policy.claim.apply', target: claim.id, details: { unitId, version, mode: claim.mode, status: claim.status, amountFen: claim.amountFen } });
      await emit(actor, claim, 'created');
      return claim;
    },

    /** Claims created for eligible companies at publication (apply-free): inserted in bulk, once per company and unit version. */
    async createApplyFree(trx: LifecycleDb, unitId: string, version: number, items: { uscc: string; amountFen: number; districtCode: string; townCode: string }[], explanation: unknown): Promise<number> {
      if (items.length === 0) return 0;
      const at = now();
      const values = items.map((i) => claimRow({
        id: deps.ids.next('pcl'), unitId, version, uscc: i.uscc, districtCode: i.districtCode, townCode: i.townCode, mode: 'apply_free', status: 'awaiting_account', amountFen: i.amountFen,
        answers: {}, promised: [], explanation, audit: null, account: null, reason: null, decidedBy: 'system', decidedAt: at, recoveryFen: 0, recoveredAt: null, createdAt: at, updatedAt: at,
      }));
      const r = await trx.insertInto('policy_claims').values(values).onConflict((oc) => oc.columns(['unit_id', 'version', 'uscc']).doNothing()).returning('id').execute();
      return r.length;
    },

    /**
     * The company confirms (or corrects) its receiving account: an apply-free claim is then approved
     * (budget permitting); a payment the bank returned is queued again to the new account.
     */
    async confirmAccount(actor: Actor, claimId: string, account: BankAccount): Promise<Claim> {
      companyOf(actor);
      assertNoFieldErrors(accountProblems(account), 'Invalid account');
      const c = await service.get(actor, claimId);
      const settings = await deps.budget.settings(c.unitId);
      if (!settings) throw new AppError('conflict', `Unit ${c.unitId} has no budget line`);
      const out = await deps.store.transaction(async (trx) => {
        const cur = await load(actor, claimId, trx);
        if (cur.status === 'awaiting_account') return approve(trx, await setStatus(trx, cur, { account }), settings.budgetLineId, 'system');
        if (cur.status === 'payment_returned') {
          const ok = await deps.budget.commit(trx, settings.budgetLineId, cur.id, cur.amountFen);
          if (!ok) return setStatus(trx, cur, { status: 'rejected', reason: 'budget.exhausted: the unit’s budget line is spent', account });
          await trx.updateTable('policy_payments').set({ status: 'queued', account: JSON.stringify(account), reason: null, updated_at: now() }).where('claim_id', '=', cur.id).where('status', '=', 'returned').execute();
          return setStatus(trx, cur, { status: 'paying', account, reason: null });
        }
        throw new AppError('conflict', `Claim ${claimId} is ${cur.status}: no account to confirm`);
      });
      await deps.audit.record({ actor, action: 'policy.claim.account', target: claimId, details: { status: out.status } });
      await emit(actor, out, 'account');
      return out;
    },

    /** An official decides a claim pending review (within their data scope), with a reason. */
    async decide(actor: Actor, claimId: string, input: { approve: boolean; reason?: string }): Promise<Claim> {
      assertOfficial(actor);
      if (!input.approve && !input.reason?.trim()) assertNoFieldErrors([{ field: 'reason', rule: 'required', message: 'a rejection gives its reason' }]);
      await load(actor, claimId);
      const out = await deps.store.transaction(async (trx) => {
        await load(actor, claimId, trx);
        return service.settle(trx, claimId, { ...input, by: actor.userId });
      });
      await deps.audit.record({ actor, action: input.approve ? 'policy.claim.approve' : 'policy.claim.reject', target: claimId, details: { status: out.status, reason: out.reason } });
      await tell(out, out.status === 'approved' ? '您的申领已批准' : '您的申领未获批准', out.status === 'approved' ? 'Your claim was approved' : 'Your claim was not approved');
      await emit(actor, out, 'decided');
      return out;
    },

    /**
     * Decides a claim pending review inside the caller's transaction, with no actor check: the
     * authorised paths are `decide` and the review task on the flow engine (its candidates).
     */
    async settle(trx: LifecycleDb, claimId: string, input: { approve: boolean; reason?: string; by: string }): Promise<Claim> {
      const r = await trx.selectFrom('policy_claims').selectAll().where('id', '=', claimId).executeTakeFirst();
      if (!r) throw new AppError('not_found', `No claim ${claimId}`);
      const cur = rows.claim(r);
      if (cur.status !== 'pending_review') throw new AppError('conflict', `Claim ${claimId} is ${cur.status}, not pending review`);
      if (!input.approve) return setStatus(trx, cur, { status: 'rejected', reason: input.reason!.trim(), decidedBy: input.by, decidedAt: now() });
      const settings = await deps.budget.settings(cur.unitId, trx);
      if (!settings) throw new AppError('conflict', `Unit ${cur.unitId} has no budget line`);
      const approved = await approve(trx, cur, settings.budgetLineId, input.by);
      return input.reason ? setStatus(trx, approved, { reason: input.reason.trim() }) : approved;
    },

    /** Records an official's post-audit finding inside the caller's transaction (the flow engine's review task): kept, or broken and revoked. */
    async settleAudit(trx: LifecycleDb, claimId: string, input: { outcome: 'kept' | 'broken'; note: string | null }): Promise<Claim> {
      const r = await trx.selectFrom('policy_claims').selectAll().where('id', '=', claimId).executeTakeFirst();
      if (!r) throw new AppError('not_found', `No claim ${claimId}`);
      const cur = rows.claim(r);
      if (cur.audit !== 'pending') throw new AppError('conflict', `Claim ${claimId} has no pending post-audit`);
      if (input.outcome === 'kept') return setStatus(trx, cur, { audit: 'kept', reason: input.note ?? cur.reason });
      return revoke(trx, cur, (await deps.budget.settings(cur.unitId, trx))?.budgetLineId, input.note ?? 'promise found false at post-audit');
    },

    /**
     * Post-audit of a credit-commitment claim: the promises are checked against the mirror now. When
     * the data proves them the promise is kept; when the data (or the official's finding `broken`)
     * shows a promise false, the claim is revoked: an unpaid amount returns to the budget, a paid one
     * becomes a receivable (recovery). Promises the data still cannot check stay pending.
     */
    async audit(actor: Actor, claimId: string, input: { outcome?: 'kept' | 'broken'; note?: string } = {}): Promise<Claim> {
      assertOfficial(actor);
      const c = await load(actor, claimId);
      if (c.audit !== 'pending') throw new AppError('conflict', `Claim ${claimId} has no pending post-audit`);
      let outcome = input.outcome;
      let note = input.note?.trim() || null;
      if (!outcome) {
        const v = await deps.units.get(c.unitId, c.version);
        const asOf = today();
        const facts = await mirrorFacts(actor, c.uscc, asOf);
        const schema = await deps.units.schema();
        const stillUnknown = c.promised.filter((k) => isMissing(facts[k]));
        const result = evaluateUnit(v.unit, schema, mergeAnswers(facts, c.answers), asOf);
        if (!result.eligible) {
          outcome = 'broken';
          note = `data contradicts the promise: ${whyNot(result.explanation).map((s) => s.zh).join('；')}`;
        } else if (stillUnknown.length === 0) outcome = 'kept';
        else return c;
      }
      const settings = await deps.budget.settings(c.unitId);
      const out = await deps.store.transaction(async (trx) => {
        const cur = await load(actor, claimId, trx);
        if (outcome === 'kept') return setStatus(trx, cur, { audit: 'kept', reason: note ?? cur.reason });
        return revoke(trx, cur, settings?.budgetLineId, note ?? 'promise found false at post-audit');
      });
      await deps.audit.record({ actor, action: 'policy.claim.audit', target: claimId, details: { outcome, note, status: out.status, recoveryFen: out.recoveryFen } });
      if (out.status === 'revoked') await tell(out, '您的申领因承诺不实已撤销，请退回资金', 'Your claim was revoked (promise found false): please return the money');
      await emit(actor, out, 'audited');
      return out;
    },

    /** Records that a revoked claim's money came back (receivable → available on the budget line). */
    async recordRecovery(actor: Actor, claimId: string): Promise<Claim> {
      assertOfficial(actor);
      const c = await load(actor, claimId);
      const settings = await deps.budget.settings(c.unitId);
      const out = await deps.store.transaction(async (trx) => {
        const cur = await load(actor, claimId, trx);
        if (cur.status !== 'revoked' || cur.recoveryFen === 0 || cur.recoveredAt) throw new AppError('conflict', `Claim ${claimId} has no money to recover`);
        await ledger.post(trx, { lineId: settings!.budgetLineId, claimId, memo: 'recovered', at: now(), legs: [['available', cur.recoveryFen], ['receivable', -cur.recoveryFen]] });
        return setStatus(trx, cur, { recoveredAt: now() });
      });
      await deps.audit.record({ actor, action: 'policy.claim.recovered', target: claimId, details: { recoveryFen: out.recoveryFen } });
      return out;
    },

    /** Declares, at wiring time (like a certificate source), the certificates a unit needs, replacing the shipped declaration. */
    requireCertificates(unitId: string, list: readonly CertificateNeed[]): void {
      needs.set(unitId, [...list]);
    },

    /** The certificates stored with a claim (fetched, or the uploaded copy's id and name), if the actor may see the claim. */
    async certificates(actor: Actor, claimId: string): Promise<ClaimCertificate[]> {
      await load(actor, claimId);
      const list = await loadClaimCertificates(certDb, claimId);
      const refs = list.flatMap((c) => (c.uploadRef ? [c.uploadRef] : []));
      const names = new Map((deps.files && refs.length > 0 ? await deps.files.find(refs) : []).map((f) => [f.id, f.name]));
      return list.map((c) => (c.uploadRef ? { ...c, uploadName: names.get(c.uploadRef) ?? null } : c));
    },

    /** One claim, if the actor may see it. */
    async get(actor: Actor, id: string): Promise<Claim> {
      return load(actor, id);
    },

    /** Claims the actor may see: a company its own; officials those in their data scope. */
    async list(actor: Actor, filter: { status?: ClaimStatus; unitId?: string; limit?: number } = {}): Promise<Claim[]> {
      const scope = dataScopeOf(actor);
      let q = db.selectFrom('policy_claims').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(Math.min(filter.limit ?? 200, 1000));
      if (actor.role === 'enterprise' || actor.role === 'agent') {
        if (scope.kind !== 'enterprise') return [];
        q = q.where('uscc', '=', scope.uscc);
      } else {
        assertOfficial(actor);
        if (scope.kind === 'none') return [];
        if (scope.kind === 'division') q = q.where(scope.column === 'town' ? 'town_code' : 'district_code', 'like', `${scope.prefix}%`);
      }
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.unitId) q = q.where('unit_id', '=', filter.unitId);
      return (await q.execute()).map(rows.claim).filter((c) => visible(actor, c));
    },
  };

  /** Revokes a claim inside a transaction, undoing its money by where it stands. */
  async function revoke(trx: LifecycleDb, c: Claim, lineId: string | undefined, reason: string): Promise<Claim> {
    if (!lineId) throw new AppError('conflict', `Unit ${c.unitId} has no budget line`);
    const at = now();
    if (c.status === 'paying') throw new AppError('conflict', `Claim ${c.id} has a payment at the bank: reconcile it first`);
    if (c.status === 'approved') {
      await ledger.post(trx, { lineId, claimId: c.id, memo: 'revoke (unpaid)', at, legs: [['available', c.amountFen], ['committed', -c.amountFen]] });
      await trx.updateTable('policy_payments').set({ status: 'cancelled', reason, updated_at: at }).where('claim_id', '=', c.id).where('status', '=', 'queued').execute();
      return setStatus(trx, c, { status: 'revoked', audit: 'broken', reason });
    }
    if (c.status === 'paid') {
      await ledger.post(trx, { lineId, claimId: c.id, memo: 'revoke (paid): recovery due', at, legs: [['receivable', c.amountFen], ['paid', -c.amountFen]] });
      return setStatus(trx, c, { status: 'revoked', audit: 'broken', reason, recoveryFen: c.amountFen });
    }
    return setStatus(trx, c, { status: 'revoked', audit: 'broken', reason });
  }

  // The file purge keeps the copies claims hold.
  deps.files?.referencedBy((trx, ids) => uploadsReferenced(trx as Kysely<ClaimCertificateTables>, ids));
  // The officials who may review a claim (those who see it) may open the copies uploaded with it.
  deps.files?.grantReaders(async (actor, file) => {
    if (!(LIFECYCLE_OFFICIALS as readonly string[]).includes(actor.role)) return false;
    const ids = await claimsReferencingUpload(certDb, file.id);
    if (ids.length === 0) return false;
    return (await db.selectFrom('policy_claims').selectAll().where('id', 'in', ids).execute()).some((r) => visible(actor, rows.claim(r)));
  });

  return service;
}

/** The claim service's interface. */
export type ClaimService = ReturnType<typeof createClaimService>;
