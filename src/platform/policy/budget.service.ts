import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { createLedger, rows, type LifecycleDb, type lifecycleDb } from './lifecycle.repository.ts';
import { certificateNeedProblems, type CertificateNeed } from './claim-certificates.ts';
import { APPROVAL_MODES, type ApprovalMode, type BudgetLine, type UnitSettings } from './lifecycle.types.ts';
import type { PolicyRepository } from './policy.repository.ts';

/** Roles that manage budget lines, unit settings, reviews and payouts. */
export const LIFECYCLE_OFFICIALS = ['platform_admin', 'official', 'department_officer'] as const;

/** Throws unless the actor is one of the life-cycle officials. */
export function assertOfficial(actor: Actor): void {
  if (!(LIFECYCLE_OFFICIALS as readonly string[]).includes(actor.role)) throw new AppError('auth.forbidden', 'Only officials manage the policy life cycle');
}

/**
 * Budget lines (a cap in fen, appropriated into the ledger), and per unit its approval mode and
 * budget line. `commit` moves an approved amount from available to committed, refusing when the
 * line cannot cover it: a unit stops approving when its budget is spent.
 */
export function createBudgetService(deps: { store: ReturnType<typeof lifecycleDb>; units: PolicyRepository; clock: Clock; ids: IdGenerator; audit?: AuditService }) {
  const { db } = deps.store;
  const ledger = createLedger(deps.ids);
  const now = () => deps.clock.now().toISOString();

  async function line(id: string, within: LifecycleDb = db): Promise<BudgetLine | undefined> {
    const r = await within.selectFrom('policy_budget_lines').selectAll().where('id', '=', id).executeTakeFirst();
    return r && rows.line(r);
  }

  function canManage(actor: Actor, orgId: string): boolean {
    return actor.role === 'platform_admin' || actor.org.id === orgId;
  }

  const service = {
    ledger,

    /** Creates a budget line and appropriates its cap (appropriation → available). */
    async createLine(actor: Actor, input: { title: string; capFen: number }): Promise<BudgetLine> {
      assertOfficial(actor);
      assertNoFieldErrors([
        ...(typeof input.title === 'string' && input.title.trim().length > 0 ? [] : [{ field: 'title', rule: 'required', message: 'title is required' }]),
        ...(Number.isSafeInteger(input.capFen) && input.capFen > 0 ? [] : [{ field: 'capFen', rule: 'integer.positive', message: 'capFen is a positive whole number of fen' }]),
      ]);
      const at = now();
      const l: BudgetLine = { id: deps.ids.next('pbl'), title: input.title.trim(), orgId: actor.org.id, capFen: input.capFen, createdAt: at };
      await deps.store.transaction(async (trx) => {
        await trx.insertInto('policy_budget_lines').values({ id: l.id, title: l.title, org_id: l.orgId, cap_fen: l.capFen, created_by: actor.userId, created_at: at, touched_at: at }).execute();
        await ledger.post(trx, { lineId: l.id, claimId: null, memo: 'appropriation', at, legs: [['available', l.capFen], ['appropriation', -l.capFen]] });
      });
      return { ...l, balances: await ledger.balances(db, l.id) };
    },

    /** Budget lines the actor manages (all for an administrator), with balances. */
    async lines(actor: Actor): Promise<BudgetLine[]> {
      assertOfficial(actor);
      let q = db.selectFrom('policy_budget_lines').selectAll().orderBy('created_at').orderBy('id');
      if (actor.role !== 'platform_admin') q = q.where('org_id', '=', actor.org.id);
      const out: BudgetLine[] = [];
      for (const r of await q.execute()) out.push({ ...rows.line(r), balances: await ledger.balances(db, r.id) });
      return out;
    },

    /**
     * The problems of settings `actor` would give a unit (the mode, the line — the actor's organisation's — and
     * the certificates), each with its field: a draft's publication checks them before it writes anything.
     */
    async settingsProblems(actor: Actor, input: { mode: ApprovalMode; budgetLineId: string; certificates?: CertificateNeed[] }): Promise<FieldError[]> {
      const l = await line(input.budgetLineId);
      return [
        ...((APPROVAL_MODES as readonly string[]).includes(input.mode) ? [] : [{ field: 'mode', rule: 'enum', message: `mode is one of ${APPROVAL_MODES.join(', ')}` }]),
        ...(l && canManage(actor, l.orgId) ? [] : [{ field: 'budgetLineId', rule: 'budgetLine.known', message: `no budget line ${input.budgetLineId} of your organisation` }]),
        ...(input.certificates === undefined ? [] : certificateNeedProblems(input.certificates)),
      ];
    },

    /**
     * Sets a unit's approval mode, budget line and, when given, the certificates its claims fetch
     * from the certificate library (an empty list: none; left out: kept as they were). The unit must
     * exist; the line must be the actor's organisation's.
     */
    async setSettings(actor: Actor, unitId: string, input: { mode: ApprovalMode; budgetLineId: string; certificates?: CertificateNeed[] }): Promise<UnitSettings> {
      assertOfficial(actor);
      const unit = await deps.units.getUnit(unitId);
      if (!unit) throw new AppError('not_found', `No policy unit ${unitId}`);
      if (actor.role !== 'platform_admin' && unit.ownerOrgId !== null && unit.ownerOrgId !== actor.org.id) throw new AppError('auth.forbidden', `Unit ${unitId} belongs to another organisation`);
      assertNoFieldErrors(await service.settingsProblems(actor, input));
      const certificates = input.certificates === undefined ? ((await service.settings(unitId))?.certificates ?? null)
        : input.certificates.map((n) => ({ kind: n.kind, title: n.title.trim(), ...(n.proves ? { proves: { fact: n.proves.fact, value: n.proves.value } } : {}) }));
      const s: UnitSettings = { unitId, mode: input.mode, budgetLineId: input.budgetLineId, certificates, updatedBy: actor.userId, updatedAt: now() };
      const values = { mode: s.mode, budget_line_id: s.budgetLineId, certificates: certificates === null ? null : JSON.stringify(certificates), updated_by: s.updatedBy, updated_at: s.updatedAt };
      await db.insertInto('policy_unit_settings').values({ unit_id: unitId, ...values }).onConflict((oc) => oc.column('unit_id').doUpdateSet(values)).execute();
      await deps.audit?.record({ actor, action: 'policy.unit.settings', target: unitId, details: { mode: s.mode, budgetLineId: s.budgetLineId, certificates: certificates?.map((c) => c.kind) ?? null } });
      return s;
    },

    /** Every unit's settings, by unit id. */
    async allSettings(): Promise<Map<string, UnitSettings>> {
      return new Map((await db.selectFrom('policy_unit_settings').selectAll().execute()).map((r) => [r.unit_id, rows.settings(r)]));
    },

    /** The settings of some units by id (units without settings are absent): "policies for me" asks for the eligible ones only. */
    async settingsOf(unitIds: readonly string[]): Promise<Map<string, UnitSettings>> {
      const out = new Map<string, UnitSettings>();
      for (let i = 0; i < unitIds.length; i += 500)
        for (const r of await db.selectFrom('policy_unit_settings').selectAll().where('unit_id', 'in', unitIds.slice(i, i + 500)).execute()) out.set(r.unit_id, rows.settings(r));
      return out;
    },

    /** A unit's settings, if set. */
    async settings(unitId: string, within: LifecycleDb = db): Promise<UnitSettings | undefined> {
      const r = await within.selectFrom('policy_unit_settings').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
      return r && rows.settings(r);
    },

    /**
     * Commits an approved amount on a line inside the caller's transaction (the line is locked
     * first); false when the line's available balance cannot cover it.
     */
    async commit(trx: LifecycleDb, lineId: string, claimId: string, fen: number): Promise<boolean> {
      const at = now();
      await ledger.lock(trx, lineId, at);
      if (fen === 0) return true;
      const b = await ledger.balances(trx, lineId);
      if (b.available < fen) return false;
      await ledger.post(trx, { lineId, claimId, memo: 'approve', at, legs: [['committed', fen], ['available', -fen]] });
      return true;
    },
  };
  return service;
}

/** The budget service's interface. */
export type BudgetService = ReturnType<typeof createBudgetService>;
