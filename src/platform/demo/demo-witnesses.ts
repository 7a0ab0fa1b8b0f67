import type { EvidenceServices } from '../evidence/evidence.services.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import { DEMO_WITNESS_ORG_CODES } from './demo-city.ts';

/**
 * Makes the demo city's five institutions witnesses of the evidence logs, each with its own
 * Ed25519 key wrapped by the master key; idempotent (run on every demo start).
 */
export async function seedDemoWitnesses(deps: { identity: Pick<IdentityService, 'findOrgByCode'>; evidence: Pick<EvidenceServices, 'witnesses' | 'vault'> }): Promise<number> {
  if (!deps.evidence.vault.ready) return 0;
  let made = 0;
  for (const code of DEMO_WITNESS_ORG_CODES) {
    const org = await deps.identity.findOrgByCode(code);
    if (!org) continue;
    const before = (await deps.evidence.witnesses.list()).length;
    await deps.evidence.witnesses.ensureWitness(org);
    if ((await deps.evidence.witnesses.list()).length > before) made++;
  }
  return made;
}
