import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/index.ts';
import { createTestPlatform, TEST_PASSWORD, type TestPlatform } from '../platform/testing/test-platform.ts';
import { buildApp, MAX_BODY_DEPTH } from './app.ts';
import { loadConfig } from './config.ts';

describe('HTTP API (inject)', () => {
  let database: Database;
  let t: TestPlatform;
  let app: FastifyInstance;

  async function loginCookie(username: string): Promise<string> {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress: `10.0.0.${username.length}` });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'onething_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    return `onething_session=${cookie!.value}`;
  }

  beforeAll(async () => {
    database = await openDatabase('sqlite::memory:');
    t = await createTestPlatform(database);
    app = await buildApp({ services: t.services, config: loadConfig({}) });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('logs in, answers me, logs out', async () => {
    const cookie = await loginCookie('xihu-official');
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.json().user).toMatchObject({ username: 'xihu-official', role: 'official', org: { name: '西湖区', divisionCode: '330106' } });
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('answers a wrong password with 401 and a stable code', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'city-official', password: 'Nope@Nope123' }, remoteAddress: '10.1.1.1' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'auth.invalid_credentials' });
  });

  it('rate-limits login attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'x' }, remoteAddress: '10.9.9.9' });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('answers bad input with 400 naming each field and rule', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '', extra: 1 }, remoteAddress: '10.2.2.2' });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('validation.failed');
    expect(body.details.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.password', rule: 'required' }),
        expect.objectContaining({ field: 'body.extra', rule: 'additionalProperties' }),
      ]),
    );
    const cookie = await loginCookie('xihu-official');
    const badPage = await app.inject({ url: '/api/enterprises?page=0&sizeClass=huge', headers: { cookie } });
    expect(badPage.statusCode).toBe(400);
    expect(badPage.json().details.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['querystring.page', 'querystring.sizeClass']));
    const badUscc = await app.inject({ url: '/api/enterprises/91330000727215176A', headers: { cookie } });
    expect(badUscc.statusCode).toBe(400);
    expect(badUscc.json().details.errors[0]).toMatchObject({ field: 'params.uscc', rule: 'uscc.checkCharacter' });
  });

  it('refuses a body nested past MAX_BODY_DEPTH by its path, however deep, before any schema or service sees it', async () => {
    const nested = (levels: number) => `{"username":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)},"password":"x"}`;
    for (const levels of [MAX_BODY_DEPTH + 1, 100_000]) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: nested(levels), remoteAddress: '10.3.3.3' });
      expect(response.statusCode).toBe(400);
      expect(response.json().details.errors).toEqual([{ field: ['body', 'username', ...Array(MAX_BODY_DEPTH - 1).fill('0')].join('.'), rule: 'depth', message: `nested more than ${MAX_BODY_DEPTH} levels deep` }]);
    }
    // At the limit the body reaches its schema, which refuses an array for a username.
    const atLimit = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: nested(MAX_BODY_DEPTH), remoteAddress: '10.3.3.4' });
    expect(atLimit.json().details.errors).toEqual([expect.objectContaining({ field: 'body.username', rule: 'type' })]);
  });

  it('keeps each district to its own enterprises (404 across scopes, 403 by role, 401 without login)', async () => {
    const xihu = await loginCookie('xihu-official');
    const binjiangUscc = t.enterprises.binjiang[0].uscc;
    const xihuUscc = t.enterprises.xihu[1].uscc;
    expect((await app.inject({ url: `/api/enterprises/${binjiangUscc}`, headers: { cookie: xihu } })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/enterprises/${xihuUscc}`, headers: { cookie: xihu } })).statusCode).toBe(200);
    const list = (await app.inject({ url: '/api/enterprises?pageSize=100', headers: { cookie: xihu } })).json();
    expect(list.items.every((e: { districtCode: string }) => e.districtCode === '330106')).toBe(true);
    const company = await loginCookie('company');
    expect((await app.inject({ url: `/api/enterprises/${xihuUscc}`, headers: { cookie: company } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/audit', headers: { cookie: xihu } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/cockpit/enterprises-by-district', headers: { cookie: company } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/enterprises' })).statusCode).toBe(401);
  });

  it('writes an audit row for every read of personal data, searchable by admins', async () => {
    const xihu = await loginCookie('xihu-official');
    const uscc = t.enterprises.xihu[2].uscc;
    const detail = await app.inject({ url: `/api/enterprises/${uscc}?purpose=inspection`, headers: { cookie: xihu } });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().legalRepresentative.idNumber).toMatch(/\*/);
    const admin = await loginCookie('admin');
    const audit = (await app.inject({ url: '/api/audit?action=enterprise.read&personal=true', headers: { cookie: admin } })).json();
    expect(audit.items.find((a: { target: string }) => a.target === uscc)).toMatchObject({ actorName: 'xihu-official', role: 'official', purpose: 'inspection', personal: true });
  });

  it('serves health, readiness, divisions and the OpenAPI document of every route', async () => {
    expect((await app.inject({ url: '/api/health' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/api/ready' })).statusCode).toBe(200);
    const divisions = (await app.inject({ url: '/api/divisions?parent=330100' })).json();
    expect(divisions.items.map((d: { name: string }) => d.name)).toContain('西湖区');
    const openapi = (await app.inject({ url: '/openapi.json' })).json();
    expect(openapi.openapi).toMatch(/^3\./);
    for (const route of ['/api/auth/login', '/api/enterprises', '/api/enterprises/{uscc}', '/api/cockpit/enterprises-by-district', '/api/audit', '/api/users', '/api/health'])
      expect(openapi.paths).toHaveProperty([route]);
    expect((await app.inject({ url: '/api/nothing-here' })).statusCode).toBe(404);
  });
});

describe('demo logins on the login page', () => {
  it('are listed while the demo city is on, and never when DEMO_ENTERPRISES=0', async () => {
    const database = await openDatabase('sqlite::memory:');
    try {
      const t = await createTestPlatform(database);
      const on = await buildApp({ services: t.services, config: loadConfig({}) });
      const off = await buildApp({ services: t.services, config: loadConfig({ DEMO_ENTERPRISES: '0' }) });
      const listed = (await on.inject({ url: '/api/auth/demo' })).json();
      expect(listed.password).toBe('Onething@2026');
      expect(listed.accounts).toEqual(expect.arrayContaining([{ username: 'xihu-official', role: 'official' }]));
      expect((await off.inject({ url: '/api/auth/demo' })).json()).toEqual({ password: null, accounts: [] });
      await on.close();
      await off.close();
    } finally {
      await database.close();
    }
  });
});

describe('configuration', () => {
  it('names every bad setting', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(/PORT: must be an integer[\s\S]*DATABASE_URL[\s\S]*LOG_LEVEL/);
    expect(loadConfig({ PORT: '3999' }).port).toBe(3999);
  });
});
