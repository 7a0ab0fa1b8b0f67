import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { TEST_PASSWORD } from '../../platform/testing/test-platform.ts';
import { buildEntryInput, createEntryTestbed, type EntryTestbed } from '../../scenarios/market-entry/entry.testing.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

for (const dialect of testDialects()) {
  describe(`market entry applications API (inject, ${dialect.name})`, () => {
    let database: Database;
    let app: FastifyInstance;
    let t: EntryTestbed;
    const cookies: Record<string, string> = {};

    beforeAll(async () => {
      database = await dialect.open();
      t = await createEntryTestbed(database);
      app = await buildApp({ services: t.platform, config: loadConfig({}) });
      for (const username of ['company', 'xihu-amr']) {
        const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress: `10.8.0.${username.length}` });
        cookies[username] = `onething_session=${response.cookies.find((c) => c.name === 'onething_session')!.value}`;
      }
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await database?.close();
    });
    const as = (user: string) => ({ cookie: cookies[user] });

    it('refuses bad input with field and rule, runs an automatic application to issue, and verifies its certificates publicly', async () => {
      expect((await app.inject({ method: 'POST', url: '/api/market/applications', payload: buildEntryInput() })).statusCode).toBe(401);
      const bad = await app.inject({ method: 'POST', url: '/api/market/applications', headers: as('company'), payload: buildEntryInput({ name: '杭州国家食品科技有限公司', registeredCapitalYuan: -1 }) });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual(expect.arrayContaining(['body.registeredCapitalYuan:minimum']));
      const prohibited = await app.inject({ method: 'POST', url: '/api/market/applications', headers: as('company'), payload: buildEntryInput({ name: '杭州国家食品科技有限公司' }) });
      expect(prohibited.json().details.errors).toContainEqual(expect.objectContaining({ field: 'body.name', rule: 'name.word.approval' }));
      expect((await app.inject({ method: 'POST', url: '/api/market/applications', headers: as('xihu-amr'), payload: buildEntryInput() })).statusCode).toBe(403);

      const created = await app.inject({ method: 'POST', url: '/api/market/applications', headers: as('company'), payload: buildEntryInput({ name: '杭州云栖网络科技有限公司', scopeCodes: ['I009'], items: ['seal_filing'] }) });
      expect(created.statusCode).toBe(201);
      const { id } = created.json() as { id: string };
      while ((await t.platform.workflow.engine.runDueJobs()) > 0);
      const detail = (await app.inject({ url: `/api/market/applications/${id}`, headers: as('company') })).json();
      expect(detail.status).toBe('issued');
      expect(detail.certificates).toHaveLength(2);
      expect((await app.inject({ url: '/api/market/applications', headers: as('company') })).json().map((a: { id: string }) => a.id)).toContain(id);
      // The verification answers without login; a PDF needs the holder.
      const no = detail.certificates[1].certificateNo as string;
      const check = await app.inject({ url: `/api/market/certificates/${no}/verify` });
      expect(check.statusCode).toBe(200);
      expect(check.json()).toMatchObject({ certificateNo: no, companyName: '杭州云栖网络科技有限公司', itemCode: 'seal_filing', status: 'valid', hashMatches: true });
      expect((await app.inject({ url: '/api/market/certificates/XK000000000000/verify' })).statusCode).toBe(404);
      expect((await app.inject({ url: `/api/market/certificates/${no}/pdf` })).statusCode).toBe(401);
      const pdf = await app.inject({ url: `/api/market/certificates/${no}/pdf`, headers: as('company') });
      expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
      expect((await app.inject({ url: '/api/market/corrections', headers: as('company') })).json()).toEqual([]);
    }, 60_000);
  });
}
