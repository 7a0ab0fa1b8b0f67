import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/index.ts';
import { createRegistryFixture, csv, type RegistryFixture } from '../../platform/registry/registry.testing.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { portraitSchema } from './registry-schemas.ts';

const PASSWORD = 'Test@Passw0rd';

describe('enterprise mirror API (inject)', () => {
  let database: Database;
  let tp: RegistryFixture;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    database = await openDatabase('sqlite::memory:');
    tp = await createRegistryFixture(database);
    const { identity } = tp.services;
    const city = await identity.createOrg({ code: '330100', name: '杭州市', nameEn: 'Hangzhou', kind: 'city', parentId: null, divisionCode: '330100' });
    const market = await identity.createOrg({ code: '330106-amr', name: '西湖区市场监管局', nameEn: 'Xihu market', kind: 'department', parentId: city.id, divisionCode: '330106' });
    const tax = await identity.createOrg({ code: '330106-tax', name: '西湖区税务局', nameEn: 'Xihu tax', kind: 'department', parentId: city.id, divisionCode: '330106' });
    await identity.createUser({ username: 'admin', displayName: 'admin', password: PASSWORD, role: 'platform_admin', orgId: city.id, enterpriseUscc: null });
    await identity.createUser({ username: 'amr', displayName: 'amr', password: PASSWORD, role: 'department_officer', orgId: market.id, enterpriseUscc: null });
    await identity.createUser({ username: 'tax', displayName: 'tax', password: PASSWORD, role: 'department_officer', orgId: tax.id, enterpriseUscc: null });
    app = await buildApp({ services: tp.services, config: loadConfig({}) });
    for (const username of ['admin', 'amr', 'tax']) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD }, remoteAddress: `10.3.0.${username.length}` });
      cookies[username] = `onething_session=${response.cookies.find((c) => c.name === 'onething_session')!.value}`;
    }
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  async function upload(who: string, text: string, query: string) {
    return app.inject({ method: 'POST', url: `/api/registry/imports?${query}`, headers: { cookie: cookies[who], 'content-type': 'text/csv' }, payload: text });
  }

  async function finished(id: string, who: string) {
    for (let i = 0; i < 100; i++) {
      const job = await app.inject({ url: `/api/registry/imports/${id}`, headers: { cookie: cookies[who] } });
      if (job.json().status !== 'running') return job.json();
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('import did not finish');
  }

  it('imports an uploaded batch in the background as the sending department, with its job visible', async () => {
    const a = tp.xihu[0].uscc;
    const started = await upload('tax', csv(['uscc', 'revenue', 'taxable_income'], [[a, '2000000', '300000']]), 'fileName=tax-2025.csv&period=2025');
    expect(started.statusCode).toBe(202);
    const job = await finished(started.json().id, 'tax');
    expect(job).toMatchObject({ status: 'committed', source: 'tax', interface: 'web-upload', rowsAccepted: 1, progress: null });
    const list = await app.inject({ url: '/api/registry/imports', headers: { cookie: cookies.admin } });
    expect(list.json().items.map((b: { id: string }) => b.id)).toContain(job.id);
    // A department sends only its own data.
    expect((await upload('tax', 'uscc\n', 'fileName=x.csv&source=stats')).statusCode).toBe(403);
  });

  it('shows a rejected batch’s report', async () => {
    const started = await upload('tax', csv(['uscc', 'revenue'], [[tp.xihu[1].uscc, 'lots']]), 'format=csv&period=2025');
    const job = await finished(started.json().id, 'tax');
    expect(job.status).toBe('rejected');
    expect(job.rejections).toEqual([{ row: 1, field: 'revenue', rule: 'type.money', reason: expect.stringContaining('lots') }]);
  });

  it('refuses a cross-department read without an agreement (403, audited), then serves it masked under one', async () => {
    const a = tp.xihu[0].uscc;
    const url = `/api/registry/enterprises/${a}/values?attributes=taxable_income,revenue&purpose=policy.matching`;
    const refused = await app.inject({ url, headers: { cookie: cookies.amr } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().details.errors[0]).toMatchObject({ field: 'attributes.taxable_income', rule: 'sharing.agreement' });
    const audit = await app.inject({ url: '/api/audit?action=registry.read.refused', headers: { cookie: cookies.admin } });
    expect(audit.json().items[0]).toMatchObject({ actorName: 'amr', target: a });
    const created = await app.inject({
      method: 'POST', url: '/api/registry/agreements', headers: { cookie: cookies.admin },
      payload: { name: '政策匹配', purpose: 'policy.matching', providers: ['tax'], consumers: ['amr'], attributes: ['taxable_income', 'revenue'], validFrom: '2026-01-01' },
    });
    expect(created.statusCode).toBe(201);
    const served = await app.inject({ url, headers: { cookie: cookies.amr } });
    expect(served.statusCode).toBe(200);
    expect(served.json().items.map((v: { access: string; value: unknown }) => [v.access, v.value])).toEqual([['masked', null], ['clear', 200000000]]);
  });

  it('serves the portrait and the catalogue, and documents the routes', async () => {
    const portrait = await app.inject({ url: `/api/registry/enterprises/${tp.xihu[0].uscc}/portrait?asOf=2026-04-01`, headers: { cookie: cookies.admin } });
    expect(portrait.statusCode).toBe(200);
    const taxAttribute = portrait.json().categories.find((c: { key: string }) => c.key === 'tax').attributes[0];
    expect(taxAttribute).toMatchObject({ key: 'revenue', value: 200000000, period: '2025' });
    expect(portrait.json().lineage[taxAttribute.lineage]).toMatchObject({ source: 'tax' });
    // The portrait is sent as JSON text, not through the schema serializer: it must still match the documented schema.
    expect(portrait.headers['content-type']).toMatch(/^application\/json/);
    // The session slides on the server (last seen, touched at most once a minute): its cookie is not set again on reads.
    expect(portrait.headers['set-cookie']).toBeUndefined();
    const ajv = new Ajv({ strict: false, allErrors: true });
    const matches = ajv.compile(portraitSchema);
    expect(matches(portrait.json()), JSON.stringify(matches.errors)).toBe(true);
    // Names, types, units and code labels are the catalogue's, named by version and joined by key.
    const catalogue = await app.inject({ url: '/api/registry/catalogue', headers: { cookie: cookies.amr } });
    const doc = catalogue.json();
    expect(doc.attributes.length).toBeGreaterThanOrEqual(60);
    expect(doc.version).toBe(portrait.json().catalogue);
    expect(catalogue.headers.etag).toBe(`"${doc.version}"`);
    expect(doc.codeLists['gbt4754-division'].find((c: { code: string }) => c.code === 'I65').zh).toBe('软件和信息技术服务业');
    const revenue = portrait.json().categories.find((c: { key: string }) => c.key === 'tax').attributes[0];
    expect(Object.keys(revenue)).not.toContain('zh');
    expect(doc.attributes.find((a: { key: string }) => a.key === revenue.key)).toMatchObject({ zh: '营业收入', type: 'money' });
    expect(doc.departments.find((d: { code: string }) => d.code === portrait.json().lineage[revenue.lineage].source).zh).toBe('税务局');
    const unchanged = await app.inject({ url: '/api/registry/catalogue', headers: { cookie: cookies.amr, 'if-none-match': catalogue.headers.etag as string } });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe('');
    // A new attribute is a new catalogue version: the old ETag no longer matches.
    const defined = await app.inject({
      method: 'POST', url: '/api/registry/attributes', headers: { cookie: cookies.admin },
      payload: { key: 'route_test_flag', zh: '路由测试', en: 'Route test', type: 'boolean', category: 'tax', dataClass: 'public', department: 'tax', frequency: 'point' },
    });
    expect(defined.statusCode).toBe(201);
    const changed = await app.inject({ url: '/api/registry/catalogue', headers: { cookie: cookies.amr, 'if-none-match': catalogue.headers.etag as string } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().version).not.toBe(doc.version);
    expect(changed.json().attributes.map((a: { key: string }) => a.key)).toContain('route_test_flag');
    const bad = await app.inject({ url: '/api/registry/enterprises/91330106MA2AXXXXX0/portrait', headers: { cookie: cookies.admin } });
    expect(bad.statusCode).toBe(400);
    const spec = (await app.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/registry/imports', '/api/registry/enterprises/{uscc}/portrait', '/api/registry/agreements']));
  });
});
