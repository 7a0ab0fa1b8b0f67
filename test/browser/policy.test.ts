// The policy journey in real Chromium against the real server (in-process, in-memory SQLite, the
// demo city): a department officer's unit is released to 西湖区; the company sees it in
// "policies for me" and claims it; the officer approves it and runs the payout from the claims
// page; the bank's return file is read; the company sees the payment.
import { expect, it } from 'vitest';
import { browserSuite, POLL, useJourney } from './harness.ts';

const UNIT = 'xihu-startup-subsidy';

browserSuite('policy journey in the browser', () => {
  const journey = useJourney();
  const session = (username: string) => journey.session(username);
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

    // The company finds the unit in "policies for me" and claims it with its account.
    const company = await session('enterprise');
    company.on('pageerror', (error) => errors.push(error.message));
    await company.goto(`${journey.platform.url}/policy/for-me`);
    await company.getByTestId(`forme-eligible-${UNIT}`).waitFor();
    expect(await company.getByText('¥15,000.00').count()).toBeGreaterThan(0);
    await company.getByTestId(`claim-button-${UNIT}`).click();
    await company.getByTestId('account-name').fill('杭州测试企业');
    await company.getByTestId('account-number').fill('6222020200112233');
    await company.getByTestId('account-bank').fill('102331000015');
    await company.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => company.getByTestId(`claim-status-${UNIT}`).textContent(), POLL).toBe('待审核');

    // The officer approves it with the explanation in front of them and runs the payout.
    const desk = await session('tax-officer');
    desk.on('pageerror', (error) => errors.push(error.message));
    await desk.goto(`${journey.platform.url}/policy/claims`);
    await desk.getByTestId('claim-approve').click();
    await desk.getByText('已批准').first().waitFor();
    await desk.getByTestId('payout-run').click();
    await expect.poll(async () => (await life.payout.batches(officer)).length, POLL).toBe(1);
    const [batch] = await life.payout.batches(officer);
    expect(batch).toMatchObject({ count: 1, totalFen: 1_500_000 });

    // The bank's return file says it was paid; the company sees the money arrived.
    const file = (await life.payout.batch(officer, batch.id)).file;
    const paymentId = file.split('\r\n')[1].split(',')[0];
    await life.payout.reconcile(officer, batch.id, `payment_id,result,reason_code,reason\n${paymentId},PAID,,`);
    await company.reload();
    await expect.poll(() => company.getByTestId(`claim-status-${UNIT}`).textContent(), POLL).toBe('已支付');
    expect(await company.getByTestId(`payment-status-${UNIT}`).textContent()).toBe('已到账');
    expect(errors).toEqual([]);
  }, 120_000);
});
