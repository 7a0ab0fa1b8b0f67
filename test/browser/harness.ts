// What every browser journey shares: Chromium from Debian (skipped, with a message, when missing),
// the real server in-process on in-memory SQLite with a small demo city, and logging in.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startPlatform } from '../../src/api/server.ts';
import type { Clock } from '../../src/kernel/clock.ts';
import { ensureWebBuilt } from '../../src/api/web-build.ts';

// CHROMIUM_PATH overrides the Debian location (and lets the skip path be tried).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

/** The demo accounts' password. */
export const PASSWORD = 'Onething@2026';
/** Polling limit for `expect.poll` in journeys. */
export const POLL = { timeout: 15_000 };

/**
 * Turns an antd switch on and waits until it says so (`aria-checked`): a click that lands while a
 * modal is still opening is tried again, and a switch already on is left alone (a bare click would
 * turn it off, and the form would be sent with `false`).
 */
export async function switchOn(control: Locator): Promise<void> {
  await expect.poll(async () => {
    if ((await control.getAttribute('aria-checked')) !== 'true') await control.click();
    return control.getAttribute('aria-checked');
  }, POLL).toBe('true');
}

/**
 * Picks `option` in an antd select (`select`: its root) and waits until the select shows it: a click that lands
 * while the list is still opening or re-rendering, on a loaded machine, is tried again, so a form is never sent
 * without the choice (the evaluation journey once waited 90 s for a request its form had refused to send, and the
 * market-entry journey for a check-digit problem that a missing district hid behind a required-field one).
 */
export async function choose(select: Locator, option: string): Promise<void> {
  const shown = async () => (await select.innerText()).includes(option);
  const item = select.page().locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first();
  await expect.poll(async () => {
    if (await shown()) return true;
    await select.click();
    await item.click({ timeout: 5_000 }).catch(() => undefined);
    return shown();
  }, POLL).toBe(true);
}

/**
 * What a page did that a timeout's message should tell: its errors and failed requests, as they happen (a journey
 * may add its own lines). Read it where a wait fails.
 */
export function watchPage(page: Page): string[] {
  const seen: string[] = [];
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => seen.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
  return seen;
}

/** `describe` where Chromium is installed, else `describe.skip` with a warning naming the fix. */
export const browserSuite = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(`Browser tests skipped: Chromium is not installed (${CHROMIUM} missing; apt-get install chromium fonts-noto-cjk).`);

/** Starts the platform and Chromium before the suite's tests and closes both after; read them from the returned object. A `clock` lets a journey move the platform's time. */
export function useJourney(options: { clock?: Clock } = {}) {
  const env = {
    platform: undefined as unknown as Awaited<ReturnType<typeof startPlatform>>,
    browser: undefined as unknown as Browser,
    /** A new browser context logged in as `username` (demo password), on the page login lands on. */
    async session(username: string, viewport = { width: 1400, height: 900 }): Promise<Page> {
      const context = await env.browser.newContext({ viewport });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${env.platform.url}/login`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      return page;
    },
    /** The acting user behind a demo username, for steps done through the services. */
    async actorOf(username: string) {
      const { identity } = env.platform.services;
      return identity.actorForUserId((await identity.findUserByUsername(username))!.id);
    },
  };
  beforeAll(async () => {
    // The server serves web/dist only if it exists when it starts: build first when stale.
    ensureWebBuilt({ quiet: true });
    [env.platform, env.browser] = await Promise.all([
      startPlatform({ port: 0, host: '127.0.0.1', databaseUrl: 'sqlite::memory:', demo: { enterprises: 300 }, quiet: true, clock: options.clock }),
      chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.platform?.close();
  });
  return env;
}
