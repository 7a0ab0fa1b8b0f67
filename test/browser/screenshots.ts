// Takes the web app's screenshots for the docs: `npx tsx test/browser/screenshots.ts`
// (not part of `npm test`). Starts the platform in-process on an in-memory demo city, or uses
// a running one when BASE_URL is set. Needs /usr/bin/chromium and fonts-noto-cjk (Chinese glyphs).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPlatform } from '../../src/api/server.ts';
import { ensureWebBuilt, REPO_ROOT } from '../../src/api/web-build.ts';

const OUT = join(REPO_ROOT, 'docs', 'screenshots');
const PASSWORD = 'Onething@2026';

async function logIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

async function shoot(browser: Browser, base: string, name: string, size: { width: number; height: number; scale?: number }, steps: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.scale ?? 1, isMobile: size.width < 500 });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await steps(page);
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(600); // let antd and echarts finish their entry animations
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
  await context.close();
}

const external = process.env.BASE_URL;
if (!external) ensureWebBuilt();
const platform = external
  ? undefined
  : await startPlatform({ port: 0, host: '127.0.0.1', databaseUrl: 'sqlite::memory:', demo: { enterprises: 2000 }, quiet: true });
const base = external ?? platform!.url;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
mkdirSync(OUT, { recursive: true });
try {
  await shoot(browser, base, 'login', { width: 1280, height: 800 }, async (page) => {
    await page.goto(`${base}/login`);
    await page.getByText('演示账号').click();
    await page.getByRole('button', { name: /^enterprise/ }).waitFor();
  });
  await shoot(browser, base, 'portal-phone', { width: 390, height: 844, scale: 2 }, async (page) => {
    await logIn(page, base, 'enterprise');
    await page.getByTestId('company-card').waitFor();
  });
  await shoot(browser, base, 'workbench', { width: 1440, height: 900 }, async (page) => {
    await logIn(page, base, 'official');
    await page.getByTestId('enterprise-table').locator('tbody tr.ant-table-row').first().waitFor();
  });
  await shoot(browser, base, 'enterprise-drawer', { width: 1440, height: 900 }, async (page) => {
    await logIn(page, base, 'xihu-official');
    await page.getByTestId('enterprise-table').locator('tbody tr.ant-table-row').first().getByRole('button').click();
    await page.getByTestId('enterprise-drawer').getByText('法定代表人').waitFor();
  });
  await shoot(browser, base, 'cockpit', { width: 1440, height: 900 }, async (page) => {
    await logIn(page, base, 'official');
    await page.goto(`${base}/cockpit`);
    await page.getByTestId('district-chart').locator('canvas').waitFor();
  });
  await shoot(browser, base, 'audit-en', { width: 1440, height: 900 }, async (page) => {
    await logIn(page, base, 'admin');
    await page.getByTestId('language-switch').click();
    await page.getByText('Audit log').first().waitFor();
  });
} finally {
  await browser.close();
  await platform?.close();
}
