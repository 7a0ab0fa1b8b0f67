import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { errorResponses, meSchema } from '../schemas.ts';
import { requireActor, toMe } from '../request-context.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { AppError } from '../../kernel/errors.ts';
import { registerOidcRoutes } from '../oidc.ts';
import { SESSION_COOKIE, setSessionCookie } from '../session-cookie.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../platform/demo/demo-city.ts';
import { isDemoCitySeeded } from '../../platform/demo/seed-demo-city.ts';

/** Login, logout, the current user, and OIDC when configured. */
export async function authRoutes(app: FastifyInstance, opts: { services: PlatformServices; config: Config }) {
  const { identity, audit } = opts.services;

  app.post<{ Body: { username: string; password: string } }>(
    '/api/auth/login',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password',
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 128 } },
        },
        response: { 200: { type: 'object', required: ['user'], properties: { user: meSchema } }, ...errorResponses(400, 401, 423, 429) },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      try {
        const { token, actor } = await identity.login({ username, password, ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
        setSessionCookie(reply, token, opts.config);
        await audit.record({ actor, action: 'auth.login', target: actor.userId, ip: request.ip });
        return { user: toMe(actor) };
      } catch (error) {
        if (error instanceof AppError)
          await audit.record({ actor: null, action: `auth.login.${error.code === 'auth.locked' ? 'locked' : 'failed'}`, target: username, ip: request.ip });
        throw error;
      }
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: { type: 'null' } } } }, async (request, reply) => {
    if (request.actor?.sessionId) {
      await identity.logout(request.actor.sessionId);
      await audit.record({ actor: request.actor, action: 'auth.logout', target: request.actor.userId });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: { type: 'object', required: ['user'], properties: { user: meSchema } }, ...errorResponses(401) },
      },
    },
    async (request) => ({ user: toMe(requireActor(request)) }),
  );

  app.get(
    '/api/auth/demo',
    {
      schema: {
        tags: ['auth'],
        summary: 'The demo accounts for the login page: listed only while the demo city is enabled and seeded',
        response: {
          200: {
            type: 'object',
            required: ['password', 'accounts'],
            properties: {
              password: { type: ['string', 'null'] },
              accounts: { type: 'array', items: { type: 'object', required: ['username', 'role'], properties: { username: { type: 'string' }, role: { type: 'string' } } } },
            },
          },
        },
      },
    },
    async () => {
      // A deployment with DEMO_ENTERPRISES=0 never advertises demo logins, even if it once seeded them.
      if (opts.config.demoEnterprises === 0 || !(await isDemoCitySeeded(opts.services))) return { password: null, accounts: [] };
      return { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.map((a) => ({ username: a.username, role: a.role })) };
    },
  );

  await registerOidcRoutes(app, opts);
}
