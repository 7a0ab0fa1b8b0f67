import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformServices } from '../../platform/platform.ts';
import { dataIpPledgeOf } from '../../scenarios/data-ip-pledge/data-ip-pledge.ts';
import type { HashAlg } from '../../scenarios/data-ip-pledge/pledge.types.ts';
import type { RegisterAssetInput } from '../../scenarios/data-ip-pledge/registration.service.ts';
import { requireActor, requireRole } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import { checkBody, idParams, loanBody, objectAnswer, pledgeBody, registerBody, valuationBody } from './pledge-schemas.ts';

const BIG_BODY = 30 * 1024 * 1024;
const tags = ['data-ip-pledge'];

/** The address the certificate's QR code points at: this server as the client reached it. */
function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * Seed system 7, the data-IP pledge: registration under the three data rules, custody and grants,
 * certificates, the bank's valuation, pledge, loan and release, and the public verification.
 */
export async function pledgeRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const pledge = dataIpPledgeOf(opts.services);
  const asset = async (request: FastifyRequest<{ Params: { id: string } }>) => pledge.queries.detail(requireActor(request), request.params.id);

  app.post<{ Body: Pick<RegisterAssetInput, 'subjectClasses' | 'consents' | 'schema' | 'sample'> }>('/api/pledge/checks', {
    bodyLimit: BIG_BODY,
    schema: { tags, summary: 'Run the three data rules (consent, sensitive data, quality) on a sample without registering', body: checkBody, response: { 200: objectAnswer, ...errorResponses(400, 401, 403) } },
  }, async (request) => pledge.registration.check(requireActor(request), request.body));

  app.post<{ Body: RegisterAssetInput }>('/api/pledge/assets', {
    bodyLimit: BIG_BODY,
    schema: {
      tags,
      summary: 'Register a data asset (or a new version): rules, fingerprint computed by the client, optional custody; logged and cosigned',
      body: registerBody,
      response: { 201: objectAnswer, ...errorResponses(400, 401, 403, 404, 409, 503) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const created = await pledge.registration.register(actor, request.body);
    return reply.code(201).send(await pledge.queries.detail(actor, created.id));
  });

  app.get('/api/pledge/assets', {
    schema: { tags, summary: 'Data assets of the signed-in company, of the bank’s valuations, or all (admin)', response: { 200: objectAnswer, ...errorResponses(401) } },
  }, async (request) => pledge.queries.list(requireActor(request)));

  app.get<{ Params: { id: string } }>('/api/pledge/assets/:id', {
    schema: { tags, summary: 'One data asset: registration, versions, logged events; consents, custody, valuations and pledges for those entitled', params: idParams, response: { 200: objectAnswer, ...errorResponses(401, 404) } },
  }, asset);

  app.get<{ Params: { id: string } }>('/api/pledge/assets/:id/certificate.pdf', {
    schema: { tags, summary: 'The registration certificate (PDF with a QR code to the verification page)', params: idParams, produces: ['application/pdf'], response: { ...errorResponses(401, 404, 503) } },
  }, async (request, reply) => {
    requireActor(request);
    const { pdf, fileName } = await pledge.certificates.render(request.params.id, baseUrlOf(request));
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(Buffer.from(pdf));
  });

  app.get<{ Params: { id: string } }>('/api/pledge/assets/:id/bundle', {
    schema: { tags, summary: 'An offline proof bundle of the registration entry (check it with `onething verify`)', params: idParams, response: { 200: objectAnswer, ...errorResponses(401, 404, 503) } },
  }, async (request, reply) => {
    const detail = await asset(request);
    const log = await pledge.events.log();
    const bundle = await log.bundle(detail.asset.registrationIndex);
    return reply.header('content-disposition', `attachment; filename="${detail.asset.serial}.bundle.json"`).send(bundle);
  });

  app.post<{ Params: { id: string }; Body: { data: string } }>('/api/pledge/assets/:id/custody', {
    bodyLimit: BIG_BODY,
    schema: {
      tags, summary: 'Put the data file (base64) into encrypted custody; its digest must be the registered fingerprint', params: idParams,
      body: { type: 'object', additionalProperties: false, required: ['data'], properties: { data: { type: 'string', minLength: 1, maxLength: 28_000_000 } } },
      response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404, 409, 503) },
    },
  }, async (request, reply) => {
    await pledge.custody.deposit(requireActor(request), request.params.id, request.body.data);
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/api/pledge/assets/:id/custody/file', {
    schema: { tags, summary: 'Retrieve the data in custody: the owner, or an organisation it granted (audited)', params: idParams, response: { ...errorResponses(401, 403, 404, 503) } },
  }, async (request, reply) => {
    const { data, fileName } = await pledge.custody.retrieve(requireActor(request), request.params.id);
    return reply.type('application/octet-stream').header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(Buffer.from(data));
  });

  app.post<{ Params: { id: string }; Body: { orgCode: string } }>('/api/pledge/assets/:id/grants', {
    schema: {
      tags, summary: 'Grant an organisation (by code) retrieval of the data in custody', params: idParams,
      body: { type: 'object', additionalProperties: false, required: ['orgCode'], properties: { orgCode: { type: 'string', minLength: 1, maxLength: 64 } } },
      response: { 201: objectAnswer, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.code(201).send(await pledge.custody.grant(requireActor(request), request.params.id, request.body.orgCode)));

  app.post<{ Params: { id: string; grantId: string } }>('/api/pledge/assets/:id/grants/:grantId/revoke', {
    schema: {
      tags, summary: 'Revoke a grant', params: { type: 'object', required: ['id', 'grantId'], properties: { id: { type: 'string', maxLength: 64 }, grantId: { type: 'string', maxLength: 64 } } },
      response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await pledge.custody.revoke(requireActor(request), request.params.id, request.params.grantId);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { amountFen: number; method: 'income' | 'market' | 'cost'; note: string } }>('/api/pledge/assets/:id/valuations', {
    schema: { tags, summary: 'A bank values the asset (amount in fen)', params: idParams, body: valuationBody, response: { 201: objectAnswer, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => reply.code(201).send(await pledge.pledges.value(requireRole(request, ['bank']), request.params.id, request.body)));

  app.post<{ Params: { id: string }; Body: { valuationId: string; contractNo: string; contractText: string } }>('/api/pledge/assets/:id/pledges', {
    schema: { tags, summary: 'A bank signs a pledge contract over the asset (refused, 409, when it is already pledged)', params: idParams, body: pledgeBody, response: { 201: objectAnswer, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => reply.code(201).send(await pledge.pledges.pledge(requireRole(request, ['bank']), request.params.id, request.body)));

  app.post<{ Params: { id: string }; Body: { amountFen: number; termMonths: number } }>('/api/pledge/pledges/:id/loan', {
    schema: { tags, summary: 'Grant the loan the pledge secures (amount in fen, at most the valuation; term in months)', params: idParams, body: loanBody, response: { 200: objectAnswer, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => pledge.pledges.grantLoan(requireRole(request, ['bank']), request.params.id, request.body));

  app.post<{ Params: { id: string } }>('/api/pledge/pledges/:id/release', {
    schema: { tags, summary: 'Release the pledge when the loan is repaid', params: idParams, response: { 200: objectAnswer, ...errorResponses(401, 403, 404, 409) } },
  }, async (request) => pledge.pledges.release(requireRole(request, ['bank']), request.params.id));

  app.get<{ Querystring: { fingerprint: string; alg: HashAlg } }>('/api/pledge/verify', {
    config: { rateLimit: { max: 300, timeWindow: '1 minute' } },
    schema: {
      tags, security: [],
      summary: 'Public verification of a fingerprint: registered, by whom, when, changed since, pledged — with inclusion proofs and the cosigned checkpoint for the client to check',
      querystring: { type: 'object', additionalProperties: false, required: ['fingerprint'], properties: { fingerprint: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' }, alg: { type: 'string', enum: ['sha256', 'sm3'], default: 'sha256' } } },
      response: { 200: objectAnswer, ...errorResponses(400, 429, 503) },
    },
  }, async (request) => pledge.verification.verify({ fingerprint: request.query.fingerprint, hashAlg: request.query.alg }));
}
