import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../platform/platform.ts';
import { DRAFT_WRITERS } from '../../platform/policy/drafts.service.ts';
import type { ApprovalMode } from '../../platform/policy/lifecycle.types.ts';
import { requireActor, requireRole } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import { commentBody, commentSchema, consultationSchema, draftSchema, publishBody } from './policy-drafts-schemas.ts';
import { day, idParam, publicationSchema } from './policy-schemas.ts';
import { unitDocument } from './rules-schemas.ts';
import type { CertificateNeed } from '../../platform/policy/claim-certificates.ts';

const tags = ['policy-drafts'];
const COMPANY = ['enterprise', 'agent'] as const;
const items = (schema: object) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: schema } } });

/**
 * The drafting API: drafts of policy units (create, autosave with a revision, publish through the
 * release path), the attributes an editor offers, and public comment (open, close, read, comment,
 * answer). Drafts are the drafting organisation's; what is under comment is public.
 */
export async function policyDraftRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const { drafts, comments } = opts.services.policyDrafts;
  const { policy, policyLifecycle } = opts.services;
  app.addHook('preHandler', async () => { await policyLifecycle.ready(); });

  app.get('/api/policy/attributes', {
    schema: {
      tags, summary: 'The attributes units are written against: type, unit, periods, enum code lists with labels',
      response: { 200: items({ type: 'object', additionalProperties: true }), ...errorResponses(401) },
    },
  }, async (request) => {
    requireActor(request);
    return { items: await policy.units.schema() };
  });

  app.get('/api/policy/drafts', {
    schema: { tags, summary: 'Drafts of your organisation, latest edit first', response: { 200: items(draftSchema), ...errorResponses(401, 403) } },
  }, async (request) => ({ items: await drafts.list(requireRole(request, DRAFT_WRITERS)) }));

  app.post<{ Body: { unitId: string } }>('/api/policy/drafts', {
    schema: {
      tags, summary: 'Start a draft: from the published unit (its next version) when it exists, else blank',
      body: { type: 'object', required: ['unitId'], additionalProperties: false, properties: { unitId: { type: 'string', minLength: 1, maxLength: 64 } } },
      response: { 201: draftSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => reply.code(201).send(await drafts.create(requireRole(request, DRAFT_WRITERS), request.body)));

  app.get<{ Params: { id: string } }>('/api/policy/drafts/:id', {
    schema: { tags, summary: 'One draft with its document’s problems', params: idParam, response: { 200: draftSchema, ...errorResponses(401, 403, 404) } },
  }, async (request) => drafts.get(requireRole(request, DRAFT_WRITERS), request.params.id));

  app.put<{ Params: { id: string }; Body: { document: unknown; revision: number } }>('/api/policy/drafts/:id', {
    schema: {
      tags, summary: 'Autosave a draft at the revision the edit started from (409 when someone saved in between)',
      params: idParam,
      body: { type: 'object', required: ['document', 'revision'], additionalProperties: false, properties: { document: unitDocument, revision: { type: 'integer', minimum: 1 } } },
      response: { 200: draftSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => drafts.save(requireRole(request, DRAFT_WRITERS), request.params.id, request.body));

  app.post<{ Params: { id: string } }>('/api/policy/drafts/:id/discard', {
    schema: { tags, summary: 'Discard a draft', params: idParam, response: { 200: draftSchema, ...errorResponses(401, 403, 404, 409) } },
  }, async (request) => drafts.discard(requireRole(request, DRAFT_WRITERS), request.params.id));

  app.post<{ Params: { id: string }; Body: { revision: number; mode?: ApprovalMode; budgetLineId?: string; certificates?: CertificateNeed[]; asOf?: string } }>('/api/policy/drafts/:id/publish', {
    schema: {
      tags, summary: 'Publish a draft: validated, author tests passing, frozen as the next version and released (match, pushes) in the background',
      params: idParam, body: publishBody,
      response: { 202: { type: 'object', required: ['draft', 'publication'], properties: { draft: draftSchema, publication: publicationSchema } }, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.code(202).send(await drafts.publish(requireRole(request, DRAFT_WRITERS), request.params.id, request.body)));

  app.post<{ Params: { id: string }; Body: { closesOn: string } }>('/api/policy/drafts/:id/comment-period', {
    schema: {
      tags, summary: 'Open a draft for public comment until a day (the text is frozen while open)',
      params: idParam, body: { type: 'object', required: ['closesOn'], additionalProperties: false, properties: { closesOn: day } },
      response: { 200: draftSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => comments.open(requireRole(request, DRAFT_WRITERS), request.params.id, request.body));

  app.post<{ Params: { id: string } }>('/api/policy/drafts/:id/comment-period/close', {
    schema: { tags, summary: 'Close the public-comment period now', params: idParam, response: { 200: draftSchema, ...errorResponses(401, 403, 404, 409) } },
  }, async (request) => comments.close(requireRole(request, DRAFT_WRITERS), request.params.id));

  app.get('/api/policy/consultations', {
    schema: { tags, summary: 'Drafts opened for public comment (public): period and number of comments', security: [], response: { 200: items(consultationSchema) } },
  }, async () => ({ items: await comments.list() }));

  app.get<{ Params: { id: string } }>('/api/policy/consultations/:id', {
    schema: { tags, summary: 'A draft under public comment in plain language, with comments and answers (public)', security: [], params: idParam, response: { 200: consultationSchema, ...errorResponses(404) } },
  }, async (request) => comments.get(request.params.id));

  app.post<{ Params: { id: string }; Body: { body: string } }>('/api/policy/consultations/:id/comments', {
    schema: { tags, summary: 'Comment on a draft while its period is open (companies)', params: idParam, body: commentBody('body'), response: { 201: commentSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => reply.code(201).send(await comments.comment(requireRole(request, COMPANY), request.params.id, request.body)));

  app.post<{ Params: { id: string }; Body: { text: string } }>('/api/policy/comments/:id/answer', {
    schema: { tags, summary: 'Answer a comment (the drafting organisation)', params: idParam, body: commentBody('text'), response: { 200: commentSchema, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => comments.answer(requireRole(request, DRAFT_WRITERS), request.params.id, request.body));
}
