import type { FastifyInstance } from 'fastify';
import { witnessRoutes } from '../../engines/ledger/index.ts';
import { AppError } from '../../kernel/errors.ts';
import { AUDIT_TRAIL_LOG } from '../../platform/evidence/evidence.services.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { requireActor, requireRole } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import { objectAnswer } from './pledge-schemas.ts';

const tags = ['evidence'];
const nameParams = { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } } } as const;

/**
 * The platform's evidence logs: heads and cosigned checkpoints, the trust policy (log key, witness
 * keys, quorum), anchors, witnesses per institution, and the audit-trail check. Each witness is
 * also served at `/api/witness/<org code>/add-checkpoint` (c2sp.org/tlog-witness) by the engine's routes.
 */
export async function evidenceRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const { evidence } = opts.services;
  const known = async (name: string) => {
    if (!(await evidence.listLogs()).some((l) => l.name === name)) throw new AppError('not_found', `No evidence log ${name}`);
    return evidence.log(name);
  };

  for (const w of await evidence.witnesses.list()) {
    await app.register(witnessRoutes(evidence.witnesses.handleFor(w)), { prefix: `/api/witness/${w.orgCode}` });
  }

  app.get('/api/evidence/logs', {
    schema: { tags, summary: 'The platform’s evidence logs with their size and newest cosigned checkpoint', response: { 200: objectAnswer, ...errorResponses(401) } },
  }, async (request) => {
    requireActor(request);
    const logs = await evidence.listLogs();
    const items = await Promise.all(logs.map(async (l) => {
      const log = await evidence.log(l.name);
      const trust = await log.trust();
      const latest = await log.latestCosigned();
      return { ...l, quorum: trust.quorum, witnesses: trust.witnessKeys.length, checkpoint: latest?.note ?? null, checkpointSize: latest?.size ?? null };
    }));
    return { items };
  });

  app.get<{ Params: { name: string } }>('/api/evidence/logs/:name/trust', {
    schema: { tags, security: [], summary: 'What to trust a log with: its key, the witnesses’ keys and the quorum (pin these in the verifier)', params: nameParams, response: { 200: objectAnswer, ...errorResponses(404, 503) } },
  }, async (request) => (await known(request.params.name)).trust());

  app.get<{ Params: { name: string } }>('/api/evidence/logs/:name/checkpoint', {
    schema: { tags, security: [], summary: 'The newest checkpoint cosigned by a quorum (C2SP signed note, text)', params: nameParams, produces: ['text/plain'], response: { ...errorResponses(404, 503) } },
  }, async (request, reply) => {
    const latest = await (await known(request.params.name)).latestCosigned();
    if (!latest) throw new AppError('not_found', `Log ${request.params.name} has no cosigned checkpoint yet`);
    return reply.type('text/plain; charset=utf-8').send(latest.note);
  });

  app.get<{ Params: { name: string } }>('/api/evidence/logs/:name/anchors', {
    schema: { tags, security: [], summary: 'Anchors exported for an external chain (format onething-ledger-anchor/v1), oldest first', params: nameParams, response: { 200: objectAnswer, ...errorResponses(404, 503) } },
  }, async (request) => {
    await known(request.params.name);
    return { items: await evidence.anchors(request.params.name) };
  });

  app.get('/api/evidence/witnesses', {
    schema: { tags, summary: 'The witness institutions, their public keys and whether they take part', response: { 200: objectAnswer, ...errorResponses(401) } },
  }, async (request) => {
    requireActor(request);
    const items = await evidence.witnesses.list();
    return { items, quorum: evidence.witnesses.quorumFor(items.length) };
  });

  app.post<{ Body: { orgCode: string } }>('/api/evidence/witnesses', {
    schema: {
      tags, summary: 'Make an organisation a witness with a new Ed25519 cosigning key (its HTTP route appears after a restart)',
      body: { type: 'object', additionalProperties: false, required: ['orgCode'], properties: { orgCode: { type: 'string', minLength: 1, maxLength: 64 } } },
      response: { 201: objectAnswer, ...errorResponses(400, 401, 403, 503) },
    },
  }, async (request, reply) => {
    requireRole(request, ['platform_admin']);
    const org = await opts.services.identity.findOrgByCode(request.body.orgCode);
    if (!org) throw new AppError('validation.failed', `No organisation ${request.body.orgCode}`, { errors: [{ field: 'body.orgCode', rule: 'exists', message: 'no such organisation' }] });
    return reply.code(201).send(await evidence.witnesses.ensureWitness(org));
  });

  app.post<{ Params: { orgCode: string }; Body: { active: boolean } }>('/api/evidence/witnesses/:orgCode/active', {
    schema: {
      tags, summary: 'Take a witness out of (or back into) the cosigning rounds',
      params: { type: 'object', required: ['orgCode'], properties: { orgCode: { type: 'string', maxLength: 64 } } },
      body: { type: 'object', additionalProperties: false, required: ['active'], properties: { active: { type: 'boolean' } } },
      response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    requireRole(request, ['platform_admin']);
    const w = (await evidence.witnesses.list()).find((x) => x.orgCode === request.params.orgCode);
    if (!w) throw new AppError('not_found', `${request.params.orgCode} is not a witness`);
    await evidence.witnesses.setActive(w.orgId, request.body.active);
    return reply.code(204).send();
  });

  app.get('/api/evidence/audit/verify', {
    schema: { tags, summary: 'Seal the audit trail, then recompute every audit row’s hash against the audit-trail log and its cosigned root', response: { 200: objectAnswer, ...errorResponses(401, 403, 503) } },
  }, async (request) => {
    requireRole(request, ['platform_admin']);
    await evidence.auditTrail.seal();
    await (await evidence.log(AUDIT_TRAIL_LOG, { lookupByLeafHash: false })).publish();
    return evidence.auditTrail.verify();
  });
}
