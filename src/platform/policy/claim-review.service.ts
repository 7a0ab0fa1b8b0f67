import type { ServiceHandlerContext } from '../../engines/flow/index.ts';
import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { OrgDirectory } from '../workflow/org-directory.ts';
import { createWorkflowRepository } from '../workflow/workflow.repository.ts';
import type { WorkflowServices } from '../workflow/workflow.services.ts';
import { whyNot } from './claim-evaluation.ts';
import { reviewProcessKey, reviewProcessXml, type ClaimReviewLink } from './claim-review.ts';
import type { ClaimEvent, ClaimService } from './claims.service.ts';
import type { Explanation } from '../../engines/rules/index.ts';
import type { LifecycleDb } from './lifecycle.repository.ts';
import type { Claim } from './lifecycle.types.ts';
import { inboxChannel } from './notify.ts';
import type { PolicyUnitService } from './policy-units.service.ts';
import type { OversightDb } from './supervision.repository.ts';

/** A claim's review on the flow engine. */
export interface ClaimReview {
  id: string;
  claimId: string;
  purpose: 'decision' | 'post_audit';
  instanceId: string;
  processKey: string;
  status: 'open' | 'done' | 'cancelled' | 'failed';
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Claims reviewed on the flow engine: a claim pending review (manual, or quick apply not proven by
 * data) and a credit commitment's post-audit start a process of the issuing organisation's review
 * definition; the task appears in the workflow inbox of the company's district government; completing
 * it runs a service task that settles the claim in the same transaction as the step. A decision taken
 * through `claims.decide` (or a data-based audit) completes the open task, so both paths agree.
 */
export function createClaimReviewService(deps: {
  database: Database; db: OversightDb; workflow: Pick<WorkflowServices, 'engine' | 'definitions'>; identity: Pick<IdentityService, 'listOrgs' | 'findOrgById'>;
  units: PolicyUnitService; claims: ClaimService; link: ClaimReviewLink; audit: AuditService; clock: Clock; ids: IdGenerator;
  /** Told after the flow engine settled a claim (supervision). */
  afterSettle?: (claim: Claim, by: string) => Promise<void>;
  log?: (line: string) => void;
}) {
  const { db } = deps;
  const { engine } = deps.workflow;
  const repo = createWorkflowRepository(deps.database);
  const now = () => deps.clock.now().toISOString();
  const deploying = new Map<string, Promise<string>>();

  /** The issuing organisation's review process, deployed (owned by it) on first use. */
  function definitionFor(ownerOrgId: string | null): Promise<string> {
    const id = ownerOrgId ?? 'platform';
    let p = deploying.get(id);
    if (!p) {
      p = (async () => {
        const org = ownerOrgId ? await deps.identity.findOrgById(ownerOrgId) : undefined;
        const key = reviewProcessKey(org?.code ?? id);
        if (!(await engine.getDefinition(key))) await deps.workflow.definitions.deployAs(id, reviewProcessXml(key, org?.name ?? '平台'), { uploadedBy: null, internal: true });
        return key;
      })();
      p.catch(() => deploying.delete(id));
      deploying.set(id, p);
    }
    return p;
  }

  async function openReview(claimId: string, purpose: ClaimReview['purpose']) {
    return db.selectFrom('policy_claim_reviews').selectAll().where('claim_id', '=', claimId).where('purpose', '=', purpose).where('status', '=', 'open').executeTakeFirst();
  }

  async function start(actor: Actor, c: Claim, purpose: ClaimReview['purpose']): Promise<void> {
    const stored = (await deps.units.list()).find((u) => u.id === c.unitId);
    const key = await definitionFor(stored?.ownerOrgId ?? null);
    const orgs = await OrgDirectory.load(deps.identity);
    // The government of the company's district reviews; without one in the org tree, the org coded as the district.
    const reviewOrg = orgs.routingFor(c.districtCode, c.townCode).gov.district ?? c.districtCode;
    const unitTitle = stored?.title.zh ?? c.unitId;
    const explanation = c.explanation && typeof c.explanation === 'object' && 'kind' in c.explanation ? c.explanation as Explanation : null;
    const title = `${purpose === 'decision' ? '政策申领审核' : '信用承诺核查'}：${unitTitle}`.slice(0, 100);
    const instanceId = await engine.start(key, {
      businessKey: c.id, actor: actor.userId,
      variables: {
        purpose, claimId: c.id, unitId: c.unitId, version: c.version, amountFen: c.amountFen, reviewOrg, title, mode: c.mode, promised: c.promised,
        applicant: { uscc: c.uscc, district: c.districtCode, town: c.townCode }, whyNot: explanation ? whyNot(explanation).map((s) => s.zh) : [],
      },
      // The application record and the review row commit with the start: all three, or none.
      alongside: async (tx, instanceId) => {
        await repo.insertInstance({
          instanceId, key, title, applicantUserId: actor.role === 'enterprise' || actor.role === 'agent' ? actor.userId : null, applicantName: actor.enterpriseUscc === c.uscc ? actor.org.name : c.uscc,
          applicantOrgId: actor.enterpriseUscc === c.uscc ? actor.org.id : null, applicantUscc: c.uscc, districtCode: c.districtCode, followsInstanceId: null, createdAt: now(),
        }, tx);
        await (tx as typeof db).insertInto('policy_claim_reviews').values({ id: deps.ids.next('prv'), claim_id: c.id, purpose, instance_id: instanceId, process_key: key, status: 'open', created_at: now(), finished_at: null }).execute();
      },
    });
    await deps.audit.record({ actor, action: 'policy.claim.review.start', target: c.id, details: { purpose, instanceId, key, reviewOrg } });
  }

  /** The claim was decided (or audited) outside the inbox: the open task is completed with the same result. */
  async function closeFromClaim(actor: Actor, c: Claim, purpose: ClaimReview['purpose']): Promise<void> {
    const r = await openReview(c.id, purpose);
    if (!r) return;
    const [task] = await engine.listTasks({ instanceId: r.instance_id, states: ['open', 'suspended'] });
    const data = purpose === 'decision' ? { approve: c.status !== 'rejected', ...(c.reason ? { reason: c.reason.slice(0, 500) } : {}) } : { outcome: c.audit === 'broken' ? 'broken' : 'kept', note: (c.reason ?? 'data').padEnd(2, '.').slice(0, 1000) };
    try {
      if (task?.state === 'open') await engine.completeTask(task.id, data, actor.userId);
      else await engine.cancelInstance(r.instance_id, 'decided outside the inbox', actor.userId);
    } catch (e) {
      await engine.cancelInstance(r.instance_id, 'decided outside the inbox', actor.userId).catch(() => undefined);
      deps.log?.(`policy review: closing ${r.instance_id} failed: ${(e as Error).message}`);
    }
    await db.updateTable('policy_claim_reviews').set({ status: 'done', finished_at: now() }).where('id', '=', r.id).where('status', '=', 'open').execute();
  }

  /** Who completed the instance's task (as the step sees it: the completion may be the step's own, not written yet). */
  function completedBy(ctx: ServiceHandlerContext, elementId: string): string {
    let last: (typeof ctx.tasks)[number] | undefined;
    for (const t of ctx.tasks) if (t.elementId === elementId && t.state === 'completed' && (!last || t.completedAt! > last.completedAt!)) last = t;
    return last?.completedBy ?? 'flow';
  }

  /** Settles the claim in the step's transaction; a claim no longer waiting (decided elsewhere) is left as it is. */
  async function settleInStep(ctx: ServiceHandlerContext, purpose: ClaimReview['purpose']): Promise<Record<string, unknown>> {
    const trx = ctx.db as OversightDb;
    const life = ctx.db as LifecycleDb;
    const claimId = String(ctx.variables.claimId);
    const review = await trx.selectFrom('policy_claim_reviews').selectAll().where('instance_id', '=', ctx.instanceId).executeTakeFirst();
    const by = completedBy(ctx, purpose === 'decision' ? 'review' : 'postAudit');
    let claim: Claim;
    try {
      claim = purpose === 'decision'
        ? await deps.claims.settle(life, claimId, { approve: ctx.variables.approve === true, reason: typeof ctx.variables.reason === 'string' ? ctx.variables.reason : undefined, by })
        : await deps.claims.settleAudit(life, claimId, { outcome: ctx.variables.outcome === 'broken' ? 'broken' : 'kept', note: typeof ctx.variables.note === 'string' ? ctx.variables.note : null });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'conflict') throw e;
      if (review?.status === 'open') await trx.updateTable('policy_claim_reviews').set({ status: 'done', finished_at: ctx.now.toISOString() }).where('id', '=', review.id).execute();
      return { claimSettled: false, claimNote: e.message };
    }
    if (review) await trx.updateTable('policy_claim_reviews').set({ status: 'done', finished_at: ctx.now.toISOString() }).where('id', '=', review.id).execute();
    await deps.audit.record({ actor: null, action: purpose === 'decision' ? (claim.status === 'rejected' ? 'policy.claim.reject' : 'policy.claim.approve') : 'policy.claim.audit', target: claimId, details: { by, via: ctx.instanceId, status: claim.status, reason: claim.reason } }, ctx.db);
    const approved = claim.status === 'approved';
    const zh = purpose === 'decision' ? (approved ? '您的申领已批准' : '您的申领未获批准') : claim.status === 'revoked' ? '您的申领因承诺不实已撤销，请退回资金' : '您的信用承诺已核查属实';
    const en = purpose === 'decision' ? (approved ? 'Your claim was approved' : 'Your claim was not approved') : claim.status === 'revoked' ? 'Your claim was revoked (promise found false): please return the money' : 'Your credit commitment was found kept';
    await inboxChannel(life, deps.clock, deps.ids).deliver([{ uscc: claim.uscc, kind: 'claim', title: { zh, en }, refId: claim.id }]);
    // Supervision reads through its own connection: after this step's transaction.
    if (deps.afterSettle) setTimeout(() => { void deps.afterSettle!(claim, by).catch(() => undefined); }, 0);
    return { claimSettled: true, claimStatus: claim.status };
  }

  deps.link.bind({ decision: (ctx) => settleInStep(ctx, 'decision'), audit: (ctx) => settleInStep(ctx, 'post_audit') });

  return {
    /** The claim listener: starts reviews for claims that wait for an official, closes them when decided elsewhere. */
    async onClaim(actor: Actor, c: Claim, event: ClaimEvent): Promise<void> {
      try {
        if (event === 'created' && c.status === 'pending_review') await start(actor, c, 'decision');
        if (event === 'created' && c.audit === 'pending') await start(actor, c, 'post_audit');
        if (event === 'decided') await closeFromClaim(actor, c, 'decision');
        if (event === 'audited' && c.audit !== 'pending') await closeFromClaim(actor, c, 'post_audit');
      } catch (e) {
        deps.log?.(`policy review: ${event} of ${c.id} failed: ${(e as Error).message}`);
      }
    },

    /** The reviews of a claim (newest first). */
    async ofClaim(claimId: string): Promise<ClaimReview[]> {
      return (await db.selectFrom('policy_claim_reviews').selectAll().where('claim_id', '=', claimId).orderBy('created_at', 'desc').execute()).map((r) => ({
        id: r.id, claimId: r.claim_id, purpose: r.purpose as ClaimReview['purpose'], instanceId: r.instance_id, processKey: r.process_key, status: r.status as ClaimReview['status'], createdAt: r.created_at, finishedAt: r.finished_at,
      }));
    },

    /** The claim a review instance is about (for the inbox: the explanation in front of the official), if the actor may see it. */
    async claimOfInstance(actor: Actor, instanceId: string): Promise<Claim> {
      const r = await db.selectFrom('policy_claim_reviews').select('claim_id').where('instance_id', '=', instanceId).executeTakeFirst();
      if (!r) throw new AppError('not_found', `No claim review ${instanceId}`);
      return deps.claims.get(actor, r.claim_id);
    },
  };
}

/** The claim review service's interface. */
export type ClaimReviewService = ReturnType<typeof createClaimReviewService>;
