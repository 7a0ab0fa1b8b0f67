import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import type { RegistryServices } from '../registry/registry.services.ts';
import { createPolicyEvaluationService } from './policy-evaluation.service.ts';
import { createPolicyUnitService } from './policy-units.service.ts';
import { createPolicyRepository } from './policy.repository.ts';

/**
 * The policy module (issue 4): stored units and their versions, the shipped units, evaluation of
 * one subject, population runs and the sandbox. `ready()` installs the shipped units (idempotent)
 * and fails runs a stopped process left running; every entry point awaits it once per process.
 */
export function createPolicyServices(deps: { database: Database; clock: Clock; ids: IdGenerator; audit: AuditService; registry: RegistryServices; enterprises: EnterpriseRepository; workers?: number; poolFrom?: number }) {
  const repository = createPolicyRepository(deps.database);
  const units = createPolicyUnitService({ repository, catalogue: deps.registry.catalogue, clock: deps.clock });
  const evaluation = createPolicyEvaluationService({ repository, units, registry: deps.registry, enterprises: deps.enterprises, audit: deps.audit, clock: deps.clock, ids: deps.ids, workers: deps.workers, poolFrom: deps.poolFrom });
  let started: Promise<void> | undefined;
  return {
    repository,
    units,
    evaluation,
    /** Seeds the shipped units and recovers interrupted runs, once per process. */
    ready(): Promise<void> {
      started ??= (async () => {
        await repository.failRunning(deps.clock.now().toISOString());
        await units.seedShipped();
      })();
      started.catch(() => { started = undefined; });
      return started;
    },
  };
}

/** The policy services' interface. */
export type PolicyServices = ReturnType<typeof createPolicyServices>;
