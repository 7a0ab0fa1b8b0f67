import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import { createCommentService } from './comments.service.ts';
import { createDraftRepository } from './drafts.repository.ts';
import { createDraftService } from './drafts.service.ts';
import type { PolicyLifecycleServices } from './policy-lifecycle.services.ts';
import type { PolicyServices } from './policy.services.ts';

/** Drafting (issue 5, stage 1): drafts of policy units and public comment on them. */
export function createPolicyDraftServices(deps: {
  database: Database; clock: Clock; ids: IdGenerator; audit: AuditService; policy: PolicyServices; lifecycle: PolicyLifecycleServices; enterprises: EnterpriseRepository;
}) {
  const drafts = createDraftRepository(deps.database);
  const base = { audit: deps.audit, clock: deps.clock, ids: deps.ids };
  const draftService = createDraftService({ ...base, drafts, units: deps.policy.units, unitRepository: deps.policy.repository, push: deps.lifecycle.push, budget: deps.lifecycle.budget });
  return {
    drafts: draftService,
    comments: createCommentService({ ...base, drafts, draftService, units: deps.policy.units, enterprises: deps.enterprises }),
  };
}

/** The drafting services' interface. */
export type PolicyDraftServices = ReturnType<typeof createPolicyDraftServices>;
