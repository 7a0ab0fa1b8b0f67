import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { createCatalogueService } from './catalogue.service.ts';
import { createConnectorService } from './intake/connector.service.ts';
import { createIntakeService } from './intake/intake.service.ts';
import type { EnterpriseRepository } from './enterprise.repository.ts';
import { createPortraitService } from './portrait.service.ts';
import { createSharingService } from './sharing.service.ts';
import { createSnapshotService } from './snapshot/snapshot.service.ts';
import { createValuesRepository } from './values.repository.ts';

/** The enterprise mirror's services (issue 3): catalogue, intake, connectors, sharing, portrait, snapshots. */
export function createRegistryServices(deps: { database: Database; clock: Clock; ids: IdGenerator; audit: AuditService; enterprises: EnterpriseRepository }) {
  const catalogue = createCatalogueService({ database: deps.database, clock: deps.clock });
  const values = createValuesRepository(deps.database);
  const intake = createIntakeService({ values, catalogue, audit: deps.audit, clock: deps.clock, ids: deps.ids });
  const sharing = createSharingService({ database: deps.database, catalogue, clock: deps.clock, ids: deps.ids });
  return {
    catalogue,
    values,
    intake,
    sharing,
    connectors: createConnectorService({ database: deps.database, intake, clock: deps.clock, ids: deps.ids }),
    portrait: createPortraitService({ enterprises: deps.enterprises, values, catalogue, sharing, audit: deps.audit }),
    snapshots: createSnapshotService({ database: deps.database, values, catalogue, clock: deps.clock }),
  };
}

/** The registry services' interface. */
export type RegistryServices = ReturnType<typeof createRegistryServices>;
