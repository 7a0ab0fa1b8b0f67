import type { PlatformServices } from '../../platform/platform.ts';
import { marketCertificateSource } from './certificate-source.ts';
import { createEntryRepository } from './entry.repository.ts';
import { suggestLicences, type SuggestInput } from './guidance.ts';
import { createLicenceCatalogueService } from './licence-catalogue.service.ts';
import { createMarketRepository } from './market.repository.ts';
import { createNameService } from './name.service.ts';
import { createPermitsRepository } from './permits.repository.ts';
import { searchScope } from './scope-match.ts';

export { marketMigrations } from './market.migrations.ts';

/**
 * Seed systems 5 and 6, market entry and exit (准入准营一网通, 简易注销): so far the licence catalogue,
 * guidance from the business scope, and the name check; the entry flow, exit and agents build on them.
 * @example const market = marketEntryOf(platform); await market.guidance.suggest(actor, { scopeCodes: ['H001'] })
 */
export function createMarketEntry(platform: PlatformServices) {
  const repo = createMarketRepository(platform.database);
  const catalogue = createLicenceCatalogueService({ repo, audit: platform.audit, clock: platform.clock });
  // The permits and licences it issues are a source of the platform's certificate library (quick-apply claims fetch them).
  platform.certificates.registerCertificateSource(marketCertificateSource({
    permits: createPermitsRepository(platform.database), repo: createEntryRepository(platform.database),
    itemName: async (code) => (await catalogue.load()).items.find((i) => i.code === code)?.name,
    items: async () => (await catalogue.load()).items,
  }));
  return {
    repo,
    catalogue,
    names: createNameService({ repo }),
    guidance: {
      /** Standard business-scope wordings for a search box, best first. */
      async searchScope(query: string, limit = 20) {
        return searchScope((await catalogue.load()).scope, query, limit);
      },
      /** The whole standard business-scope table, optionally of one GB/T 4754 section. */
      async scopeTable(section?: string) {
        const scope = (await catalogue.load()).scope;
        return section ? scope.filter((e) => e.section === section) : [...scope];
      },
      /** The licences a business scope needs, with reasons, prerequisites and the consequences of the applicant's changes. */
      async suggest(input: SuggestInput) {
        return suggestLicences(await catalogue.load(), input);
      },
    },
  };
}

/** The scenario's services. */
export type MarketEntry = ReturnType<typeof createMarketEntry>;

const instances = new WeakMap<PlatformServices, MarketEntry>();

/** The one instance per platform (its catalogue cache is shared by every caller in the process). */
export function marketEntryOf(platform: PlatformServices): MarketEntry {
  let found = instances.get(platform);
  if (!found) {
    found = createMarketEntry(platform);
    instances.set(platform, found);
  }
  return found;
}
