import { describe, expect, it } from 'vitest';
import { testDialects } from '../../db/testing.ts';
import { buildEntryInput, createEntryTestbed } from '../../scenarios/market-entry/entry.testing.ts';
import { useLoggedInApp } from './route-testing.ts';

for (const dialect of testDialects()) {
  describe(`market entry applications API (inject, ${dialect.name})`, () => {
    const api = useLoggedInApp(dialect, ['company', 'xihu-amr'], '10.8.0', createEntryTestbed, (t) => t.platform);
    const { as } = api;

    it('refuses bad input with field and rule, runs an automatic application to issue, and verifies its certificates publicly', async () => {
      expect((await api.app.inject({ method: 'POST', url: '/api/market/applications', payload: buildEntryInput() })).statusCode).toBe(401);
      const bad = await api.app.inject({ method: 'POST', url: '/api/market/applications', headers: as('company'), payload: buildEntryInput({ name: '杭州国家食品科技有限公司', registeredCapitalYuan: -1 }) });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual(expect.arrayContaining(['body.registeredCapitalYuan:minimum']));
      const prohibited = await api.app.inject({ method: 'POST', url: '/api/market/applications', headers: as('company'), payload: buildEntryInput({ name: '杭州国家食品科技有限公司' }) });
      expect(prohibited.json().details.errors).toContainEqual(expect.objectContaining({ field: 'body.name', rule: 'name.word.approval' }));
      expect((await api.app.inject({ method: 'POST', url: '/api/market/applications', headers: as('xihu-amr'), payload: buildEntryInput() })).statusCode).toBe(403);

      const created = await api.app.inject({ method: 'POST', url: '/api/market/applications', headers: as('company'), payload: buildEntryInput({ name: '杭州云栖网络科技有限公司', scopeCodes: ['I009'], items: ['seal_filing'] }) });
      expect(created.statusCode).toBe(201);
      const { id } = created.json() as { id: string };
      while ((await api.tp.platform.workflow.engine.runDueJobs()) > 0);
      const detail = (await api.app.inject({ url: `/api/market/applications/${id}`, headers: as('company') })).json();
      expect(detail.status).toBe('issued');
      expect(detail.certificates).toHaveLength(2);
      expect((await api.app.inject({ url: '/api/market/applications', headers: as('company') })).json().map((a: { id: string }) => a.id)).toContain(id);
      // The verification answers without login; a PDF needs the holder.
      const no = detail.certificates[1].certificateNo as string;
      const check = await api.app.inject({ url: `/api/market/certificates/${no}/verify` });
      expect(check.statusCode).toBe(200);
      expect(check.json()).toMatchObject({ certificateNo: no, companyName: '杭州云栖网络科技有限公司', itemCode: 'seal_filing', status: 'valid', hashMatches: true });
      expect((await api.app.inject({ url: '/api/market/certificates/XK000000000000/verify' })).statusCode).toBe(404);
      expect((await api.app.inject({ url: `/api/market/certificates/${no}/pdf` })).statusCode).toBe(401);
      const pdf = await api.app.inject({ url: `/api/market/certificates/${no}/pdf`, headers: as('company') });
      expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
      expect((await api.app.inject({ url: '/api/market/corrections', headers: as('company') })).json()).toEqual([]);
    }, 60_000);
  });
}
