import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../db/index.ts';
import type { TestDialect } from '../../db/testing.ts';
import { createTestPlatform, TEST_PASSWORD, type TestPlatform } from '../../platform/testing/test-platform.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { PlatformServices } from '../../platform/platform.ts';

/**
 * The app of a route test over a fixture of one dialect (by default a test platform; a scenario's
 * testbed with `open` and `servicesOf`), with the named test users logged in (each from its own
 * address under `subnet`, so the login rate limit never trips). Opened before the suite's tests,
 * closed after them once publications have finished.
 * @example const api = useLoggedInApp(dialect, ['admin', 'company'], '10.5.0'); await api.app.inject({ url, headers: api.as('admin') })
 */
export function useLoggedInApp(dialect: TestDialect, usernames: readonly string[], subnet: string): LoggedInApp<TestPlatform>;
export function useLoggedInApp<T>(dialect: TestDialect, usernames: readonly string[], subnet: string, open: (database: Database) => Promise<T>, servicesOf: (fixture: T) => PlatformServices): LoggedInApp<T>;
export function useLoggedInApp<T>(
  dialect: TestDialect, usernames: readonly string[], subnet: string,
  open: (database: Database) => Promise<T> = createTestPlatform as unknown as (database: Database) => Promise<T>,
  servicesOf: (fixture: T) => PlatformServices = (f) => (f as unknown as TestPlatform).services,
): LoggedInApp<T> {
  let database: Database | undefined;
  let fixture: T | undefined;
  let app: FastifyInstance | undefined;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    database = await dialect.open();
    fixture = await open(database);
    app = await buildApp({ services: servicesOf(fixture), config: loadConfig({}) });
    for (const username of usernames) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress: `${subnet}.${username.length}` });
      cookies[username] = `onething_session=${r.cookies.find((c) => c.name === 'onething_session')!.value}`;
    }
  }, 60_000);
  afterAll(async () => {
    if (fixture) await servicesOf(fixture).policyLifecycle.push.idle();
    await app?.close();
    await database?.close();
  });
  return {
    get app(): FastifyInstance { return app!; },
    get tp(): T { return fixture!; },
    get database(): Database { return database!; },
    as: (who: string) => ({ cookie: cookies[who] }),
  };
}

/** A route test's app and what it was opened over. */
export interface LoggedInApp<T> {
  readonly app: FastifyInstance;
  /** The fixture the app serves: the test platform, or the scenario's testbed. */
  readonly tp: T;
  readonly database: Database;
  /** The request headers of a logged-in user. */
  as(who: string): { cookie: string };
}
