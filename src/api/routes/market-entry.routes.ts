import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformServices } from '../../platform/platform.ts';
import { entryOf } from '../../scenarios/market-entry/entry.ts';
import type { ChangeInput, EntryInput } from '../../scenarios/market-entry/entry.types.ts';
import { requireActor } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import { anyList, anyObject, applicationParams, certificateParams, changeBody, correctionAnswerBody, correctionParams, entryBody } from './market-entry-schemas.ts';

const tags = ['market-entry'];

/** This server as the client reached it: the address the certificates' QR codes point at. */
function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * Market entry as one thing (issue 7): the entry application with its licences, changes, the applicant's
 * list and corrections, certificate PDFs, and the public verification of a certificate.
 */
export async function marketEntryRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const entry = entryOf(opts.services);
  // Hashes of certificates issued since the last read go to the evidence log before certificates are shown.
  const seal = () => entry.sealCertificates().catch(() => 0);

  app.post<{ Body: EntryInput }>('/api/market/applications', {
    schema: { tags, summary: 'Submit an entry application (name, facts, shareholders, officers, address, scope, licences): one flow instance runs it', body: entryBody, response: { 201: anyObject, ...errorResponses(400, 401, 403, 422) } },
  }, async (request, reply) => reply.code(201).send(await entry.submit(requireActor(request), request.body)));

  app.post<{ Body: ChangeInput }>('/api/market/changes/impact', {
    schema: { tags, summary: 'The licences a change of address, scope or officers affects (nothing is stored)', body: changeBody, response: { 200: anyObject, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const impact = await entry.changeImpact(requireActor(request), request.body);
    return { company: impact.company, reroutes: impact.reroutes, items: impact.items };
  });

  app.post<{ Body: ChangeInput }>('/api/market/changes', {
    schema: { tags, summary: 'Submit a change application; it runs on the same flow with the licences it affects', body: changeBody, response: { 201: anyObject, ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(await entry.change(requireActor(request), request.body)));

  app.get('/api/market/applications', {
    schema: { tags, summary: 'My applications (applicants), the division’s (officials), all (administrators)', response: { 200: anyList, ...errorResponses(401, 403) } },
  }, async (request) => {
    const actor = requireActor(request);
    await seal();
    return entry.list(actor);
  });

  app.get<{ Params: { id: string } }>('/api/market/applications/:id', {
    schema: { tags, summary: 'One application: facts (ID numbers masked except for the officials handling it), items, progress, certificates', params: applicationParams, response: { 200: anyObject, ...errorResponses(401, 404) } },
  }, async (request) => {
    const actor = requireActor(request);
    await seal();
    return entry.get(actor, request.params.id);
  });

  app.get('/api/market/corrections', {
    schema: { tags, summary: 'Every open correction request of my running applications, in one place', response: { 200: anyList, ...errorResponses(401, 403) } },
  }, async (request) => entry.corrections(requireActor(request)));

  app.post<{ Params: { id: string; cid: string }; Body: { answer: string } }>('/api/market/applications/:id/corrections/:cid/answer', {
    schema: { tags, summary: 'Answer a correction request; the returned item’s clock runs again', params: correctionParams, body: correctionAnswerBody, response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    await entry.answerCorrection(requireActor(request), request.params.id, request.params.cid, request.body.answer);
    return reply.code(204).send();
  });

  app.get<{ Params: { no: string } }>('/api/market/certificates/:no/pdf', {
    schema: { tags, summary: 'A certificate as PDF with the QR code of its public verification page', params: certificateParams, produces: ['application/pdf'], response: { ...errorResponses(401, 404) } },
  }, async (request, reply) => {
    const { pdf, fileName } = await entry.certificatePdf(requireActor(request), request.params.no, baseUrlOf(request));
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(Buffer.from(pdf));
  });

  app.get<{ Params: { no: string } }>('/api/market/certificates/:no/verify', {
    config: { rateLimit: { max: 300, timeWindow: '1 minute' } },
    schema: { tags, security: [], summary: 'Public check of a certificate (no login): number, company, item, status valid or cancelled, content hash', params: certificateParams, response: { 200: anyObject, ...errorResponses(400, 404, 429) } },
  }, async (request) => {
    await seal();
    return entry.verify(request.params.no);
  });
}
