// The enterprise mirror's web pages in real Chromium: a department officer uploads a batch on the
// import page and sees it running with its progress, then its outcome; a rejected batch shows its
// report; the portrait page shows what was imported. Skipped where /usr/bin/chromium is missing.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPlatform } from '../../src/api/server.ts';
import { ensureWebBuilt } from '../../src/api/web-build.ts';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'Onething@2026';
const suite = existsSync(CHROMIUM) ? describe : describe.skip;

suite('enterprise mirror pages', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt({ quiet: true }); // a no-op when the global setup has built web/dist
    [platform, browser] = await Promise.all([
      startPlatform({ port: 0, host: '127.0.0.1', databaseUrl: 'sqlite::memory:', demo: { enterprises: 200 }, quiet: true }),
      chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  async function logIn(page: Page, username: string) {
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }

  it('a tax officer imports a batch on the web page, watches its progress, then sees the portrait', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await logIn(page, 'tax-officer');
    const list = (await (await page.request.get(`${platform.url}/api/enterprises?pageSize=50`)).json()) as { items: { uscc: string }[] };
    expect(list.items.length).toBeGreaterThan(0);
    // Enough rows (the same firms, repeatedly) for the job to be seen running.
    const rows: string[] = ['统一社会信用代码,营业收入,应纳税所得额'];
    for (let i = 0; i < 100_000; i++) rows.push(`${list.items[i % list.items.length].uscc},${1_000_000 + i}.50,${200_000 + i}`);

    await page.goto(`${platform.url}/registry/imports`);
    await page.getByTestId('import-file').setInputFiles({ name: 'tax-2025.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await page.getByTestId('import-period').fill('2025');
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-progress').waitFor();
    const seen = new Set<string>();
    await expect
      .poll(async () => {
        const status = await page.getByTestId('import-status').textContent();
        seen.add(`${status}:${await page.getByTestId('import-progress').getAttribute('aria-valuenow')}`);
        return status;
      }, { timeout: 60_000, interval: 100 })
      .toBe('committed');
    expect(await page.getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('100');
    // While it ran, the page showed the job running with its progress below 100%.
    expect([...seen].some((s) => /^running:\d+$/.test(s) && !s.endsWith(':100')), [...seen].join(' ')).toBe(true);
    expect(await page.getByTestId('import-message').textContent()).toBe('committed 100000 rows');

    // A bad batch: nothing committed, and the report names row, field and rule.
    await page.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`uscc,revenue\n${list.items[0].uscc},lots\n`) });
    await page.getByTestId('import-start').click();
    await expect.poll(() => page.getByTestId('import-status').textContent()).toBe('rejected');
    expect(await page.getByTestId('import-rejections').textContent()).toContain('type.money');

    await page.goto(`${platform.url}/registry/portrait?uscc=${list.items[0].uscc}`);
    await page.getByTestId('portrait-identity').waitFor();
    expect(await page.getByTestId('portrait-categories').textContent()).toContain('税务局');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
