// The policy journey in real Chromium against the real server (in-process, in-memory SQLite, the
// demo city): a department officer's unit is released to 西湖区; the company sees it in
// "policies for me" and claims it; the officer approves it and runs the payout from the claims
// page; the bank's return file is read; the company sees the payment.
import { expect, it } from 'vitest';
import { browserSuite, useJourney } from './harness.ts';
import { claimApproveAndPay } from './policy-steps.ts';

const UNIT = 'xihu-startup-subsidy';

browserSuite('policy journey in the browser', () => {
  const journey = useJourney();
  const actorOf = (username: string) => journey.actorOf(username);

  it('the company sees a released unit, claims it, and sees the payment', async () => {
    const errors: string[] = [];
    const { policy, policyLifecycle: life } = journey.platform.services;
    const officer = await actorOf('tax-officer');
    await life.ready();
    await policy.units.save(officer, {
      id: UNIT, version: 1, title: { zh: '西湖区初创企业补贴', en: 'Xihu start-up subsidy' }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
      eligibility: { '>=': [{ var: 'employees' }, 1] }, benefit: { fixed: 1_500_000 },
    });
    const line = await life.budget.createLine(officer, { title: '初创补贴资金', capFen: 500_000_000 });
    await life.budget.setSettings(officer, UNIT, { mode: 'manual', budgetLineId: line.id });
    const publication = await life.push.publish(officer, UNIT, 1);
    await life.push.idle();
    expect((await life.push.get(officer, publication.id)).status).toBe('done');

    // The company finds the unit in "policies for me" and claims it; the officer approves and pays it.
    await claimApproveAndPay(journey, { unitId: UNIT, amountText: '¥15,000.00', amountFen: 1_500_000, officer: 'tax-officer', errors });
    expect(errors).toEqual([]);
  }, 120_000);
});
