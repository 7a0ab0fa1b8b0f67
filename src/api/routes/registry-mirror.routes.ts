import type { FastifyInstance } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import { validateUscc } from '../../kernel/uscc.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { catalogueDocument } from '../../platform/registry/catalogue-document.ts';
import type { AttributeSpec } from '../../platform/registry/catalogue.types.ts';
import { requireActor, requireRole } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import { attributeSpecSchema, attributeViewSchema, dayPattern, portraitSchema } from './registry-schemas.ts';

function checkUscc(uscc: string): void {
  const check = validateUscc(uscc);
  if (!check.ok) throw new AppError('validation.failed', 'Invalid USCC', { errors: check.errors.map((e) => ({ field: 'params.uscc', rule: e.check, message: e.message })) });
}

const usccParams = { type: 'object', required: ['uscc'], properties: { uscc: { type: 'string', minLength: 18, maxLength: 18 } } } as const;

/** The enterprise mirror's catalogue and reads: the portrait (企业画像) and explicit attribute reads under sharing agreements. */
export async function registryMirrorRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const { registry, clock } = opts.services;
  const today = () => clock.now().toISOString().slice(0, 10);

  app.get('/api/registry/catalogue', {
    schema: {
      tags: ['registry'],
      summary: 'The attribute catalogue: attributes, categories, departments and the named code lists, with its version as ETag (a portrait refers to it by key); 304 when If-None-Match names the current version',
      response: {
        200: {
          type: 'object',
          required: ['version', 'attributes', 'categories', 'departments', 'codeLists'],
          properties: {
            version: { type: 'string' },
            attributes: { type: 'array', items: { ...attributeSpecSchema, additionalProperties: true } },
            categories: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' } } } },
            departments: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' } } } },
            codeLists: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' } } } } },
          },
        },
        304: { type: 'null', description: 'Not modified: the version named in If-None-Match is current' },
        ...errorResponses(401),
      },
    },
  }, async (request, reply) => {
    requireActor(request);
    const doc = catalogueDocument(await registry.catalogue.load());
    const etag = `"${doc.version}"`;
    // Revalidated on every use (no-cache), answered 304 while unchanged: cheap, and never stale.
    void reply.header('etag', etag).header('cache-control', 'private, no-cache');
    const match = request.headers['if-none-match'];
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
    return doc;
  });

  app.post<{ Body: AttributeSpec }>('/api/registry/attributes', {
    schema: { tags: ['registry'], summary: 'Add an attribute to the catalogue (no migration)', body: attributeSpecSchema, response: { 201: attributeSpecSchema, ...errorResponses(400, 401, 403, 409) } },
  }, async (request, reply) => {
    requireRole(request, ['platform_admin']);
    return reply.code(201).send(await registry.catalogue.define(request.body));
  });

  app.get<{ Params: { uscc: string }; Querystring: { asOf?: string; purpose?: string } }>('/api/registry/enterprises/:uscc/portrait', {
    schema: {
      tags: ['registry'],
      summary: 'Enterprise portrait: identity, tags, attributes by category with lineage, time series, data-quality warnings; the read is audited',
      params: usccParams,
      querystring: { type: 'object', additionalProperties: false, properties: { asOf: { type: 'string', pattern: dayPattern }, purpose: { type: 'string', maxLength: 200 } } },
      response: { 200: portraitSchema, ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    checkUscc(request.params.uscc);
    const portrait = await registry.portrait.portrait(actor, request.params.uscc, { asOf: request.query.asOf ?? today(), purpose: request.query.purpose ?? null });
    // Sent as JSON text: V8's JSON.stringify writes the ~30 KB portrait in well under the time of the
    // schema serializer (the schema above still documents it); the object is built field by field.
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(portrait));
  });

  app.get<{ Params: { uscc: string }; Querystring: { attributes: string; asOf?: string; purpose?: string } }>('/api/registry/enterprises/:uscc/values', {
    schema: {
      tags: ['registry'],
      summary: 'Named attributes of one enterprise for a declared purpose; refused (403, audited) when no sharing agreement covers one of them',
      params: usccParams,
      querystring: {
        type: 'object',
        additionalProperties: false,
        required: ['attributes'],
        properties: { attributes: { type: 'string', pattern: '^[a-z0-9_]+(,[a-z0-9_]+)*$', maxLength: 2000 }, asOf: { type: 'string', pattern: dayPattern }, purpose: { type: 'string', maxLength: 200 } },
      },
      response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: attributeViewSchema } } }, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const actor = requireActor(request);
    checkUscc(request.params.uscc);
    const items = await registry.portrait.readValues(actor, request.params.uscc, { keys: request.query.attributes.split(','), asOf: request.query.asOf ?? today(), purpose: request.query.purpose ?? null });
    return { items };
  });
}
