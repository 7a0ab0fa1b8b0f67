import type { Database } from '../db/index.ts';
import { systemClock, type Clock } from '../kernel/clock.ts';
import { createIdGenerator, type IdGenerator } from '../kernel/ids.ts';
import { createAuditService } from './audit/audit.service.ts';
import { DEMO_CITY_CODE } from './demo/generate-enterprises.ts';
import { createCockpitService } from './cockpit/cockpit.service.ts';
import { createIdentityService, type IdentityPolicy } from './identity/identity.service.ts';
import { createEnterpriseRepository } from './registry/enterprise.repository.ts';
import { createEnterpriseService } from './registry/enterprise.service.ts';
import { createRegistryServices } from './registry/registry.services.ts';

export { DEMO_CITY_CODE };

/** Wires the platform services over one database. */
export function createPlatformServices(deps: { database: Database; clock?: Clock; ids?: IdGenerator; identityPolicy?: IdentityPolicy }) {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? createIdGenerator(() => clock.now().getTime());
  const audit = createAuditService({ database: deps.database, clock, ids });
  const identity = createIdentityService({ database: deps.database, clock, ids, policy: deps.identityPolicy });
  const enterpriseRepository = createEnterpriseRepository(deps.database);
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
    registry: createRegistryServices({ database: deps.database, clock, ids, audit, enterprises: enterpriseRepository }),
  };
}

/** All platform services. */
export type PlatformServices = ReturnType<typeof createPlatformServices>;
