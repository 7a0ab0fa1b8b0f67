import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import type { PolicyUnit } from '../../engines/rules/index.ts';
import type { Actor } from '../identity/identity.types.ts';
import type { EnterpriseRecord } from '../registry/enterprise.types.ts';
import { createRegistryFixture, csv, memoryBatch, type RegistryFixture } from '../registry/registry.testing.ts';
import { buildEnterprise } from '../testing/builders.ts';
import { claimRow, type LifecycleDb } from './lifecycle.repository.ts';
import type { ApprovalMode, BankAccount, Claim } from './lifecycle.types.ts';
import type { PolicyLifecycleServices } from './policy-lifecycle.services.ts';
import type { PolicyOversightServices } from './oversight.services.ts';

const account = (n: string): BankAccount => ({ name: '测试企业', number: `62220202001${n}`, bank: '102331000015' });

/** A 西湖区 unit: at least `staff` employees (and more conditions), a fixed amount, a category. */
function unit(id: string, staff: number, fen: number, opts: { category?: string; more?: unknown[] } = {}): PolicyUnit {
  const staffTest = { '>=': [{ var: 'employees' }, staff] };
  return {
    id, version: 1, title: { zh: `测试政策 ${id}`, en: `Test policy ${id}` }, scope: ['330106'], category: opts.category ?? '奖补', validFrom: '2025-01-01',
    eligibility: (opts.more?.length ? { and: [staffTest, ...opts.more] } : staffTest) as PolicyUnit['eligibility'], benefit: { fixed: fen },
  };
}

/** A company user of an enterprise (hand-made, like the fixture's). */
function companyOf(e: EnterpriseRecord): Actor {
  return {
    userId: `usr_${e.uscc}`, username: e.uscc, displayName: e.name, role: 'enterprise', enterpriseUscc: e.uscc, sessionId: null, ip: null,
    org: { id: `org_${e.uscc}`, code: e.uscc, name: e.name, nameEn: e.name, kind: 'enterprise', parentId: null, divisionCode: e.districtCode },
  };
}

/** An approved claim row on a unit, for distributions and beneficiaries (no budget movement: not paid). */
function approvedClaim(id: string, unitId: string, e: Pick<EnterpriseRecord, 'uscc' | 'districtCode' | 'townCode'>, amountFen: number, decidedAt: string): Claim {
  return {
    id, unitId, version: 1, uscc: e.uscc, districtCode: e.districtCode, townCode: e.townCode, mode: 'manual', status: 'approved', amountFen, answers: {}, promised: [], explanation: null,
    audit: null, account: null, reason: null, decidedBy: 'system', decidedAt, recoveryFen: 0, recoveredAt: null, createdAt: decidedAt, updatedAt: decidedAt,
  };
}

for (const dialect of testDialects()) {
  describe(`policy oversight: supervision, evaluation, subscriptions, reviews on the flow engine (${dialect.name})`, () => {
    let database: Database;
    let fx: RegistryFixture;
    let life: PolicyLifecycleServices;
    let over: PolicyOversightServices;
    let lineId: string;
    const extra: Record<string, EnterpriseRecord> = {};

    async function open(u: PolicyUnit, mode: ApprovalMode): Promise<void> {
      await fx.services.policy.units.save(fx.actor('admin'), u);
      await life.budget.setSettings(fx.actor('admin'), u.id, { mode, budgetLineId: lineId });
      await life.push.publish(fx.actor('admin'), u.id, u.version);
      await life.push.idle();
    }
    const runJobs = () => fx.services.workflow.engine.runDueJobs();
    const warningsOf = (claimId: string) => over.supervision.list(fx.actor('admin'), { claimId });

    beforeAll(async () => {
      database = await dialect.open();
      fx = await createRegistryFixture(database);
      life = fx.services.policyLifecycle;
      over = fx.services.policyOversight;
      await life.ready();
      lineId = (await life.budget.createLine(fx.actor('admin'), { title: '2026 奖补资金', capFen: 100_000_000 })).id;
      for (const [name, employees] of [['cap', 50], ['listed', 50], ['changed', 20], ['steady', 200], ['shareA', 50], ['shareB', 50], ['outlier', 50]] as const)
        extra[name] = buildEnterprise({ districtCode: '330106', townCode: '330106001', industryCode: 'I65', employees });
      await fx.services.enterpriseRepository.insertMany(Object.values(extra));
    }, 60_000);
    afterAll(async () => { await database?.close(); });

    it('subscriptions: a company follows categories; a publication in one reaches its inbox, eligible or not', async () => {
      const company = fx.actor('company');
      await expect(over.subscriptions.set(company, ['不存在'])).rejects.toMatchObject({ details: { errors: [{ field: 'categories.0', rule: 'enum' }] } });
      await expect(over.subscriptions.get(fx.actor('xihuOfficial'))).rejects.toMatchObject({ code: 'auth.forbidden' });
      expect(await over.subscriptions.set(company, ['奖补'])).toMatchObject({ categories: ['奖补'], available: expect.arrayContaining(['奖补', '资质']) });
      await open(unit('sub-award', 1000, 10_000), 'quick_apply');
      await open(unit('sub-qualification', 1000, 10_000, { category: '资质' }), 'quick_apply');
      const inbox = (await life.forMe(company)).inbox;
      expect(inbox.filter((m) => m.refId === 'sub-award@1').map((m) => m.title.zh)).toEqual(['您订阅的「奖补」类有新政策：测试政策 sub-award']);
      expect(inbox.some((m) => m.refId === 'sub-qualification@1')).toBe(false);
      expect((await life.forMe(company)).eligible.some((e) => e.id === 'sub-award')).toBe(false);
    });

    it('approvals on the flow engine: the official decides from the workflow inbox; the service task settles the claim', async () => {
      await open(unit('review-award', 10, 30_000), 'manual');
      const c = await life.claims.apply(fx.actor('company'), 'review-award', { account: account('00001') });
      expect(c.status).toBe('pending_review');
      const [review] = await over.reviews.ofClaim(c.id);
      expect(review).toMatchObject({ purpose: 'decision', status: 'open' });
      expect(await fx.services.workflow.tasks.inbox(fx.actor('binjiangOfficial'))).toEqual([]);
      const item = (await fx.services.workflow.tasks.inbox(fx.actor('xihuOfficial'))).find((t) => t.instanceId === review.instanceId)!;
      expect(item).toMatchObject({ name: '政策申领审核', title: '政策申领审核：测试政策 review-award' });
      // The explanation in front of the official.
      expect(JSON.stringify((await over.reviews.claimOfInstance(fx.actor('xihuOfficial'), review.instanceId)).explanation)).toContain('符合');
      await expect(over.reviews.claimOfInstance(fx.actor('binjiangOfficial'), review.instanceId)).rejects.toMatchObject({ code: 'not_found' });
      await expect(fx.services.workflow.tasks.complete(fx.actor('xihuOfficial'), item.id, { approve: false })).rejects.toThrow();
      await fx.services.workflow.tasks.complete(fx.actor('xihuOfficial'), item.id, { approve: true, reason: '材料齐全' });
      // The service task ran in the official's step (synchronous continuation): the claim is settled with it.
      expect(await life.claims.get(fx.actor('company'), c.id)).toMatchObject({ status: 'approved', decidedBy: 'usr_xihu-official', reason: '材料齐全' });
      await runJobs();
      expect((await over.reviews.ofClaim(c.id))[0].status).toBe('done');
      expect((await life.forMe(fx.actor('company'))).inbox.some((m) => m.refId === c.id && m.title.zh === '您的申领已批准')).toBe(true);
      expect((await life.budget.lines(fx.actor('admin'))).find((l) => l.id === lineId)!.balances!.committed).toBe(30_000);
    });

    it('approvals on the flow engine: a decision through the claims interface completes the task; the service task then changes nothing', async () => {
      await open(unit('review-direct', 10, 20_000), 'manual');
      const c = await life.claims.apply(fx.actor('company'), 'review-direct', { account: account('00001') });
      const rejected = await life.claims.decide(fx.actor('xihuOfficial'), c.id, { approve: false, reason: '不符合' });
      expect(rejected.status).toBe('rejected');
      const [review] = await over.reviews.ofClaim(c.id);
      expect(review.status).toBe('done');
      await runJobs();
      expect((await fx.services.workflow.engine.getInstance(review.instanceId))?.status).toBe('completed');
      expect(await life.claims.get(fx.actor('company'), c.id)).toMatchObject({ status: 'rejected', reason: '不符合' });
    });

    it('post-audit of a credit commitment on the flow engine: a finding of “broken” revokes the claim', async () => {
      await open(unit('review-credit', 10, 40_000, { more: [{ '<=': [{ var: 'taxable_income' }, 3_000_000_00] }] }), 'credit_commitment');
      const c = await life.claims.apply(fx.actor('company'), 'review-credit', { answers: { taxable_income: [1_000_000_00] }, account: account('00001') });
      expect(c).toMatchObject({ status: 'approved', audit: 'pending' });
      const review = (await over.reviews.ofClaim(c.id)).find((r) => r.purpose === 'post_audit')!;
      const item = (await fx.services.workflow.tasks.inbox(fx.actor('xihuOfficial'))).find((t) => t.instanceId === review.instanceId)!;
      expect(item.name).toBe('信用承诺事后核查');
      await fx.services.workflow.tasks.complete(fx.actor('xihuOfficial'), item.id, { outcome: 'broken', note: '核查发现承诺不实' });
      await runJobs();
      expect(await life.claims.get(fx.actor('company'), c.id)).toMatchObject({ status: 'revoked', audit: 'broken', reason: '核查发现承诺不实' });
    });

    it('(a) a company claiming overlapping units beyond their combined cap', async () => {
      await over.supervision.saveCap(fx.actor('admin'), { title: '人才奖补合并上限', unitIds: ['cap-a', 'cap-b'], capFen: 50_000 });
      await open(unit('cap-a', 10, 30_000), 'quick_apply');
      await open(unit('cap-b', 10, 30_000), 'quick_apply');
      const who = companyOf(extra.cap);
      const first = await life.claims.apply(who, 'cap-a', { account: account('10001') });
      expect(await warningsOf(first.id)).toEqual([]);
      const second = await life.claims.apply(who, 'cap-b', { account: account('10001') });
      const [w] = await warningsOf(second.id);
      expect(w).toMatchObject({ kind: 'overlap_cap', status: 'open', holdsPayment: true, trigger: 'created', evidence: { totalFen: 60_000, capFen: 50_000 } });
      expect(w.reason.zh).toContain('超过合并上限 500.00 元');
    });

    it('(b) a claim by a company on the dishonesty list; the warning holds its payment until it is closed', async () => {
      await fx.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'dishonest_list'], [[extra.listed.uscc, 'true']]), 'court'));
      await open(unit('list-award', 10, 25_000), 'quick_apply');
      const c = await life.claims.apply(companyOf(extra.listed), 'list-award', { account: account('20001') });
      expect(c.status).toBe('approved');
      const [w] = await warningsOf(c.id);
      expect(w).toMatchObject({ kind: 'credit_list', evidence: { list: 'dishonest_list', source: 'court' } });
      expect(w.reason.zh).toContain('失信被执行人名单');
      await life.payout.run(fx.actor('admin'));
      expect(await life.payout.paymentsOf([c.id])).toEqual([]);
      // The district official investigates and closes it; the trail records each step.
      await expect(over.supervision.transition(fx.actor('xihuOfficial'), w.id, { status: 'resolved' })).rejects.toMatchObject({ details: { errors: [{ field: 'note', rule: 'required' }] } });
      await expect(over.supervision.transition(fx.actor('binjiangOfficial'), w.id, { status: 'investigating' })).rejects.toMatchObject({ code: 'not_found' });
      await over.supervision.transition(fx.actor('xihuOfficial'), w.id, { status: 'investigating', note: '核实名单来源' });
      const closed = await over.supervision.transition(fx.actor('xihuOfficial'), w.id, { status: 'dismissed', note: '法院已撤销失信记录' });
      expect(closed.trail!.map((e) => [e.from, e.to, e.actorName])).toEqual([[null, 'open', 'system'], ['open', 'investigating', 'xihu-official'], ['investigating', 'dismissed', 'xihu-official']]);
      await expect(over.supervision.transition(fx.actor('xihuOfficial'), w.id, { status: 'open' })).rejects.toMatchObject({ code: 'conflict' });
      await life.payout.run(fx.actor('admin'));
      expect(await life.payout.paymentsOf([c.id])).toHaveLength(1);
    });

    it('(c) an attribute that changed just before the claim, in the direction that made the company eligible', async () => {
      await open(unit('change-award', 100, 15_000), 'quick_apply');
      fx.clock.set('2026-02-25T02:00:00.000Z');
      await fx.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'employees'], [[extra.changed.uscc, 150], [extra.steady.uscc, 180]]), 'stats', { period: '2025' }));
      fx.clock.set('2026-03-02T02:00:00.000Z');
      const c = await life.claims.apply(companyOf(extra.changed), 'change-award', { account: account('30001') });
      const [w] = await warningsOf(c.id);
      expect(w).toMatchObject({ kind: 'attribute_change', holdsPayment: false, evidence: { key: 'employees', windowDays: 30 } });
      expect(w.reason.zh).toContain('从业人数在申领前 30 天内由 20 变为 150');
      // 200 → 180 changed too, but the company was eligible either way.
      const steady = await life.claims.apply(companyOf(extra.steady), 'change-award', { account: account('30002') });
      expect(await warningsOf(steady.id)).toEqual([]);
    });

    it('(d) payouts to an account shared by several companies', async () => {
      await open(unit('shared-award', 10, 12_000), 'quick_apply');
      const a = await life.claims.apply(companyOf(extra.shareA), 'shared-award', { account: account('40001') });
      expect(await warningsOf(a.id)).toEqual([]);
      const b = await life.claims.apply(companyOf(extra.shareB), 'shared-award', { account: account('40001') });
      for (const id of [a.id, b.id]) expect((await warningsOf(id)).map((w) => [w.kind, (w.evidence.companies as string[]).length])).toEqual([['shared_account', 2]]);
    });

    it('(e) an official approving an outlier amount in their own district', async () => {
      await open(unit('outlier-award', 10, 500_000), 'manual');
      const store = database.kysely as unknown as LifecycleDb;
      const peers = Array.from({ length: 12 }, (_, i) => approvedClaim(`pcl_peer${i}`, 'outlier-award', { uscc: `PEER${i}`, districtCode: '330106', townCode: '330106001' }, 10_000 + i * 1000, '2026-02-01T00:00:00.000Z'));
      await store.insertInto('policy_claims').values(peers.map(claimRow)).execute();
      const c = await life.claims.apply(companyOf(extra.outlier), 'outlier-award', { account: account('50001') });
      expect(await warningsOf(c.id)).toEqual([]);
      await life.claims.decide(fx.actor('xihuOfficial'), c.id, { approve: true });
      const [w] = await warningsOf(c.id);
      expect(w).toMatchObject({ kind: 'official_outlier', trigger: 'approved', evidence: { approver: 'usr_xihu-official', sample: 12 } });
      expect(w.reason.zh).toContain('本辖区官员 xihu-official 批准的金额 5000.00 元');
    });

    it('scopes warnings by district; a batch re-check raises nothing twice', async () => {
      expect(await over.supervision.list(fx.actor('binjiangOfficial'))).toEqual([]);
      const all = await over.supervision.list(fx.actor('xihuOfficial'));
      expect(new Set(all.map((w) => w.kind))).toEqual(new Set(['overlap_cap', 'credit_list', 'attribute_change', 'shared_account', 'official_outlier']));
      await expect(over.supervision.get(fx.actor('binjiangOfficial'), all[0].id)).rejects.toMatchObject({ code: 'not_found' });
      expect(await over.supervision.recheck(fx.actor('admin'))).toMatchObject({ raised: 0 });
      expect((await over.supervision.list(fx.actor('admin'))).length).toBe(all.length);
    });

    it('evaluation: matched difference-in-differences recovers a known effect on employees; CSV and XLSX exports', async () => {
      await fx.services.policy.units.save(fx.actor('admin'), unit('eval-award', 10, 10_000));
      const firms = Array.from({ length: 80 }, (_, i) => buildEnterprise({ districtCode: '330106', townCode: '330106002', industryCode: i % 2 ? 'C39' : 'I65', sizeClass: 'small', employees: 30 }));
      await fx.services.enterpriseRepository.insertMany(firms);
      // Beneficiaries are more often in C39, whose trend is steeper: only matching on industry removes that bias.
      const treated = new Set(firms.filter((f, i) => (f.industryCode === 'C39' ? i % 4 !== 3 : i % 4 === 0)).map((f) => f.uscc));
      const store = database.kysely as unknown as LifecycleDb;
      await store.insertInto('policy_claims').values([...treated].map((u, i) => claimRow(approvedClaim(`pcl_eval${i}`, 'eval-award', firms.find((f) => f.uscc === u)!, 10_000, '2024-05-01T00:00:00.000Z')))).execute();
      let noise = 7;
      const next = () => ((noise = (noise * 48271) % 2147483647) % 7) - 3;
      for (const [t, year] of ['2022', '2023', '2024', '2025'].entries()) {
        const rows = firms.map((f, i) => [f.uscc, 40 + (i % 5) * 3 + (f.industryCode === 'C39' ? 6 : 1) * t + (treated.has(f.uscc) && year >= '2024' ? 12 : 0) + next()]);
        await fx.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'employees'], rows), 'stats', { period: year }));
      }
      const report = await over.evaluation.evaluate(fx.actor('admin'), { unitId: 'eval-award', outcome: 'employees' });
      expect(report).toMatchObject({ treatStart: '2024', periods: ['2022', '2023', '2024', '2025'], beneficiaries: treated.size });
      expect(report.result.treated).toBe(treated.size);
      expect(report.result.ci95[0]).toBeLessThan(12);
      expect(report.result.ci95[1]).toBeGreaterThan(12);
      expect(report.result.ci95[0]).toBeGreaterThan(0);
      await expect(over.evaluation.evaluate(fx.actor('admin'), { unitId: 'eval-award', outcome: 'name' })).rejects.toMatchObject({ details: { errors: [{ field: 'outcome' }] } });
      await expect(over.evaluation.evaluate(fx.actor('company'), { unitId: 'eval-award', outcome: 'employees' })).rejects.toMatchObject({ code: 'auth.forbidden' });
      const file = await over.evaluation.exportCsv(fx.actor('admin'), { unitId: 'eval-award', outcome: 'employees' });
      expect(file.split('\r\n')[0]).toBe('item,value');
      expect(file).toContain('period,treated_mean,control_mean,treated_n,control_n');
      const xlsx = await over.evaluation.exportXlsx(fx.actor('admin'), { unitId: 'eval-award', outcome: 'employees' });
      expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    });
  });
}
