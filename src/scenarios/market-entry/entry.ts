import { DEMO_CITY_CODE, type PlatformServices } from '../../platform/platform.ts';
import type { EvidenceServices } from '../../platform/evidence/evidence.services.ts';
import { createEntryRepository } from './entry.repository.ts';
import { createEntryService, type EntryService } from './entry.service.ts';
import { marketEntryOf } from './market-entry.ts';
import { createPermitsRepository } from './permits.repository.ts';

export { entryMigrations } from './entry.migrations.ts';

const instances = new WeakMap<PlatformServices, EntryService>();

/**
 * The entry "one thing" of a platform (one per platform: its flow handlers are registered once).
 * `evidence` replaces the platform's evidence logs (tests give one with a master key).
 * @example const entry = entryOf(platform); await entry.submit(company, input)
 */
export function entryOf(platform: PlatformServices, options: { evidence?: EvidenceServices; cityCode?: string } = {}): EntryService {
  let found = instances.get(platform);
  if (!found) {
    const market = marketEntryOf(platform);
    found = createEntryService({
      repo: createEntryRepository(platform.database), permits: createPermitsRepository(platform.database), names: market.names, catalogue: () => market.catalogue.load(),
      workflow: platform.workflow, identity: platform.identity, enterprises: platform.enterpriseRepository, audit: platform.audit, evidence: options.evidence ?? platform.evidence,
      clock: platform.clock, ids: platform.ids, cityCode: options.cityCode ?? DEMO_CITY_CODE,
    });
    instances.set(platform, found);
  }
  return found;
}
