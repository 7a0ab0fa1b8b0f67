import type { FastifyInstance } from 'fastify';
import type { Facts } from '../../engines/rules/index.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { LIFECYCLE_OFFICIALS } from '../../platform/policy/budget.service.ts';
import type { ApprovalMode, BankAccount, ClaimStatus } from '../../platform/policy/lifecycle.types.ts';
import { requireActor, requireRole } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import { accountBody, batchSchema, budgetLineSchema, claimSchema, day, forMeSchema, idParam, paymentSchema, publicationSchema, quoteSchema, settingsBody, settingsSchema } from './policy-schemas.ts';
import type { CertificateNeed } from '../../platform/policy/claim-certificates.ts';

const tags = ['policy'];
const COMPANY = ['enterprise', 'agent'] as const;
const CLAIM_STATUSES = ['awaiting_account', 'pending_review', 'approved', 'paying', 'paid', 'payment_returned', 'rejected', 'revoked'];
const items = (schema: object) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: schema } } });

/** The policy life-cycle API: budget lines, unit settings, release and push, claims, payout, "policies for me". */
export async function policyRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const life = opts.services.policyLifecycle;
  app.addHook('preHandler', async () => { await life.ready(); });

  app.post<{ Body: { title: string; capFen: number } }>('/api/policy/budget-lines', {
    schema: {
      tags, summary: 'Create a budget line: its cap (fen) is appropriated into the ledger',
      body: { type: 'object', required: ['title', 'capFen'], additionalProperties: false, properties: { title: { type: 'string', minLength: 1, maxLength: 200 }, capFen: { type: 'integer', minimum: 1 } } },
      response: { 201: budgetLineSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => reply.code(201).send(await life.budget.createLine(requireRole(request, LIFECYCLE_OFFICIALS), request.body)));

  app.get('/api/policy/budget-lines', {
    schema: { tags, summary: 'Budget lines of your organisation with their balances', response: { 200: items(budgetLineSchema), ...errorResponses(401, 403) } },
  }, async (request) => ({ items: await life.budget.lines(requireRole(request, LIFECYCLE_OFFICIALS)) }));

  app.get('/api/policy/certificate-kinds', {
    schema: {
      tags, summary: 'Kinds of certificate a unit can ask for: the common ones and those the certificate library’s sources issue',
      response: { 200: items({ type: 'object', required: ['kind', 'title', 'source'], properties: { kind: { type: 'string' }, title: { type: 'string' }, source: { type: 'string' } } }), ...errorResponses(401, 403) },
    },
  }, async (request) => {
    requireRole(request, LIFECYCLE_OFFICIALS);
    return { items: await opts.services.certificates.kinds() };
  });

  app.put<{ Params: { id: string }; Body: { mode: ApprovalMode; budgetLineId: string; certificates?: CertificateNeed[] } }>('/api/policy/units/:id/settings', {
    schema: {
      tags, summary: 'Set a unit’s approval mode, budget line and the certificates its claims fetch from the certificate library',
      params: idParam,
      body: settingsBody,
      response: { 200: settingsSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => life.budget.setSettings(requireRole(request, LIFECYCLE_OFFICIALS), request.params.id, request.body));

  app.post<{ Params: { id: string; version: number }; Body: { asOf?: string } }>('/api/policy/units/:id/versions/:version/release', {
    schema: {
      tags, summary: 'Publish a version and push it to every eligible company in your scope (background; poll the publication)',
      params: { type: 'object', required: ['id', 'version'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 }, version: { type: 'integer', minimum: 1 } } },
      body: { type: ['object', 'null'], additionalProperties: false, properties: { asOf: day } },
      response: { 202: publicationSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const p = await life.push.publish(requireRole(request, LIFECYCLE_OFFICIALS), request.params.id, request.params.version, { asOf: request.body?.asOf });
    return reply.code(202).send({ ...p, progress: 0 });
  });

  app.get('/api/policy/publications', {
    schema: { tags, summary: 'The latest publications of your organisation', response: { 200: items(publicationSchema), ...errorResponses(401, 403) } },
  }, async (request) => ({ items: await life.push.list(requireRole(request, LIFECYCLE_OFFICIALS)) }));

  app.get<{ Params: { id: string } }>('/api/policy/publications/:id', {
    schema: { tags, summary: 'One publication: status, progress, eligible companies, pushes, apply-free claims, the data it was based on', params: idParam, response: { 200: publicationSchema, ...errorResponses(401, 403, 404) } },
  }, async (request) => life.push.get(requireRole(request, LIFECYCLE_OFFICIALS), request.params.id));

  app.get('/api/policy/for-me', {
    schema: { tags, summary: 'Policies for me (政策计算器): eligible units with amounts, near misses with why not, claims, payments, pushes, inbox', response: { 200: forMeSchema, ...errorResponses(401, 403) } },
  }, async (request, reply) => {
    // Composed as JSON text by the service (each unit's part written once per version): sent as it
    // is, encoded once (a string would be measured for its length and encoded again).
    const json = await life.forMeJson(requireRole(request, COMPANY));
    return reply.type('application/json; charset=utf-8').send(Buffer.from(json));
  });

  app.get<{ Params: { id: string } }>('/api/policy/units/:id/quote', {
    schema: { tags, summary: 'Before applying: the mirror’s figures, the missing facts asked, the result from data', params: idParam, response: { 200: quoteSchema, ...errorResponses(401, 403, 404, 409) } },
  }, async (request) => life.claims.quote(requireRole(request, COMPANY), request.params.id));

  app.post<{ Params: { id: string }; Body: { answers?: Facts; account?: BankAccount; certificateUploads?: Record<string, string> } }>('/api/policy/units/:id/claims', {
    schema: {
      tags, summary: 'Claim a unit (the mode decides: approved from data, sent to review, or approved on a promise)',
      params: idParam,
      body: { type: 'object', additionalProperties: false, properties: { answers: { type: 'object', additionalProperties: true }, account: accountBody, certificateUploads: { type: 'object', description: 'per missing certificate kind, the id of a copy your company uploaded (POST /api/files)', additionalProperties: { type: 'string', minLength: 1, maxLength: 100 } } } },
      response: { 201: claimSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.code(201).send(await life.claims.apply(requireRole(request, COMPANY), request.params.id, request.body ?? {})));

  app.get<{ Querystring: { status?: ClaimStatus; unitId?: string } }>('/api/policy/claims', {
    schema: {
      tags, summary: 'Claims you may see: a company its own, officials those in their data scope',
      querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: CLAIM_STATUSES }, unitId: { type: 'string', maxLength: 100 } } },
      response: { 200: items(claimSchema), ...errorResponses(401, 403) },
    },
  }, async (request) => ({ items: await life.claims.list(requireActor(request), request.query) }));

  app.get<{ Params: { id: string } }>('/api/policy/claims/:id/certificates', {
    schema: { tags, summary: 'The certificates stored with a claim: fetched from the certificate library, or the uploaded copy (uploadRef: its file id, opened at /api/files/:id; uploadName)', params: idParam, response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } }, ...errorResponses(401, 404) } },
  }, async (request) => life.claims.certificates(requireActor(request), request.params.id));

  app.get<{ Params: { id: string } }>('/api/policy/claims/:id', {
    schema: { tags, summary: 'One claim with its explanation and payments', params: idParam, response: { 200: claimSchema, ...errorResponses(401, 404) } },
  }, async (request) => {
    const c = await life.claims.get(requireActor(request), request.params.id);
    return { ...c, payments: await life.payout.paymentsOf([c.id]) };
  });

  app.post<{ Params: { id: string }; Body: { account: BankAccount } }>('/api/policy/claims/:id/account', {
    schema: {
      tags, summary: 'Confirm the receiving account (apply-free claims; payments the bank returned)',
      params: idParam, body: { type: 'object', required: ['account'], additionalProperties: false, properties: { account: accountBody } },
      response: { 200: claimSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => life.claims.confirmAccount(requireRole(request, COMPANY), request.params.id, request.body.account));

  app.post<{ Params: { id: string }; Body: { approve: boolean; reason?: string } }>('/api/policy/claims/:id/decision', {
    schema: {
      tags, summary: 'Approve or reject a claim pending review (a rejection gives its reason)',
      params: idParam, body: { type: 'object', required: ['approve'], additionalProperties: false, properties: { approve: { type: 'boolean' }, reason: { type: 'string', maxLength: 500 } } },
      response: { 200: claimSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => life.claims.decide(requireRole(request, LIFECYCLE_OFFICIALS), request.params.id, request.body));

  app.post<{ Params: { id: string }; Body: { outcome?: 'kept' | 'broken'; note?: string } }>('/api/policy/claims/:id/audit', {
    schema: {
      tags, summary: 'Post-audit a credit-commitment claim (from data, or with a finding); a broken promise revokes it',
      params: idParam, body: { type: ['object', 'null'], additionalProperties: false, properties: { outcome: { type: 'string', enum: ['kept', 'broken'] }, note: { type: 'string', maxLength: 500 } } },
      response: { 200: claimSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => life.claims.audit(requireRole(request, LIFECYCLE_OFFICIALS), request.params.id, request.body ?? {}));

  app.post<{ Params: { id: string } }>('/api/policy/claims/:id/recovery', {
    schema: { tags, summary: 'Record that a revoked claim’s money came back', params: idParam, response: { 200: claimSchema, ...errorResponses(401, 403, 404, 409) } },
  }, async (request) => life.claims.recordRecovery(requireRole(request, LIFECYCLE_OFFICIALS), request.params.id));

  app.post('/api/policy/payouts', {
    schema: {
      tags, summary: 'Run a payout: payments for approved claims (once each) into a bank batch file; null when nothing is due',
      response: { 200: { type: 'object', required: ['batch'], properties: { batch: { anyOf: [batchSchema, { type: 'null' }] } } }, ...errorResponses(401, 403) },
    },
  }, async (request) => {
    const b = await life.payout.run(requireRole(request, LIFECYCLE_OFFICIALS));
    if (!b) return { batch: null };
    const { file: _file, ...batch } = b;
    return { batch };
  });

  app.get('/api/policy/payouts', {
    schema: { tags, summary: 'The latest payment batches of your organisation', response: { 200: items(batchSchema), ...errorResponses(401, 403) } },
  }, async (request) => ({ items: await life.payout.batches(requireRole(request, LIFECYCLE_OFFICIALS)) }));

  app.get<{ Params: { id: string }; Querystring: { format?: 'csv' | 'xlsx' } }>('/api/policy/payouts/:id/file', {
    schema: {
      tags, summary: 'The batch file (CSV, or XLSX with ?format=xlsx; layout in docs/policy-lifecycle.md)', params: idParam,
      querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: ['csv', 'xlsx'] } } },
      response: { 200: { type: 'string' }, ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, LIFECYCLE_OFFICIALS);
    if (request.query.format === 'xlsx') {
      const xlsx = await life.payout.batchXlsx(actor, request.params.id);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${request.params.id}.xlsx"`).send(xlsx);
    }
    const b = await life.payout.batch(actor, request.params.id);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${b.id}.csv"`).send(b.file);
  });

  app.post<{ Params: { id: string }; Body: { file: string; format?: 'csv' | 'xlsx' } }>('/api/policy/payouts/:id/returns', {
    schema: {
      tags, summary: 'Reconcile the bank’s return file of a batch (paid, retried, or returned with a reason); CSV text, or XLSX in base64 with format xlsx',
      params: idParam, body: { type: 'object', required: ['file'], additionalProperties: false, properties: { file: { type: 'string', minLength: 1, maxLength: 50_000_000 }, format: { type: 'string', enum: ['csv', 'xlsx'] } } },
      response: { 200: { type: 'object', properties: { batchId: { type: 'string' }, paid: { type: 'integer' }, retried: { type: 'integer' }, returned: { type: 'integer' }, skipped: { type: 'integer' } } }, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => life.payout.reconcile(requireRole(request, LIFECYCLE_OFFICIALS), request.params.id, request.body.format === 'xlsx' ? { xlsx: Buffer.from(request.body.file, 'base64') } : request.body.file));

  app.get<{ Params: { id: string } }>('/api/policy/claims/:id/payments', {
    schema: { tags, summary: 'The payments of a claim you may see', params: idParam, response: { 200: items(paymentSchema), ...errorResponses(401, 404) } },
  }, async (request) => {
    const c = await life.claims.get(requireActor(request), request.params.id);
    return { items: await life.payout.paymentsOf([c.id]) };
  });
}
