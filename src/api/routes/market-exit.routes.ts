import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../platform/platform.ts';
import type { GeneralApplication, LiquidationReport } from '../../scenarios/market-entry/exit/general.service.ts';
import type { ExitCase, ExitKind } from '../../scenarios/market-entry/exit/exit.repository.ts';
import type { ObjectionInput } from '../../scenarios/market-entry/exit/exit.service.ts';
import { marketExitOf } from '../../scenarios/market-entry/market-exit.ts';
import { requireActor } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import {
  agentBody, authorisationBody, casesQuery, complaintBody, forcedBody, forcedQuery, generalBody, idParams, listAnswer, monitoringQuery, noticeParams, objectAnswer, objectionBody, reportBody,
  simplifiedBody, usccQuery,
} from './market-exit-schemas.ts';

const tags = ['market-exit'];

/**
 * Market exit (issue 7): simplified, general and forced deregistration with "1+N", the public notices
 * and online objections (no login, rate-limited), registration agents, and monitoring.
 */
export async function marketExitRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  // Created at registration: the deregistration handlers must be known before the flow worker starts.
  const exit = marketExitOf(opts.services);

  app.get<{ Querystring: { uscc?: string } }>('/api/market/exit/eligibility', {
    schema: { tags, summary: 'The conditions of simplified deregistration for the company, each with its data source and date', querystring: usccQuery, response: { 200: objectAnswer, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => exit.simplified.checkSimplified(requireActor(request), request.query.uscc));

  app.post<{ Body: { uscc?: string; commitment: boolean } }>('/api/market/exit/simplified', {
    schema: { tags, summary: 'Apply for simplified deregistration: 422 market.exit.ineligible names every failed condition; otherwise the 20-day notice starts', body: simplifiedBody, response: { 201: objectAnswer, ...errorResponses(400, 401, 403, 404, 422) } },
  }, async (request, reply) => reply.code(201).send(await exit.simplified.applySimplified(requireActor(request), request.body)));

  app.post<{ Body: GeneralApplication }>('/api/market/exit/general', {
    schema: { tags, summary: 'General deregistration: file the liquidation group (ID numbers validated, kept masked)', body: generalBody, response: { 201: objectAnswer, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => reply.code(201).send(await exit.general.apply(requireActor(request), request.body)));

  app.post<{ Params: { id: string }; Body: LiquidationReport }>('/api/market/exit/cases/:id/report', {
    schema: { tags, summary: 'File the liquidation report after the 45-day creditor notice', params: idParams, body: reportBody, response: { 200: objectAnswer, ...errorResponses(400, 401, 404, 409) } },
  }, async (request) => exit.general.fileReport(requireActor(request), request.params.id, request.body));

  app.get<{ Querystring: { kind?: ExitKind; status?: ExitCase['status']; limit?: number } }>('/api/market/exit/cases', {
    schema: { tags, summary: 'Deregistration cases: the company’s, the agent’s, or the official’s district', querystring: casesQuery, response: { 200: listAnswer, ...errorResponses(400, 401, 403) } },
  }, async (request) => exit.simplified.list(requireActor(request), request.query));

  app.get<{ Params: { id: string } }>('/api/market/exit/cases/:id', {
    schema: { tags, summary: 'One case: notice, objections, eligibility, decision, the permits’ state', params: idParams, response: { 200: objectAnswer, ...errorResponses(400, 401, 404) } },
  }, async (request) => exit.simplified.view(requireActor(request), request.params.id));

  app.get<{ Querystring: { inactiveYears: number } }>('/api/market/exit/forced/candidates', {
    schema: { tags, summary: 'Candidates for forced deregistration in the official’s division (dishonest, zombie, shell) with the facts', querystring: forcedQuery, response: { 200: listAnswer, ...errorResponses(400, 401, 403) } },
  }, async (request) => exit.forced.candidates(requireActor(request), { inactiveYears: request.query.inactiveYears }));

  app.post<{ Body: { uscc: string; note?: string; inactiveYears?: number } }>('/api/market/exit/forced', {
    schema: { tags, summary: 'Open a forced deregistration (the rules re-checked; a 60-day notice with a window to object)', body: forcedBody, response: { 201: objectAnswer, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    const { uscc, note, inactiveYears } = request.body;
    return reply.code(201).send(await exit.forced.open(requireActor(request), uscc, { note, rules: inactiveYears ? { inactiveYears } : undefined }));
  });

  // Public: no login. Notices are public by law (国家企业信用信息公示系统); objections are rate-limited per address.
  app.get('/api/public/market/exit/notices', {
    config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: { tags, security: [], summary: 'Deregistration notices open to objection now (public)', response: { 200: listAnswer, ...errorResponses(429) } },
  }, async () => exit.simplified.publicNotices());

  app.get<{ Params: { noticeNo: string } }>('/api/public/market/exit/notices/:noticeNo', {
    config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: { tags, security: [], summary: 'One notice and whether it is still open (public)', params: noticeParams, response: { 200: objectAnswer, ...errorResponses(400, 404, 429) } },
  }, async (request) => exit.simplified.publicNotice(request.params.noticeNo));

  app.post<{ Params: { noticeNo: string }; Body: ObjectionInput }>('/api/public/market/exit/notices/:noticeNo/objections', {
    config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
    schema: { tags, security: [], summary: 'Object to a notice online (public; name, contact and a reason)', params: noticeParams, body: objectionBody, response: { 201: objectAnswer, ...errorResponses(400, 404, 409, 429) } },
  }, async (request, reply) => reply.code(201).send(await exit.simplified.object(request.params.noticeNo, request.body, { ip: request.ip })));

  app.post<{ Body: { name: string; uscc: string; phone: string; address: string } }>('/api/market/agents', {
    schema: { tags, summary: 'Register the agent account’s organisation as a registration agent', body: agentBody, response: { 201: objectAnswer, ...errorResponses(400, 401, 403, 409) } },
  }, async (request, reply) => reply.code(201).send(await exit.agents.register(requireActor(request), request.body)));

  app.get('/api/market/agents', {
    schema: { tags, summary: 'Registered agents', response: { 200: listAnswer, ...errorResponses(401) } },
  }, async (request) => {
    requireActor(request);
    return exit.agents.list();
  });

  app.get('/api/market/agents/supervision', {
    schema: { tags, summary: 'Each agent’s filings, return rate, time to correct, complaints and flags (officials)', response: { 200: listAnswer, ...errorResponses(401, 403) } },
  }, async (request) => exit.agents.supervision(requireActor(request)));

  app.get<{ Querystring: { agentId?: string } }>('/api/market/agents/authorisations', {
    schema: { tags, summary: 'Authorisations: the company’s own, the agent’s, or one agent’s (officials)', querystring: { type: 'object', additionalProperties: false, properties: { agentId: { type: 'string', maxLength: 64 } } }, response: { 200: listAnswer, ...errorResponses(400, 401, 403) } },
  }, async (request) => exit.agents.authorisations(requireActor(request), request.query.agentId));

  app.post<{ Body: { agentId: string; scope: string[]; validFrom: string; validUntil: string; signerName: string } }>('/api/market/agents/authorisations', {
    schema: { tags, summary: 'The company signs an authorisation (scope, period ≤ 1 year)', body: authorisationBody, response: { 201: objectAnswer, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => reply.code(201).send(await exit.agents.authorise(requireActor(request), request.body)));

  app.post<{ Params: { id: string } }>('/api/market/agents/authorisations/:id/revoke', {
    schema: { tags, summary: 'The company revokes an authorisation', params: idParams, response: { 204: { type: 'null' }, ...errorResponses(401, 404, 409) } },
  }, async (request, reply) => {
    await exit.agents.revoke(requireActor(request), request.params.id);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { reason: string } }>('/api/market/agents/:id/complaints', {
    schema: { tags, summary: 'A complaint about an agent (companies, officials)', params: idParams, body: complaintBody, response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await exit.agents.complain(requireActor(request), request.params.id, request.body);
    return reply.code(204).send();
  });

  app.get<{ Querystring: { key?: string } }>('/api/market/monitoring/departments', {
    schema: { tags, summary: 'Per department: open items, yellow/red warnings, time used against the limit, average handling days', querystring: monitoringQuery, response: { 200: listAnswer, ...errorResponses(400, 401, 403) } },
  }, async (request) => exit.monitoring.departments(requireActor(request), { key: request.query.key }));

  app.get('/api/market/monitoring/figures', {
    schema: { tags, summary: 'Applications, items handled, companies served, share fully automatic, deregistrations (computed)', response: { 200: objectAnswer, ...errorResponses(401, 403) } },
  }, async (request) => exit.monitoring.figures(requireActor(request)));
}
