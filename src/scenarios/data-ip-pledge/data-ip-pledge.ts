import type { PlatformServices } from '../../platform/platform.ts';
import { dataIpCertificateSource } from './certificate-source.ts';
import { createCertificateService } from './certificate.service.ts';
import { createCustodyService } from './custody.service.ts';
import { createPledgeEvents } from './pledge-log.ts';
import { createPledgeRepository } from './pledge.repository.ts';
import { createPledgeService } from './pledge.service.ts';
import { createPledgeQueries } from './queries.service.ts';
import { createRegistrationService } from './registration.service.ts';
import { createVerificationService } from './verification.service.ts';

export { pledgeMigrations } from './pledge.migrations.ts';
export { PLEDGE_LOG } from './pledge-log.ts';

/**
 * Seed system 7, the data intellectual-property pledge (数据知识产权质押): registration under the
 * three data rules, optional custody, certificates, valuation, pledge, loan and release, and
 * verification by a bank, every event on the platform's evidence log cosigned by the institutions.
 * @example const pledge = createDataIpPledge(platform); await pledge.registration.register(actor, input)
 */
export function createDataIpPledge(platform: PlatformServices) {
  const { clock, ids } = platform;
  const repo = createPledgeRepository(platform.database);
  const events = createPledgeEvents({ repo, evidence: platform.evidence, audit: platform.audit, clock, ids });
  const custody = createCustodyService({ platform, repo, events, clock, ids });
  // Its registrations are a source of the platform's certificate library (quick-apply claims fetch them).
  platform.certificates.registerCertificateSource(dataIpCertificateSource({ repo }));
  return {
    repo,
    events,
    custody,
    registration: createRegistrationService({ platform, repo, events, custody, clock, ids }),
    pledges: createPledgeService({ repo, events, clock, ids }),
    queries: createPledgeQueries({ repo }),
    verification: createVerificationService({ repo, events }),
    certificates: createCertificateService({ repo, events }),
  };
}

/** The scenario's services. */
export type DataIpPledge = ReturnType<typeof createDataIpPledge>;

const instances = new WeakMap<PlatformServices, DataIpPledge>();

/** The one instance per platform (its write locks must be shared by every caller in the process). */
export function dataIpPledgeOf(platform: PlatformServices): DataIpPledge {
  let found = instances.get(platform);
  if (!found) {
    found = createDataIpPledge(platform);
    instances.set(platform, found);
  }
  return found;
}
