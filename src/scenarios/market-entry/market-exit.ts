import type { PlatformServices } from '../../platform/platform.ts';
import { PLATFORM_OWNER } from '../../platform/workflow/workflow.services.ts';
import { createAgentsRepository } from './agents/agents.repository.ts';
import { createAgentsService } from './agents/agents.service.ts';
import { createExitHandlers } from './exit/exit-handlers.ts';
import { FORCED_XML, GENERAL_XML, SIMPLIFIED_XML } from './exit/exit-processes.ts';
import { createExitRepository } from './exit/exit.repository.ts';
import { createExitService } from './exit/exit.service.ts';
import { createForcedExitService } from './exit/forced.service.ts';
import { createGeneralExitService } from './exit/general.service.ts';
import { marketEntryOf } from './market-entry.ts';
import { createMonitoringService } from './monitoring/monitoring.service.ts';
import { createPermitsRepository } from './permits.repository.ts';

export { exitMigrations } from './exit/exit.migrations.ts';

/**
 * Market exit, agents and monitoring (issue 7): simplified, general and forced deregistration with the
 * "1+N" cancellation of every permit, registration agents under supervision, and the monitoring figures.
 * The deregistration handlers are registered on the platform's workflow module at creation; the three
 * processes are deployed (owned by the city) before the first case.
 * @example const exit = marketExitOf(platform); await exit.simplified.applySimplified(company, { commitment: true })
 */
export function createMarketExit(platform: PlatformServices) {
  const repo = createExitRepository(platform.database);
  const permits = createPermitsRepository(platform.database);
  const agentsRepo = createAgentsRepository(platform.database);
  const agents = createAgentsService({ platform, repo: agentsRepo, exits: repo });
  for (const [name, handler] of Object.entries(createExitHandlers({ platform, repo, permits }))) platform.workflow.registerHandler(name, handler);
  let deployed: Promise<void> | undefined;
  const ready = () =>
    (deployed ??= (async () => {
      const city = (await platform.identity.listOrgs()).find((o) => o.kind === 'city');
      for (const xml of [SIMPLIFIED_XML, GENERAL_XML, FORCED_XML]) await platform.workflow.definitions.deployAs(city?.id ?? PLATFORM_OWNER, xml, { uploadedBy: null, internal: true });
    })().catch((err: unknown) => {
      deployed = undefined;
      throw err;
    }));
  const deps = { platform, repo, permits, catalogue: () => marketEntryOf(platform).catalogue.load(), rights: agents, ready };
  const simplified = createExitService(deps);
  return {
    repo,
    permits,
    ready,
    /** The company's side, objections, notices and case views (all kinds). */
    simplified,
    general: createGeneralExitService(deps, simplified),
    forced: createForcedExitService(deps, simplified),
    agents,
    monitoring: createMonitoringService({ platform, exits: repo }),
  };
}

/** The exit services. */
export type MarketExit = ReturnType<typeof createMarketExit>;

const instances = new WeakMap<PlatformServices, MarketExit>();

/** The one instance per platform (its handlers are registered once). */
export function marketExitOf(platform: PlatformServices): MarketExit {
  let found = instances.get(platform);
  if (!found) {
    found = createMarketExit(platform);
    instances.set(platform, found);
  }
  return found;
}
