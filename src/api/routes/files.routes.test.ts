import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { FILE_MAX_BYTES } from '../../platform/files/file-content.ts';
import { createTestPlatform, TEST_PASSWORD } from '../../platform/testing/test-platform.ts';
import { allMigrations } from '../../scenarios/index.ts';
import { useLoggedInApp } from './route-testing.ts';

const unit = {
  id: 'xihu-tobacco-quick', version: 1, title: { zh: '西湖区零售快申补贴', en: 'Xihu retail quick subsidy' }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
  eligibility: { '>=': [{ var: 'employees' }, 1] }, benefit: { fixed: 300_000 },
};
const account = { name: '杭州西湖测试科技有限公司', number: '6222020200112233', bank: '102331000015' };
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

/** The test platform with the scenarios' tables: the app's scenario routes add their sources to the certificate library claims fetch from. */
async function openPlatform(database: Database) {
  const tp = await createTestPlatform(database);
  await migrateToLatest(database, allMigrations);
  return tp;
}

for (const dialect of testDialects()) {
  describe(`uploaded files and claims that name them (${dialect.name})`, () => {
    const api = useLoggedInApp(dialect, ['admin', 'xihu-official', 'binjiang-official', 'company'], '10.6.0', openPlatform, (tp) => tp.services);
    const { as } = api;
    const upload = (who: Record<string, string>, body: Buffer, type: string, name = '许可证.pdf') =>
      api.app.inject({ method: 'POST', url: `/api/files?name=${encodeURIComponent(name)}`, headers: { ...who, 'content-type': type }, payload: body });
    const count = async (table: string) => Number((await api.database.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    /** A user of a 滨江区 company, signed in. */
    async function otherCompany(): Promise<Record<string, string>> {
      const { identity } = api.tp.services;
      const other = api.tp.enterprises.binjiang[0];
      const org = await identity.createOrg({ code: other.uscc, name: other.name, nameEn: 'Other company', kind: 'enterprise', parentId: api.tp.orgs.binjiang, divisionCode: '330108' });
      await identity.createUser({ username: 'other-company', displayName: 'other', password: TEST_PASSWORD, role: 'enterprise', orgId: org.id, enterpriseUscc: other.uscc });
      const r = await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'other-company', password: TEST_PASSWORD }, remoteAddress: '10.6.1.1' });
      return { cookie: `onething_session=${r.cookies.find((c) => c.name === 'onething_session')!.value}` };
    }

    it('stores a PDF or PNG by its content and hash, refuses other content, a mismatched type and a file over 10 MB, naming the rule', async () => {
      const ok = await upload(as('company'), pdf, 'application/pdf', '烟草 "许可证"\r\nX-Evil: 1.pdf');
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ size: pdf.length, mediaType: 'application/pdf', sha256: createHash('sha256').update(pdf).digest('hex') });
      const read = await api.app.inject({ url: `/api/files/${ok.json().id}`, headers: as('company') });
      expect(read.statusCode).toBe(200);
      expect(read.headers['content-type']).toBe('application/pdf');
      expect(read.rawPayload.equals(pdf)).toBe(true);
      // The name's quotes and line break cannot leave the header: ASCII fallback plus the RFC 8187 form.
      expect(read.headers['x-evil']).toBeUndefined();
      expect(read.headers['content-disposition']).toBe(`inline; filename="__ _____X-Evil: 1.pdf"; filename*=UTF-8''${encodeURIComponent('烟草 "许可证"X-Evil: 1.pdf')}`);
      expect(read.headers['x-content-type-options']).toBe('nosniff');

      // The same bytes again: a second record over the one stored blob.
      const again = await upload(as('company'), pdf, 'application/octet-stream', 'copy.pdf');
      expect(again.json()).toMatchObject({ mediaType: 'application/pdf', sha256: ok.json().sha256 });
      expect(again.json().id).not.toBe(ok.json().id);
      expect(await count('file_blobs')).toBe(1);

      const text = await upload(as('company'), Buffer.from('just text, not a scan'), 'text/plain', 'a.txt');
      expect(text.statusCode).toBe(400);
      expect(text.json().details.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'file.type' })]);
      const renamed = await upload(as('company'), png, 'application/pdf', 'photo.pdf');
      expect(renamed.json().details.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'file.type', message: 'declared application/pdf, but the content is image/png' })]);
      const big = await upload(as('company'), Buffer.concat([pdf, Buffer.alloc(FILE_MAX_BYTES)]), 'application/pdf');
      expect(big.statusCode).toBe(400);
      expect(big.json().details.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'file.maxBytes' })]);
      expect(big.json().details.errors[0].message).toContain('10 MB');
      expect((await upload(as('company'), Buffer.alloc(0), 'application/pdf')).json().details.errors[0]).toMatchObject({ field: 'body', rule: 'file.empty' });
      expect((await api.app.inject({ method: 'POST', url: '/api/files', headers: { ...as('company'), 'content-type': 'image/png' }, payload: png })).json().details.errors[0]).toMatchObject({ field: 'querystring.name', rule: 'required' });
      expect((await upload({ cookie: '' }, png, 'image/png')).statusCode).toBe(401);
      expect(await count('files')).toBe(2);

      const audit = await api.tp.services.audit.search({ action: 'file.upload', page: 1, pageSize: 10 });
      expect(audit.items.map((e) => e.target).sort()).toEqual([ok.json().id, again.json().id].sort());
      expect((await api.tp.services.audit.search({ action: 'file.read', page: 1, pageSize: 10 })).items.map((e) => e.target)).toEqual([ok.json().id]);
    });

    it('a claim names its own uploads by id; another company’s file or an unknown id is refused writing nothing; reviewers of the claim open the copy, others get 404', async () => {
      const other = await otherCompany();
      const line = await api.app.inject({ method: 'POST', url: '/api/policy/budget-lines', headers: as('admin'), payload: { title: '零售快申资金', capFen: 100_000_000 } });
      expect((await api.app.inject({ method: 'POST', url: '/api/rules/units', headers: as('admin'), payload: unit })).statusCode).toBe(201);
      const certificates = [{ kind: 'permit:tobacco', title: '烟草专卖零售许可证' }];
      expect((await api.app.inject({ method: 'PUT', url: `/api/policy/units/${unit.id}/settings`, headers: as('admin'), payload: { mode: 'quick_apply', budgetLineId: line.json().id, certificates } })).statusCode).toBe(200);
      expect((await api.app.inject({ method: 'POST', url: `/api/policy/units/${unit.id}/versions/1/release`, headers: as('admin'), payload: {} })).statusCode).toBe(202);
      await api.tp.services.policyLifecycle.push.idle();

      const mine = (await upload(as('company'), png, 'image/png', 'tobacco.png')).json().id as string;
      const theirs = (await upload(other, pdf, 'application/pdf', 'their.pdf')).json().id as string;
      // Another company's file, and the uploader's own before any claim names it: 404 to everyone else.
      for (const who of [as('company'), as('xihu-official'), as('binjiang-official')]) expect((await api.app.inject({ url: `/api/files/${theirs}`, headers: who })).statusCode).toBe(404);
      expect((await api.app.inject({ url: `/api/files/${mine}`, headers: other })).statusCode).toBe(404);
      expect((await api.app.inject({ url: `/api/files/${mine}`, headers: as('xihu-official') })).statusCode).toBe(404);
      expect((await api.app.inject({ url: '/api/files/fil_nothing', headers: as('company') })).statusCode).toBe(404);

      const claims = await count('policy_claims');
      const certs = await count('policy_claim_certificates');
      const claim = (uploads: Record<string, string>) => api.app.inject({ method: 'POST', url: `/api/policy/units/${unit.id}/claims`, headers: as('company'), payload: { account, certificateUploads: uploads } });
      const foreign = await claim({ 'permit:tobacco': theirs });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().details.errors).toEqual([expect.objectContaining({ field: 'certificateUploads.permit:tobacco', rule: 'certificate.upload.notYours' })]);
      expect((await claim({ 'permit:tobacco': 'upload/tobacco-2026.pdf' })).json().details.errors).toEqual([expect.objectContaining({ field: 'certificateUploads.permit:tobacco', rule: 'certificate.upload.notFound' })]);
      expect((await claim({})).json().details.errors).toEqual([expect.objectContaining({ field: 'certificateUploads.permit:tobacco', rule: 'certificate.required' })]);
      expect([await count('policy_claims'), await count('policy_claim_certificates')]).toEqual([claims, certs]);

      const made = await claim({ 'permit:tobacco': mine });
      expect(made.statusCode).toBe(201);
      expect(made.json()).toMatchObject({ status: 'pending_review' });
      const id = made.json().id as string;
      const listed = await api.app.inject({ url: `/api/policy/claims/${id}/certificates`, headers: as('xihu-official') });
      expect(listed.json()).toEqual([expect.objectContaining({ kind: 'permit:tobacco', uploadRef: mine, uploadName: 'tobacco.png' })]);
      const opened = await api.app.inject({ url: `/api/files/${mine}`, headers: as('xihu-official') });
      expect(opened.statusCode).toBe(200);
      expect(opened.headers['content-type']).toBe('image/png');
      expect(opened.rawPayload.equals(png)).toBe(true);
      expect(opened.headers['content-security-policy']).toContain('sandbox');
      expect((await api.app.inject({ url: `/api/files/${mine}`, headers: as('admin') })).statusCode).toBe(200);
      // An official outside the claim's district is not its reviewer; a company is never one.
      expect((await api.app.inject({ url: `/api/files/${mine}`, headers: as('binjiang-official') })).statusCode).toBe(404);
      expect((await api.app.inject({ url: `/api/files/${mine}`, headers: other })).statusCode).toBe(404);
      const refused = await api.tp.services.audit.search({ action: 'file.read.refused', page: 1, pageSize: 50 });
      expect(refused.items.filter((e) => e.target === mine).length).toBe(4);
    });

    it('shows the upload in the OpenAPI as a binary body of the accepted types', async () => {
      const doc = (await api.app.inject({ url: '/openapi.json' })).json();
      expect(Object.keys(doc.paths['/api/files'].post.requestBody.content)).toEqual(expect.arrayContaining(['application/pdf', 'image/png', 'image/jpeg']));
      expect(doc.paths['/api/files/{id}'].get).toBeDefined();
    });
  });
}
