import type { Facts } from '../../engines/rules/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { dataScopeOf, isInScope } from '../identity/scope.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import { resolveAttributes } from '../registry/mirror-read.ts';
import { endOfDay } from '../registry/period.ts';
import type { RegistryServices } from '../registry/registry.services.ts';
import { assertOfficial } from './budget.service.ts';
import { evaluateUnit, mergeAnswers, whyNot } from './claim-evaluation.ts';
import { rows } from './lifecycle.repository.ts';
import type { Claim } from './lifecycle.types.ts';
import type { PolicyEvaluationService } from './policy-evaluation.service.ts';
import { attributesUsed } from './policy-schema.ts';
import type { PolicyUnitService } from './policy-units.service.ts';
import { regionScoped } from './population.ts';
import { attributeChangeFindings, creditListFindings, outlierFindings, overlapFindings, sharedAccountFindings, type AttributeChange, type ClaimFacts } from './supervision-rules.ts';
import { oversightRows, type OversightDb } from './supervision.repository.ts';
import {
  ACTIVE_STATUSES, DEFAULT_SUPERVISION_SETTINGS, WARNING_KINDS, WARNING_STATUSES, type Finding, type SupervisionCap, type SupervisionSettings, type Warning, type WarningKind, type WarningStatus, type WarningTrigger,
} from './supervision.types.ts';

const INACTIVE_CLAIMS = ['rejected', 'revoked'];
const DAY_MS = 86_400_000;
const NEXT: Record<WarningStatus, WarningStatus[]> = { open: ['investigating', 'resolved', 'dismissed'], investigating: ['resolved', 'dismissed'], resolved: [], dismissed: [] };

/**
 * Supervision (监管预警): detectors run when a claim is created, approved or given an account, and
 * again in a batch — (a) a company's claims on overlapping units beyond a combined cap, (b) claims by
 * companies on the abnormal-operation, dishonesty or serious-violation lists, (c) attribute values
 * the mirror changed just before the claim in the direction that made the company eligible, (d)
 * receiving accounts shared by several companies, (e) officials approving outliers in their own
 * district. Each warning has a reason, evidence and a resolution trail; an active warning may hold
 * its claim's payment.
 */
export function createSupervisionService(deps: {
  db: OversightDb; units: PolicyUnitService; evaluation: PolicyEvaluationService; registry: Pick<RegistryServices, 'catalogue' | 'values'>;
  enterprises: EnterpriseRepository; identity: Pick<IdentityService, 'actorForUserId'>; audit: AuditService; clock: Clock; ids: IdGenerator; log?: (line: string) => void;
}) {
  const { db } = deps;
  const now = () => deps.clock.now().toISOString();

  function visible(actor: Actor, w: { districtCode: string; townCode: string }): boolean {
    const scope = dataScopeOf(actor);
    if (scope.kind === 'all') return true;
    if (scope.kind === 'division') return (scope.column === 'town' ? w.townCode : w.districtCode).startsWith(scope.prefix);
    return false;
  }

  async function settings(): Promise<SupervisionSettings> {
    const r = await db.selectFrom('policy_supervision_settings').select('settings').where('id', '=', 'default').executeTakeFirst();
    const stored = r ? (JSON.parse(r.settings) as Partial<SupervisionSettings>) : {};
    return { ...DEFAULT_SUPERVISION_SETTINGS, ...stored, holds: { ...DEFAULT_SUPERVISION_SETTINGS.holds, ...stored.holds } };
  }

  async function caps(): Promise<SupervisionCap[]> {
    return (await db.selectFrom('policy_supervision_caps').selectAll().orderBy('id').execute()).map(oversightRows.cap);
  }

  const facts = (c: Claim): ClaimFacts => ({ id: c.id, unitId: c.unitId, uscc: c.uscc, amountFen: c.amountFen, districtCode: c.districtCode });

  async function claimById(id: string): Promise<Claim | undefined> {
    const r = await db.selectFrom('policy_claims').selectAll().where('id', '=', id).executeTakeFirst();
    return r && rows.claim(r);
  }

  /** (a) */
  async function detectOverlap(c: Claim): Promise<Finding[]> {
    const groups = await caps();
    if (groups.length === 0) return [];
    const mine = (await db.selectFrom('policy_claims').selectAll().where('uscc', '=', c.uscc).where('status', 'not in', INACTIVE_CLAIMS).execute()).map(rows.claim);
    const categories = new Map((await deps.units.list()).map((u) => [u.id, u.category]));
    return overlapFindings(facts(c), mine.map(facts), groups, (id) => categories.get(id) ?? null);
  }

  /** (b) The list flags as the mirror holds them on the claim's day. */
  async function detectLists(c: Claim): Promise<Finding[]> {
    const day = c.createdAt.slice(0, 10);
    const catalogue = await deps.registry.catalogue.load();
    const enterprise = await deps.enterprises.get({ kind: 'all' }, c.uscc);
    const states = resolveAttributes(catalogue, await deps.registry.values.recordsOf(c.uscc, endOfDay(day)), day, enterprise);
    const flag = (key: string) => {
      const s = states.get(key);
      return s && { value: s.current.value, source: s.current.source, since: s.current.effective };
    };
    return creditListFindings({ abnormal_list: flag('abnormal_list'), dishonest_list: flag('dishonest_list'), serious_violation_list: flag('serious_violation_list') });
  }

  /**
   * (c) Values of the attributes the unit reads that arrived in the window before the claim; each is
   * put back to what the mirror knew at the window's start, and the unit evaluated again.
   */
  async function detectChanges(actor: Actor, c: Claim, s: SupervisionSettings): Promise<Finding[]> {
    const v = await deps.units.get(c.unitId, c.version);
    const used = attributesUsed(regionScoped(v.unit));
    const cutoff = new Date(Date.parse(c.createdAt) - s.changeWindowDays * DAY_MS).toISOString();
    const records = await deps.registry.values.recordsOf(c.uscc, c.createdAt);
    const recent = new Map<string, { arrivedAt: string; source: string }>();
    for (const r of records) for (const key of Object.keys(r.values)) if (used.has(key) && r.arrivedAt > cutoff) recent.set(key, { arrivedAt: r.arrivedAt, source: r.source });
    if (recent.size === 0) return [];
    const day = c.createdAt.slice(0, 10);
    const purpose = 'policy.supervision';
    const after = (await deps.evaluation.evaluateEnterprise(actor, c.uscc, { asOf: day, purpose })).facts;
    const before = (await deps.evaluation.evaluateEnterprise(actor, c.uscc, { asOf: cutoff.slice(0, 10), purpose })).facts;
    const schema = await deps.units.schema();
    const catalogue = await deps.registry.catalogue.load();
    const eligibleNow = evaluateUnit(v.unit, schema, mergeAnswers(after, c.answers), day).eligible;
    if (!eligibleNow) return [];
    const changes: AttributeChange[] = [];
    for (const [key, seen] of recent) {
      if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
      const counterfactual: Facts = { ...after, [key]: before[key] ?? null };
      const result = evaluateUnit(v.unit, schema, mergeAnswers(counterfactual, c.answers), day);
      const spec = catalogue.byKey.get(key);
      changes.push({
        key, label: { zh: spec?.zh ?? key, en: spec?.en ?? key }, before: before[key] ?? null, after: after[key] ?? null, arrivedAt: seen.arrivedAt, source: seen.source,
        eligibleWithBefore: result.eligible, whyNotBefore: whyNot(result.explanation),
      });
    }
    return attributeChangeFindings(changes, s.changeWindowDays, c.createdAt);
  }

  /** (d) Indexes the claim's account, then finds every claim paid to it. */
  async function detectSharedAccount(c: Claim, s: SupervisionSettings): Promise<{ claimId: string; findings: Finding[] }[]> {
    if (!c.account) return [];
    const key = `${c.account.bank}:${c.account.number}`;
    await db.deleteFrom('policy_account_index').where('claim_id', '=', c.id).where('account_key', '<>', key).execute();
    await db.insertInto('policy_account_index').values({ account_key: key, claim_id: c.id, uscc: c.uscc }).onConflict((oc) => oc.columns(['account_key', 'claim_id']).doNothing()).execute();
    const users = await db.selectFrom('policy_account_index').select(['uscc', 'claim_id']).where('account_key', '=', key).execute();
    const findings = sharedAccountFindings(c.account, users.map((u) => ({ uscc: u.uscc, claimId: u.claim_id })), s.sharedAccountMin);
    if (findings.length === 0) return [];
    // Every claim paid to the shared account gets the warning, not only the one that completed the set.
    return users.map((u) => ({ claimId: u.claim_id, findings }));
  }

  /** (e) Only for a decision by a person (not the system). */
  async function detectOutlier(actor: Actor, c: Claim, s: SupervisionSettings): Promise<Finding[]> {
    if (!c.decidedBy || c.decidedBy === 'system' || !['approved', 'paying', 'paid'].includes(c.status)) return [];
    const approver = actor.userId === c.decidedBy ? actor : await deps.identity.actorForUserId(c.decidedBy).catch(() => undefined);
    if (!approver || !['official', 'department_officer'].includes(approver.role)) return [];
    const others = (await db.selectFrom('policy_claims').select('amount_fen').where('unit_id', '=', c.unitId).where('version', '=', c.version).where('id', '<>', c.id).where('status', 'not in', INACTIVE_CLAIMS).execute()).map((r) => Number(r.amount_fen));
    return outlierFindings(facts(c), others, { userId: approver.userId, name: approver.displayName, divisionCode: approver.org.divisionCode, ownDistrict: isInScope(dataScopeOf(approver), c) }, s);
  }

  /** Stores findings once each (the dedupe key), with the first step of their trail; returns the new ones. */
  async function raise(c: Claim, findings: Finding[], trigger: WarningTrigger, s: SupervisionSettings): Promise<Warning[]> {
    const out: Warning[] = [];
    for (const f of findings) {
      const at = now();
      const w: Warning = {
        id: deps.ids.next('pwn'), kind: f.kind, claimId: c.id, unitId: c.unitId, uscc: c.uscc, districtCode: c.districtCode, townCode: c.townCode,
        reason: f.reason, evidence: f.evidence, status: 'open', holdsPayment: s.holds[f.kind], trigger, createdAt: at, updatedAt: at,
      };
      const inserted = await db.transaction().execute(async (trx) => {
        const r = await trx.insertInto('policy_warnings').values({
          id: w.id, kind: w.kind, dedupe_key: f.dedupeKey ?? `${f.kind}|${c.id}|${f.subject}`, claim_id: c.id, unit_id: c.unitId, uscc: c.uscc, district_code: c.districtCode, town_code: c.townCode,
          reason_zh: f.reason.zh, reason_en: f.reason.en, evidence: JSON.stringify(f.evidence), status: 'open', holds_payment: w.holdsPayment ? 1 : 0, trigger, created_at: at, updated_at: at,
        }).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id').execute();
        if (r.length === 0) return false;
        await trx.insertInto('policy_warning_events').values({ id: deps.ids.next('pwe'), warning_id: w.id, from_status: null, to_status: 'open', holds_payment: w.holdsPayment ? 1 : 0, actor_id: null, actor_name: 'system', note: `raised on ${trigger}`, at }).execute();
        return true;
      });
      if (inserted) out.push(w);
    }
    return out;
  }

  async function check(actor: Actor, claimId: string, trigger: WarningTrigger): Promise<Warning[]> {
    const c = await claimById(claimId);
    if (!c) return [];
    const s = await settings();
    const own = [...(await detectOverlap(c)), ...(await detectLists(c)), ...(await detectChanges(actor, c, s)), ...(trigger === 'approved' || trigger === 'recheck' ? await detectOutlier(actor, c, s) : [])];
    const raised = await raise(c, own, trigger, s);
    for (const shared of await detectSharedAccount(c, s)) {
      const target = shared.claimId === c.id ? c : await claimById(shared.claimId);
      if (target) raised.push(...(await raise(target, shared.findings, trigger, s)));
    }
    if (raised.length) await deps.audit.record({ actor, action: 'policy.supervision.raise', target: claimId, details: { trigger, warnings: raised.map((w) => ({ id: w.id, kind: w.kind })) } });
    return raised;
  }

  async function load(actor: Actor, id: string): Promise<Warning> {
    const r = await db.selectFrom('policy_warnings').selectAll().where('id', '=', id).executeTakeFirst();
    const w = r && oversightRows.warning(r);
    if (!w || !visible(actor, w)) throw new AppError('not_found', `No warning ${id}`);
    return w;
  }

  const service = {
    /**
     * Runs the detectors on one claim after an event; never fails the event that triggered it (a
     * detector error is logged and the batch re-check finds it later). Returns the new warnings.
     */
    async onClaim(actor: Actor, claimId: string, trigger: WarningTrigger): Promise<Warning[]> {
      try {
        return await check(actor, claimId, trigger);
      } catch (e) {
        deps.log?.(`policy supervision: check of ${claimId} failed: ${(e as Error).message}`);
        return [];
      }
    },

    /** Re-checks the claims in the actor's scope (optionally of one unit), newest first, at most `limit`. */
    async recheck(actor: Actor, filter: { unitId?: string; limit?: number } = {}): Promise<{ checked: number; raised: number }> {
      assertOfficial(actor);
      const scope = dataScopeOf(actor);
      if (scope.kind === 'none' || scope.kind === 'enterprise') return { checked: 0, raised: 0 };
      let q = db.selectFrom('policy_claims').select('id').where('status', 'not in', INACTIVE_CLAIMS).orderBy('created_at', 'desc').limit(Math.min(filter.limit ?? 2000, 10_000));
      if (scope.kind === 'division') q = q.where(scope.column === 'town' ? 'town_code' : 'district_code', 'like', `${scope.prefix}%`);
      if (filter.unitId) q = q.where('unit_id', '=', filter.unitId);
      let raised = 0;
      const ids = (await q.execute()).map((r) => r.id);
      for (const id of ids) raised += (await check(actor, id, 'recheck')).length;
      await deps.audit.record({ actor, action: 'policy.supervision.recheck', target: filter.unitId ?? null, details: { checked: ids.length, raised } });
      return { checked: ids.length, raised };
    },

    /** Warnings in the actor's scope, newest first. */
    async list(actor: Actor, filter: { status?: WarningStatus; kind?: WarningKind; unitId?: string; claimId?: string; limit?: number } = {}): Promise<Warning[]> {
      assertOfficial(actor);
      const scope = dataScopeOf(actor);
      if (scope.kind === 'none' || scope.kind === 'enterprise') return [];
      let q = db.selectFrom('policy_warnings').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(Math.min(filter.limit ?? 200, 1000));
      if (scope.kind === 'division') q = q.where(scope.column === 'town' ? 'town_code' : 'district_code', 'like', `${scope.prefix}%`);
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.unitId) q = q.where('unit_id', '=', filter.unitId);
      if (filter.claimId) q = q.where('claim_id', '=', filter.claimId);
      return (await q.execute()).map(oversightRows.warning);
    },

    /** One warning with its resolution trail. */
    async get(actor: Actor, id: string): Promise<Warning> {
      assertOfficial(actor);
      const w = await load(actor, id);
      const trail = (await db.selectFrom('policy_warning_events').selectAll().where('warning_id', '=', id).orderBy('at').orderBy('id').execute()).map(oversightRows.event);
      return { ...w, trail };
    },

    /**
     * Moves a warning along open → investigating → resolved | dismissed, with a note (required to
     * close it); may also hold or release the payment. Each step joins the trail.
     */
    async transition(actor: Actor, id: string, input: { status: WarningStatus; note?: string; holdsPayment?: boolean }): Promise<Warning> {
      assertOfficial(actor);
      const note = input.note?.trim() || null;
      const errors: FieldError[] = [];
      if (!(WARNING_STATUSES as readonly string[]).includes(input.status)) errors.push({ field: 'status', rule: 'enum', message: `status is one of ${WARNING_STATUSES.join(', ')}` });
      if ((input.status === 'resolved' || input.status === 'dismissed') && !note) errors.push({ field: 'note', rule: 'required', message: 'closing a warning records what was found' });
      if (note && note.length > 2000) errors.push({ field: 'note', rule: 'maxLength', message: 'the note has at most 2000 characters' });
      assertNoFieldErrors(errors, 'Invalid warning step');
      const cur = await load(actor, id);
      const holds = input.holdsPayment ?? cur.holdsPayment;
      if (input.status === cur.status && holds === cur.holdsPayment) throw new AppError('conflict', `Warning ${id} is already ${cur.status}`);
      if (input.status !== cur.status && !NEXT[cur.status].includes(input.status)) throw new AppError('conflict', `Warning ${id} is ${cur.status}: it cannot become ${input.status}`);
      const at = now();
      await db.transaction().execute(async (trx) => {
        const r = await trx.updateTable('policy_warnings').set({ status: input.status, holds_payment: holds ? 1 : 0, updated_at: at }).where('id', '=', id).where('status', '=', cur.status).returning('id').execute();
        if (r.length === 0) throw new AppError('conflict', `Warning ${id} changed meanwhile`);
        await trx.insertInto('policy_warning_events').values({ id: deps.ids.next('pwe'), warning_id: id, from_status: cur.status, to_status: input.status, holds_payment: holds ? 1 : 0, actor_id: actor.userId, actor_name: actor.displayName, note, at }).execute();
      });
      await deps.audit.record({ actor, action: 'policy.supervision.transition', target: id, details: { from: cur.status, to: input.status, holdsPayment: holds, note } });
      return service.get(actor, id);
    },

    /** The claims among `claimIds` whose payment an active warning holds. */
    async heldClaims(claimIds: readonly string[]): Promise<Set<string>> {
      if (claimIds.length === 0) return new Set();
      const r = await db.selectFrom('policy_warnings').select('claim_id').distinct().where('claim_id', 'in', claimIds).where('holds_payment', '=', 1).where('status', 'in', ACTIVE_STATUSES).execute();
      return new Set(r.map((x) => x.claim_id));
    },

    /** The combined caps (data: by category or unit id). */
    async caps(actor: Actor): Promise<SupervisionCap[]> {
      assertOfficial(actor);
      return caps();
    },

    /** Creates or replaces a combined cap (administrators and officials). */
    async saveCap(actor: Actor, input: { id?: string; title: string; categories?: string[]; unitIds?: string[]; capFen: number }): Promise<SupervisionCap> {
      if (actor.role !== 'platform_admin' && actor.role !== 'official') throw new AppError('auth.forbidden', 'Only administrators and officials set supervision caps');
      const errors: FieldError[] = [];
      if (!input.title?.trim()) errors.push({ field: 'title', rule: 'required', message: 'a cap has a title' });
      if (!Number.isSafeInteger(input.capFen) || input.capFen < 0) errors.push({ field: 'capFen', rule: 'integer', message: 'the cap is a whole number of fen ≥ 0' });
      if (!(input.categories?.length || input.unitIds?.length)) errors.push({ field: 'categories', rule: 'required', message: 'a cap groups units by category or by id' });
      assertNoFieldErrors(errors, 'Invalid cap');
      const cap: SupervisionCap = { id: input.id ?? deps.ids.next('pcap'), title: input.title.trim(), categories: input.categories ?? [], unitIds: input.unitIds ?? [], capFen: input.capFen, updatedBy: actor.userId, updatedAt: now() };
      const row = { id: cap.id, title: cap.title, categories: JSON.stringify(cap.categories), unit_ids: JSON.stringify(cap.unitIds), cap_fen: cap.capFen, updated_by: cap.updatedBy, updated_at: cap.updatedAt };
      await db.insertInto('policy_supervision_caps').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ title: row.title, categories: row.categories, unit_ids: row.unit_ids, cap_fen: row.cap_fen, updated_by: row.updated_by, updated_at: row.updated_at })).execute();
      await deps.audit.record({ actor, action: 'policy.supervision.cap', target: cap.id, details: cap });
      return cap;
    },

    /** The detectors' thresholds. */
    async settings(actor: Actor): Promise<SupervisionSettings> {
      assertOfficial(actor);
      return settings();
    },

    /** Changes thresholds (administrators only). */
    async saveSettings(actor: Actor, patch: Partial<SupervisionSettings>): Promise<SupervisionSettings> {
      if (actor.role !== 'platform_admin') throw new AppError('auth.forbidden', 'Only administrators change supervision thresholds');
      const next = { ...(await settings()), ...patch, holds: { ...(await settings()).holds, ...patch.holds } };
      const errors: FieldError[] = [];
      for (const k of ['changeWindowDays', 'sharedAccountMin', 'outlierMinSample'] as const) if (!Number.isInteger(next[k]) || next[k] < 1) errors.push({ field: k, rule: 'integer', message: `${k} is a whole number ≥ 1` });
      if (!(next.outlierZ > 0)) errors.push({ field: 'outlierZ', rule: 'minimum', message: 'outlierZ is > 0' });
      for (const k of Object.keys(next.holds)) if (!(WARNING_KINDS as readonly string[]).includes(k)) errors.push({ field: `holds.${k}`, rule: 'enum', message: `${k} is no warning kind` });
      assertNoFieldErrors(errors, 'Invalid supervision settings');
      const at = now();
      const value = JSON.stringify(next);
      await db.insertInto('policy_supervision_settings').values({ id: 'default', settings: value, updated_by: actor.userId, updated_at: at }).onConflict((oc) => oc.column('id').doUpdateSet({ settings: value, updated_by: actor.userId, updated_at: at })).execute();
      await deps.audit.record({ actor, action: 'policy.supervision.settings', target: 'default', details: next });
      return next;
    },
  };
  return service;
}

/** The supervision service's interface. */
export type SupervisionService = ReturnType<typeof createSupervisionService>;
