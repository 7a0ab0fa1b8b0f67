import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createTestPlatform, TEST_PASSWORD, type TestPlatform } from '../../platform/testing/test-platform.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

const unit = {
  id: 'xihu-hiring-bonus', version: 1, title: { zh: '西湖区稳岗奖励', en: 'Xihu hiring bonus' }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
  eligibility: { '>=': [{ var: 'employees' }, 10] }, benefit: { fixed: 800_000 },
};
const account = { name: '杭州西湖测试科技有限公司', number: '6222020200112233', bank: '102331000015' };

for (const dialect of testDialects()) {
  describe(`policy life-cycle API (${dialect.name})`, () => {
    let database: Database;
    let tp: TestPlatform;
    let app: FastifyInstance;
    const cookies: Record<string, string> = {};
    const as = (who: string) => ({ cookie: cookies[who] });

    beforeAll(async () => {
      database = await dialect.open();
      tp = await createTestPlatform(database);
      app = await buildApp({ services: tp.services, config: loadConfig({}) });
      for (const username of ['admin', 'xihu-official', 'binjiang-official', 'company']) {
        const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress: `10.5.0.${username.length}` });
        cookies[username] = `onething_session=${r.cookies.find((c) => c.name === 'onething_session')!.value}`;
      }
    }, 60_000);
    afterAll(async () => {
      await tp?.services.policyLifecycle.push.idle();
      await app?.close();
      await database?.close();
    });

    it('releases a unit, the company claims it, an official approves, the payout pays it once', async () => {
      expect((await app.inject({ method: 'POST', url: '/api/policy/budget-lines', headers: as('company'), payload: { title: 'x', capFen: 1 } })).statusCode).toBe(403);
      const line = await app.inject({ method: 'POST', url: '/api/policy/budget-lines', headers: as('admin'), payload: { title: '稳岗资金', capFen: 100_000_000 } });
      expect(line.statusCode).toBe(201);
      expect(line.json().balances).toMatchObject({ available: 100_000_000, appropriation: -100_000_000 });
      expect((await app.inject({ method: 'POST', url: '/api/rules/units', headers: as('admin'), payload: unit })).statusCode).toBe(201);
      const bad = await app.inject({ method: 'PUT', url: `/api/policy/units/${unit.id}/settings`, headers: as('admin'), payload: { mode: 'magic', budgetLineId: line.json().id } });
      expect(bad.json().details.errors[0]).toMatchObject({ field: 'body.mode' });
      expect((await app.inject({ method: 'PUT', url: `/api/policy/units/${unit.id}/settings`, headers: as('admin'), payload: { mode: 'manual', budgetLineId: line.json().id } })).statusCode).toBe(200);

      const rel = await app.inject({ method: 'POST', url: `/api/policy/units/${unit.id}/versions/1/release`, headers: as('admin'), payload: {} });
      expect(rel.statusCode).toBe(202);
      await tp.services.policyLifecycle.push.idle();
      const pub = await app.inject({ url: `/api/policy/publications/${rel.json().id}`, headers: as('admin') });
      expect(pub.json()).toMatchObject({ status: 'done', eligible: 3, pushes: 3, progress: null, basis: { asOf: '2026-03-02' } });

      const forMe = (await app.inject({ url: '/api/policy/for-me', headers: as('company') })).json();
      expect(forMe.eligible).toEqual(expect.arrayContaining([expect.objectContaining({ id: unit.id, amount: 800_000, mode: 'manual' })]));
      expect(forMe.nearMisses.length).toBeGreaterThan(0);
      expect(forMe.nearMisses[0].why.length).toBeGreaterThan(0);
      expect(forMe.inbox[0]).toMatchObject({ kind: 'push', refId: `${unit.id}@1` });
      expect((await app.inject({ url: '/api/policy/for-me', headers: as('xihu-official') })).statusCode).toBe(403);

      const badAccount = await app.inject({ method: 'POST', url: `/api/policy/units/${unit.id}/claims`, headers: as('company'), payload: { account: { ...account, bank: 'x' } } });
      expect(badAccount.statusCode).toBe(400);
      expect(badAccount.json().details.errors[0].field).toContain('bank');
      const claim = await app.inject({ method: 'POST', url: `/api/policy/units/${unit.id}/claims`, headers: as('company'), payload: { account } });
      expect(claim.statusCode).toBe(201);
      expect(claim.json()).toMatchObject({ status: 'pending_review', amountFen: 800_000 });
      const id = claim.json().id as string;
      expect((await app.inject({ url: '/api/policy/claims', headers: as('binjiang-official') })).json().items).toEqual([]);
      expect((await app.inject({ url: `/api/policy/claims/${id}`, headers: as('binjiang-official') })).statusCode).toBe(404);
      const review = (await app.inject({ url: '/api/policy/claims?status=pending_review', headers: as('xihu-official') })).json().items;
      expect(review.map((c: { id: string }) => c.id)).toEqual([id]);
      expect(JSON.stringify(review[0].explanation)).toContain('从业人数');
      const ok = await app.inject({ method: 'POST', url: `/api/policy/claims/${id}/decision`, headers: as('xihu-official'), payload: { approve: true } });
      expect(ok.json().status).toBe('approved');

      const run = await app.inject({ method: 'POST', url: '/api/policy/payouts', headers: as('admin') });
      expect(run.json().batch).toMatchObject({ count: 1, totalFen: 800_000, status: 'sent' });
      expect((await app.inject({ method: 'POST', url: '/api/policy/payouts', headers: as('admin') })).json()).toEqual({ batch: null });
      const file = await app.inject({ url: `/api/policy/payouts/${run.json().batch.id}/file`, headers: as('admin') });
      expect(file.headers['content-type']).toContain('text/csv');
      const paymentId = file.body.split('\r\n')[1].split(',')[0];
      const badReturn = await app.inject({ method: 'POST', url: `/api/policy/payouts/${run.json().batch.id}/returns`, headers: as('admin'), payload: { file: `payment_id,result,reason_code,reason\n${paymentId},MAYBE,,` } });
      expect(badReturn.json().details.errors[0]).toMatchObject({ field: 'row 2.result', rule: 'enum' });
      const rec = await app.inject({ method: 'POST', url: `/api/policy/payouts/${run.json().batch.id}/returns`, headers: as('admin'), payload: { file: `payment_id,result,reason_code,reason\n${paymentId},PAID,,` } });
      expect(rec.json()).toMatchObject({ paid: 1 });
      const after = (await app.inject({ url: '/api/policy/for-me', headers: as('company') })).json();
      expect(after.claims[0]).toMatchObject({ id, status: 'paid', payments: [{ status: 'paid', amountFen: 800_000 }] });
    });
  });
}
