import { describe, expect, it } from 'vitest';
import { testDialects } from '../../db/testing.ts';
import { TEST_PASSWORD } from '../../platform/testing/test-platform.ts';
import { useLoggedInApp } from './route-testing.ts';

const unit = {
  id: 'xihu-review-award', version: 1, title: { zh: '西湖区人工审核奖励', en: 'Xihu reviewed award' }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
  eligibility: { '>=': [{ var: 'employees' }, 1] }, benefit: { fixed: 300_000 },
};
const account = { name: '杭州西湖测试科技有限公司', number: '6222020200112233', bank: '102331000015' };

for (const dialect of testDialects()) {
  describe(`policy oversight API (${dialect.name})`, () => {
    const api = useLoggedInApp(dialect, ['admin', 'xihu-official', 'binjiang-official', 'company'], '10.6.0');
    const { as } = api;

    it('subscribes, publishes, and a manual claim is decided from the workflow inbox of the district government', async () => {
      expect((await api.app.inject({ method: 'PUT', url: '/api/policy/subscriptions', headers: as('xihu-official'), payload: { categories: ['奖补'] } })).statusCode).toBe(403);
      const bad = await api.app.inject({ method: 'PUT', url: '/api/policy/subscriptions', headers: as('company'), payload: { categories: ['无此类'] } });
      expect(bad.json().details.errors[0]).toMatchObject({ field: 'categories.0', rule: 'enum' });
      expect((await api.app.inject({ method: 'PUT', url: '/api/policy/subscriptions', headers: as('company'), payload: { categories: ['奖补'] } })).json()).toMatchObject({ categories: ['奖补'] });

      const line = (await api.app.inject({ method: 'POST', url: '/api/policy/budget-lines', headers: as('admin'), payload: { title: '奖补资金', capFen: 100_000_000 } })).json();
      expect((await api.app.inject({ method: 'POST', url: '/api/rules/units', headers: as('admin'), payload: unit })).statusCode).toBe(201);
      await api.app.inject({ method: 'PUT', url: `/api/policy/units/${unit.id}/settings`, headers: as('admin'), payload: { mode: 'manual', budgetLineId: line.id } });
      expect((await api.app.inject({ method: 'POST', url: `/api/policy/units/${unit.id}/versions/1/release`, headers: as('admin'), payload: {} })).statusCode).toBe(202);
      await api.tp.services.policyLifecycle.push.idle();
      const inbox = (await api.app.inject({ url: '/api/policy/for-me', headers: as('company') })).json().inbox as { title: { zh: string } }[];
      expect(inbox.map((m) => m.title.zh)).toContain('您订阅的「奖补」类有新政策：西湖区人工审核奖励');

      const claim = (await api.app.inject({ method: 'POST', url: `/api/policy/units/${unit.id}/claims`, headers: as('company'), payload: { account } })).json();
      expect(claim.status).toBe('pending_review');
      expect((await api.app.inject({ url: '/api/flow/inbox', headers: as('binjiang-official') })).json().items ?? []).toEqual([]);
      const tasks = (await api.app.inject({ url: '/api/flow/inbox', headers: as('xihu-official') })).json();
      const task = (tasks.items ?? tasks).find((t: { processKey: string }) => t.processKey.startsWith('onething_policy_review_'));
      expect(task).toMatchObject({ name: '政策申领审核', org: { code: '330106' } });
      const shown = await api.app.inject({ url: `/api/policy/reviews/${task.instanceId}/claim`, headers: as('xihu-official') });
      expect(shown.json()).toMatchObject({ id: claim.id, explanation: { kind: expect.any(String) } });
      expect((await api.app.inject({ url: `/api/policy/reviews/${task.instanceId}/claim`, headers: as('binjiang-official') })).statusCode).toBe(404);
      const done = await api.app.inject({ method: 'POST', url: `/api/flow/tasks/${task.id}/complete`, headers: as('xihu-official'), payload: { data: { approve: true, reason: '符合条件' } } });
      expect(done.statusCode).toBeLessThan(300);
      await api.tp.services.workflow.engine.runDueJobs();
      expect((await api.app.inject({ url: `/api/policy/claims/${claim.id}`, headers: as('company') })).json()).toMatchObject({ status: 'approved', reason: '符合条件' });
    });

    it('warnings: list, filter, transition with a trail; caps and settings; validation and scope', async () => {
      const cap = await api.app.inject({ method: 'POST', url: '/api/policy/supervision/caps', headers: as('admin'), payload: { title: '合并上限', unitIds: ['a', 'b'], capFen: 1 } });
      expect(cap.statusCode).toBe(200);
      expect((await api.app.inject({ method: 'POST', url: '/api/policy/supervision/caps', headers: as('company'), payload: { title: 'x', unitIds: ['a'], capFen: 1 } })).statusCode).toBe(403);
      expect((await api.app.inject({ method: 'PUT', url: '/api/policy/supervision/settings', headers: as('xihu-official'), payload: { changeWindowDays: 10 } })).statusCode).toBe(403);
      expect((await api.app.inject({ method: 'PUT', url: '/api/policy/supervision/settings', headers: as('admin'), payload: { changeWindowDays: 10 } })).json()).toMatchObject({ changeWindowDays: 10, sharedAccountMin: 2 });
      expect((await api.app.inject({ url: '/api/policy/warnings?kind=nope', headers: as('admin') })).json().details.errors[0]).toMatchObject({ field: 'querystring.kind' });
      // A second company on the same account: both claims are warned.
      await api.tp.services.identity.createUser({ username: 'company2', displayName: 'c2', password: TEST_PASSWORD, role: 'enterprise', orgId: api.tp.orgs.xihu, enterpriseUscc: api.tp.enterprises.xihu[1].uscc });
      const login = await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'company2', password: TEST_PASSWORD }, remoteAddress: '10.6.1.1' });
      const c2 = { cookie: `onething_session=${login.cookies.find((c) => c.name === 'onething_session')!.value}` };
      const second = await api.app.inject({ method: 'POST', url: `/api/policy/units/${unit.id}/claims`, headers: c2, payload: { account } });
      expect(second.statusCode).toBe(201);
      const list = (await api.app.inject({ url: '/api/policy/warnings?kind=shared_account', headers: as('xihu-official') })).json().items;
      expect(list).toHaveLength(2);
      expect((await api.app.inject({ url: '/api/policy/warnings', headers: as('binjiang-official') })).json().items).toEqual([]);
      const w = list[0];
      const step = await api.app.inject({ method: 'POST', url: `/api/policy/warnings/${w.id}/transition`, headers: as('xihu-official'), payload: { status: 'resolved' } });
      expect(step.json().details.errors[0]).toMatchObject({ field: 'note', rule: 'required' });
      const closed = await api.app.inject({ method: 'POST', url: `/api/policy/warnings/${w.id}/transition`, headers: as('xihu-official'), payload: { status: 'resolved', note: '同一集团财务公司代收，已核实' } });
      expect(closed.json()).toMatchObject({ status: 'resolved', trail: [{ to: 'open' }, { from: 'open', to: 'resolved', actorName: 'xihu-official' }] });
      expect((await api.app.inject({ method: 'POST', url: '/api/policy/warnings/recheck', headers: as('admin'), payload: {} })).json()).toMatchObject({ raised: 0 });
    });

    it('evaluation: a report with its interval, and the export (CSV, XLSX); bad input named', async () => {
      const bad = await api.app.inject({ url: `/api/policy/evaluation?unitId=${unit.id}&outcome=employees&treatStart=24`, headers: as('admin') });
      expect(bad.json().details.errors[0]).toMatchObject({ field: 'querystring.treatStart' });
      // No yearly data in this platform's mirror: the report says which periods it would need.
      const none = await api.app.inject({ url: `/api/policy/evaluation?unitId=${unit.id}&outcome=employees`, headers: as('admin') });
      expect(none.statusCode).toBe(400);
      expect(none.json().details.errors[0]).toMatchObject({ field: 'treatStart', rule: 'periods' });
      expect((await api.app.inject({ url: `/api/policy/evaluation?unitId=${unit.id}&outcome=employees`, headers: as('company') })).statusCode).toBe(403);
    });
  });
}
