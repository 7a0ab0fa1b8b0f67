import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { AppError } from '../../kernel/errors.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import type { AgreementInput } from '../../platform/registry/sharing.service.ts';
import { departmentOf } from '../../platform/registry/sharing.service.ts';
import type { ConnectorInput } from '../../platform/registry/intake/connector.service.ts';
import { formatOfFileName, INTAKE_FORMATS, type IntakeFormat } from '../../platform/registry/intake/sources.ts';
import type { Batch } from '../../platform/registry/values.repository.ts';
import { requireRole } from '../request-context.ts';
import { errorResponses, pagingQuery } from '../schemas.ts';
import { agreementSchema, batchSchema, connectorSchema, dayPattern } from './registry-schemas.ts';

const UPLOAD_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];
const IMPORTERS = ['platform_admin', 'department_officer'] as const;

interface UploadQuery {
  source?: string;
  format?: IntakeFormat;
  fileName?: string;
  period?: string;
  partial?: boolean;
}

/** Intake over HTTP (uploads and their progress), sharing agreements and pull connectors. */
export async function registryIntakeRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const { registry } = opts.services;
  // Batches arrive as raw bytes (this plugin only: encapsulated).
  app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: 512 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  /** The department an importer sends for: a department officer its own, an administrator any it names. */
  async function sourceFor(actor: Actor, asked: string | undefined): Promise<string> {
    if (actor.role === 'platform_admin') {
      if (!asked) throw new AppError('validation.failed', 'source is required', { errors: [{ field: 'querystring.source', rule: 'required', message: 'name the sending department' }] });
      return asked;
    }
    const own = departmentOf(actor, await registry.catalogue.load());
    if (!own) throw new AppError('auth.forbidden', 'Only a department (or a platform administrator) sends data');
    if (asked && asked !== own) throw new AppError('auth.forbidden', `You send data for ${own}, not ${asked}`);
    return own;
  }

  async function visibleSource(actor: Actor): Promise<string | undefined> {
    return actor.role === 'platform_admin' ? undefined : ((departmentOf(actor, await registry.catalogue.load()) ?? '\u0000') as string);
  }

  // Live progress only while the batch runs: its row says committed a moment before the import forgets its counters.
  const withProgress = (b: Batch) => ({ ...b, progress: b.status === 'running' ? (registry.intake.progressOf(b.id) ?? null) : null });

  app.post<{ Querystring: UploadQuery; Body: Buffer }>('/api/registry/imports', {
    schema: {
      tags: ['registry'],
      summary: 'Upload a batch (CSV, XLSX or JSON lines as the raw body); it is imported in the background — poll the job for progress',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          source: { type: 'string', maxLength: 50 },
          format: { type: 'string', enum: [...INTAKE_FORMATS] },
          fileName: { type: 'string', maxLength: 255 },
          period: { type: 'string', maxLength: 10 },
          partial: { type: 'boolean', default: false },
        },
      },
      response: { 202: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, IMPORTERS);
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError('validation.failed', 'The batch is empty', { errors: [{ field: 'body', rule: 'required', message: 'send the file as the request body' }] });
    const q = request.query;
    const format = q.format ?? (q.fileName ? formatOfFileName(q.fileName) : undefined);
    if (!format) throw new AppError('validation.failed', 'Unknown format', { errors: [{ field: 'querystring.format', rule: 'required', message: `give format (${INTAKE_FORMATS.join(', ')}) or a fileName with its extension` }] });
    const source = await sourceFor(actor, q.source);
    const id = await registry.intake.start(actor, { source, interface: 'web-upload', format, open: () => Readable.from([body]), size: body.length, fileName: q.fileName, period: q.period, partial: q.partial });
    return reply.code(202).send({ id });
  });

  app.get<{ Querystring: { page: number; pageSize: number } }>('/api/registry/imports', {
    schema: {
      tags: ['registry'],
      summary: 'Import jobs, newest first, with live progress of running ones',
      querystring: { type: 'object', additionalProperties: false, properties: { ...pagingQuery } },
      response: { 200: { type: 'object', required: ['items', 'total'], properties: { items: { type: 'array', items: batchSchema }, total: { type: 'integer' } } }, ...errorResponses(401, 403) },
    },
  }, async (request) => {
    const actor = requireRole(request, IMPORTERS);
    const { items, total } = await registry.values.listBatches(request.query.page, request.query.pageSize, await visibleSource(actor));
    return { items: items.map(withProgress), total };
  });

  app.get<{ Params: { id: string } }>('/api/registry/imports/:id', {
    schema: {
      tags: ['registry'],
      summary: 'One import job: status, progress and rejection report (row, field, rule, reason)',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
      response: { 200: batchSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => {
    const actor = requireRole(request, IMPORTERS);
    const batch = await registry.values.getBatch(request.params.id);
    const only = await visibleSource(actor);
    if (!batch || (only !== undefined && batch.source !== only)) throw new AppError('not_found', `No import job ${request.params.id}`);
    return withProgress(batch);
  });

  app.get('/api/registry/agreements', {
    schema: { tags: ['registry'], summary: 'Sharing agreements', response: { 200: { type: 'object', properties: { items: { type: 'array', items: agreementSchema } } }, ...errorResponses(401, 403) } },
  }, async (request) => {
    requireRole(request, ['platform_admin', 'department_officer', 'official']);
    return { items: await registry.sharing.list() };
  });

  app.post<{ Body: AgreementInput }>('/api/registry/agreements', {
    schema: {
      tags: ['registry'],
      summary: 'Declare a sharing agreement: which attributes, for which purpose, from and to which departments',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'purpose', 'providers', 'consumers', 'attributes', 'validFrom'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          purpose: { type: 'string', minLength: 1, maxLength: 200 },
          providers: { type: 'array', minItems: 1, items: { type: 'string' } },
          consumers: { type: 'array', minItems: 1, items: { type: 'string' } },
          attributes: { type: 'array', minItems: 1, items: { type: 'string' } },
          allowClear: { type: 'boolean', default: false },
          validFrom: { type: 'string', pattern: dayPattern },
          validTo: { type: ['string', 'null'], pattern: dayPattern, default: null },
        },
      },
      response: { 201: agreementSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, ['platform_admin']);
    return reply.code(201).send(await registry.sharing.create(actor, request.body));
  });

  app.delete<{ Params: { id: string } }>('/api/registry/agreements/:id', {
    schema: { tags: ['registry'], summary: 'Revoke a sharing agreement', params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }, response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    requireRole(request, ['platform_admin']);
    await registry.sharing.revoke(request.params.id);
    return reply.code(204).send();
  });

  app.get('/api/registry/connectors', {
    schema: { tags: ['registry'], summary: 'HTTP pull connectors', response: { 200: { type: 'object', properties: { items: { type: 'array', items: connectorSchema } } }, ...errorResponses(401, 403) } },
  }, async (request) => {
    requireRole(request, ['platform_admin']);
    return { items: await registry.connectors.list() };
  });

  app.post<{ Body: ConnectorInput }>('/api/registry/connectors', {
    schema: {
      tags: ['registry'],
      summary: 'Declare an HTTP pull connector (URL, bearer token, schedule, field mapping)',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'source', 'url', 'format', 'everyMinutes'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          source: { type: 'string' },
          url: { type: 'string', maxLength: 2000 },
          token: { type: ['string', 'null'], maxLength: 4000 },
          format: { type: 'string', enum: ['jsonl', 'json', 'csv'] },
          mapping: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
          period: { type: ['string', 'null'] },
          partial: { type: 'boolean' },
          everyMinutes: { type: 'integer', minimum: 1, maximum: 525600 },
        },
      },
      response: { 201: connectorSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    requireRole(request, ['platform_admin']);
    return reply.code(201).send(await registry.connectors.create(request.body));
  });

  app.post<{ Params: { id: string } }>('/api/registry/connectors/:id/run', {
    schema: { tags: ['registry'], summary: 'Pull a connector now', params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }, response: { 200: batchSchema, ...errorResponses(401, 403, 404) } },
  }, async (request) => {
    const actor = requireRole(request, ['platform_admin']);
    const result = await registry.connectors.run(request.params.id, actor);
    return { ...result.batch, progress: null };
  });
}
