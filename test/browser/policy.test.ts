// The policy journey in real Chromium against the real server (in-process, in-memory SQLite, the
// demo city): a department officer's unit is released to 西湖区; the company sees it in
// "policies for me" and claims it; the officer approves it and runs the payout from the claims
// page; the bank's return file is read; the company sees the payment.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPlatform } from '../../src/api/server.ts';
import { ensureWebBuilt } from '../../src/api/web-build.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'Onething@2026';
const POLL = { timeout: 15_000 };
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Browser tests skipped: Chromium is not installed (${CHROMIUM} missing; apt-get install chromium fonts-noto-cjk).`);
const suite = hasChromium ? describe : describe.skip;
const UNIT = 'xihu-startup-subsidy';

suite('policy journey in the browser', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt({ quiet: true });
    [platform, browser] = await Promise.all([
      startPlatform({ port: 0, host: '127.0.0.1', databaseUrl: 'sqlite::memory:', demo: { enterprises: 300 }, quiet: true }),
      chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  async function session(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  const actorOf = async (username: string) => {
    const { identity } = platform.services;
    return identity.actorForUserId((await identity.findUserByUsername(username))!.id);
  };

  it('the company sees a released unit, claims it, and sees the payment', async () => {
    const errors: string[] = [];
    const { policy, policyLifecycle: life } = platform.services;
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
    await company.goto(`${platform.url}/policy/for-me`);
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
    await desk.goto(`${platform.url}/policy/claims`);
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
