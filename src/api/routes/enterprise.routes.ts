import type { FastifyInstance } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import { validateUscc } from '../../kernel/uscc.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import type { SizeClass } from '../../platform/registry/enterprise.types.ts';
import { requireActor } from '../request-context.ts';
import { errorResponses, pagingQuery } from '../schemas.ts';

const summaryProperties = {
  uscc: { type: 'string' },
  name: { type: 'string' },
  districtCode: { type: 'string' },
  districtName: { type: 'string' },
  townCode: { type: 'string' },
  townName: { type: 'string' },
  industryCode: { type: 'string' },
  industryName: { type: 'string' },
  sizeClass: { type: 'string', enum: ['large', 'medium', 'small', 'micro'] },
  registeredAt: { type: 'string', format: 'date' },
  registeredCapitalFen: { type: 'integer' },
  employees: { type: 'integer' },
  revenueFen: { type: 'integer' },
  status: { type: 'string', enum: ['active', 'abnormal', 'deregistered'] },
} as const;

const summarySchema = { type: 'object', required: Object.keys(summaryProperties), properties: summaryProperties } as const;

const detailSchema = {
  type: 'object',
  required: [...Object.keys(summaryProperties), 'address', 'patents', 'legalRepresentative'],
  properties: {
    ...summaryProperties,
    address: { type: 'string' },
    patents: {
      type: 'object',
      required: ['invention', 'utility', 'design'],
      properties: { invention: { type: 'integer' }, utility: { type: 'integer' }, design: { type: 'integer' } },
    },
    legalRepresentative: {
      type: 'object',
      required: ['name', 'idNumber', 'phone'],
      properties: { name: { type: 'string' }, idNumber: { type: 'string' }, phone: { type: 'string' } },
    },
  },
} as const;

interface ListQuery {
  q?: string;
  districtCode?: string;
  industrySection?: string;
  sizeClass?: SizeClass;
  page: number;
  pageSize: number;
}

/** The enterprise mirror's read API, scoped by the caller's organisation. */
export async function enterpriseRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const { enterprises } = opts.services;

  app.get<{ Querystring: ListQuery }>(
    '/api/enterprises',
    {
      schema: {
        tags: ['enterprises'],
        summary: 'Enterprises in the caller’s scope',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: { type: 'string', maxLength: 100 },
            districtCode: { type: 'string', pattern: '^\\d{6}$' },
            industrySection: { type: 'string', pattern: '^[A-T]$' },
            sizeClass: { type: 'string', enum: ['large', 'medium', 'small', 'micro'] },
            ...pagingQuery,
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'total', 'page', 'pageSize'],
            properties: { items: { type: 'array', items: summarySchema }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } },
          },
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return enterprises.list(requireActor(request), filter, page, pageSize);
    },
  );

  app.get<{ Params: { uscc: string }; Querystring: { purpose?: string } }>(
    '/api/enterprises/:uscc',
    {
      schema: {
        tags: ['enterprises'],
        summary: 'One enterprise, personal fields masked by role; the read is audited',
        params: { type: 'object', required: ['uscc'], properties: { uscc: { type: 'string', minLength: 18, maxLength: 18 } } },
        querystring: { type: 'object', additionalProperties: false, properties: { purpose: { type: 'string', maxLength: 200 } } },
        response: { 200: detailSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const check = validateUscc(request.params.uscc);
      if (!check.ok)
        throw new AppError('validation.failed', 'Invalid USCC', {
          errors: check.errors.map((e) => ({ field: 'params.uscc', rule: e.check, message: e.message })),
        });
      return enterprises.get(actor, request.params.uscc, request.query.purpose ?? null);
    },
  );
}
