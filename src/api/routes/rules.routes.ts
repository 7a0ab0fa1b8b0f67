import type { FastifyInstance } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { POPULATION_ROLES } from '../../platform/policy/policy-evaluation.service.ts';
import { UNIT_WRITERS } from '../../platform/policy/policy-units.service.ts';
import { requireActor, requireRole } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import { day, fieldErrors, runSchema, sandboxSchema, storedUnitSchema, subjectResultSchema, testResultSchema, unitDocument, versionSchema } from './rules-schemas.ts';

const tags = ['rules'];
const idParam = { type: 'string', minLength: 1, maxLength: 100 } as const;
/** Who may evaluate an enterprise of the mirror (within their data scope): the enterprise itself, its agent, officials, administrators. */
const ENTERPRISE_READERS = ['platform_admin', 'official', 'enterprise', 'agent'] as const;

/** The rules API: policy units (versions, validation, author tests), evaluation, population runs and the sandbox. */
export async function rulesRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const { policy } = opts.services;
  // The shipped units are installed before the first request is served.
  app.addHook('preHandler', async () => { await policy.ready(); });

  app.get('/api/rules/units', {
    schema: { tags, summary: 'Policy units with their latest and published versions', response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: storedUnitSchema } } }, ...errorResponses(401) } },
  }, async (request) => {
    requireActor(request);
    return { items: await policy.units.list() };
  });

  app.get<{ Params: { id: string }; Querystring: { version?: number } }>('/api/rules/units/:id', {
    schema: {
      tags, summary: 'One version of a unit (default: the published one, else the latest)',
      params: { type: 'object', required: ['id'], properties: { id: idParam } },
      querystring: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 } } },
      response: { 200: versionSchema, ...errorResponses(401, 404) },
    },
  }, async (request) => {
    requireActor(request);
    return policy.units.get(request.params.id, request.query.version);
  });

  app.get<{ Params: { id: string } }>('/api/rules/units/:id/versions', {
    schema: {
      tags, summary: 'Every version of a unit, oldest first (versions never change)',
      params: { type: 'object', required: ['id'], properties: { id: idParam } },
      response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: versionSchema } } }, ...errorResponses(401, 404) },
    },
  }, async (request) => {
    requireActor(request);
    return { items: await policy.units.versions(request.params.id) };
  });

  app.post<{ Body: unknown }>('/api/rules/units', {
    schema: {
      tags, summary: 'Save a new version of a unit (validated; the next version number; an existing version is never changed)',
      body: unitDocument,
      response: { 201: versionSchema, 200: versionSchema, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, UNIT_WRITERS);
    const before = await policy.units.list();
    const saved = await policy.units.save(actor, request.body);
    const existed = before.some((u) => u.id === saved.unitId && u.latestVersion >= saved.version);
    return reply.code(existed ? 200 : 201).send(saved);
  });

  app.post<{ Params: { id: string; version: number } }>('/api/rules/units/:id/versions/:version/publish', {
    schema: {
      tags, summary: 'Publish a version (it must be valid and pass its author tests)',
      params: { type: 'object', required: ['id', 'version'], properties: { id: idParam, version: { type: 'integer', minimum: 1 } } },
      response: { 200: storedUnitSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const actor = requireRole(request, UNIT_WRITERS);
    return policy.units.publish(actor, request.params.id, request.params.version);
  });

  app.post<{ Body: { unit: unknown } }>('/api/rules/validate', {
    schema: {
      tags, summary: 'Validate a unit: every problem with its JSON Pointer and rule',
      body: { type: 'object', required: ['unit'], additionalProperties: false, properties: { unit: unitDocument } },
      response: { 200: { type: 'object', required: ['valid', 'errors'], properties: { valid: { type: 'boolean' }, errors: fieldErrors } }, ...errorResponses(400, 401) },
    },
  }, async (request) => {
    requireActor(request);
    const errors = await policy.units.validate(request.body.unit);
    return { valid: errors.length === 0, errors };
  });

  app.post<{ Body: { unit?: unknown; id?: string; version?: number; asOf?: string } }>('/api/rules/tests', {
    schema: {
      tags, summary: 'Run the author tests of a posted unit, or of a stored unit (id, version)',
      body: { type: 'object', additionalProperties: false, properties: { unit: unitDocument, id: idParam, version: { type: 'integer', minimum: 1 }, asOf: day } },
      response: { 200: { type: 'object', required: ['passed', 'failed', 'results'], properties: { passed: { type: 'integer' }, failed: { type: 'integer' }, results: { type: 'array', items: testResultSchema } } }, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    requireActor(request);
    const { unit, id, version, asOf } = request.body;
    if ((unit === undefined) === (id === undefined))
      throw new AppError('validation.failed', 'Give a unit or an id', { errors: [{ field: 'body.unit', rule: 'oneOf', message: 'post either a unit document or the id (and version) of a stored unit' }] });
    const doc = unit ?? (await policy.units.get(id!, version)).unit;
    const results = JSON.parse(JSON.stringify(await policy.units.runTests(doc, asOf))) as { passed: boolean }[];
    return { passed: results.filter((r) => r.passed).length, failed: results.filter((r) => !r.passed).length, results };
  });

  app.post<{ Body: { facts: unknown; asOf?: string } }>('/api/rules/evaluate', {
    schema: {
      tags, summary: 'Every published unit’s result for posted facts, with explanations in Chinese and English',
      body: { type: 'object', required: ['facts'], additionalProperties: false, properties: { facts: { type: 'object', additionalProperties: true, description: 'attribute key → value (periodic: array, latest first; money in fen)' }, asOf: day } },
      response: { 200: { type: 'object', required: ['asOf', 'results'], properties: { asOf: { type: 'string' }, results: { type: 'array', items: subjectResultSchema } } }, ...errorResponses(400, 401) },
    },
  }, async (request) => {
    requireActor(request);
    return policy.evaluation.evaluateFacts(request.body.facts, { asOf: request.body.asOf });
  });

  app.get<{ Params: { uscc: string }; Querystring: { asOf?: string; purpose?: string } }>('/api/rules/enterprises/:uscc/evaluation', {
    schema: {
      tags, summary: 'Every published unit’s result for an enterprise of the mirror (as of a day), with explanations; audited',
      params: { type: 'object', required: ['uscc'], properties: { uscc: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' } } },
      querystring: { type: 'object', additionalProperties: false, properties: { asOf: day, purpose: { type: 'string', maxLength: 100 } } },
      response: {
        200: { type: 'object', required: ['asOf', 'uscc', 'facts', 'results'], properties: { asOf: { type: 'string' }, uscc: { type: 'string' }, facts: { type: 'object', additionalProperties: true }, results: { type: 'array', items: subjectResultSchema } } },
        ...errorResponses(400, 401, 403, 404),
      },
    },
  }, async (request) => {
    const actor = requireRole(request, ENTERPRISE_READERS);
    return policy.evaluation.evaluateEnterprise(actor, request.params.uscc, { asOf: request.query.asOf, purpose: request.query.purpose ?? null });
  });

  app.post<{ Body: { asOf?: string } }>('/api/rules/runs', {
    schema: {
      tags, summary: 'Match every published unit against the population in your scope, in the background; poll the run for progress',
      body: { type: 'object', additionalProperties: false, properties: { asOf: day } },
      response: { 202: runSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, POPULATION_ROLES);
    const run = await policy.evaluation.startMatch(actor, { asOf: request.body?.asOf });
    return reply.code(202).send({ ...run, progress: 0 });
  });

  app.get('/api/rules/runs', {
    schema: { tags, summary: 'The latest population runs of your organisation', response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: runSchema } } }, ...errorResponses(401, 403) } },
  }, async (request) => {
    const actor = requireRole(request, POPULATION_ROLES);
    return { items: await policy.evaluation.runs(actor) };
  });

  app.get<{ Params: { id: string } }>('/api/rules/runs/:id', {
    schema: {
      tags, summary: 'One population run: status, live progress, and per unit the count, total (fen) and a sample of eligible USCCs',
      params: { type: 'object', required: ['id'], properties: { id: idParam } },
      response: { 200: runSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => {
    const actor = requireRole(request, POPULATION_ROLES);
    return policy.evaluation.run(actor, request.params.id);
  });

  app.post<{ Body: { unit: unknown; asOf?: string; dims?: [string, string]; sweep?: { parameter: string; values: (number | string | boolean)[] } } }>('/api/rules/sandbox', {
    schema: {
      tags, summary: 'A draft unit against the population in your scope: beneficiaries, cost, breakdown, the difference from the published version, a parameter sweep',
      body: {
        type: 'object', required: ['unit'], additionalProperties: false,
        properties: {
          unit: unitDocument,
          asOf: day,
          dims: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string', maxLength: 64 } },
          sweep: {
            type: 'object', required: ['parameter', 'values'], additionalProperties: false,
            properties: { parameter: { type: 'string', maxLength: 64 }, values: { type: 'array', minItems: 1, maxItems: 200, items: { anyOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }] } } },
          },
        },
      },
      response: { 200: sandboxSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const actor = requireRole(request, POPULATION_ROLES);
    const { unit, asOf, dims, sweep } = request.body;
    return policy.evaluation.sandbox(actor, unit, { asOf, dims, sweep });
  });
}
