import type { FastifyInstance } from 'fastify';
import { AppError } from '../kernel/errors.ts';
import type { PlatformServices } from '../platform/platform.ts';
import type { Config } from './config.ts';
import { setSessionCookie } from './session-cookie.ts';

const FLOW_COOKIE = 'onething_oidc';

/**
 * OIDC login (authorization code with PKCE) against a configured issuer, e.g. a government SSO.
 * The identity provider proves who the person is; the local account with the same username
 * (created with `onething user add`) decides role and organisation.
 */
export async function registerOidcRoutes(app: FastifyInstance, opts: { services: PlatformServices; config: Config }) {
  const oidc = opts.config.oidc;
  app.get('/api/auth/oidc', { schema: { tags: ['auth'], summary: 'Whether OIDC login is configured' } }, async () => ({ enabled: oidc !== null }));
  if (!oidc) return;
  const client = await import('openid-client');
  let discovered: Awaited<ReturnType<typeof client.discovery>> | undefined;
  // Discovery happens on first use, so a slow or absent SSO never blocks start-up.
  const issuer = new URL(oidc.issuer);
  // Plain HTTP only for an identity provider on this machine (development, tests); anything else needs TLS.
  const loopback = issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
  const configuration = async () =>
    (discovered ??= await client.discovery(issuer, oidc.clientId, oidc.clientSecret, undefined, loopback ? { execute: [client.allowInsecureRequests] } : undefined));

  app.get('/api/auth/oidc/login', { schema: { tags: ['auth'], summary: 'Start OIDC login (redirects)' } }, async (_request, reply) => {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(await configuration(), {
      redirect_uri: oidc.redirectUri,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    reply.setCookie(FLOW_COOKIE, JSON.stringify({ verifier, state }), {
      path: '/api/auth/oidc',
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.config.secureCookies,
      signed: true,
      maxAge: 600,
    });
    return reply.redirect(url.href);
  });

  app.get('/api/auth/oidc/callback', { schema: { tags: ['auth'], summary: 'OIDC redirect target' } }, async (request, reply) => {
    const raw = request.cookies[FLOW_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    if (!unsigned?.valid || !unsigned.value) throw new AppError('auth.unauthenticated', 'OIDC login expired: start again');
    const { verifier, state } = JSON.parse(unsigned.value) as { verifier: string; state: string };
    const current = new URL(request.url, oidc.redirectUri);
    const tokens = await client.authorizationCodeGrant(await configuration(), current, { pkceCodeVerifier: verifier, expectedState: state });
    const claims = tokens.claims();
    const username = claims?.[oidc.usernameClaim];
    if (typeof username !== 'string') throw new AppError('auth.unauthenticated', `The identity provider sent no ${oidc.usernameClaim} claim`);
    const user = await opts.services.identity.findUserByUsername(username);
    if (!user || user.disabled) throw new AppError('auth.forbidden', `No local account for ${username}`);
    const { token, actor } = await opts.services.identity.openSession(user, request.ip, request.headers['user-agent'] ?? null);
    await opts.services.audit.record({ actor, action: 'auth.login.oidc', target: user.id });
    reply.clearCookie(FLOW_COOKIE, { path: '/api/auth/oidc' });
    setSessionCookie(reply, token, opts.config);
    return reply.redirect('/');
  });
}
