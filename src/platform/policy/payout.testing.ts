import type { Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import type { Actor } from '../identity/identity.types.ts';
import { createPlatformServices } from '../platform.ts';
import { buildEnterprise } from '../testing/builders.ts';
import { claimRow, type LifecycleDb } from './lifecycle.repository.ts';

/** The platform administrator the payout tests act as. */
export const payoutAdmin: Actor = {
  userId: 'usr_admin', username: 'admin', displayName: 'admin', role: 'platform_admin', sessionId: null, ip: null, enterpriseUscc: null,
  org: { id: 'org_p', code: '330000', name: '330000', nameEn: '330000', kind: 'province', parentId: null, divisionCode: '330000' },
};

/**
 * On a migrated platform: a budget line, a unit on it, and `count` approved claims of `fen` each with
 * their budget committed (the state a payout starts from); answers the line's id.
 */
export async function seedApprovedClaims(database: Database, count: number, fen: number): Promise<string> {
  const services = createPlatformServices({ database, clock: createFixedClock('2026-03-02T02:00:00.000Z'), ids: createSequentialIds() });
  const life = services.policyLifecycle;
  await life.ready();
  const firm = buildEnterprise({ districtCode: '330106', townCode: '330106001' });
  await services.enterpriseRepository.insertMany([firm]);
  await services.policy.units.save(payoutAdmin, { id: 'crash-award', version: 1, title: { zh: '崩溃测试奖励', en: 'Crash award' }, eligibility: { '>=': [{ var: 'employees' }, 0] }, benefit: { fixed: fen } });
  const line = await life.budget.createLine(payoutAdmin, { title: 'crash', capFen: count * fen * 2 });
  await life.budget.setSettings(payoutAdmin, 'crash-award', { mode: 'quick_apply', budgetLineId: line.id });
  const at = '2026-03-02T02:00:00.000Z';
  await (database.kysely as LifecycleDb).transaction().execute(async (trx) => {
    for (let i = 0; i < count; i += 500) {
      await trx.insertInto('policy_claims').values(Array.from({ length: Math.min(500, count - i) }, (_, j) => claimRow({
        id: `pcl_crash_${String(i + j).padStart(6, '0')}`, unitId: 'crash-award', version: 1, uscc: `CRASH${String(i + j).padStart(13, '0')}`, districtCode: '330106', townCode: '330106001',
        mode: 'quick_apply', status: 'approved', amountFen: fen, answers: {}, promised: [], explanation: null, audit: null,
        account: { name: `企业 ${i + j}`, number: String(6_222_020_200_000_000 + i + j), bank: '102331000015' }, reason: null, decidedBy: 'system', decidedAt: at,
        recoveryFen: 0, recoveredAt: null, createdAt: at, updatedAt: at,
      }))).execute();
    }
    await life.budget.ledger.post(trx, { lineId: line.id, claimId: null, memo: 'approvals', at, legs: [['committed', count * fen], ['available', -count * fen]] });
  });
  return line.id;
}
