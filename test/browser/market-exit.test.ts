// The market-exit journey in real Chromium against the real server (in-process, in-memory SQLite, the
// demo city): a company registered through the entry flow (services) with its business licence and two
// permits as certificates checks the conditions and applies for simplified deregistration; its notice appears on the
// public page (no login); the platform's injected clock passes the 20 days with no objection; the flow
// worker cancels the registration and every permit, each department confirms; the company sees its case
// closed and every certificate cancelled, and the QR verification page answers "cancelled" for each.
import { expect, it } from 'vitest';
import { entryOf } from '../../src/scenarios/market-entry/entry.ts';
import { buildEntryInput } from '../../src/scenarios/market-entry/entry.testing.ts';
import { marketEntryOf } from '../../src/scenarios/market-entry/market-entry.ts';
import { marketExitOf } from '../../src/scenarios/market-entry/market-exit.ts';
import { browserSuite, PASSWORD, POLL, useJourney } from './harness.ts';

// The platform's clock for this journey: the wall clock plus an offset the test moves (no HTTP endpoint moves time).
let offset = 0;
const clock = { now: () => new Date(Date.now() + offset) };

browserSuite('market exit journey in the browser', () => {
  const journey = useJourney({ clock });

  it('deregisters a company with its permits after a public notice with no objection', async () => {
    const { services, url } = journey.platform;
    const exit = marketExitOf(services);
    const { identity } = services;
    const errors: string[] = [];

    // A company registered through the entry "one thing" (registration automatic, 食品经营 on commitment, the
    // foreign-trade filing automatic): its business licence and permits are issued as certificates at once.
    const entry = entryOf(services);
    const guide = marketEntryOf(services).guidance;
    const scopeCodes = [(await guide.searchScope('餐饮服务', 1))[0].entry.code, (await guide.searchScope('货物进出口', 1))[0].entry.code];
    const founder = await journey.actorOf('enterprise');
    const name = '杭州湖畔注销测试餐饮有限公司';
    const { id: applicationId } = await entry.submit(founder, buildEntryInput({ name, scopeCodes, items: ['food_business', 'foreign_trade_filing'] }));
    await expect.poll(async () => (await entry.get(founder, applicationId)).status, POLL).toBe('issued');
    const issued = await entry.get(founder, applicationId);
    const uscc = issued.uscc!;
    const certificates = issued.certificates.map((c) => c.certificateNo);
    expect(issued.certificates.map((c) => c.itemCode).sort()).toEqual(['business_licence', 'food_business', 'foreign_trade_filing']);
    const company = (await services.enterpriseRepository.get({ kind: 'all' }, uscc))!;
    expect(company.status).toBe('active');
    // The new company's own account, and an officer of the commerce bureau that confirms its filing.
    const xihu = (await identity.findOrgByCode('330106'))!;
    const org = await identity.createOrg({ code: uscc, name: company.name, nameEn: 'Exit journey company', kind: 'enterprise', parentId: xihu.id, divisionCode: '330106' });
    await identity.createUser({ username: 'exit-company', displayName: '注销测试企业', password: PASSWORD, role: 'enterprise', orgId: org.id, enterpriseUscc: uscc });
    const commerce = (await identity.findOrgByCode('330106-commerce'))!;
    await identity.createUser({ username: 'commerce-officer-exit', displayName: '西湖区商务局 经办人', password: PASSWORD, role: 'department_officer', orgId: commerce.id, enterpriseUscc: null });

    // The company checks the conditions (each with its source) and applies.
    const page = await journey.session('exit-company');
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/market/exit`);
    await page.getByTestId('exit-check').click();
    await page.getByTestId('exit-eligibility').getByText('符合简易注销条件').waitFor();
    expect(await page.getByTestId('exit-conditions').locator('tr.ant-table-row').count()).toBe(10);
    await page.getByTestId('exit-commitment').click();
    await page.getByTestId('exit-apply').click();
    await page.getByTestId('exit-message').getByText('已提交，公示编号').waitFor();
    const noticeNo = (await page.getByTestId('exit-notice-no').first().textContent())!.trim();
    expect(noticeNo).toMatch(/^JY330106\d{8}/);
    await expect.poll(() => page.getByTestId('exit-case-status').first().textContent(), POLL).toBe('公示中');

    // Anyone sees the notice on the public page, without logging in.
    const visitor = await journey.browser.newContext();
    const open = await visitor.newPage();
    open.on('pageerror', (error) => errors.push(error.message));
    await open.goto(`${url}/market/exit/notices`);
    const row = open.getByTestId('notices-table').locator('tr.ant-table-row').filter({ hasText: uscc });
    await row.waitFor();
    expect(await row.textContent()).toContain(noticeNo);
    // The demo city put a few deregistrations of its own on notice (filed by the demo agent).
    expect(await open.getByTestId('notices-table').locator('tr.ant-table-row').count()).toBeGreaterThan(1);

    // Twenty days pass with no objection: the flow worker's timer cancels the registration and every permit ("1+N").
    const [opened] = await exit.repo.casesOf(uscc);
    offset += Date.parse(opened.noticeEndsAt!) - Date.now() + 60_000;
    await expect.poll(async () => (await exit.repo.findCase(opened.id))!.status, POLL).toBe('cancelling');
    expect((await services.enterpriseRepository.get({ kind: 'all' }, uscc))!.status).toBe('deregistered');

    // Each issuing department confirms from its inbox.
    const confirmed: string[] = [];
    for (const username of ['amr-officer', 'commerce-officer-exit']) {
      const officer = await journey.actorOf(username);
      for (const task of (await services.workflow.tasks.inbox(officer)).filter((x) => x.instanceId === opened.instanceId)) {
        await services.workflow.tasks.complete(officer, task.id, { confirmed: true, opinion: '本部门证照已注销' });
        confirmed.push(officer.org.code);
      }
    }
    expect(confirmed.sort()).toEqual(['330106-amr', '330106-commerce']);
    await expect.poll(async () => (await exit.repo.findCase(opened.id))!.status, POLL).toBe('closed');

    // The company (a new session: the old one expired while the weeks passed) sees the case closed and every licence cancelled.
    const after = await journey.session('exit-company');
    after.on('pageerror', (error) => errors.push(error.message));
    await after.goto(`${url}/market/exit`);
    await expect.poll(() => after.getByTestId('exit-case-status').first().textContent(), POLL).toBe('已办结');
    expect(await after.getByTestId('exit-company-status').first().textContent()).toBe('已注销');
    const statuses = await after.getByTestId('exit-permits').first().locator('tr.ant-table-row td:nth-child(3)').allTextContents();
    expect(statuses).toEqual(['已注销', '已注销', '已注销']);

    // The notice has left the public list, and the QR verification page shows every certificate cancelled.
    await open.reload();
    await open.getByTestId('notices-table').waitFor();
    expect(await open.getByTestId('notices-table').locator('tr.ant-table-row').filter({ hasText: uscc }).count()).toBe(0);
    for (const no of certificates) {
      await open.goto(`${url}/market/verify/${encodeURIComponent(no)}`);
      await open.getByTestId('verify-status').getByText('证照已注销').waitFor();
      expect(await open.getByTestId('verify-no').textContent()).toBe(no);
      expect(await exit.permits.byCertificate(no)).toMatchObject({ status: 'cancelled', cancelReason: expect.stringContaining('简易注销') });
    }
    await visitor.close();

    // The official's monitoring page: the computed figures, each department's load, the demo agent under supervision.
    const official = await journey.session('xihu-official');
    official.on('pageerror', (error) => errors.push(error.message));
    await official.goto(`${url}/market/monitoring`);
    await official.getByTestId('monitoring-departments').locator('tr.ant-table-row').filter({ hasText: '西湖区市场监督管理局' }).waitFor();
    await official.getByTestId('monitoring-agents').locator('tr.ant-table-row').first().waitFor();
    expect(errors).toEqual([]);
  }, 180_000);
});
