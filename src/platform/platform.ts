import type { Database } from '../db/index.ts';
import { systemClock, type Clock } from '../kernel/clock.ts';
import { createIdGenerator, type IdGenerator } from '../kernel/ids.ts';
import { createAuditService } from './audit/audit.service.ts';
import { DEMO_CITY_CODE } from './demo/generate-enterprises.ts';
import { createCockpitService } from './cockpit/cockpit.service.ts';
import { createEvidenceServices } from './evidence/evidence.services.ts';
import { createIdentityService, type IdentityPolicy } from './identity/identity.service.ts';
import { createEnterpriseRepository } from './registry/enterprise.repository.ts';
import { createEnterpriseService } from './registry/enterprise.service.ts';
import { createPolicyServices } from './policy/policy.services.ts';
import { createPolicyLifecycleServices } from './policy/policy-lifecycle.services.ts';
import { createRegistryServices } from './registry/registry.services.ts';
import { createWorkflowServices } from './workflow/workflow.services.ts';

export { DEMO_CITY_CODE };

/** Wires the platform services over one database. */
export function createPlatformServices(deps: { database: Database; clock?: Clock; ids?: IdGenerator; identityPolicy?: IdentityPolicy; masterKey?: Uint8Array | null }) {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? createIdGenerator(() => clock.now().getTime());
  const audit = createAuditService({ database: deps.database, clock, ids });
  const identity = createIdentityService({ database: deps.database, clock, ids, policy: deps.identityPolicy });
  const enterpriseRepository = createEnterpriseRepository(deps.database);
  const registry = createRegistryServices({ database: deps.database, clock, ids, audit, enterprises: enterpriseRepository });
  const policy = createPolicyServices({ database: deps.database, clock, ids, audit, registry, enterprises: enterpriseRepository });
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
    // Publication and pushes, claims in four approval modes, budget ledger and payout (issue 5).
    policyLifecycle: createPolicyLifecycleServices({ database: deps.database, clock, ids, audit, policy, enterprises: enterpriseRepository }),
    // Processes, applications and officials' tasks on the flow engine (issue 6).
    workflow: createWorkflowServices({ database: deps.database, clock, ids, identity, enterprises: enterpriseRepository, audit }),
    // Evidence logs, institution witnesses and the sealed audit trail (issue 8); keys wrapped by the master key.
    evidence: createEvidenceServices({ database: deps.database, clock, ids, masterKey: deps.masterKey ?? null }),
  };
}

/** All platform services. */
export type PlatformServices = ReturnType<typeof createPlatformServices>;
