import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomBytes } from 'node:crypto';
import { AppError, type FieldError } from '../kernel/errors.ts';
import { firstTooDeep } from '../kernel/json-depth.ts';
import type { PlatformServices } from '../platform/platform.ts';
import type { Config } from './config.ts';
import { httpStatusOf } from './error-map.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { cockpitRoutes } from './routes/cockpit.routes.ts';
import { enterpriseRoutes } from './routes/enterprise.routes.ts';
import { evidenceRoutes } from './routes/evidence.routes.ts';
import { fileRoutes } from './routes/files.routes.ts';
import { metaRoutes } from './routes/meta.routes.ts';
import { pledgeRoutes } from './routes/pledge.routes.ts';
import { marketRoutes } from './routes/market.routes.ts';
import { marketEntryRoutes } from './routes/market-entry.routes.ts';
import { marketExitRoutes } from './routes/market-exit.routes.ts';
import { registryIntakeRoutes } from './routes/registry-intake.routes.ts';
import { flowRoutes } from './routes/flow.routes.ts';
import { flowTaskRoutes } from './routes/flow-tasks.routes.ts';
import { calendarRoutes } from './routes/calendar.routes.ts';
import { registryMirrorRoutes } from './routes/registry-mirror.routes.ts';
import { rulesRoutes } from './routes/rules.routes.ts';
import { policyRoutes } from './routes/policy.routes.ts';
import { policyOversightRoutes } from './routes/policy-oversight.routes.ts';
import { policyDraftRoutes } from './routes/policy-drafts.routes.ts';
import { errorSchema } from './schemas.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns Ajv's errors into our field errors: `body.password` + `minLength`. */
export function toFieldErrors(context: string, errors: readonly AjvError[]): FieldError[] {
  return errors.map((e) => {
    const path = e.instancePath.split('/').filter(Boolean);
    if (e.keyword === 'required') path.push(String(e.params.missingProperty));
    if (e.keyword === 'additionalProperties') path.push(String(e.params.additionalProperty));
    return { field: [context, ...path].join('.'), rule: e.keyword, message: e.message ?? e.keyword };
  });
}

/**
 * How deep a request body's JSON may nest. Policy units, the deepest documents the API takes, nest 8 to 13 levels
 * (src/platform/policy/units) and sit two levels down in a draft's body.
 */
export const MAX_BODY_DEPTH = 64;

/** Everything the HTTP app needs. */
export interface AppDependencies {
  services: PlatformServices;
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** The built web app (web/dist) to serve at `/`, with index.html for every other non-API path. */
  webDir?: string;
}

/**
 * Builds the Fastify app with every route; it does not listen (tests use `inject`).
 * Every route validates its input against a schema; every error answers `{ code, message, details }`.
 */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', useDefaults: true, removeAdditional: false } },
    trustProxy: true,
    // One line per request only when asked for (LOG_LEVEL=debug or trace); errors are always logged.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(deps.config.logLevel) }),
  });
  app.addSchema(errorSchema);
  // Signed cookies carry only the short OIDC flow state; a key per process is enough for it.
  await app.register(cookie, { secret: randomBytes(32).toString('hex') });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'onething API', version: '0.1.0', description: 'One things (一件事): business services of a city on shared data.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    request.actor = null;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.actor = (await deps.services.identity.authenticate(token, request.ip)) ?? null;
  });
  // Every successful write is audited, whether or not its service records a finer entry.
  app.addHook('onResponse', async (request, reply) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || reply.statusCode >= 400) return;
    if (request.routeOptions.url?.startsWith('/api/auth/')) return; // login/logout record themselves
    await deps.services.audit.record({
      actor: request.actor,
      action: `http.${request.method.toLowerCase()}`,
      target: request.routeOptions.url ?? request.url,
      ip: request.ip,
      details: { status: reply.statusCode },
    });
  });

  // A body nested past MAX_BODY_DEPTH is refused before its schema is checked: the validator, the services and the
  // JSON of the answer recurse on each level, and a policy draft nested 3,600 levels deep overflowed the stack (500).
  app.addHook('preValidation', async (request) => {
    const deep = firstTooDeep(request.body, MAX_BODY_DEPTH);
    if (deep === undefined) return;
    const field = ['body', ...deep].join('.');
    throw new AppError('validation.failed', `${field}: nested more than ${MAX_BODY_DEPTH} levels deep`, { errors: [{ field, rule: 'depth', message: `nested more than ${MAX_BODY_DEPTH} levels deep` }] });
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (!(error instanceof AppError) && error.validation) {
      const errors = toFieldErrors(error.validationContext ?? 'request', error.validation as AjvError[]);
      return reply.code(400).send({ code: 'validation.failed', message: errors.map((e) => `${e.field}: ${e.message}`).join('; '), details: { errors } });
    }
    if (error instanceof AppError) {
      const appError = error as AppError;
      return reply.code(httpStatusOf(appError.code)).send({ code: appError.code, message: appError.message, details: appError.details ?? undefined });
    }
    if (error instanceof AppError) throw error; // unreachable: narrowed above
    if (error.statusCode === 429) return reply.code(429).send({ code: 'rate_limited', message: 'Too many requests: try again in a minute' });
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ code: error.code ?? 'bad_request', message: error.message });
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ code: 'internal', message: 'Internal error' });
  });
  const webDir = deps.webDir;
  // wildcard: files are looked up per request, so a rebuilt web/dist is served without a restart.
  if (webDir) await app.register(fastifyStatic, { root: webDir, wildcard: true, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: every GET of a page path outside /api gets its index.html;
    // a missing file (a path with an extension, e.g. an old /assets/x.js) is a plain 404.
    const path = request.url.split('?')[0];
    if (webDir && request.method === 'GET' && !path.startsWith('/api/') && !/\.[A-Za-z0-9]+$/.test(path)) return reply.sendFile('index.html');
    return reply.code(404).send({ code: 'not_found', message: `No route ${request.method} ${request.url}` });
  });

  const opts = { services: deps.services, config: deps.config };
  await app.register(metaRoutes, opts);
  await app.register(authRoutes, opts);
  await app.register(enterpriseRoutes, opts);
  await app.register(cockpitRoutes, opts);
  await app.register(adminRoutes, opts);
  // The enterprise mirror (issue 3).
  await app.register(registryMirrorRoutes, opts);
  await app.register(registryIntakeRoutes, opts);
  // Processes, applications and the officials' inbox (issue 6).
  await app.register(flowRoutes, opts);
  await app.register(flowTaskRoutes, opts);
  await app.register(calendarRoutes, opts);
  // Policy units, evaluation, population runs and the sandbox (issue 4).
  await app.register(rulesRoutes, opts);
  // The policy life cycle: release and push, claims, budget ledger and payout (issue 5).
  await app.register(policyRoutes, opts);
  await app.register(policyDraftRoutes, opts);
  await app.register(policyOversightRoutes, opts);
  // Uploaded files (copies of certificates claims name).
  await app.register(fileRoutes, opts);
  // Evidence logs, witnesses and the data-IP pledge (issue 8).
  await app.register(evidenceRoutes, opts);
  await app.register(pledgeRoutes, opts);
  // Market entry: licence catalogue, business-scope guidance, name check (issue 7).
  await app.register(marketRoutes, opts);
  await app.register(marketEntryRoutes, opts);
  // Market exit: deregistration with "1+N", public notices and objections, agents, monitoring (issue 7).
  await app.register(marketExitRoutes, opts);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
