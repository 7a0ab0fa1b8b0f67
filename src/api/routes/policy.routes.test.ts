import { describe, expect, it } from 'vitest';
import { testDialects } from '../../db/testing.ts';
import { useLoggedInApp } from './route-testing.ts';

const unit = {
  id: 'xihu-hiring-bonus', version: 1, title: { zh: '西湖区稳岗奖励', en: 'Xihu hiring bonus' }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
  eligibility: { '>=': [{ var: 'employees' }, 10] }, benefit: { fixed: 800_000 },
};
const account = { name: '杭州西湖测试科技有限公司', number: '6222020200112233', bank: '102331000015' };

for (const dialect of testDialects()) {
  describe(`policy life-cycle API (${dialect.name})`, () => {
    const api = useLoggedInApp(dialect, ['admin', 'xihu-official', 'binjiang-official', 'company'], '10.5.0');
    const { as } = api;

    it('releases a unit, the company claims it, an official approves, the payout pays it once', async () => {
      expect((await api.app.inject({ method: 'POST', url: '/api/policy/budget-lines', headers: as('company'), payload: { title: 'x', capFen: 1 } })).statusCode).toBe(403);
      const line = await api.app.inject({ method: 'POST', url: '/api/policy/budget-lines', headers: as('admin'), payload: { title: '稳岗资金', capFen: 100_000_000 } });
      expect(line.statusCode).toBe(201);
      expect(line.json().balances).toMatchObject({ available: 100_000_000, appropriation: -100_000_000 });
      expect((await api.app.inject({ method: 'POST', url: '/api/rules/units', headers: as('admin'), payload: unit })).statusCode).toBe(201);
      const bad = await api.app.inject({ method: 'PUT', url: `/api/policy/units/${unit.id}/settings`, headers: as('admin'), payload: { mode: 'magic', budgetLineId: line.json().id } });
      expect(bad.json().details.errors[0]).toMatchObject({ field: 'body.mode' });
      expect((await api.app.inject({ method: 'PUT', url: `/api/policy/units/${unit.id}/settings`, headers: as('admin'), payload: { mode: 'manual', budgetLineId: line.json().id } })).statusCode).toBe(200);
      const badNeed = await api.app.inject({ method: 'PUT', url: `/api/policy/units/${unit.id}/settings`, headers: as('admin'), payload: { mode: 'manual', budgetLineId: line.json().id, certificates: [{ kind: 'Not A Kind', title: '证书' }] } });
      expect(badNeed.statusCode).toBe(400);
      expect(badNeed.json().details.errors[0]).toMatchObject({ field: 'certificates.0.kind', rule: 'pattern' });
      const kinds = await api.app.inject({ url: '/api/policy/certificate-kinds', headers: as('xihu-official') });
      expect(kinds.json().items).toEqual(expect.arrayContaining([{ kind: 'high_tech', title: '高新技术企业证书', source: '科技部门' }]));
      expect((await api.app.inject({ url: '/api/policy/certificate-kinds', headers: as('company') })).statusCode).toBe(403);
      const withNeeds = await api.app.inject({ method: 'PUT', url: `/api/policy/units/${unit.id}/settings`, headers: as('admin'), payload: { mode: 'manual', budgetLineId: line.json().id, certificates: [{ kind: 'high_tech', title: '高新技术企业证书' }] } });
      expect(withNeeds.json()).toMatchObject({ mode: 'manual', certificates: [{ kind: 'high_tech', title: '高新技术企业证书' }] });
      expect((await api.app.inject({ method: 'PUT', url: `/api/policy/units/${unit.id}/settings`, headers: as('admin'), payload: { mode: 'manual', budgetLineId: line.json().id, certificates: [] } })).json().certificates).toEqual([]);

      const rel = await api.app.inject({ method: 'POST', url: `/api/policy/units/${unit.id}/versions/1/release`, headers: as('admin'), payload: {} });
      expect(rel.statusCode).toBe(202);
      await api.tp.services.policyLifecycle.push.idle();
      const pub = await api.app.inject({ url: `/api/policy/publications/${rel.json().id}`, headers: as('admin') });
      expect(pub.json()).toMatchObject({ status: 'done', eligible: 3, pushes: 3, progress: null, basis: { asOf: '2026-03-02' } });

      const forMeReply = await api.app.inject({ url: '/api/policy/for-me', headers: as('company') });
      expect(forMeReply.headers['content-type']).toBe('application/json; charset=utf-8');
      const forMe = forMeReply.json();
      expect(forMe.eligible).toEqual(expect.arrayContaining([expect.objectContaining({ id: unit.id, amount: 800_000, mode: 'manual' })]));
      expect(forMe.nearMisses.length).toBeGreaterThan(0);
      expect(forMe.nearMisses[0].why.length).toBeGreaterThan(0);
      expect(forMe.inbox[0]).toMatchObject({ kind: 'push', refId: `${unit.id}@1` });
      expect((await api.app.inject({ url: '/api/policy/for-me', headers: as('xihu-official') })).statusCode).toBe(403);

      const badAccount = await api.app.inject({ method: 'POST', url: `/api/policy/units/${unit.id}/claims`, headers: as('company'), payload: { account: { ...account, bank: 'x' } } });
      expect(badAccount.statusCode).toBe(400);
      expect(badAccount.json().details.errors[0].field).toContain('bank');
      const claim = await api.app.inject({ method: 'POST', url: `/api/policy/units/${unit.id}/claims`, headers: as('company'), payload: { account } });
      expect(claim.statusCode).toBe(201);
      expect(claim.json()).toMatchObject({ status: 'pending_review', amountFen: 800_000 });
      const id = claim.json().id as string;
      expect((await api.app.inject({ url: '/api/policy/claims', headers: as('binjiang-official') })).json().items).toEqual([]);
      expect((await api.app.inject({ url: `/api/policy/claims/${id}`, headers: as('binjiang-official') })).statusCode).toBe(404);
      const review = (await api.app.inject({ url: '/api/policy/claims?status=pending_review', headers: as('xihu-official') })).json().items;
      expect(review.map((c: { id: string }) => c.id)).toEqual([id]);
      expect(JSON.stringify(review[0].explanation)).toContain('从业人数');
      const ok = await api.app.inject({ method: 'POST', url: `/api/policy/claims/${id}/decision`, headers: as('xihu-official'), payload: { approve: true } });
      expect(ok.json().status).toBe('approved');

      const run = await api.app.inject({ method: 'POST', url: '/api/policy/payouts', headers: as('admin') });
      expect(run.json().batch).toMatchObject({ count: 1, totalFen: 800_000, status: 'sent' });
      expect((await api.app.inject({ method: 'POST', url: '/api/policy/payouts', headers: as('admin') })).json()).toEqual({ batch: null });
      const file = await api.app.inject({ url: `/api/policy/payouts/${run.json().batch.id}/file`, headers: as('admin') });
      expect(file.headers['content-type']).toContain('text/csv');
      const paymentId = file.body.split('\r\n')[1].split(',')[0];
      const badReturn = await api.app.inject({ method: 'POST', url: `/api/policy/payouts/${run.json().batch.id}/returns`, headers: as('admin'), payload: { file: `payment_id,result,reason_code,reason\n${paymentId},MAYBE,,` } });
      expect(badReturn.json().details.errors[0]).toMatchObject({ field: 'row 2.result', rule: 'enum' });
      const rec = await api.app.inject({ method: 'POST', url: `/api/policy/payouts/${run.json().batch.id}/returns`, headers: as('admin'), payload: { file: `payment_id,result,reason_code,reason\n${paymentId},PAID,,` } });
      expect(rec.json()).toMatchObject({ paid: 1 });
      const after = (await api.app.inject({ url: '/api/policy/for-me', headers: as('company') })).json();
      expect(after.claims[0]).toMatchObject({ id, status: 'paid', payments: [{ status: 'paid', amountFen: 800_000 }] });
    });
  });
}
