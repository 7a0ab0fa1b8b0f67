import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/index.ts';
import { testDialects } from '../../../db/testing.ts';
import type { AppError } from '../../../kernel/errors.ts';
import type { Actor } from '../../../platform/identity/identity.types.ts';
import { createExitTestbed, type ExitTestbed } from './exit.testing.ts';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a failure');
}

const DAY = 86_400_000;
const PERMITS: Array<[string, string]> = [['food_business', 'amr'], ['public_venue_hygiene', 'health'], ['hotel_special_trade', 'police'], ['performance_group', 'culture']];

for (const dialect of testDialects()) {
  describe(`market exit storage (${dialect.name})`, () => {
    let database: Database;
    let t: ExitTestbed;
    const engine = () => t.tp.services.workflow.engine;
    /** Completes every open confirmation task of an instance as the department's officer. */
    async function confirmAll(instanceId: string, officers: Actor[]): Promise<string[]> {
      const done: string[] = [];
      for (const officer of officers) {
        for (const task of (await t.tp.services.workflow.tasks.inbox(officer)).filter((x) => x.instanceId === instanceId)) {
          await t.tp.services.workflow.tasks.complete(officer, task.id, { confirmed: true, opinion: '已注销本部门证照' });
          done.push(officer.org.code);
        }
      }
      return done;
    }
    beforeAll(async () => {
      database = await dialect.open();
      t = await createExitTestbed(database);
    }, 60_000);
    afterAll(async () => database?.close());
    beforeEach(() => t?.tp.clock.set('2026-03-02T02:00:00.000Z'));

    it('blocks simplified deregistration for each failed condition, naming its source and date', async () => {
      const cases: Array<[string, string, Record<string, string | number>, string?]> = [
        ['judicial.pending_cases', 'court', { pending_court_cases: 2 }],
        ['tax.arrears', 'tax', { tax_arrears: 1 }],
        ['social_insurance.arrears', 'hrss', { social_insurance_arrears: 1 }],
        ['credit.abnormal_list', 'amr', { abnormal_list: 1 }],
        ['credit.serious_violation', 'amr', { serious_violation_list: 1 }],
        ['credit.dishonest', 'court', { dishonest_list: 1 }],
        ['finance.debts', 'stats', { total_liabilities: 120000 }, '2025'],
      ];
      for (const [code, source, values, period] of cases) {
        const { enterprise, actor } = await t.company([]);
        await t.mirror(source, enterprise.uscc, values, period);
        const check = await t.exit.simplified.checkSimplified(actor);
        expect(check.eligible).toBe(false);
        const failed = check.conditions.filter((c) => !c.passed);
        expect(failed.map((c) => c.code)).toEqual([code]);
        expect(failed[0]).toMatchObject({ source });
        expect(failed[0].date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        const error = await failure(t.exit.simplified.applySimplified(actor, { commitment: true }));
        expect(error.code).toBe('market.exit.ineligible');
        expect((error.details as { errors: Array<{ rule: string; message: string }> }).errors).toEqual([expect.objectContaining({ field: 'uscc', rule: code })]);
      }
      // A pending case's message names the court and the count.
      const { enterprise, actor } = await t.company([]);
      await t.mirror('court', enterprise.uscc, { pending_court_cases: 1 });
      const error = await failure(t.exit.simplified.applySimplified(actor, { commitment: true }));
      expect(error.message).toContain('无未结诉讼案件');
      expect((error.details as { errors: Array<{ message: string }> }).errors[0].message).toContain('来源 court');
    });

    it('blocks it while an application is still running, and without the commitment', async () => {
      const { actor } = await t.company([]);
      expect((await failure(t.exit.simplified.applySimplified(actor, { commitment: false }))).code).toBe('validation.failed');
      const { enterprise, actor: other } = await t.company([]);
      await t.exit.simplified.applySimplified(other, { commitment: true });
      const again = await t.exit.simplified.checkSimplified(other);
      expect(again.conditions.find((c) => c.code === 'exit.open_case')).toMatchObject({ passed: false, source: 'market_exit' });
      expect(enterprise.status).toBe('active');
    });

    it('publishes a 20-day notice; with no objection the company and every permit are cancelled and each department confirms (1+N)', async () => {
      const { enterprise, actor, permits } = await t.company(PERMITS);
      const opened = await t.exit.simplified.applySimplified(actor, { commitment: true });
      expect(opened.status).toBe('notice');
      // 20 calendar days after the day of publication, to midnight Beijing time (published 2026-03-02 10:00 +08).
      expect(opened.noticeEndsAt).toBe('2026-03-22T16:00:00.000Z');
      expect((await t.exit.simplified.publicNotices()).map((n) => n.noticeNo)).toContain(opened.noticeNo);
      // Nothing happens before the end of the notice.
      t.tp.clock.advance(19 * DAY);
      await engine().drain();
      expect((await t.exit.repo.findCase(opened.id))!.status).toBe('notice');
      t.tp.clock.set(new Date(Date.parse(opened.noticeEndsAt!) + 60_000));
      await engine().drain();
      const cancelled = (await t.exit.repo.findCase(opened.id))!;
      expect(cancelled.status).toBe('cancelling');
      expect((await t.tp.services.enterpriseRepository.get({ kind: 'all' }, enterprise.uscc))!.status).toBe('deregistered');
      for (const p of permits) expect(await t.exit.permits.byCertificate(p.certificateNo)).toMatchObject({ status: 'cancelled', cancelReason: expect.stringContaining('简易注销') });
      expect(await t.exit.permits.ofCompany(enterprise.uscc)).toEqual([]);
      // One confirmation per permit (the business licence is the registration itself), each in its department's inbox.
      const tasks = await engine().listTasks({ instanceId: opened.instanceId! });
      expect(tasks.map((x) => x.candidateOrg).sort()).toEqual(['330106-amr', '330106-culture', '330106-health', '330106-police']);
      expect(await t.tp.services.workflow.tasks.inbox(t.actors.tax)).not.toContainEqual(expect.objectContaining({ instanceId: opened.instanceId }));
      const confirmed = await confirmAll(opened.instanceId!, [t.actors.amr, t.actors.health, t.actors.police, t.actors.culture]);
      expect(confirmed.sort()).toEqual(['330106-amr', '330106-culture', '330106-health', '330106-police']);
      await engine().drain();
      const closed = (await t.exit.repo.findCase(opened.id))!;
      expect(closed.status).toBe('closed');
      expect((await engine().getInstance(opened.instanceId!))!.status).toBe('completed');
    });

    it('an online objection stops the simplified path with its reason and advises general deregistration', async () => {
      const { enterprise, actor, permits } = await t.company(PERMITS.slice(0, 2));
      const opened = await t.exit.simplified.applySimplified(actor, { commitment: true });
      const bad = await failure(t.exit.simplified.object(opened.noticeNo!, { name: '甲', contact: 'not a phone', reason: '短' }, { ip: '10.0.0.1' }));
      expect((bad.details as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['body.name', 'body.contact', 'body.reason']);
      const answer = await t.exit.simplified.object(opened.noticeNo!, { name: '杭州某供应商有限公司', contact: '13900001111', reason: '该企业尚欠我司货款 12 万元未结清' }, { ip: '10.0.0.1' });
      expect(answer.status).toBe('objected');
      const view = await t.exit.simplified.view(actor, opened.id);
      expect(view.status).toBe('objected');
      expect(view.statusReason).toContain('该企业尚欠我司货款');
      expect(view.advice).toContain('一般注销');
      expect((await engine().getInstance(opened.instanceId!))!.status).toBe('completed');
      // Later objections are refused; the register and the permits are untouched even after the period.
      expect((await failure(t.exit.simplified.object(opened.noticeNo!, { name: '另一债权人', contact: 'a@b.cn', reason: '同样有未结清的债务问题' }, { ip: '10.0.0.2' }))).code).toBe('market.exit.notice_closed');
      t.tp.clock.advance(25 * DAY);
      await engine().drain();
      expect((await t.tp.services.enterpriseRepository.get({ kind: 'all' }, enterprise.uscc))!.status).toBe('active');
      expect((await t.exit.permits.ofCompany(enterprise.uscc)).map((p) => p.id).sort()).toEqual(permits.map((p) => p.id).sort());
      expect(await t.exit.simplified.publicNotice(opened.noticeNo!)).toMatchObject({ objections: 1, open: false, status: 'objected' });
    });

    it('general deregistration: filing, 45-day creditor notice, report, the official decides, then 1+N', async () => {
      const { enterprise, actor } = await t.company([['public_venue_hygiene', 'health']]);
      // It is open to companies that cannot use the simplified path (here: debts).
      await t.mirror('court', enterprise.uscc, { pending_court_cases: 1 });
      const badId = await failure(t.exit.general.apply(actor, { cause: 'resolution', causeDate: '2026-02-01', liquidators: [{ name: '张三', idNumber: '110101199003070000', leader: true }] }));
      expect((badId.details as { errors: Array<{ field: string }> }).errors[0].field).toBe('body.liquidators.0.idNumber');
      const opened = await t.exit.general.apply(actor, { cause: 'resolution', causeDate: '2026-02-01', liquidators: [{ name: '张三', idNumber: '11010519491231002X', leader: true }] });
      expect(opened.status).toBe('filing');
      expect(JSON.stringify(opened.details)).not.toContain('11010519491231002X');
      const [filing] = (await t.tp.services.workflow.tasks.inbox(t.actors.amr)).filter((x) => x.instanceId === opened.instanceId);
      await t.tp.services.workflow.tasks.complete(t.actors.amr, filing.id, { accepted: true, opinion: '清算组备案材料齐全' });
      await engine().drain();
      const noticed = (await t.exit.repo.findCase(opened.id))!;
      expect(noticed.status).toBe('creditor_notice');
      expect(Date.parse(noticed.noticeEndsAt!) - Date.parse(noticed.noticeStartsAt!)).toBeGreaterThan(45 * DAY - DAY);
      expect((await failure(t.exit.general.fileReport(actor, opened.id, { summary: '清算完毕，债权债务已清偿', debtsSettled: true, taxCleared: true, employeesSettled: true }))).code).toBe('conflict');
      t.tp.clock.set(new Date(Date.parse(noticed.noticeEndsAt!) + 60_000));
      await engine().drain();
      expect((await t.exit.repo.findCase(opened.id))!.status).toBe('report');
      await t.exit.general.fileReport(actor, opened.id, { summary: '清算完毕，债权债务已清偿，诉讼已和解', debtsSettled: true, taxCleared: true, employeesSettled: true });
      const [decide] = (await t.tp.services.workflow.tasks.inbox(t.actors.amr)).filter((x) => x.instanceId === opened.instanceId);
      expect(decide.name).toBe('注销登记决定');
      await t.tp.services.workflow.tasks.complete(t.actors.amr, decide.id, { approved: true, reason: '诉讼已和解，特殊情形准予注销', special: true });
      await engine().drain();
      const cancelled = (await t.exit.repo.findCase(opened.id))!;
      expect(cancelled.status).toBe('cancelling');
      expect(cancelled.details.decision).toEqual({ approved: true, reason: '诉讼已和解，特殊情形准予注销', special: true });
      expect((await t.tp.services.enterpriseRepository.get({ kind: 'all' }, enterprise.uscc))!.status).toBe('deregistered');
      expect(await confirmAll(opened.instanceId!, [t.actors.health])).toEqual(['330106-health']);
      await engine().drain();
      expect((await t.exit.repo.findCase(opened.id))!.status).toBe('closed');
    });

    it('forced deregistration selects dishonest, zombie and shell companies from the mirror and runs its notice', async () => {
      const dishonest = await t.company([], { name: '失信测试有限公司' });
      await t.mirror('court', dishonest.enterprise.uscc, { dishonest_list: 1 });
      const shell = await t.company([], { employees: 0, revenueFen: 0 });
      await t.mirror('amr', shell.enterprise.uscc, { abnormal_list: 1 });
      const zombie = await t.company([], { registeredAt: '2018-01-01' });
      const alive = await t.company([], { registeredAt: '2018-01-01' });
      await t.mirror('amr', alive.enterprise.uscc, { annual_report_filed: 1 }, '2025');
      const candidates = await t.exit.forced.candidates(t.actors.xihuOfficial, { inactiveYears: 2 });
      const rules = new Map(candidates.map((c) => [c.uscc, c.reasons.map((r) => r.rule)]));
      expect(rules.get(dishonest.enterprise.uscc)).toContain('dishonest');
      expect(rules.get(shell.enterprise.uscc)).toContain('shell');
      expect(rules.get(zombie.enterprise.uscc)).toEqual(['zombie']);
      expect(rules.has(alive.enterprise.uscc)).toBe(false);
      expect((await failure(t.exit.forced.candidates(t.actors.company))).code).toBe('auth.forbidden');
      expect((await failure(t.exit.forced.open(t.actors.xihuOfficial, alive.enterprise.uscc, {}))).code).toBe('validation.failed');
      const opened = await t.exit.forced.open(t.actors.xihuOfficial, dishonest.enterprise.uscc, { note: '失信被执行人，长期未经营' });
      expect(opened.kind).toBe('forced');
      t.tp.clock.set(new Date(Date.parse(opened.noticeEndsAt!) + 60_000));
      await engine().drain();
      expect((await t.tp.services.enterpriseRepository.get({ kind: 'all' }, dishonest.enterprise.uscc))!.status).toBe('deregistered');
      expect((await t.exit.repo.findCase(opened.id))!.status).toBe('closed');
    });

    it('agents act only under a valid signed authorisation, and are supervised with flags', async () => {
      const agency = await t.exit.agents.register(t.actors.agent, { name: '杭州代办服务有限公司', uscc: t.tp.enterprises.xihu[1].uscc, phone: '13700001111', address: '杭州市西湖区文三路 1 号' });
      expect((await failure(t.exit.agents.register(t.actors.agent, { name: '杭州代办服务有限公司', uscc: t.tp.enterprises.xihu[1].uscc, phone: '13700001111', address: '杭州市西湖区文三路 1 号' }))).code).toBe('conflict');
      const clients = [];
      for (let i = 0; i < 3; i++) clients.push(await t.company([], { address: '杭州市西湖区某路 88 号 301 室', legalRepPhone: '13911112222' }));
      const first = clients[0];
      // Without an authorisation the agent cannot act.
      expect((await failure(t.exit.simplified.checkSimplified(t.actors.agent, first.enterprise.uscc))).code).toBe('auth.forbidden');
      const invalid = await failure(t.exit.agents.authorise(first.actor, { agentId: agency.id, scope: ['anything'], validFrom: '2026-01-01', validUntil: '2028-01-01', signerName: '' }));
      expect((invalid.details as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['body.scope.0', 'body.validFrom', 'body.validUntil', 'body.signerName']);
      const licenceOnly = await t.exit.agents.authorise(first.actor, { agentId: agency.id, scope: ['licence'], validFrom: '2026-03-02', validUntil: '2026-12-31', signerName: '李四' });
      expect(licenceOnly.signature).toMatch(/^[0-9a-f]{64}$/);
      expect((await failure(t.exit.simplified.checkSimplified(t.actors.agent, first.enterprise.uscc))).code).toBe('auth.forbidden');
      for (const c of clients) await t.exit.agents.authorise(c.actor, { agentId: agency.id, scope: ['deregistration'], validFrom: '2026-03-02', validUntil: '2026-12-31', signerName: '李四' });
      expect((await t.exit.simplified.checkSimplified(t.actors.agent, first.enterprise.uscc)).eligible).toBe(true);
      const opened = await t.exit.simplified.applySimplified(t.actors.agent, { uscc: first.enterprise.uscc, commitment: true });
      expect(await t.exit.simplified.list(t.actors.agent, {})).toContainEqual(expect.objectContaining({ id: opened.id }));
      // Out of its period the authorisation no longer counts.
      t.tp.clock.set('2027-01-02T02:00:00.000Z');
      expect((await failure(t.exit.simplified.checkSimplified(t.actors.agent, clients[1].enterprise.uscc))).code).toBe('auth.forbidden');
      t.tp.clock.set('2026-03-02T02:00:00.000Z');
      await t.exit.agents.complain(first.actor, agency.id, { reason: '代办过程中多收取费用且未告知' });
      const [row] = await t.exit.agents.supervision(t.actors.xihuOfficial);
      expect(row.figures).toMatchObject({ filings: 1, complaints: 1, clients: 3 });
      expect(row.flags.map((f) => f.rule).sort()).toEqual(['address.shared', 'phone.reused']);
      expect(row.flags.find((f) => f.rule === 'phone.reused')!.message).toContain('139****2222');
      expect((await failure(t.exit.agents.supervision(first.actor))).code).toBe('auth.forbidden');
    });

    it('monitors departments and computes the headline figures from the records', async () => {
      const loads = await t.exit.monitoring.departments(t.actors.xihuOfficial);
      const amr = loads.find((l) => l.org.code === '330106-amr')!;
      expect(amr.finished).toBeGreaterThan(0);
      expect(amr.avgWorkingDays).not.toBeNull();
      const figures = await t.exit.monitoring.figures(t.actors.admin);
      expect(figures.applications).toBeGreaterThan(5);
      expect(figures.companiesServed).toBeGreaterThan(3);
      expect(figures.itemsHandled).toBe(7);
      expect(figures.fullyAutomatic).toBeGreaterThanOrEqual(1);
      // The 1+N case above, and the one opened while checking the open-case condition (its notice ended when a later test moved the clock).
      expect(figures.exits.find((e) => e.kind === 'simplified' && e.status === 'closed')?.n).toBe(2);
      expect(figures.exits.find((e) => e.kind === 'simplified' && e.status === 'objected')?.n).toBe(1);
      expect((await failure(t.exit.monitoring.figures(t.actors.company))).code).toBe('auth.forbidden');
    });
  });
}
