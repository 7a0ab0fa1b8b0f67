// Takes the web app's screenshots for the docs: `npx tsx test/browser/screenshots.ts [name …]`
// (not part of `npm test`; names, e.g. `flow-designer`, take only those). Starts the platform in-process on an in-memory demo city, or uses
// a running one when BASE_URL is set. Needs /usr/bin/chromium and fonts-noto-cjk (Chinese glyphs).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPlatform } from '../../src/api/server.ts';
import { ensureWebBuilt, REPO_ROOT } from '../../src/api/web-build.ts';

const OUT = join(REPO_ROOT, 'docs', 'screenshots');
/** The unit the editor's screenshot shows: a city-wide award for growing software and manufacturing firms. */
const EDITOR_DRAFT = {
  id: 'hz-growth-award', version: 1, title: { zh: '杭州市成长型企业奖励', en: 'Hangzhou growth award' }, category: '奖补', scope: ['330100'], validFrom: '2026-01-01',
  source: { document: '杭政办〔2026〕12号', article: '第五条', issuer: '杭州市人民政府办公厅' },
  parameters: { min_staff: { kind: 'number', zh: '从业人数门槛', en: 'Staff threshold', values: [{ from: '2026-01-01', value: 20 }, { from: '2027-01-01', value: 15 }] } },
  eligibility: { and: [{ '>=': [{ var: 'employees' }, { param: 'min_staff' }] }, { or: [{ in: [{ var: 'industry' }, ['I65', 'I64', 'C39']] }, { '>=': [{ var: 'revenue' }, 5_000_000_000] }] }] },
  benefit: { rate: 0.01, base: { var: 'revenue' }, cap: 20_000_000 },
  tests: [{ name: '软件企业 50 人', asOf: '2026-06-30', facts: { employees: 50, industry: 'I65', revenue: [1_000_000_000], district: '330106' }, eligible: true, amount: 10_000_000 }],
};
const PASSWORD = 'Onething@2026';

// Each account logs in once (the login route allows 10 a minute per address); later shots reuse its cookies.
const sessions = new Map<string, Awaited<ReturnType<ReturnType<Page['context']>['cookies']>>>();

async function logIn(page: Page, base: string, username: string): Promise<void> {
  const cookies = sessions.get(username);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto(base);
    return;
  }
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  sessions.set(username, await page.context().cookies());
}

/** The screenshots asked for by name on the command line; none named: all. */
const only = process.argv.slice(2);

async function shoot(browser: Browser, base: string, name: string, size: { width: number; height: number; scale?: number }, steps: (page: Page) => Promise<void>): Promise<void> {
  if (only.length > 0 && !only.includes(name)) return;
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
  await shoot(browser, base, 'policy-editor', { width: 1600, height: 1000 }, async (page) => {
    await logIn(page, base, 'admin');
    // A draft written through the API, then opened in the editor with the sandbox beside it.
    // (No named functions inside evaluate: tsx would wrap them in a helper the page does not have.)
    const id = await page.evaluate(async (document) => {
      const headers = { 'content-type': 'application/json' };
      const draft = (await (await fetch('/api/policy/drafts', { method: 'POST', headers, body: JSON.stringify({ unitId: document.id }) })).json()) as { id: string };
      await fetch(`/api/policy/drafts/${draft.id}`, { method: 'PUT', headers, body: JSON.stringify({ document, revision: 1 }) });
      return draft.id;
    }, EDITOR_DRAFT);
    await page.goto(`${base}/policy/draft?id=${id}`);
    await page.getByTestId('sandbox-heatmap').locator('canvas').first().waitFor({ timeout: 60_000 }); // the first sandbox builds the snapshot
    await page.getByTestId('test-result-0').waitFor();
  });
  await shoot(browser, base, 'policy-for-me', { width: 1440, height: 900 }, async (page) => {
    await logIn(page, base, 'enterprise');
    await page.goto(`${base}/policy/for-me`);
    await page.locator('[data-testid^="forme-eligible-"]').first().waitFor({ timeout: 60_000 });
  });
  await shoot(browser, base, 'market-guide', { width: 1440, height: 900 }, async (page) => {
    await logIn(page, base, 'enterprise');
    await page.goto(`${base}/market/guide`);
    for (const [query, code] of [['食品销售', 'F001'], ['餐饮服务', 'H001'], ['大型活动组织', 'R026']]) {
      await page.getByTestId('market-scope-search').locator('input').fill(query);
      const add = page.getByTestId(`market-scope-add-${code}`);
      if (await add.count()) await add.click();
      else await page.locator('[data-testid^="market-scope-add-"]').first().click();
    }
    await page.getByTestId('market-scope-search').locator('input').fill('');
    await page.getByTestId('market-licences').locator('.ant-list-item, tr').first().waitFor();
  });
  await shoot(browser, base, 'flow-inbox', { width: 1440, height: 900 }, async (page) => {
    await logIn(page, base, 'amr-officer');
    await page.goto(`${base}/flow/inbox`);
    await page.getByTestId('inbox-table').locator('tr.ant-table-row').first().waitFor();
  });
  await shoot(browser, base, 'flow-designer', { width: 1440, height: 900 }, async (page) => {
    await logIn(page, base, 'xihu-official');
    await page.goto(`${base}/flow/designer`);
    await page.getByTestId('designer-canvas').and(page.locator('[data-ready="yes"]')).waitFor();
    await page.getByTestId('designer-process').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '开办餐馆一件事' }).first().click();
    await page.locator('[data-element-id="accept"]').first().click();
    await page.getByTestId('designer-properties').waitFor();
  });
  await shoot(browser, base, 'calendar', { width: 1440, height: 900 }, async (page) => {
    await logIn(page, base, 'admin');
    await page.goto(`${base}/calendar`);
    await page.getByTestId('calendar-years').locator('tr.ant-table-row').first().waitFor();
  });
  await shoot(browser, base, 'market-monitoring', { width: 1440, height: 900 }, async (page) => {
    await logIn(page, base, 'amr-officer');
    await page.goto(`${base}/market/monitoring`);
    await page.getByTestId('monitoring-departments').locator('tr.ant-table-row').first().waitFor();
  });
  await shoot(browser, base, 'registry-portrait', { width: 1440, height: 1000 }, async (page) => {
    await logIn(page, base, 'xihu-official');
    await page.getByTestId('enterprise-table').locator('tbody tr.ant-table-row').first().waitFor();
    const uscc = (await page.getByTestId('enterprise-table').locator('tbody tr.ant-table-row').first().getAttribute('data-row-key'))!;
    await page.goto(`${base}/registry/portrait?uscc=${uscc}`);
    await page.getByTestId('portrait-categories').waitFor();
  });
} finally {
  await browser.close();
  await platform?.close();
}
