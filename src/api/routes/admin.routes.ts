import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../platform/platform.ts';
import { requireRole } from '../request-context.ts';
import { errorResponses, pagingQuery } from '../schemas.ts';

const auditEntrySchema = {
  type: 'object',
  required: ['id', 'at', 'action', 'personal'],
  properties: {
    id: { type: 'string' },
    at: { type: 'string' },
    actorId: { type: ['string', 'null'] },
    actorName: { type: ['string', 'null'] },
    role: { type: ['string', 'null'] },
    orgId: { type: ['string', 'null'] },
    action: { type: 'string' },
    target: { type: ['string', 'null'] },
    purpose: { type: ['string', 'null'] },
    personal: { type: 'boolean' },
    ip: { type: ['string', 'null'] },
  },
} as const;

interface AuditQuerystring {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  personal?: boolean;
  page: number;
  pageSize: number;
}

/** Platform administration: the audit log and the accounts. */
export async function adminRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  app.get<{ Querystring: AuditQuerystring }>(
    '/api/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'Search the audit log (platform administrators)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            actor: { type: 'string', maxLength: 64 },
            action: { type: 'string', maxLength: 64 },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            personal: { type: 'boolean' },
            ...pagingQuery,
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'total', 'page', 'pageSize'],
            properties: { items: { type: 'array', items: auditEntrySchema }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      requireRole(request, ['platform_admin']);
      const result = await opts.services.audit.search(request.query);
      return { ...result, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  app.get<{ Querystring: { page: number; pageSize: number } }>(
    '/api/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Accounts (platform administrators)',
        querystring: { type: 'object', additionalProperties: false, properties: { ...pagingQuery } },
        response: {
          200: {
            type: 'object',
            required: ['items', 'total'],
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'username', 'displayName', 'role', 'orgName'],
                  properties: { id: { type: 'string' }, username: { type: 'string' }, displayName: { type: 'string' }, role: { type: 'string' }, orgName: { type: 'string' } },
                },
              },
              total: { type: 'integer' },
            },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      requireRole(request, ['platform_admin']);
      return opts.services.identity.listUsers(request.query.page, request.query.pageSize);
    },
  );
}
