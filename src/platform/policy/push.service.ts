import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import { assertOfficial, type BudgetService } from './budget.service.ts';
import { same, type BulkInsert, type BulkTable } from './bulk-rows.ts';
import { rows, type lifecycleDb } from './lifecycle.repository.ts';
import type { InboxMessage, Publication, Push } from './lifecycle.types.ts';
import { deliverAll, type NotificationChannel } from './notify.ts';
import { isDay } from './facts.ts';
import type { PolicyEvaluationService } from './policy-evaluation.service.ts';
import type { PolicyUnitService } from './policy-units.service.ts';

// Rows per transaction: large enough that a million pushes are a hundred commits, small enough
// that the API keeps answering between them and progress moves.
const CHUNK = 10_000;

/** Told of each publication once it has started (subscriptions announce it to a category's followers). */
export type PublicationListener = (p: Publication) => Promise<void>;

const PUSHES: BulkTable = {
  name: 'policy_pushes', conflict: ['unit_id', 'version', 'uscc'],
  columns: [['id', 'text'], ['publication_id', 'text'], ['unit_id', 'text'], ['version', 'integer'], ['uscc', 'text'], ['amount_fen', 'bigint'], ['as_of', 'text'], ['created_at', 'text']],
};
const NOTICES: BulkTable = {
  name: 'policy_notifications',
  columns: [['id', 'text'], ['uscc', 'text'], ['kind', 'text'], ['title_zh', 'text'], ['title_en', 'text'], ['ref_id', 'text'], ['created_at', 'text']],
};
// An apply-free claim as `claims.createApplyFree` writes it: awaiting the company's account, decided by the system.
const CLAIMS: BulkTable = {
  name: 'policy_claims', conflict: ['unit_id', 'version', 'uscc'],
  columns: [
    ['id', 'text'], ['unit_id', 'text'], ['version', 'integer'], ['uscc', 'text'], ['district_code', 'text'], ['town_code', 'text'], ['mode', 'text'], ['status', 'text'], ['amount_fen', 'bigint'],
    ['answers', 'text'], ['promised', 'text'], ['explanation', 'text'], ['decided_by', 'text'], ['decided_at', 'text'], ['recovery_fen', 'bigint'], ['created_at', 'text'], ['updated_at', 'text'],
  ],
};

/**
 * Release: publishing a unit version freezes it (the unit service), then a background job matches
 * it against the population in the publisher's data scope (the mirror's columnar snapshot), records
 * one push per eligible company (which version, which publication — hence which data), tells the
 * companies through the notification channels, and for an apply-free unit creates their claims.
 */
export function createPushService(deps: {
  store: ReturnType<typeof lifecycleDb>; units: PolicyUnitService; evaluation: PolicyEvaluationService; budget: BudgetService;
  /** Multi-row inserts (pushes, inbox notices and apply-free claims are written in bulk). */
  bulk: BulkInsert;
  enterprises: EnterpriseRepository; audit: AuditService; channels: NotificationChannel[]; clock: Clock; ids: IdGenerator; log?: (line: string) => void;
  /** The publisher as an actor again, to resume a publication a stopped process left running (none: it is marked failed). */
  actorOf?: (userId: string) => Promise<Actor>;
  /** Rows per transaction (tests make it small to stop between chunks). */
  chunk?: number;
}) {
  const { db } = deps.store;
  const now = () => deps.clock.now().toISOString();
  const progress = new Map<string, number>();
  const running = new Set<Promise<void>>();
  const bulk = deps.bulk;
  const chunk = deps.chunk ?? CHUNK;
  const listeners: PublicationListener[] = [];

  /** Each company's register district and town (companies missing from the register are left out). */
  async function registerPlaces(usccs: readonly string[]): Promise<Map<string, [string, string]>> {
    return new Map((await deps.enterprises.registerRows(usccs)).map((e) => [e.uscc, [e.districtCode, e.townCode]]));
  }

  async function finish(id: string, patch: Partial<{ status: string; basis: string; eligible: number; pushes: number; claims: number; error: string }>): Promise<void> {
    await db.updateTable('policy_publications').set({ ...patch, finished_at: patch.status === 'running' ? null : now() }).where('id', '=', id).execute();
  }

  /**
   * Companies a stopped run already pushed (pushes are unique per unit version, and a version is
   * published once): a resumed run skips them, so none gets a second inbox notice.
   */
  async function alreadyPushed(p: Publication): Promise<Set<string>> {
    const r = await db.selectFrom('policy_pushes').select('uscc').where('unit_id', '=', p.unitId).where('version', '=', p.version).execute();
    return new Set(r.map((x) => x.uscc));
  }

  /** Apply-free claims a publication created (its id is in their explanation). */
  async function claimsOf(p: Publication, explanation: string): Promise<number> {
    const r = await db.selectFrom('policy_claims').select((e) => e.fn.countAll<number>().as('n')).where('unit_id', '=', p.unitId).where('version', '=', p.version).where('explanation', '=', explanation).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Matches the version and writes pushes, notices and claims chunk by chunk; `resumed` when a stopped run left some written. */
  async function runPublication(p: Publication, actor: Actor, resumed = false): Promise<void> {
    const v = await deps.units.get(p.unitId, p.version);
    // Matching is the first fifth of the progress; writing the rows the rest.
    const match = await deps.evaluation.matchUnit(actor, v.unit, p.asOf, (s) => progress.set(p.id, s * 0.2));
    const settings = await deps.budget.settings(p.unitId);
    const applyFree = settings?.mode === 'apply_free';
    const title = v.unit.title;
    const notice = { zh: `新政策：${title.zh}`, en: `New policy: ${title.en}` };
    const refId = `${p.unitId}@${p.version}`;
    const others = deps.channels.filter((c) => c.name !== 'inbox');
    const explanation = JSON.stringify({ basis: 'publication', publicationId: p.id });
    const done = resumed ? await alreadyPushed(p) : null;
    let pushes = done?.size ?? 0;
    let claims = 0;
    const { uscc: usccs, amountFen: amounts } = match.eligible;
    const total = usccs.length;
    for (let i = 0; i < total; i += chunk) {
      let part = usccs.slice(i, i + chunk);
      let fen = amounts.slice(i, i + chunk);
      if (done) {
        const left = part.flatMap((u, j) => (done.has(u) ? [] : [j]));
        if (left.length < part.length) [part, fen] = [left.map((j) => part[j]), left.map((j) => fen[j])];
      }
      const n = part.length;
      if (n === 0) continue;
      const at = now();
      // One id from the generator per chunk and table, a row number after it: a random id per row
      // costs microseconds of entropy, seconds for a million rows. Ids never hold '-', so these stay unique.
      const ids = (prefix: string) => {
        const base = deps.ids.next(prefix);
        return Array.from({ length: n }, (_, j) => `${base}-${j.toString(36)}`);
      };
      // The register's district and town of each company go on its claim (the claims' data scope).
      const where = applyFree ? await registerPlaces(part) : null;
      await deps.store.transaction(async (trx) => {
        const t = trx as unknown as Kysely<never>;
        // Pushes and inbox notices commit together: a company told of a policy has its push.
        pushes += await bulk(t, PUSHES, [ids('ppu'), same(p.id), same(p.unitId), same(p.version), part, fen, same(p.asOf), same(at)], n);
        await bulk(t, NOTICES, [ids('pnt'), part, same('push'), same(notice.zh), same(notice.en), same(refId), same(at)], n);
        if (where) {
          const keep = part.flatMap((u, j) => (where.has(u) ? [j] : []));
          const pick = <T>(xs: readonly T[]) => (keep.length === n ? xs : keep.map((j) => xs[j]));
          claims += await bulk(t, CLAIMS, [
            ids('pcl').slice(0, keep.length), same(p.unitId), same(p.version), pick(part), keep.map((j) => where.get(part[j])![0]), keep.map((j) => where.get(part[j])![1]),
            same('apply_free'), same('awaiting_account'), pick(fen), same('{}'), same('[]'), same(explanation), same('system'), same(at), same(0), same(at), same(at),
          ], keep.length);
        }
      });
      if (others.length) {
        await deliverAll(others, part.map((uscc) => ({ uscc, kind: 'push' as const, title: notice, refId })),
          (channel, e) => deps.log?.(`policy push: channel ${channel} failed: ${(e as Error).message}`));
      }
      progress.set(p.id, 0.2 + (0.8 * Math.min(total, i + chunk)) / Math.max(1, total));
      // SQLite answers synchronously, so awaiting it never reaches the event loop's I/O phase: give
      // the server a turn between chunks (requests, and reads of this job's progress).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (resumed && applyFree) claims = await claimsOf(p, explanation);
    await finish(p.id, { status: 'done', basis: JSON.stringify(match.basis), eligible: total, pushes, claims });
  }

  /** Runs a publication in the background, tracked by `idle` and its progress. */
  function start(p: Publication, actor: Actor, resumed: boolean): void {
    progress.set(p.id, 0);
    const job = runPublication(p, actor, resumed)
      .catch(async (e: unknown) => { await finish(p.id, { status: 'failed', error: (e as Error).message }); })
      .finally(() => progress.delete(p.id));
    running.add(job);
    void job.finally(() => running.delete(job));
  }

  const service = {
    /**
     * Publishes a version (author tests must pass) and starts its push in the background; poll `get`.
     * `beforeStart` runs after the publication is recorded and before its push starts: the caller's own
     * writes then do not queue behind the push's matching and population reads (on SQLite one connection).
     */
    async publish(actor: Actor, unitId: string, version: number, opts: { asOf?: string; beforeStart?: (p: Publication) => Promise<void> } = {}): Promise<Publication> {
      assertOfficial(actor);
      if (opts.asOf !== undefined && !isDay(opts.asOf)) throw new AppError('validation.failed', 'asOf is not a date', { errors: [{ field: 'asOf', rule: 'date.format', message: 'asOf is a YYYY-MM-DD date' }] });
      await deps.units.publish(actor, unitId, version);
      const p: Publication = {
        id: deps.ids.next('ppb'), unitId, version, status: 'running', asOf: opts.asOf ?? now().slice(0, 10), orgId: actor.org.id, requestedBy: actor.userId,
        basis: null, eligible: null, pushes: null, claims: null, error: null, startedAt: now(), finishedAt: null,
      };
      await db.insertInto('policy_publications').values({ id: p.id, unit_id: unitId, version, status: 'running', as_of: p.asOf, org_id: p.orgId, requested_by: p.requestedBy, basis: null, eligible: null, pushes: null, claims: null, error: null, started_at: p.startedAt, finished_at: null }).execute();
      await deps.audit.record({ actor, action: 'policy.publish', target: `${unitId}@${version}`, details: { publication: p.id, asOf: p.asOf } });
      try {
        await opts.beforeStart?.(p);
        // The listeners too (subscribers told of the publication): run after the push had started, their reads and
        // writes shared SQLite's one connection with its matching and population scan, and the answer waited on them.
        for (const listener of listeners) await listener(p).catch((e: unknown) => deps.log?.(`policy publication ${p.id}: a listener failed: ${(e as Error).message}`));
      } finally {
        start(p, actor, false); // the version is published: its push runs whatever the caller's writes did
      }
      return p;
    },

    /** Adds a listener told of each publication as it starts. */
    onPublish(listener: PublicationListener): void {
      listeners.push(listener);
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

    /**
     * Resumes the publications a stopped process left running, as their publisher, from where they
     * stopped (the companies already pushed are skipped); one whose publisher can no longer be
     * resolved (or without `actorOf`) is marked failed.
     */
    async recover(): Promise<void> {
      const left = (await db.selectFrom('policy_publications').selectAll().where('status', '=', 'running').execute()).map(rows.publication);
      for (const p of left) {
        const actor = deps.actorOf && p.requestedBy ? await deps.actorOf(p.requestedBy).catch(() => undefined) : undefined;
        if (!actor) {
          await finish(p.id, { status: 'failed', error: 'interrupted: the server stopped during the push' });
          continue;
        }
        await deps.audit.record({ actor: null, action: 'policy.publish.resume', target: `${p.unitId}@${p.version}`, details: { publication: p.id, asOf: p.asOf, requestedBy: p.requestedBy } });
        start(p, actor, true);
      }
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
