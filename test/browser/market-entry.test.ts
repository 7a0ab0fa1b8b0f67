// The entry "one thing" in real Chromium against the real server (in-process, in-memory SQLite, the demo
// city): a company picks three business-scope wordings on the guide, accepts the suggested licences and
// applies; market regulation approves from the workflow inbox in the browser, the police approve and the
// health bureau asks for a correction (through the services); the company answers it on its applications
// page; the business licence and every permit arrive together; the URL each QR code encodes opens the
// public verification page without login and confirms the certificate.
import { expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../src/platform/testing/test-platform.ts';
import { verificationUrl } from '../../src/scenarios/market-entry/entry-certificates.ts';
import { buildIdNumber } from '../../src/scenarios/market-entry/entry.testing.ts';
import { browserSuite, choose, POLL, switchOn, useJourney } from './harness.ts';

browserSuite('market entry journey in the browser', () => {
  const journey = useJourney();

  it('scope → suggested licences → submit; two approve, one corrects; all certificates together; QR pages confirm them', async () => {
    const errors: string[] = [];
    const { services } = journey.platform;
    // The demo city has no police officer account: one for 西湖区's public security bureau.
    const police = (await services.identity.findOrgByCode('330106-police'))!;
    const officer = await services.identity.createUser({ username: 'police-officer', displayName: '西湖分局 民警', password: TEST_PASSWORD, role: 'department_officer', orgId: police.id, enterpriseUscc: null });

    const company = await journey.session('enterprise');
    company.on('pageerror', (error) => errors.push(error.message));
    await company.goto(`${journey.platform.url}/market/guide`);
    for (const [query, code] of [['食品生产', 'C001'], ['消毒剂生产', 'C017'], ['大型活动组织', 'R026']]) {
      await company.getByTestId('market-scope-search').locator('input').fill(query);
      await company.getByTestId(`market-scope-add-${code}`).click();
    }
    await company.getByTestId('market-licences').getByText('大型群众性活动安全许可', { exact: true }).waitFor();
    await company.getByTestId('market-apply').click();
    await company.waitForURL((url) => url.pathname === '/market/apply');
    await company.getByTestId('apply-items').getByText('食品生产许可', { exact: true }).waitFor();
    await company.getByTestId('apply-next-1').click();
    await company.getByTestId('apply-name').fill('杭州澄霁食品科技有限公司');
    await choose(company.getByTestId('apply-district'), '西湖区');
    await choose(company.getByTestId('apply-town'), '西溪街道');
    await company.getByTestId('apply-detail').fill('文三路90号5幢301室');
    await company.getByTestId('apply-next-2').click();
    await company.getByTestId('apply-rep-name').fill('林晓峰');
    const id = buildIdNumber('19880512', 123);
    await company.getByTestId('apply-rep-id').fill(id.slice(0, 17) + (id[17] === '1' ? '2' : '1'));
    await company.getByTestId('apply-rep-phone').fill('13812345678');
    await company.getByTestId('apply-commitment').check();
    await company.getByTestId('apply-submit').click();
    // A wrong check digit is refused with its field and rule; the right one goes through.
    await company.getByTestId('apply-problems').getByText('body.officers.0.idNumber').waitFor();
    await company.getByTestId('apply-rep-id').fill(id);
    await company.getByTestId('apply-submit').click();
    await company.waitForURL((url) => url.pathname === '/market/applications');
    const applicationId = new URL(company.url()).searchParams.get('id')!;
    await company.getByTestId('apps-detail').getByText('许可审查（20个工作日）').first().waitFor();

    // Market regulation approves from the workflow inbox in the browser.
    const amr = await journey.session('amr-officer');
    amr.on('pageerror', (error) => errors.push(error.message));
    await amr.goto(`${journey.platform.url}/flow/inbox`);
    const row = amr.getByTestId('inbox-table').locator('tr.ant-table-row').filter({ hasText: '杭州澄霁食品科技有限公司' });
    await row.first().waitFor();
    await row.first().getByTestId('task-complete').click();
    const form = amr.getByTestId('task-form');
    await switchOn(form.getByTestId('field-approved'));
    await form.getByTestId('field-opinion').fill('生产条件符合要求');
    await amr.getByRole('button', { name: '提交' }).click();
    await amr.getByText('已办结该环节').waitFor();

    // The police approve; the health bureau returns its item for correction.
    const { tasks } = services.workflow;
    const app = await services.database.kysely.selectFrom('market_applications' as never).select('instance_id' as never).where('id' as never, '=', applicationId as never).executeTakeFirstOrThrow() as { instance_id: string };
    const policeActor = await services.identity.actorForUserId(officer.id);
    const policeTask = (await tasks.inbox(policeActor)).find((t) => t.instanceId === app.instance_id)!;
    await tasks.complete(policeActor, policeTask.id, { approved: true, opinion: '安保方案可行' });
    const health = await journey.actorOf('health-officer');
    const healthTask = (await tasks.inbox(health)).find((t) => t.instanceId === app.instance_id)!;
    await tasks.returnForCorrection(health, healthTask.id, '请补充消毒剂生产车间布局图');

    // The company answers the correction in one place; nothing is issued before every item is decided.
    await company.reload();
    const correction = company.getByTestId('apps-corrections').locator('li').filter({ hasText: '请补充消毒剂生产车间布局图' });
    await correction.waitFor();
    expect(await company.getByTestId('apps-certificates').count()).toBe(0);
    await correction.locator('textarea').fill('已上传车间布局图');
    await correction.getByRole('button').click();
    await company.getByText('补正已提交，办理时限恢复计时').waitFor();
    await tasks.complete(health, healthTask.id, { approved: true, opinion: '补正后符合要求' });

    // Every certificate arrives together (the server's worker runs the issue step).
    await expect.poll(async () => {
      await company.reload();
      return company.getByTestId('apps-status').textContent();
    }, POLL).toBe('已办结，证照已发放');
    const certificates = company.getByTestId('apps-certificates').locator('tr.ant-table-row');
    // The business licence and the three permits (the table is filled by its own request, after the status).
    await expect.poll(() => certificates.count(), POLL).toBe(4);
    const numbers = (await company.getByTestId('apps-certificates').locator('tr.ant-table-row td:nth-child(2)').allTextContents()).map((s) => s.trim());
    const pdf = await company.request.get(`${journey.platform.url}/api/market/certificates/${numbers[0]}/pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    // The URL each QR code encodes opens without login and confirms the certificate.
    const publicContext = await company.context().browser()!.newContext();
    const page = await publicContext.newPage();
    for (const no of numbers) {
      await page.goto(verificationUrl(journey.platform.url, no));
      await page.getByTestId('verify-status').getByText('证照有效').waitFor();
      expect(await page.getByTestId('verify-no').textContent()).toBe(no);
      expect(await page.getByTestId('verify-company').textContent()).toBe('杭州澄霁食品科技有限公司');
    }
    await publicContext.close();
    expect(errors).toEqual([]);
  }, 180_000);
});
