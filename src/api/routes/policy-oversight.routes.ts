import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../platform/platform.ts';
import { LIFECYCLE_OFFICIALS } from '../../platform/policy/budget.service.ts';
import type { EvaluationInput } from '../../platform/policy/evaluation.service.ts';
import { WARNING_KINDS, WARNING_STATUSES, type SupervisionSettings, type WarningKind, type WarningStatus } from '../../platform/policy/supervision.types.ts';
import { requireActor, requireRole } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import { claimSchema, idParam } from './policy-schemas.ts';

const tags = ['policy'];
const COMPANY = ['enterprise', 'agent'] as const;
const text = { type: 'string' } as const;
const textOrNull = { type: ['string', 'null'] } as const;
const free = { type: 'object', additionalProperties: true } as const;
const title = { type: 'object', required: ['zh', 'en'], properties: { zh: text, en: text } } as const;
const items = (schema: object) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: schema } } });

const eventSchema = {
  type: 'object', required: ['to', 'at'],
  properties: { id: text, from: textOrNull, to: text, holdsPayment: { type: 'boolean' }, actorId: textOrNull, actorName: textOrNull, note: textOrNull, at: text },
} as const;
const warningSchema = {
  type: 'object', required: ['id', 'kind', 'claimId', 'reason', 'status', 'holdsPayment'],
  properties: {
    id: text, kind: { type: 'string', enum: [...WARNING_KINDS] }, claimId: text, unitId: text, uscc: text, districtCode: text, townCode: text, reason: title, evidence: free,
    status: { type: 'string', enum: [...WARNING_STATUSES] }, holdsPayment: { type: 'boolean' }, trigger: text, createdAt: text, updatedAt: text, trail: { type: 'array', items: eventSchema },
  },
} as const;
const capSchema = {
  type: 'object', required: ['id', 'title', 'capFen'],
  properties: { id: text, title: text, categories: { type: 'array', items: text }, unitIds: { type: 'array', items: text }, capFen: { type: 'integer' }, updatedBy: text, updatedAt: text },
} as const;
const kindFlags = { type: 'object', additionalProperties: false, properties: Object.fromEntries(WARNING_KINDS.map((k) => [k, { type: 'boolean' }])) } as const;
const settingsSchema = {
  type: 'object', required: ['changeWindowDays', 'sharedAccountMin', 'outlierMinSample', 'outlierZ', 'holds'],
  properties: { changeWindowDays: { type: 'integer' }, sharedAccountMin: { type: 'integer' }, outlierMinSample: { type: 'integer' }, outlierZ: { type: 'number' }, holds: { type: 'object', additionalProperties: { type: 'boolean' } } },
} as const;
const evaluationQuery = {
  type: 'object', required: ['unitId', 'outcome'], additionalProperties: false,
  properties: {
    unitId: { type: 'string', minLength: 1, maxLength: 100 }, outcome: { type: 'string', minLength: 1, maxLength: 100 }, treatStart: { type: 'string', pattern: '^\\d{4}$' },
    from: { type: 'string', pattern: '^\\d{4}$' }, to: { type: 'string', pattern: '^\\d{4}$' }, industry: { type: 'string', enum: ['section', 'division'] },
  },
} as const;
const num = { type: ['number', 'null'] } as const;
const reportSchema = {
  type: 'object', required: ['unitId', 'outcome', 'treatStart', 'result'],
  properties: {
    unitId: text, unitTitle: title, outcome: { type: 'object', additionalProperties: true }, treatStart: text, periods: { type: 'array', items: text }, matching: free, population: { type: 'integer' }, beneficiaries: { type: 'integer' },
    result: {
      type: 'object',
      properties: {
        att: num, se: num, ci95: { type: 'array', items: num }, p: num, treated: { type: 'integer' }, controls: { type: 'integer' }, unmatchedTreated: { type: 'integer' },
        before: { type: 'array', items: text }, after: { type: 'array', items: text }, method: text,
        cells: { type: 'array', items: { type: 'object', properties: { cell: text, treated: { type: 'integer' }, controls: { type: 'integer' }, deltaTreated: num, deltaControl: num, weight: num } } },
        series: { type: 'array', items: { type: 'object', properties: { period: text, treated: num, control: num, treatedN: { type: 'integer' }, controlN: { type: 'integer' } } } },
      },
    },
  },
} as const;
const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** Supervision warnings, policy evaluation, subscriptions by category, and claim reviews on the flow engine (issue 5, stages 5–6). */
export async function policyOversightRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const over = opts.services.policyOversight;
  app.addHook('preHandler', async () => { await opts.services.policyLifecycle.ready(); });

  app.get<{ Querystring: { status?: WarningStatus; kind?: WarningKind; unitId?: string; claimId?: string } }>('/api/policy/warnings', {
    schema: {
      tags, summary: 'Supervision warnings in your data scope (监管预警), newest first',
      querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: [...WARNING_STATUSES] }, kind: { type: 'string', enum: [...WARNING_KINDS] }, unitId: { type: 'string', maxLength: 100 }, claimId: { type: 'string', maxLength: 100 } } },
      response: { 200: items(warningSchema), ...errorResponses(401, 403) },
    },
  }, async (request) => ({ items: await over.supervision.list(requireRole(request, LIFECYCLE_OFFICIALS), request.query) }));

  app.get<{ Params: { id: string } }>('/api/policy/warnings/:id', {
    schema: { tags, summary: 'One warning with its evidence and resolution trail', params: idParam, response: { 200: warningSchema, ...errorResponses(401, 403, 404) } },
  }, async (request) => over.supervision.get(requireRole(request, LIFECYCLE_OFFICIALS), request.params.id));

  app.post<{ Params: { id: string }; Body: { status: WarningStatus; note?: string; holdsPayment?: boolean } }>('/api/policy/warnings/:id/transition', {
    schema: {
      tags, summary: 'Move a warning: open → investigating → resolved | dismissed (closing needs a note); hold or release the payment',
      params: idParam,
      body: { type: 'object', required: ['status'], additionalProperties: false, properties: { status: { type: 'string', enum: [...WARNING_STATUSES] }, note: { type: 'string', maxLength: 2000 }, holdsPayment: { type: 'boolean' } } },
      response: { 200: warningSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => over.supervision.transition(requireRole(request, LIFECYCLE_OFFICIALS), request.params.id, request.body));

  app.post<{ Body: { unitId?: string; limit?: number } }>('/api/policy/warnings/recheck', {
    schema: {
      tags, summary: 'Re-run the detectors over the claims in your scope (optionally one unit); a finding is raised once',
      body: { type: ['object', 'null'], additionalProperties: false, properties: { unitId: { type: 'string', maxLength: 100 }, limit: { type: 'integer', minimum: 1, maximum: 10000 } } },
      response: { 200: { type: 'object', required: ['checked', 'raised'], properties: { checked: { type: 'integer' }, raised: { type: 'integer' } } }, ...errorResponses(401, 403) },
    },
  }, async (request) => over.supervision.recheck(requireRole(request, LIFECYCLE_OFFICIALS), request.body ?? {}));

  app.get('/api/policy/supervision/caps', {
    schema: { tags, summary: 'Combined caps of overlapping units (by category or unit id)', response: { 200: items(capSchema), ...errorResponses(401, 403) } },
  }, async (request) => ({ items: await over.supervision.caps(requireRole(request, LIFECYCLE_OFFICIALS)) }));

  app.post<{ Body: { id?: string; title: string; categories?: string[]; unitIds?: string[]; capFen: number } }>('/api/policy/supervision/caps', {
    schema: {
      tags, summary: 'Create or replace a combined cap',
      body: {
        type: 'object', required: ['title', 'capFen'], additionalProperties: false,
        properties: { id: { type: 'string', maxLength: 100 }, title: { type: 'string', minLength: 1, maxLength: 200 }, categories: { type: 'array', items: { type: 'string', maxLength: 50 }, maxItems: 50 }, unitIds: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 200 }, capFen: { type: 'integer', minimum: 0 } },
      },
      response: { 200: capSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => over.supervision.saveCap(requireRole(request, LIFECYCLE_OFFICIALS), request.body));

  app.get('/api/policy/supervision/settings', {
    schema: { tags, summary: 'The detectors’ thresholds', response: { 200: settingsSchema, ...errorResponses(401, 403) } },
  }, async (request) => over.supervision.settings(requireRole(request, LIFECYCLE_OFFICIALS)));

  app.put<{ Body: Partial<SupervisionSettings> }>('/api/policy/supervision/settings', {
    schema: {
      tags, summary: 'Change the thresholds (administrators)',
      body: { type: 'object', additionalProperties: false, properties: { changeWindowDays: { type: 'integer', minimum: 1, maximum: 3650 }, sharedAccountMin: { type: 'integer', minimum: 2, maximum: 1000 }, outlierMinSample: { type: 'integer', minimum: 1, maximum: 100000 }, outlierZ: { type: 'number', exclusiveMinimum: 0 }, holds: kindFlags } },
      response: { 200: settingsSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => over.supervision.saveSettings(requireRole(request, LIFECYCLE_OFFICIALS), request.body));

  app.get<{ Querystring: EvaluationInput }>('/api/policy/evaluation', {
    schema: { tags, summary: 'Policy evaluation (政策评估): matched difference-in-differences of an outcome, beneficiaries vs non-beneficiaries', querystring: evaluationQuery, response: { 200: reportSchema, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const r = await over.evaluation.evaluate(requireRole(request, LIFECYCLE_OFFICIALS), request.query);
    // NaN and ±∞ are not JSON: an empty cell's figures are null.
    return { ...r, result: { ...r.result, att: finite(r.result.att), se: finite(r.result.se), p: finite(r.result.p), ci95: r.result.ci95.map(finite) } };
  });

  app.get<{ Querystring: EvaluationInput & { format?: 'csv' | 'xlsx' } }>('/api/policy/evaluation/export', {
    schema: {
      tags, summary: 'The evaluation report as CSV or XLSX',
      querystring: { ...evaluationQuery, properties: { ...evaluationQuery.properties, format: { type: 'string', enum: ['csv', 'xlsx'] } } },
      response: { 200: { type: 'string' }, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const { format, ...input } = request.query;
    const actor = requireRole(request, LIFECYCLE_OFFICIALS);
    const name = `evaluation-${input.unitId}-${input.outcome}`;
    if (format === 'xlsx') {
      const body = await over.evaluation.exportXlsx(actor, input);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}.xlsx"`).send(body);
    }
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(await over.evaluation.exportCsv(actor, input));
  });

  const subscriptionsSchema = { type: 'object', required: ['uscc', 'categories', 'available'], properties: { uscc: text, categories: { type: 'array', items: text }, available: { type: 'array', items: text } } } as const;
  app.get('/api/policy/subscriptions', {
    schema: { tags, summary: 'Your company’s subscriptions by policy category (订阅)', response: { 200: subscriptionsSchema, ...errorResponses(401, 403) } },
  }, async (request) => over.subscriptions.get(requireRole(request, COMPANY)));

  app.put<{ Body: { categories: string[] } }>('/api/policy/subscriptions', {
    schema: {
      tags, summary: 'Replace your company’s subscriptions: new publications in these categories reach your inbox',
      body: { type: 'object', required: ['categories'], additionalProperties: false, properties: { categories: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 50 } } } },
      response: { 200: subscriptionsSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => over.subscriptions.set(requireRole(request, COMPANY), request.body.categories));

  app.get<{ Params: { id: string } }>('/api/policy/reviews/:id/claim', {
    schema: { tags, summary: 'The claim a review task on the flow engine is about (instance id), with its explanation, for the reviewing official', params: idParam, response: { 200: claimSchema, ...errorResponses(401, 403, 404) } },
  }, async (request) => over.reviews.claimOfInstance(requireActor(request), request.params.id));
}
