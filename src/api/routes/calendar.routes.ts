import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../platform/platform.ts';
import type { HolidayNoticeInput } from '../../platform/workflow/holiday-notices.ts';
import { requireActor, requireRole } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';

const TAGS = ['flow'];
const date = { type: 'string', maxLength: 10 } as const;
const holiday = {
  type: 'object', required: ['name', 'from', 'to'], additionalProperties: false,
  properties: { name: { type: 'string', maxLength: 40 }, from: date, to: date },
} as const;
const notice = {
  notices: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 200 } },
  holidays: { type: 'array', maxItems: 20, items: holiday },
  workdays: { type: 'array', maxItems: 20, items: date },
} as const;
const coverage = { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string' }, to: { type: 'string' } } } as const;
const recounted = { type: 'object', required: ['instances', 'deadlines'], properties: { instances: { type: 'integer' }, deadlines: { type: 'integer' } } } as const;
const year = {
  type: 'object', required: ['year', 'notices', 'holidays', 'workdays', 'source'],
  properties: {
    year: { type: 'integer' }, ...notice, source: { type: 'string', enum: ['shipped', 'entered'] },
    enteredBy: { type: ['string', 'null'] }, enteredByName: { type: ['string', 'null'] }, enteredAt: { type: ['string', 'null'] },
  },
} as const;

/** The working-day calendar time limits are counted on, and the holiday notices administrators enter. */
export async function calendarRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const { holidays } = opts.services.workflow;

  app.get('/api/flow/calendar', {
    schema: {
      tags: TAGS, summary: 'The years of statutory holidays and make-up working days time limits are counted on (past them, Monday to Friday)',
      response: { 200: { type: 'object', required: ['coverage', 'years'], properties: { coverage, years: { type: 'array', items: year } } }, ...errorResponses(401) },
    },
  }, async (request) => {
    requireActor(request);
    return holidays.list();
  });

  app.put<{ Params: { year: number }; Body: HolidayNoticeInput }>('/api/flow/calendar/:year', {
    schema: {
      tags: TAGS, summary: 'Enter or amend a year’s holiday notice (platform administrators); time limits count on it from then on, and running flows’ working-day deadlines ahead are counted again on it',
      params: { type: 'object', required: ['year'], properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } } },
      body: { type: 'object', required: ['notices', 'holidays', 'workdays'], additionalProperties: false, properties: notice },
      response: {
        200: { type: 'object', required: ['year', 'coverage', 'recounted'], properties: { year, coverage, recounted } },
        ...errorResponses(400, 401, 403),
      },
    },
  }, async (request) => holidays.save(requireRole(request, ['platform_admin']), request.params.year, request.body));
}
