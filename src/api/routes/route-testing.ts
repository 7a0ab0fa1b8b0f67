import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../db/index.ts';
import type { TestDialect } from '../../db/testing.ts';
import { createTestPlatform, TEST_PASSWORD, type TestPlatform } from '../../platform/testing/test-platform.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

/**
 * The app of a route test over a test platform of one dialect, with the named test users logged in
 * (each from its own address under `subnet`, so the login rate limit never trips). Opened before the
 * suite's tests, closed after them once publications have finished.
 * @example const api = useLoggedInApp(dialect, ['admin', 'company'], '10.5.0'); await api.app.inject({ url, headers: api.as('admin') })
 */
export function useLoggedInApp(dialect: TestDialect, usernames: readonly string[], subnet: string) {
  let database: Database | undefined;
  let tp: TestPlatform | undefined;
  let app: FastifyInstance | undefined;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    database = await dialect.open();
    tp = await createTestPlatform(database);
    app = await buildApp({ services: tp.services, config: loadConfig({}) });
    for (const username of usernames) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress: `${subnet}.${username.length}` });
      cookies[username] = `onething_session=${r.cookies.find((c) => c.name === 'onething_session')!.value}`;
    }
  }, 60_000);
  afterAll(async () => {
    await tp?.services.policyLifecycle.push.idle();
    await app?.close();
    await database?.close();
  });
  return {
    get app(): FastifyInstance { return app!; },
    get tp(): TestPlatform { return tp!; },
    get database(): Database { return database!; },
    /** The request headers of a logged-in user. */
    as: (who: string) => ({ cookie: cookies[who] }),
  };
}
