import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { childrenOf, getDivision } from '../../kernel/divisions.ts';
import { AppError } from '../../kernel/errors.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { errorResponses } from '../schemas.ts';

/** Health, readiness and reference data. */
export async function metaRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  app.get(
    '/api/health',
    { schema: { tags: ['meta'], summary: 'Liveness', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/api/ready',
    {
      schema: {
        tags: ['meta'],
        summary: 'Readiness: the database answers',
        response: { 200: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } }, ...errorResponses(503) },
      },
    },
    async () => {
      try {
        await sql`select 1`.execute(opts.services.database.kysely);
      } catch (error) {
        throw new AppError('not_ready', 'Database does not answer', { reason: (error as Error).message });
      }
      return { status: 'ready', database: opts.services.database.engine };
    },
  );

  app.get<{ Querystring: { parent: string } }>(
    '/api/divisions',
    {
      schema: {
        tags: ['meta'],
        summary: 'Administrative divisions under a parent (GB/T 2260 and statistical town codes)',
        querystring: { type: 'object', required: ['parent'], additionalProperties: false, properties: { parent: { type: 'string', pattern: '^\\d{2}(\\d{2})?(\\d{2})?(\\d{3})?$' } } },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: { type: 'object', required: ['code', 'name', 'level'], properties: { code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' } } },
              },
            },
          },
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      if (!getDivision(request.query.parent)) throw new AppError('not_found', `No division ${request.query.parent}`);
      return { items: childrenOf(request.query.parent).map((d) => ({ code: d.code, name: d.name, level: d.level })) };
    },
  );
}
