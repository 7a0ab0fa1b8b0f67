// The licence guide in real Chromium against the real server (in-process, in-memory SQLite, a small
// demo city): a company searches business-scope wordings, chooses two, sees the suggested licences with
// their reasons (the fire check as the entertainment venue's prerequisite), removes the fire check and
// sees the missing prerequisite flagged, then restores it.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startPlatform } from '../../src/api/server.ts';
import { ensureWebBuilt } from '../../src/api/web-build.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'Onething@2026';
const POLL = { timeout: 15_000 };
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Browser tests skipped: Chromium is not installed (${CHROMIUM} missing; apt-get install chromium fonts-noto-cjk).`);
const suite = hasChromium ? describe : describe.skip;

suite('licence guide in the browser', () => {
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

  it('a company picks a business scope, sees the licences with reasons, removes one and sees the consequence', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名').fill('enterprise');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    await page.goto(`${platform.url}/market/guide`);
    await page.getByRole('heading', { name: '开办企业 · 许可导办' }).waitFor();
    const choose = async (query: string, wording: string) => {
      await page.getByPlaceholder('搜索经营范围规范表述，如：餐饮服务、道路货物运输').fill(query);
      await page.locator('.ant-list-item', { hasText: wording }).first().getByRole('button', { name: '选用' }).click();
    };
    await choose('餐饮服务', '餐饮服务');
    await choose('歌舞娱乐', '歌舞娱乐场所经营');
    const table = page.getByTestId('market-licences');
    await expect.poll(() => table.locator('tbody tr').count(), POLL).toBe(4);
    await expect.poll(() => table.textContent(), POLL).toContain('因经营范围含「餐饮服务」（许可项目），需办理食品经营许可（市场监督管理局，《中华人民共和国食品安全法》第三十五条）');
    expect(await table.textContent()).toContain('办理娱乐场所经营许可需先取得公众聚集场所投入使用、营业前消防安全检查');

    await page.getByTestId('market-remove-fire_safety_check').click();
    await page.getByTestId('market-problem-prerequisite.missing').waitFor();
    await expect.poll(() => table.locator('tbody tr').count(), POLL).toBe(3);
    await page.getByRole('button', { name: /恢复/ }).click();
    await expect.poll(() => table.locator('tbody tr').count(), POLL).toBe(4);
    expect(await page.getByTestId('market-problem-prerequisite.missing').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
