import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../platform/platform.ts';
import { requireActor } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import {
  checkResultSchema, instanceIdParam, instanceListSchema, instanceViewSchema, processKeyParam, processListSchema, progressSchema, ratingBody,
  startBody, uploadResultSchema, versionListSchema, xmlBody,
} from './flow-schemas.ts';

const TAGS = ['flow'];
const BPMN_BODY_LIMIT = 2 * 1024 * 1024 + 1024;

/** Process definitions (upload, versions, XML) and applications (start, view, progress, rating, corrections). */
export async function flowRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const { definitions, instances } = opts.services.workflow;

  app.get('/api/flow/definitions', {
    schema: { tags: TAGS, summary: 'The process catalogue (staff: all, with counts; applicants: what they may apply for)', response: { 200: processListSchema, ...errorResponses(401) } },
  }, async (request) => ({ items: await definitions.list(requireActor(request)) }));

  app.post<{ Body: { xml: string } }>('/api/flow/definitions/check', {
    bodyLimit: BPMN_BODY_LIMIT,
    schema: { tags: TAGS, summary: 'Check a BPMN file as upload would, storing nothing', body: xmlBody, response: { 200: checkResultSchema, ...errorResponses(400, 401, 403) } },
  }, async (request) => definitions.check(requireActor(request), request.body.xml));

  app.post<{ Body: { xml: string } }>('/api/flow/definitions', {
    bodyLimit: BPMN_BODY_LIMIT,
    schema: {
      tags: TAGS, summary: 'Upload BPMN XML as a new version (the first upload makes the caller’s organisation the owner)',
      body: xmlBody, response: { 200: uploadResultSchema, 201: uploadResultSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const result = await definitions.upload(requireActor(request), request.body.xml);
    return reply.code(result.created ? 201 : 200).send(result);
  });

  app.get<{ Params: { key: string } }>('/api/flow/definitions/:key/versions', {
    schema: { tags: TAGS, summary: 'Versions of a process, newest first', params: { type: 'object', required: ['key'], properties: { key: processKeyParam } }, response: { 200: versionListSchema, ...errorResponses(401, 403, 404) } },
  }, async (request) => ({ items: await definitions.versions(requireActor(request), request.params.key) }));

  app.get<{ Params: { key: string }; Querystring: { version?: number } }>('/api/flow/definitions/:key/xml', {
    schema: {
      tags: TAGS, summary: 'BPMN XML of a version (latest by default)',
      params: { type: 'object', required: ['key'], properties: { key: processKeyParam } },
      querystring: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 } } },
      response: { 200: { type: 'string' }, ...errorResponses(401, 404) },
    },
  }, async (request, reply) => {
    const found = await definitions.xml(requireActor(request), request.params.key, request.query.version ?? 'latest');
    return reply.type('application/xml; charset=utf-8').header('content-disposition', `attachment; filename="${found.key}-v${found.version}.bpmn"`).send(found.xml);
  });

  app.post<{ Params: { key: string }; Body: { title: string; note?: string; variables?: Record<string, unknown> } }>('/api/flow/definitions/:key/instances', {
    schema: {
      tags: TAGS, summary: 'Apply: start an instance of the latest version for the caller’s company',
      params: { type: 'object', required: ['key'], properties: { key: processKeyParam } }, body: startBody,
      response: { 201: { type: 'object', required: ['instanceId', 'version'], properties: { instanceId: { type: 'string' }, version: { type: 'integer' } } }, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (request, reply) => reply.code(201).send(await instances.start(requireActor(request), request.params.key, request.body)));

  app.get<{ Querystring: { key?: string; status?: string; limit?: number } }>('/api/flow/instances', {
    schema: {
      tags: TAGS, summary: 'Applications in the caller’s scope, newest first',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { key: processKeyParam, status: { type: 'string', enum: ['running', 'completed', 'cancelled', 'failed'] }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
      },
      response: { 200: instanceListSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => ({ items: await instances.list(requireActor(request), request.query) }));

  const idParams = { type: 'object', required: ['id'], properties: { id: instanceIdParam } } as const;

  app.get<{ Params: { id: string } }>('/api/flow/instances/:id', {
    schema: { tags: TAGS, summary: 'An instance: its diagram, active and completed nodes, tasks', params: idParams, response: { 200: instanceViewSchema, ...errorResponses(401, 404) } },
  }, async (request) => instances.view(requireActor(request), request.params.id));

  app.get<{ Params: { id: string } }>('/api/flow/instances/:id/progress', {
    schema: { tags: TAGS, summary: 'The applicant’s progress: steps, departments, deadlines, corrections, rating', params: idParams, response: { 200: progressSchema, ...errorResponses(401, 404) } },
  }, async (request) => instances.progress(requireActor(request), request.params.id));

  app.post<{ Params: { id: string }; Body: { score: number; comment?: string } }>('/api/flow/instances/:id/rating', {
    schema: {
      tags: TAGS, summary: 'Rate a completed application (好差评, 1–5); 2 or less opens a follow-up task', params: idParams, body: ratingBody,
      response: { 201: { type: 'object', required: ['score', 'followUpInstanceId'], properties: { score: { type: 'integer' }, followUpInstanceId: { type: ['string', 'null'] } } }, ...errorResponses(400, 401, 404, 409) },
    },
  }, async (request, reply) => reply.code(201).send(await instances.rate(requireActor(request), request.params.id, request.body)));

  app.post<{ Params: { id: string; correctionId: string }; Body: { answer: string } }>('/api/flow/instances/:id/corrections/:correctionId/answer', {
    schema: {
      tags: TAGS, summary: 'Answer a request for correction; the task’s clock runs again',
      params: { type: 'object', required: ['id', 'correctionId'], properties: { id: instanceIdParam, correctionId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' } } },
      body: { type: 'object', required: ['answer'], additionalProperties: false, properties: { answer: { type: 'string', maxLength: 2000 } } },
      response: { 204: { type: 'null' }, ...errorResponses(400, 401, 404, 409) },
    },
  }, async (request, reply) => {
    await instances.answerCorrection(requireActor(request), request.params.id, request.params.correctionId, request.body.answer);
    return reply.code(204).send();
  });
}
