import { describe, expect, it } from 'vitest';
import { testDialects } from '../../db/testing.ts';
import { TEST_PASSWORD } from '../../platform/testing/test-platform.ts';
import { createExitTestbed } from '../../scenarios/market-entry/exit/exit.testing.ts';
import { useLoggedInApp } from './route-testing.ts';

for (const dialect of testDialects()) {
  describe(`market-exit API (inject, ${dialect.name})`, () => {
    const api = useLoggedInApp(dialect, ['company', 'xihu-official', 'agent-1', 'admin'], '10.8.0', createExitTestbed, (t) => t.tp.services);
    const { as } = api;

    it('checks and applies for simplified deregistration; a pending case answers 422 naming the condition', async () => {
      expect((await api.app.inject({ url: '/api/market/exit/eligibility' })).statusCode).toBe(401);
      const check = await api.app.inject({ url: '/api/market/exit/eligibility', headers: as('company') });
      expect(check.json()).toMatchObject({ eligible: true });
      expect((await api.app.inject({ url: '/api/market/exit/eligibility', headers: as('xihu-official') })).statusCode).toBe(403);
      const other = await api.tp.company([['food_business', 'amr']]);
      await api.tp.mirror('court', other.enterprise.uscc, { pending_court_cases: 3 });
      const login = await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: other.actor.username, password: TEST_PASSWORD }, remoteAddress: '10.8.1.1' });
      const cookie = `onething_session=${login.cookies.find((c) => c.name === 'onething_session')!.value}`;
      const refused = await api.app.inject({ method: 'POST', url: '/api/market/exit/simplified', headers: { cookie }, payload: { commitment: true } });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'market.exit.ineligible', details: { errors: [{ field: 'uscc', rule: 'judicial.pending_cases' }] } });
      const applied = await api.app.inject({ method: 'POST', url: '/api/market/exit/simplified', headers: as('company'), payload: { commitment: true } });
      expect(applied.statusCode).toBe(201);
      expect(applied.json()).toMatchObject({ status: 'notice', kind: 'simplified' });
      const cases = await api.app.inject({ url: '/api/market/exit/cases', headers: as('xihu-official') });
      expect(cases.json().map((c: { id: string }) => c.id)).toContain(applied.json().id);
      expect((await api.app.inject({ url: `/api/market/exit/cases/${applied.json().id}`, headers: { cookie } })).statusCode).toBe(404);
    });

    it('lists notices and takes objections without login: validated, rate-limited', async () => {
      const notices = await api.app.inject({ url: '/api/public/market/exit/notices' });
      expect(notices.statusCode).toBe(200);
      const [notice] = notices.json();
      expect(notice).toMatchObject({ kind: 'simplified', status: 'notice' });
      const url = `/api/public/market/exit/notices/${notice.noticeNo}/objections`;
      const missing = await api.app.inject({ method: 'POST', url, payload: { name: '某公司', contact: '13900001111' }, remoteAddress: '10.9.0.1' });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().details.errors).toContainEqual(expect.objectContaining({ field: 'body.reason' }));
      const badContact = await api.app.inject({ method: 'POST', url, payload: { name: '某公司', contact: 'call me maybe', reason: '尚有货款没有结清，反对注销' }, remoteAddress: '10.9.0.1' });
      expect(badContact.json()).toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'body.contact', rule: 'format' }] } });
      for (let i = 0; i < 3; i++) await api.app.inject({ method: 'POST', url, payload: { name: '某', contact: 'x', reason: '短' }, remoteAddress: '10.9.0.1' });
      expect((await api.app.inject({ method: 'POST', url, payload: { name: '某公司', contact: '13900001111', reason: '尚有货款没有结清，反对注销' }, remoteAddress: '10.9.0.1' })).statusCode).toBe(429);
      const ok = await api.app.inject({ method: 'POST', url, payload: { name: '某公司', contact: '13900001111', reason: '尚有货款没有结清，反对注销' }, remoteAddress: '10.9.0.2' });
      expect(ok.statusCode).toBe(201);
      expect((await api.app.inject({ url: `/api/public/market/exit/notices/${notice.noticeNo}` })).json()).toMatchObject({ status: 'objected', objections: 1, open: false });
      const view = await api.app.inject({ url: '/api/market/exit/cases', headers: as('company') });
      expect(view.json()[0]).toMatchObject({ status: 'objected', statusReason: expect.stringContaining('一般注销') });
    });

    it('registers agents, refuses supervision to companies, and reports monitoring to officials', async () => {
      const registered = await api.app.inject({ method: 'POST', url: '/api/market/agents', headers: as('agent-1'), payload: { name: '杭州代办服务有限公司', uscc: api.tp.tp.enterprises.xihu[1].uscc, phone: '13700001111', address: '杭州市西湖区文三路 1 号' } });
      expect(registered.statusCode).toBe(201);
      const badUscc = await api.app.inject({ method: 'POST', url: '/api/market/agents', headers: as('agent-1'), payload: { name: '某代办公司', uscc: '91330106MA2XXXXXX1', phone: '13700001111', address: '杭州市西湖区' } });
      expect(badUscc.json()).toMatchObject({ code: 'validation.failed', details: { errors: [expect.objectContaining({ field: 'body.uscc' })] } });
      expect((await api.app.inject({ method: 'POST', url: '/api/market/agents', headers: as('company'), payload: { name: '某代办公司', uscc: api.tp.tp.enterprises.xihu[1].uscc, phone: '13700001111', address: '杭州市西湖区' } })).statusCode).toBe(403);
      expect((await api.app.inject({ url: '/api/market/agents/supervision', headers: as('company') })).statusCode).toBe(403);
      expect((await api.app.inject({ url: '/api/market/agents/supervision', headers: as('xihu-official') })).json()[0]).toMatchObject({ name: '杭州代办服务有限公司', figures: { filings: 0 } });
      const figures = await api.app.inject({ url: '/api/market/monitoring/figures', headers: as('xihu-official') });
      expect(figures.json()).toMatchObject({ applications: 1, exits: [{ kind: 'simplified', status: 'objected', n: 1 }] });
      expect((await api.app.inject({ url: '/api/market/monitoring/departments', headers: as('company') })).statusCode).toBe(403);
      expect((await api.app.inject({ url: '/api/market/exit/forced/candidates?inactiveYears=0', headers: as('xihu-official') })).statusCode).toBe(400);
    });
  });
}
