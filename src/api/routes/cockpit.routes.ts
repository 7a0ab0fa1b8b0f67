import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../platform/platform.ts';
import { requireRole } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';

const COCKPIT_ROLES = ['official', 'department_officer', 'platform_admin'] as const;

/** Live figures for the city, district and town cockpits. */
export async function cockpitRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  app.get(
    '/api/cockpit/enterprises-by-district',
    {
      schema: {
        tags: ['cockpit'],
        summary: 'Enterprises per child division of the caller’s division',
        response: {
          200: {
            type: 'object',
            required: ['division', 'items'],
            properties: {
              division: { type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: { type: 'string' } } },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['code', 'name', 'enterprises', 'active', 'smallAndMicro'],
                  properties: {
                    code: { type: 'string' },
                    name: { type: 'string' },
                    enterprises: { type: 'integer' },
                    active: { type: 'integer' },
                    smallAndMicro: { type: 'integer' },
                  },
                },
              },
            },
          },
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => opts.services.cockpit.enterprisesByDivision(requireRole(request, COCKPIT_ROLES)),
  );
}
