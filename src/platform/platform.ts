import type { Database } from '../db/index.ts';
import { systemClock, type Clock } from '../kernel/clock.ts';
import { createIdGenerator, type IdGenerator } from '../kernel/ids.ts';
import { createAuditService } from './audit/audit.service.ts';
import { createCertificateLibrary } from './certificates/certificate-library.ts';
import { createFileService } from './files/files.service.ts';
import { DEMO_CITY_CODE } from './demo/generate-enterprises.ts';
import { createCockpitService } from './cockpit/cockpit.service.ts';
import { createEvidenceServices } from './evidence/evidence.services.ts';
import { createIdentityService, type IdentityPolicy } from './identity/identity.service.ts';
import { createEnterpriseRepository } from './registry/enterprise.repository.ts';
import { createEnterpriseService } from './registry/enterprise.service.ts';
import { createPolicyServices } from './policy/policy.services.ts';
import { createPolicyLifecycleServices } from './policy/policy-lifecycle.services.ts';
import { createClaimReviewLink } from './policy/claim-review.ts';
import { createPolicyOversightServices } from './policy/oversight.services.ts';
import { createPolicyDraftServices } from './policy/drafts.services.ts';
import { createRegistryServices } from './registry/registry.services.ts';
import { createWorkflowServices } from './workflow/workflow.services.ts';
import { createPolicyDecisions } from './workflow/decisions.ts';

export { DEMO_CITY_CODE };

/** Wires the platform services over one database. */
export function createPlatformServices(deps: { database: Database; clock?: Clock; ids?: IdGenerator; identityPolicy?: IdentityPolicy; masterKey?: Uint8Array | null; flowGroupCommit?: boolean }) {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? createIdGenerator(() => clock.now().getTime());
  const audit = createAuditService({ database: deps.database, clock, ids });
  const identity = createIdentityService({ database: deps.database, clock, ids, policy: deps.identityPolicy });
  const enterpriseRepository = createEnterpriseRepository(deps.database);
  const registry = createRegistryServices({ database: deps.database, clock, ids, audit, enterprises: enterpriseRepository });
  const policy = createPolicyServices({ database: deps.database, clock, ids, audit, registry, enterprises: enterpriseRepository });
  const certificates = createCertificateLibrary();
  const files = createFileService({ database: deps.database, audit, clock, ids });
  const policyLifecycle = createPolicyLifecycleServices({ database: deps.database, clock, ids, audit, policy, enterprises: enterpriseRepository, certificates, files,
    actorOf: (userId) => identity.actorForUserId(userId) });
  // Claim reviews run on the flow engine: its service tasks call back into the claims (bound by the oversight services).
  const reviewLink = createClaimReviewLink();
  const workflow = createWorkflowServices({ database: deps.database, clock, ids, identity, enterprises: enterpriseRepository, audit, handlers: reviewLink.handlers, groupCommit: deps.flowGroupCommit,
    decisions: createPolicyDecisions({ policy, identity, clock }) });
  return {
    database: deps.database,
    clock,
    ids,
    audit,
    identity,
    enterpriseRepository,
    enterprises: createEnterpriseService({ enterprises: enterpriseRepository, audit }),
    cockpit: createCockpitService({ enterprises: enterpriseRepository, demoCityCode: DEMO_CITY_CODE }),
    // The enterprise mirror (issue 3): catalogue, intake, connectors, sharing, portrait, snapshots.
    registry,
    // Policy units, one-subject evaluation, population runs and the sandbox (issue 4).
    policy,
    // The electronic certificate library: scenarios register their sources; quick-apply claims fetch from it.
    certificates,
    // Uploaded files (copies of certificates): PDF, PNG, JPEG by content, read by their company and the reviewers a module grants.
    files,
    // Publication and pushes, claims in four approval modes, budget ledger and payout (issue 5).
    policyLifecycle,
    // Drafts of policy units and public comment on them (issue 5, stage 1).
    policyDrafts: createPolicyDraftServices({ database: deps.database, clock, ids, audit, policy, lifecycle: policyLifecycle, enterprises: enterpriseRepository }),
    // Processes, applications and officials' tasks on the flow engine (issue 6).
    workflow,
    // Supervision warnings, evaluation, subscriptions and claim reviews on the flow engine (issue 5, stages 5–6).
    policyOversight: createPolicyOversightServices({ database: deps.database, clock, ids, audit, identity, registry, enterprises: enterpriseRepository, policy, lifecycle: policyLifecycle, workflow, reviewLink }),
    // Evidence logs, institution witnesses and the sealed audit trail (issue 8); keys wrapped by the master key.
    evidence: createEvidenceServices({ database: deps.database, clock, ids, masterKey: deps.masterKey ?? null }),
  };
}

/** All platform services. */
export type PlatformServices = ReturnType<typeof createPlatformServices>;
