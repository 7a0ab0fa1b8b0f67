import type { FastifyInstance } from 'fastify';
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/index.ts';
import { createTestPlatform } from '../platform/testing/test-platform.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** A minimal OIDC provider on loopback: discovery, JWKS and a token endpoint issuing an RS256 ID token. */
function startFakeIssuer(subjectUsername: string): Promise<{ server: Server; url: string; codes: Map<string, string> }> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
  const codes = new Map<string, string>(); // code → nonce-less marker
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const send = (body: unknown) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      };
      if (req.url === '/.well-known/openid-configuration')
        return send({
          issuer: url,
          authorization_endpoint: `${url}/authorize`,
          token_endpoint: `${url}/token`,
          jwks_uri: `${url}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
        });
      if (req.url === '/jwks') return send({ keys: [jwk] });
      if (req.url === '/token' && req.method === 'POST') {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          const code = new URLSearchParams(body).get('code') ?? '';
          if (!codes.has(code)) {
            res.statusCode = 400;
            return send({ error: 'invalid_grant' });
          }
          const now = Math.floor(Date.now() / 1000);
          const header = b64url(JSON.stringify({ alg: 'RS256', kid: 'k1', typ: 'JWT' }));
          const payload = b64url(JSON.stringify({ iss: url, aud: 'onething', sub: randomUUID(), iat: now, exp: now + 300, preferred_username: subjectUsername }));
          const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey).toString('base64url');
          send({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: `${header}.${payload}.${signature}` });
        });
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, codes }));
  });
}

describe('OIDC login (configured option)', () => {
  let database: Database;
  let app: FastifyInstance;
  let issuer: Awaited<ReturnType<typeof startFakeIssuer>>;

  beforeAll(async () => {
    issuer = await startFakeIssuer('xihu-official');
    database = await openDatabase('sqlite::memory:');
    const t = await createTestPlatform(database);
    const config = loadConfig({ OIDC_ISSUER: issuer.url, OIDC_CLIENT_ID: 'onething', OIDC_CLIENT_SECRET: 's3cret', OIDC_REDIRECT_URI: 'http://localhost:3000/api/auth/oidc/callback' });
    app = await buildApp({ services: t.services, config });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    issuer?.server.close();
  });

  it('redirects to the provider with PKCE, and signs in the local account named by the ID token', async () => {
    expect((await app.inject({ url: '/api/auth/oidc' })).json()).toEqual({ enabled: true });
    const start = await app.inject({ url: '/api/auth/oidc/login' });
    expect(start.statusCode).toBe(302);
    const location = new URL(start.headers.location as string);
    expect(location.origin + location.pathname).toBe(`${issuer.url}/authorize`);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    const flowCookie = start.cookies.find((c) => c.name === 'onething_oidc')!;
    issuer.codes.set('the-code', 'ok');
    const state = location.searchParams.get('state');
    const callback = await app.inject({
      url: `/api/auth/oidc/callback?code=the-code&state=${state}`,
      headers: { cookie: `onething_oidc=${flowCookie.value}` },
    });
    expect(callback.statusCode).toBe(302);
    const session = callback.cookies.find((c) => c.name === 'onething_session')!;
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie: `onething_session=${session.value}` } });
    expect(me.json().user.username).toBe('xihu-official');
  });

  it('refuses a callback without the flow cookie', async () => {
    const callback = await app.inject({ url: '/api/auth/oidc/callback?code=x&state=y' });
    expect(callback.statusCode).toBe(401);
  });
});
