import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import type { PolicyUnit } from '../../engines/rules/index.ts';
import { createRegistryFixture, csv, memoryBatch, type RegistryFixture } from '../registry/registry.testing.ts';
import { parseCsv } from './bank-files.ts';
import type { ApprovalMode, BankAccount } from './lifecycle.types.ts';
import { createPolicyLifecycleServices, type PolicyLifecycleServices } from './policy-lifecycle.services.ts';

const account: BankAccount = { name: '杭州西湖测试科技有限公司', number: '6222020200112233', bank: '102331000015' };

/** A unit for 西湖区 enterprises with at least `staff` employees and, optionally, more conditions. */
function unit(id: string, staff: number, fen: number, more: unknown[] = []): PolicyUnit {
  const staffTest = { '>=': [{ var: 'employees' }, staff] };
  return {
    id, version: 1, title: { zh: `测试政策 ${id}`, en: `Test policy ${id}` }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
    eligibility: (more.length ? { and: [staffTest, ...more] } : staffTest) as PolicyUnit['eligibility'], benefit: { fixed: fen },
  };
}

for (const dialect of testDialects()) {
  describe(`policy life cycle (${dialect.name})`, () => {
    let database: Database;
    let fx: RegistryFixture;
    let life: PolicyLifecycleServices;
    let lineId: string;

    async function open(u: PolicyUnit, mode: ApprovalMode, line = lineId): Promise<void> {
      await fx.services.policy.units.save(fx.actor('admin'), u);
      await life.budget.setSettings(fx.actor('admin'), u.id, { mode, budgetLineId: line });
      const p = await life.push.publish(fx.actor('admin'), u.id, u.version);
      await life.push.idle();
      expect((await life.push.get(fx.actor('admin'), p.id)).status).toBe('done');
    }

    const balances = async () => (await life.budget.lines(fx.actor('admin'))).find((l) => l.id === lineId)!.balances!;

    async function payAll(result: 'PAID' | ((id: string) => string) = 'PAID') {
      const batch = await life.payout.run(fx.actor('admin'));
      if (!batch) return null;
      const ids = parseCsv(batch.file).slice(1).map((r) => r[0]);
      const lines = ids.map((id) => (result === 'PAID' ? `${id},PAID,,` : result(id)));
      return { batch, outcome: await life.payout.reconcile(fx.actor('admin'), batch.id, ['payment_id,result,reason_code,reason', ...lines].join('\n')) };
    }

    beforeAll(async () => {
      database = await dialect.open();
      fx = await createRegistryFixture(database);
      life = fx.services.policyLifecycle;
      await life.ready();
      lineId = (await life.budget.createLine(fx.actor('admin'), { title: '2026 奖补资金', capFen: 10_000_000 })).id;
    }, 60_000);
    afterAll(async () => { await database?.close(); });

    it('publishes a unit: one push per eligible company with the data it was based on, inbox messages, apply-free claims', async () => {
      await open(unit('free-award', 10, 100_000), 'apply_free');
      const [pub] = await life.push.list(fx.actor('admin'));
      expect(pub).toMatchObject({ unitId: 'free-award', version: 1, status: 'done', eligible: 3, pushes: 3, claims: 3, asOf: '2026-03-02' });
      expect(pub.basis).toMatchObject({ asOf: '2026-03-02', population: 5 });
      const me = await life.forMe(fx.actor('company'));
      expect(me.pushes).toEqual([expect.objectContaining({ unitId: 'free-award', version: 1, amountFen: 100_000, publicationId: pub.id })]);
      expect(me.inbox.some((m) => m.kind === 'push' && m.refId === 'free-award@1')).toBe(true);
      expect(me.eligible.find((e) => e.id === 'free-award')).toMatchObject({ amount: 100_000, mode: 'apply_free' });
      // A district official of another district sees none of these claims; the company sees its own only.
      expect(await life.claims.list(fx.actor('binjiangOfficial'))).toEqual([]);
      expect((await life.claims.list(fx.actor('xihuOfficial'), { unitId: 'free-award' })).length).toBe(3);
      expect((await life.claims.list(fx.actor('company'))).map((c) => c.uscc)).toEqual([fx.xihu[0].uscc]);
    });

    it('apply-free: approved from data, paid once the company confirms its account; replaying the payout pays nothing twice', async () => {
      const [claim] = await life.claims.list(fx.actor('company'), { unitId: 'free-award' });
      expect(claim.status).toBe('awaiting_account');
      await expect(life.claims.confirmAccount(fx.actor('company'), claim.id, { ...account, bank: '12' })).rejects.toMatchObject({ details: { errors: [{ field: 'account.bank', rule: 'pattern' }] } });
      await expect(life.claims.apply(fx.actor('company'), 'free-award', {})).rejects.toMatchObject({ code: 'conflict' });
      expect((await life.claims.confirmAccount(fx.actor('company'), claim.id, account)).status).toBe('approved');
      expect(await balances()).toMatchObject({ available: 9_900_000, committed: 100_000 });
      const first = await payAll();
      expect(first!.batch).toMatchObject({ count: 1, totalFen: 100_000 });
      expect(first!.batch.file.split('\r\n')[0]).toBe('payment_id,idempotency_key,payee_uscc,payee_name,account_number,bank_code,amount_fen,amount_yuan,purpose');
      expect(first!.batch.file).toContain(',100000,1000.00,free-award v1');
      expect(first!.outcome).toMatchObject({ paid: 1, retried: 0, returned: 0 });
      expect(await life.payout.run(fx.actor('admin'))).toBeNull();
      // The same return file again changes nothing.
      expect(await life.payout.reconcile(fx.actor('admin'), first!.batch.id, `payment_id,result,reason_code,reason\n${parseCsv(first!.batch.file)[1][0]},PAID,,`)).toMatchObject({ paid: 0, skipped: 1 });
      expect((await life.claims.get(fx.actor('company'), claim.id)).status).toBe('paid');
      expect(await balances()).toMatchObject({ available: 9_900_000, committed: 0, in_transit: 0, paid: 100_000, appropriation: -10_000_000 });
    });

    it('quick apply: approved automatically when data proves every condition; sent to review when only answers do', async () => {
      await open(unit('quick-proven', 30, 200_000), 'quick_apply');
      const quote = await life.claims.quote(fx.actor('company'), 'quick-proven');
      expect(quote).toMatchObject({ mode: 'quick_apply', missing: [], result: { eligible: true, amount: 200_000 } });
      expect(quote.facts.employees).toEqual(expect.arrayContaining([40]));
      await expect(life.claims.apply(fx.actor('company'), 'quick-proven', { answers: { employees: [500] }, account })).rejects.toMatchObject({ details: { errors: [{ field: 'answers.employees', rule: 'answer.notAsked' }] } });
      expect(await life.claims.apply(fx.actor('company'), 'quick-proven', { account })).toMatchObject({ status: 'approved', amountFen: 200_000, decidedBy: 'system' });

      await open(unit('quick-answered', 30, 50_000, [{ '>=': [{ var: 'unemployment_contribution_months' }, 12] }]), 'quick_apply');
      expect((await life.claims.quote(fx.actor('company'), 'quick-answered')).missing).toEqual(['unemployment_contribution_months']);
      await expect(life.claims.apply(fx.actor('company'), 'quick-answered', { answers: { unemployment_contribution_months: 6 }, account }))
        .rejects.toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'eligibility', rule: 'claim.notEligible' }] } });
      const c = await life.claims.apply(fx.actor('company'), 'quick-answered', { answers: { unemployment_contribution_months: 12 }, account });
      expect(c).toMatchObject({ status: 'pending_review', reason: 'answers not proven by data' });
      expect((await life.claims.decide(fx.actor('xihuOfficial'), c.id, { approve: true })).status).toBe('approved');
    });

    it('manual: an official in scope decides with the explanation; a rejection needs its reason', async () => {
      await open(unit('manual-award', 10, 30_000), 'manual');
      const c = await life.claims.apply(fx.actor('company'), 'manual-award', { account });
      expect(c.status).toBe('pending_review');
      expect(JSON.stringify(c.explanation)).toContain('符合');
      await expect(life.claims.decide(fx.actor('company'), c.id, { approve: true })).rejects.toMatchObject({ code: 'auth.forbidden' });
      await expect(life.claims.decide(fx.actor('binjiangOfficial'), c.id, { approve: true })).rejects.toMatchObject({ code: 'not_found' });
      await expect(life.claims.decide(fx.actor('xihuOfficial'), c.id, { approve: false })).rejects.toMatchObject({ details: { errors: [{ field: 'reason', rule: 'required' }] } });
      expect(await life.claims.decide(fx.actor('xihuOfficial'), c.id, { approve: false, reason: '材料不全' })).toMatchObject({ status: 'rejected', reason: '材料不全', decidedBy: 'usr_xihu-official' });
      await expect(life.claims.decide(fx.actor('xihuOfficial'), c.id, { approve: true })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('credit commitment: approved on a promise, paid, revoked when data proves it false, money recovered', async () => {
      await open(unit('credit-award', 10, 400_000, [{ '<=': [{ var: 'taxable_income' }, 3_000_000_00] }]), 'credit_commitment');
      const c = await life.claims.apply(fx.actor('company'), 'credit-award', { answers: { taxable_income: [1_000_000_00] }, account });
      expect(c).toMatchObject({ status: 'approved', audit: 'pending', promised: ['taxable_income'] });
      // Nothing known yet: the audit stays pending.
      expect((await life.claims.audit(fx.actor('xihuOfficial'), c.id)).audit).toBe('pending');
      const paid = await payAll();
      expect(paid!.outcome.paid).toBe(3); // the quick-apply claims and this one
      const before = await balances();
      // The tax bureau's figures arrive: 5 million yuan, above the cap the company promised to be under.
      await fx.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'taxable_income'], [[fx.xihu[0].uscc, String(5_000_000_00)]]), 'tax', { period: '2025' }));
      const revoked = await life.claims.audit(fx.actor('xihuOfficial'), c.id);
      expect(revoked).toMatchObject({ status: 'revoked', audit: 'broken', recoveryFen: 400_000 });
      expect(revoked.reason).toContain('应纳税所得额');
      expect(await balances()).toMatchObject({ paid: before.paid - 400_000, receivable: 400_000, available: before.available });
      const back = await life.claims.recordRecovery(fx.actor('xihuOfficial'), c.id);
      expect(back.recoveredAt).not.toBeNull();
      expect(await balances()).toMatchObject({ receivable: 0, available: before.available + 400_000 });
      await expect(life.claims.recordRecovery(fx.actor('xihuOfficial'), c.id)).rejects.toMatchObject({ code: 'conflict' });
      expect((await life.forMe(fx.actor('company'))).inbox.some((m) => m.kind === 'claim' && m.refId === c.id)).toBe(true);
    });

    it('retries a failed payment, returns an account error with its reason, and stops approving when the budget is spent', async () => {
      const small = (await life.budget.createLine(fx.actor('admin'), { title: '小额资金', capFen: 60_000 })).id;
      await open(unit('tight-award', 10, 50_000), 'quick_apply', small);
      const c = await life.claims.apply(fx.actor('company'), 'tight-award', { account });
      expect(c.status).toBe('approved');
      const failed = await payAll((id) => `${id},FAILED,TIMEOUT,bank timeout`);
      expect(failed!.outcome).toMatchObject({ retried: 1, paid: 0 });
      const returned = await payAll((id) => `${id},FAILED,ACCOUNT_CLOSED,账户已销户`);
      expect(returned!.outcome).toMatchObject({ returned: 1 });
      expect((await life.claims.get(fx.actor('company'), c.id))).toMatchObject({ status: 'payment_returned', reason: 'ACCOUNT_CLOSED: 账户已销户' });
      expect((await life.claims.confirmAccount(fx.actor('company'), c.id, { ...account, number: '6222020200999999' })).status).toBe('paying');
      const settled = await payAll();
      expect(settled!.batch.file).toContain('6222020200999999');
      expect((await life.claims.get(fx.actor('company'), c.id)).status).toBe('paid');
      const payments = await life.payout.paymentsOf([c.id]);
      expect(payments).toHaveLength(1);
      expect(payments[0]).toMatchObject({ status: 'paid', attempts: 3 });
      // 10,000 yuan left on a 600-yuan line: the next claim on it is refused for budget.
      await fx.services.policy.units.save(fx.actor('admin'), unit('tight-award-2', 10, 50_000));
      await life.budget.setSettings(fx.actor('admin'), 'tight-award-2', { mode: 'quick_apply', budgetLineId: small });
      await fx.services.policy.units.publish(fx.actor('admin'), 'tight-award-2', 1);
      expect(await life.claims.apply(fx.actor('company'), 'tight-award-2', { account })).toMatchObject({ status: 'rejected', reason: expect.stringContaining('budget.exhausted') });
    });

    it('a payout that crashes half-way leaves nothing behind; the rerun pays each claim once', async () => {
      await open(unit('crash-award', 10, 10_000), 'apply_free');
      const mine = (await life.claims.list(fx.actor('xihuOfficial'), { unitId: 'crash-award' }));
      expect(mine).toHaveLength(3);
      const [own] = await life.claims.list(fx.actor('company'), { unitId: 'crash-award' });
      await life.claims.confirmAccount(fx.actor('company'), own.id, account);
      const s = fx.services;
      let crash = true;
      const crashing = createPolicyLifecycleServices({ database, clock: s.clock, ids: s.ids, audit: s.audit, policy: s.policy, enterprises: s.enterpriseRepository, channels: [], onPayoutStage: (stage) => { if (crash && stage === 'batch') throw new Error('killed'); } });
      await expect(crashing.payout.run(fx.actor('admin'))).rejects.toThrow('killed');
      expect(await crashing.payout.paymentsOf([own.id])).toEqual([]);
      crash = false;
      const batch = await crashing.payout.run(fx.actor('admin'));
      expect(batch?.count).toBe(1);
      expect(await crashing.payout.run(fx.actor('admin'))).toBeNull();
      expect(await life.payout.paymentsOf([own.id])).toHaveLength(1);
    });

    it('answers "policies for me" as JSON text equal to its objects: eligible units with modes, near misses, claims with payments, pushes, inbox', async () => {
      const me = await life.forMe(fx.actor('company'));
      expect(me.eligible.some((e) => e.mode !== null)).toBe(true);
      expect(me.claims.some((c) => c.payments.length > 0)).toBe(true);
      expect(me.pushes.length).toBeGreaterThan(0);
      expect(JSON.parse(await life.forMeJson(fx.actor('company')))).toEqual(JSON.parse(JSON.stringify(me)));
      await expect(life.forMeJson(fx.actor('xihuOfficial'))).rejects.toMatchObject({ code: 'auth.forbidden' });
    });
  });
}
