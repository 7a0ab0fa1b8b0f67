import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../platform/platform.ts';
import { requireActor } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import { inboxSchema, processKeyParam, statisticsSchema, taskIdParam } from './flow-schemas.ts';

const TAGS = ['flow'];
const params = { type: 'object', required: ['taskId'], properties: { taskId: taskIdParam } } as const;
const noContent = { 204: { type: 'null' } } as const;

/** The officials' inbox and what they do with a task: claim, complete, delegate, return for correction; handling statistics. */
export async function flowTaskRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const { tasks, statistics } = opts.services.workflow;

  app.get<{ Querystring: { groupBy: 'step' | 'org' | 'definition'; key?: string; from?: string; to?: string } }>('/api/flow/statistics', {
    schema: {
      tags: TAGS, summary: 'Handling days per step, department or process, in the caller’s organisation and those under it',
      querystring: {
        type: 'object', additionalProperties: false, required: ['groupBy'],
        properties: { groupBy: { type: 'string', enum: ['step', 'org', 'definition'] }, key: processKeyParam, from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } },
      },
      response: { 200: statisticsSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => ({ items: await statistics.handling(requireActor(request), request.query) }));

  app.get('/api/flow/inbox', {
    schema: { tags: TAGS, summary: 'Open tasks routed to the caller’s organisation and role, and those assigned to them, by deadline', response: { 200: inboxSchema, ...errorResponses(401, 403) } },
  }, async (request) => ({ items: await tasks.inbox(requireActor(request)) }));

  app.post<{ Params: { taskId: string } }>('/api/flow/tasks/:taskId/claim', {
    schema: { tags: TAGS, summary: 'Take a task', params, response: { ...noContent, ...errorResponses(401, 403, 404, 409) } },
  }, async (request, reply) => {
    await tasks.claim(requireActor(request), request.params.taskId);
    return reply.code(204).send();
  });

  app.post<{ Params: { taskId: string }; Body: { data: Record<string, unknown> } }>('/api/flow/tasks/:taskId/complete', {
    schema: {
      tags: TAGS, summary: 'Complete a task with its form data (validated against the task’s JSON Schema)', params,
      body: { type: 'object', required: ['data'], additionalProperties: false, properties: { data: { type: 'object', additionalProperties: true, maxProperties: 200 } } },
      response: { ...noContent, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await tasks.complete(requireActor(request), request.params.taskId, request.body.data);
    return reply.code(204).send();
  });

  app.post<{ Params: { taskId: string }; Body: { to: string } }>('/api/flow/tasks/:taskId/delegate', {
    schema: {
      tags: TAGS, summary: 'Hand a task to a colleague (by username)', params,
      body: { type: 'object', required: ['to'], additionalProperties: false, properties: { to: { type: 'string', minLength: 2, maxLength: 40 } } },
      response: { ...noContent, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await tasks.delegate(requireActor(request), request.params.taskId, request.body.to);
    return reply.code(204).send();
  });

  app.post<{ Params: { taskId: string }; Body: { reason: string } }>('/api/flow/tasks/:taskId/return', {
    schema: {
      tags: TAGS, summary: 'Return a task to the applicant for correction; its time limit stops until they answer', params,
      body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } },
      response: { 201: { type: 'object', required: ['correctionId'], properties: { correctionId: { type: 'string' } } }, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.code(201).send(await tasks.returnForCorrection(requireActor(request), request.params.taskId, request.body.reason)));
}
