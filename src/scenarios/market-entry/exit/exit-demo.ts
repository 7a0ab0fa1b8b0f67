import { createHash } from 'node:crypto';
import type { PlatformServices } from '../../../platform/platform.ts';
import { createAgentsRepository } from '../agents/agents.repository.ts';
import { marketExitOf } from '../market-exit.ts';
import { checkSimplifiedEligibility } from './eligibility.ts';
import { localDay } from './notice.ts';

/**
 * The demo city's exit data (once): the `agent` account's agency registered as an agent, authorised by a few
 * eligible companies of 西湖区 (other than the `enterprise` account's), and their simplified deregistrations
 * on public notice — so the notices page, the agent supervision and the monitoring have something to show.
 * Returns how many notices it opened.
 */
export async function seedExitDemo(platform: PlatformServices, count = 3): Promise<number> {
  const user = await platform.identity.findUserByUsername('agent');
  const own = await platform.identity.findUserByUsername('enterprise');
  if (!user) return 0;
  const agentActor = await platform.identity.actorForUserId(user.id);
  const repo = createAgentsRepository(platform.database);
  if (await repo.agentOfOrg(agentActor.org.id)) return 0;
  const exit = marketExitOf(platform);
  const agent = await exit.agents.register(agentActor, {
    name: agentActor.org.name.length >= 4 ? agentActor.org.name : `${agentActor.org.name}代办`, uscc: agentActor.enterpriseUscc ?? agentActor.org.code, phone: '057188880000', address: '浙江省杭州市西湖区文三路 90 号',
  });
  const skip = own ? (await platform.identity.actorForUserId(own.id)).enterpriseUscc : null;
  const today = localDay(platform.clock.now());
  const until = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  const { items } = await platform.enterpriseRepository.list({ kind: 'division', divisionCode: '330106', column: 'district', prefix: '330106' }, { status: 'active' }, 1, 60);
  let opened = 0;
  for (const company of items) {
    if (opened >= count) break;
    if (company.uscc === skip || company.uscc === agentActor.enterpriseUscc) continue;
    if (!checkSimplifiedEligibility(await exit.simplified.factsOf(company)).eligible) continue;
    // The companies sign on paper at the agency's counter; the seed records the signed terms.
    const terms = { agentId: agent.id, uscc: company.uscc, scope: ['deregistration'], validFrom: today, validUntil: until, signerName: company.legalRepName };
    await repo.insertAuthorisation({
      id: platform.ids.next('auz'), agentId: agent.id, uscc: company.uscc, scope: ['deregistration'], validFrom: today, validUntil: until, signedBy: 'demo-seed', signerName: company.legalRepName,
      signature: createHash('sha256').update(JSON.stringify(terms)).digest('hex'), status: 'active', createdAt: platform.clock.now().toISOString(), revokedAt: null,
    });
    await exit.simplified.applySimplified(agentActor, { uscc: company.uscc, commitment: true });
    opened++;
  }
  return opened;
}
