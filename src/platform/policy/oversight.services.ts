import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import type { RegistryServices } from '../registry/registry.services.ts';
import type { WorkflowServices } from '../workflow/workflow.services.ts';
import type { ClaimReviewLink } from './claim-review.ts';
import { createClaimReviewService } from './claim-review.service.ts';
import type { ClaimEvent } from './claims.service.ts';
import { createEvaluationService } from './evaluation.service.ts';
import type { Claim } from './lifecycle.types.ts';
import type { PolicyLifecycleServices } from './policy-lifecycle.services.ts';
import type { PolicyServices } from './policy.services.ts';
import { createSubscriptionService } from './subscriptions.service.ts';
import { oversightDb } from './supervision.repository.ts';
import { createSupervisionService } from './supervision.service.ts';
import type { WarningTrigger } from './supervision.types.ts';

const TRIGGERS: Partial<Record<ClaimEvent, WarningTrigger>> = { created: 'created', account: 'account', decided: 'approved' };

/**
 * Issue 5, stages 5 and 6 and what hangs on the life cycle: supervision warnings, evaluation,
 * subscriptions by category, and claim reviews on the flow engine. Listens to the claim service
 * (after each event) and to publication (subscribers are told of every new version in their categories).
 */
export function createPolicyOversightServices(deps: {
  database: Database; clock: Clock; ids: IdGenerator; audit: AuditService; identity: IdentityService; registry: RegistryServices; enterprises: EnterpriseRepository;
  policy: PolicyServices; lifecycle: PolicyLifecycleServices; workflow: WorkflowServices; reviewLink: ClaimReviewLink; log?: (line: string) => void;
}) {
  const log = deps.log ?? ((l: string) => { process.stderr.write(`${l}\n`); });
  const db = oversightDb(deps.database);
  const base = { audit: deps.audit, clock: deps.clock };
  const supervision = createSupervisionService({ ...base, db, ids: deps.ids, units: deps.policy.units, evaluation: deps.policy.evaluation, registry: deps.registry, enterprises: deps.enterprises, identity: deps.identity, log });
  const evaluation = createEvaluationService({ ...base, database: deps.database, units: deps.policy.units, registry: deps.registry });
  const subscriptions = createSubscriptionService({ ...base, db, units: deps.policy.units, channels: deps.lifecycle.channels, log });
  const reviews = createClaimReviewService({
    ...base, database: deps.database, db, ids: deps.ids, workflow: deps.workflow, identity: deps.identity, units: deps.policy.units, claims: deps.lifecycle.claims, link: deps.reviewLink, log,
    async afterSettle(claim: Claim, by: string) {
      const actor = await deps.identity.actorForUserId(by).catch(() => undefined);
      if (actor && claim.status === 'approved') await supervision.onClaim(actor, claim.id, 'approved');
    },
  });

  deps.lifecycle.claimListeners.push(
    (actor, claim, event) => reviews.onClaim(actor, claim, event),
    async (actor: Actor, claim: Claim, event: ClaimEvent) => {
      const trigger = TRIGGERS[event];
      if (trigger && !(event === 'decided' && claim.status !== 'approved')) await supervision.onClaim(actor, claim.id, trigger);
    },
  );

  // A publication also reaches the subscribers of the unit's category.
  deps.lifecycle.push.onPublish(async (p) => {
    await subscriptions.announce(p.unitId, p.version).catch((e: unknown) => log(`policy subscriptions: announcing ${p.unitId}@${p.version} failed: ${(e as Error).message}`));
  });

  return { supervision, evaluation, subscriptions, reviews };
}

/** The oversight services' interface. */
export type PolicyOversightServices = ReturnType<typeof createPolicyOversightServices>;
