import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/index.ts';
import { verifyProofBundle } from '../../engines/ledger/index.ts';
import { TEST_PASSWORD } from '../../platform/testing/test-platform.ts';
import { buildAssetInput, createPledgeTestbed, type PledgeTestbed } from '../../scenarios/data-ip-pledge/pledge.testing.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

describe('data-IP pledge and evidence API (inject)', () => {
  let database: Database;
  let t: PledgeTestbed;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    database = await openDatabase('sqlite::memory:');
    t = await createPledgeTestbed(database);
    app = await buildApp({ services: t.platform, config: loadConfig({}) });
    for (const username of ['company', 'bank-user', 'admin']) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress: `10.8.0.${username.length}` });
      cookies[username] = `onething_session=${response.cookies.find((c) => c.name === 'onething_session')!.value}`;
    }
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('registers over HTTP, serves the certificate and a bundle `onething verify` accepts, and verifies without a session', async () => {
    const input = buildAssetInput({}, 51);
    const created = await app.inject({ method: 'POST', url: '/api/pledge/assets', headers: { cookie: cookies.company }, payload: input });
    expect(created.statusCode).toBe(201);
    const id = created.json().asset.id as string;
    const pdf = await app.inject({ url: `/api/pledge/assets/${id}/certificate.pdf`, headers: { cookie: cookies.company } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bundle = await app.inject({ url: `/api/pledge/assets/${id}/bundle`, headers: { cookie: cookies.company } });
    expect((await verifyProofBundle(bundle.json())).quorum).toBe(4);
    const verify = await app.inject({ url: `/api/pledge/verify?fingerprint=${input.fingerprint}` });
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({ registered: true, pledged: false, asset: { id } });
    expect((await app.inject({ url: '/api/pledge/verify?fingerprint=xyz' })).statusCode).toBe(400);
    expect((await app.inject({ url: `/api/pledge/assets/${id}` })).statusCode).toBe(401);
  });

  it('answers 400 with the rows and columns of personal data, and 403 to a bank registering', async () => {
    const input = buildAssetInput({}, 52);
    input.sample.rows[4][1] = '13800138000';
    const refused = await app.inject({ method: 'POST', url: '/api/pledge/assets', headers: { cookie: cookies.company }, payload: input });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'validation.data_rules', details: { findings: [{ row: 5, column: 'city', kind: 'mobile' }] } });
    const bank = await app.inject({ method: 'POST', url: '/api/pledge/assets', headers: { cookie: cookies['bank-user'] }, payload: buildAssetInput({}, 53) });
    expect(bank.statusCode).toBe(403);
  });

  it('serves each institution as a tlog witness: a request from a wrong size gets 409 with the witness’s size', async () => {
    const witnesses = await app.inject({ url: '/api/evidence/witnesses', headers: { cookie: cookies.admin } });
    expect(witnesses.json()).toMatchObject({ quorum: 4 });
    const log = await t.pledge.events.log();
    const latest = (await log.latestCosigned())!;
    const code = witnesses.json().items[0].orgCode as string;
    const answer = await app.inject({ method: 'POST', url: `/api/witness/${code}/add-checkpoint`, headers: { 'content-type': 'text/plain' }, payload: `old 0\n\n${latest.note}` });
    expect(answer.statusCode).toBe(409);
    expect(answer.headers['content-type']).toContain('text/x.tlog.size');
    expect(answer.body).toBe(`${latest.size}\n`);
    const note = await app.inject({ url: '/api/evidence/logs/data-ip-pledge/checkpoint' });
    expect(note.body).toBe(latest.note);
  });

  it('documents the routes in the OpenAPI description', async () => {
    const paths = Object.keys((await app.inject({ url: '/openapi.json' })).json().paths as Record<string, unknown>);
    expect(paths).toEqual(expect.arrayContaining(['/api/pledge/assets', '/api/pledge/verify', '/api/evidence/logs/{name}/trust', '/api/evidence/audit/verify']));
  });

  it('checks the audit trail for the admin only', async () => {
    expect((await app.inject({ url: '/api/evidence/audit/verify', headers: { cookie: cookies.company } })).statusCode).toBe(403);
    const check = await app.inject({ url: '/api/evidence/audit/verify', headers: { cookie: cookies.admin } });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ ok: true, problems: [] });
    expect(check.json().checkedRows).toBeGreaterThan(3);
  });
});
