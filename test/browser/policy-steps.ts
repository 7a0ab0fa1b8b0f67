// Steps the policy journeys share: the company claims a unit from "policies for me", the officer
// approves it and runs the payout on the claims page, the bank's return file is read, and the
// company sees the payment.
import { expect } from 'vitest';
import { POLL, type useJourney } from './harness.ts';

/** The company claims `unitId` (shown with `amountText`), it is approved and paid; returns the batch. */
export async function claimApproveAndPay(journey: ReturnType<typeof useJourney>, opts: { unitId: string; amountText: string; amountFen: number; officer: string; errors: string[] }) {
  const { policyLifecycle: life } = journey.platform.services;
  const officer = await journey.actorOf(opts.officer);
  const company = await journey.session('enterprise');
  company.on('pageerror', (error) => opts.errors.push(error.message));
  await company.goto(`${journey.platform.url}/policy/for-me`);
  await company.getByTestId(`forme-eligible-${opts.unitId}`).waitFor();
  expect(await company.getByText(opts.amountText).count()).toBeGreaterThan(0);
  await company.getByTestId(`claim-button-${opts.unitId}`).click();
  await company.getByTestId('account-name').fill('杭州测试企业');
  await company.getByTestId('account-number').fill('6222020200112233');
  await company.getByTestId('account-bank').fill('102331000015');
  await company.getByRole('button', { name: '提交' }).click();
  await expect.poll(() => company.getByTestId(`claim-status-${opts.unitId}`).textContent(), POLL).toBe('待审核');

  // The officer approves it with the explanation in front of them and runs the payout.
  const desk = await journey.session(opts.officer);
  desk.on('pageerror', (error) => opts.errors.push(error.message));
  await desk.goto(`${journey.platform.url}/policy/claims`);
  await desk.getByTestId('claim-approve').click();
  await desk.getByText('已批准').first().waitFor();
  const before = (await life.payout.batches(officer)).length;
  await desk.getByTestId('payout-run').click();
  await expect.poll(async () => (await life.payout.batches(officer)).length, POLL).toBe(before + 1);
  const [batch] = await life.payout.batches(officer);
  expect(batch).toMatchObject({ count: 1, totalFen: opts.amountFen });

  // The bank's return file says it was paid; the company sees the money arrived.
  const file = (await life.payout.batch(officer, batch.id)).file;
  const paymentId = file.split('\r\n')[1].split(',')[0];
  await life.payout.reconcile(officer, batch.id, `payment_id,result,reason_code,reason\n${paymentId},PAID,,`);
  await company.reload();
  await expect.poll(() => company.getByTestId(`claim-status-${opts.unitId}`).textContent(), POLL).toBe('已支付');
  expect(await company.getByTestId(`payment-status-${opts.unitId}`).textContent()).toBe('已到账');
  return batch;
}
