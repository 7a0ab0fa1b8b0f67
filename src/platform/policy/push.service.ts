import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import { assertOfficial, type BudgetService } from './budget.service.ts';
import type { ClaimService } from './claims.service.ts';
import { rows, type lifecycleDb } from './lifecycle.repository.ts';
import type { InboxMessage, Publication, Push } from './lifecycle.types.ts';
import { deliverAll, type NotificationChannel } from './notify.ts';
import { isDay } from './facts.ts';
import type { PolicyEvaluationService } from './policy-evaluation.service.ts';
import type { PolicyUnitService } from './policy-units.service.ts';

const CHUNK = 1000;

/**
 * Release: publishing a unit version freezes it (the unit service), then a background job matches
 * it against the population in the publisher's data scope (the mirror's columnar snapshot), records
 * one push per eligible company (which version, which publication — hence which data), tells the
 * companies through the notification channels, and for an apply-free unit creates their claims.
 */
export function createPushService(deps: {
  store: ReturnType<typeof lifecycleDb>; units: PolicyUnitService; evaluation: PolicyEvaluationService; budget: BudgetService; claims: ClaimService;
  enterprises: EnterpriseRepository; audit: AuditService; channels: NotificationChannel[]; clock: Clock; ids: IdGenerator; log?: (line: string) => void;
}) {
  const { db } = deps.store;
  const now = () => deps.clock.now().toISOString();
  const progress = new Map<string, number>();
  const running = new Set<Promise<void>>();

  async function finish(id: string, patch: Partial<{ status: string; basis: string; eligible: number; pushes: number; claims: number; error: string }>): Promise<void> {
    await db.updateTable('policy_publications').set({ ...patch, finished_at: patch.status === 'running' ? null : now() }).where('id', '=', id).execute();
  }

  async function runPublication(p: Publication, actor: Actor): Promise<void> {
    const v = await deps.units.get(p.unitId, p.version);
    const match = await deps.evaluation.matchUnit(actor, v.unit, p.asOf, (s) => progress.set(p.id, s * 0.5));
    const settings = await deps.budget.settings(p.unitId);
    const applyFree = settings?.mode === 'apply_free';
    let pushes = 0;
    let claims = 0;
    const title = v.unit.title;
    for (let i = 0; i < match.eligible.length; i += CHUNK) {
      const part = match.eligible.slice(i, i + CHUNK);
      const at = now();
      await deps.store.transaction(async (trx) => {
        const r = await trx.insertInto('policy_pushes').values(part.map((e) => ({
          id: deps.ids.next('ppu'), publication_id: p.id, unit_id: p.unitId, version: p.version, uscc: e.uscc, amount_fen: e.amountFen, as_of: p.asOf, created_at: at,
        }))).onConflict((oc) => oc.columns(['unit_id', 'version', 'uscc']).doNothing()).returning('id').execute();
        // RETURNING counts the rows really inserted on every dialect.
        pushes += r.length;
        if (applyFree) {
          const where = new Map((await deps.enterprises.registerRows(part.map((e) => e.uscc))).map((e) => [e.uscc, e]));
          claims += await deps.claims.createApplyFree(trx, p.unitId, p.version, part.filter((e) => where.has(e.uscc)).map((e) => ({ ...e, districtCode: where.get(e.uscc)!.districtCode, townCode: where.get(e.uscc)!.townCode })), { basis: 'publication', publicationId: p.id });
        }
      });
      await deliverAll(deps.channels, part.map((e) => ({ uscc: e.uscc, kind: 'push' as const, title: { zh: `新政策：${title.zh}`, en: `New policy: ${title.en}` }, refId: `${p.unitId}@${p.version}` })),
        (channel, e) => deps.log?.(`policy push: channel ${channel} failed: ${(e as Error).message}`));
      progress.set(p.id, 0.5 + (0.5 * Math.min(match.eligible.length, i + CHUNK)) / Math.max(1, match.eligible.length));
    }
    await finish(p.id, { status: 'done', basis: JSON.stringify(match.basis), eligible: match.eligible.length, pushes, claims });
  }

  const service = {
    /** Publishes a version (author tests must pass) and starts its push in the background; poll `get`. */
    async publish(actor: Actor, unitId: string, version: number, opts: { asOf?: string } = {}): Promise<Publication> {
      assertOfficial(actor);
      if (opts.asOf !== undefined && !isDay(opts.asOf)) throw new AppError('validation.failed', 'asOf is not a date', { errors: [{ field: 'asOf', rule: 'date.format', message: 'asOf is a YYYY-MM-DD date' }] });
      await deps.units.publish(actor, unitId, version);
      const p: Publication = {
        id: deps.ids.next('ppb'), unitId, version, status: 'running', asOf: opts.asOf ?? now().slice(0, 10), orgId: actor.org.id, requestedBy: actor.userId,
        basis: null, eligible: null, pushes: null, claims: null, error: null, startedAt: now(), finishedAt: null,
      };
      await db.insertInto('policy_publications').values({ id: p.id, unit_id: unitId, version, status: 'running', as_of: p.asOf, org_id: p.orgId, requested_by: p.requestedBy, basis: null, eligible: null, pushes: null, claims: null, error: null, started_at: p.startedAt, finished_at: null }).execute();
      await deps.audit.record({ actor, action: 'policy.publish', target: `${unitId}@${version}`, details: { publication: p.id, asOf: p.asOf } });
      progress.set(p.id, 0);
      const job = runPublication(p, actor)
        .catch(async (e: unknown) => { await finish(p.id, { status: 'failed', error: (e as Error).message }); })
        .finally(() => progress.delete(p.id));
      running.add(job);
      void job.finally(() => running.delete(job));
      return p;
    },

    /** A publication with its live progress (0..1) while running; other organisations' are not found (administrators see all). */
    async get(actor: Actor, id: string): Promise<Publication & { progress: number | null }> {
      assertOfficial(actor);
      const r = await db.selectFrom('policy_publications').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || (actor.role !== 'platform_admin' && r.org_id !== actor.org.id)) throw new AppError('not_found', `No publication ${id}`);
      const p = rows.publication(r);
      return { ...p, progress: p.status === 'running' ? (progress.get(id) ?? 0) : null };
    },

    /** The latest publications of the actor's organisation. */
    async list(actor: Actor): Promise<Publication[]> {
      assertOfficial(actor);
      let q = db.selectFrom('policy_publications').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(50);
      if (actor.role !== 'platform_admin') q = q.where('org_id', '=', actor.org.id);
      return (await q.execute()).map(rows.publication);
    },

    /** The pushes a company received (its own only). */
    async pushesOf(uscc: string): Promise<Push[]> {
      return (await db.selectFrom('policy_pushes').selectAll().where('uscc', '=', uscc).orderBy('created_at', 'desc').limit(200).execute()).map(rows.push);
    },

    /** A company's inbox, newest first. */
    async inbox(uscc: string): Promise<InboxMessage[]> {
      return (await db.selectFrom('policy_notifications').selectAll().where('uscc', '=', uscc).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute()).map(rows.message);
    },

    /** Marks publications a stopped process left running as failed. */
    async recover(): Promise<void> {
      await db.updateTable('policy_publications').set({ status: 'failed', error: 'interrupted: the server stopped during the push', finished_at: now() }).where('status', '=', 'running').execute();
    },

    /** Waits for every publication this process started. */
    async idle(): Promise<void> {
      await Promise.all([...running]);
    },
  };
  return service;
}

/** The push service's interface. */
export type PushService = ReturnType<typeof createPushService>;
