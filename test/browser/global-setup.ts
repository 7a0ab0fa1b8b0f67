import { ensureWebBuilt } from '../../src/api/web-build.ts';

/**
 * Vitest global setup: builds web/dist once, before any test file starts a server that serves it.
 * Without it, browser suites running in parallel may each start a Vite build into the same folder.
 * Wire it with `globalSetup: ['test/browser/global-setup.ts']` in vitest.config.ts.
 */
export default function setup(): void {
  ensureWebBuilt({ quiet: true });
}
