// Quick apply with certificates in real Chromium: the claim form shows the certificates fetched from
// the electronic certificate library (with a link to each one's verification page), asks for an
// uploaded copy only for the one missing, and the claim stores both; the reviewing officer opens the copy.
import { expect, it } from 'vitest';
import { browserSuite, POLL, useJourney } from './harness.ts';

const UNIT = 'xihu-cert-quick';

browserSuite('policy quick apply with certificates in the browser', () => {
  const journey = useJourney();

  it('the claim form shows the fetched certificates and asks only for the missing one', async () => {
    const errors: string[] = [];
    const { policy, policyLifecycle: life, certificates } = journey.platform.services;
    const officer = await journey.actorOf('tax-officer');
    const uscc = (await journey.actorOf('enterprise')).enterpriseUscc!;
    await life.ready();
    certificates.registerCertificateSource({
      kind: 'journey.sci', name: '科技证照',
      list: async (of) => (of !== uscc ? [] : [{ number: 'GR202533000777', kind: 'high_tech', title: '高新技术企业证书', issuer: '浙江省科学技术厅', issuedAt: '2025-01-10', validUntil: '2027-12-31', status: 'valid', verifyUrl: '/market/verify/GR202533000777' }]),
    });
    await policy.units.save(officer, {
      id: UNIT, version: 1, title: { zh: '西湖区科技企业快申补贴', en: 'Xihu tech quick subsidy' }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
      eligibility: { '>=': [{ var: 'employees' }, 1] }, benefit: { fixed: 800_000 },
    });
    life.claims.requireCertificates(UNIT, [{ kind: 'high_tech', title: '高新技术企业证书' }, { kind: 'permit:tobacco', title: '烟草专卖零售许可证' }]);
    const line = await life.budget.createLine(officer, { title: '科技快申资金', capFen: 500_000_000 });
    await life.budget.setSettings(officer, UNIT, { mode: 'quick_apply', budgetLineId: line.id });
    await life.push.publish(officer, UNIT, 1);
    await life.push.idle();

    const company = await journey.session('enterprise');
    company.on('pageerror', (error) => errors.push(error.message));
    await company.goto(`${journey.platform.url}/policy/for-me`);
    await company.getByTestId(`claim-button-${UNIT}`).click();
    const fetched = company.getByTestId('fetched-certificates');
    await fetched.getByText('已自动获取的证照').waitFor();
    expect(await fetched.textContent()).toContain('GR202533000777');
    expect(await fetched.getByRole('link', { name: '核验' }).getAttribute('href')).toBe('/market/verify/GR202533000777');
    const scan = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await company.getByTestId('certificate-upload-permit:tobacco').locator('input[type=file]').setInputFiles({ name: '烟草专卖许可证.pdf', mimeType: 'application/pdf', buffer: scan });
    await expect.poll(() => company.getByTestId('certificate-uploaded-permit:tobacco').textContent(), POLL).toBe('已上传：烟草专卖许可证.pdf');
    await company.getByTestId('account-name').fill('杭州测试企业');
    await company.getByTestId('account-number').fill('6222020200112233');
    await company.getByTestId('account-bank').fill('102331000015');
    await company.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => company.getByTestId(`claim-status-${UNIT}`).textContent(), POLL).toBe('待审核');

    const [claim] = await life.claims.list(officer, { unitId: UNIT });
    const stored = await life.claims.certificates(officer, claim.id);
    expect(stored.map((c) => [c.kind, c.number, c.uploadName ?? null])).toEqual([['high_tech', 'GR202533000777', null], ['permit:tobacco', null, '烟草专卖许可证.pdf']]);
    const fileId = stored[1].uploadRef!;

    // The reviewing officer opens the copy from the claim's row; the file is served with the session cookie.
    const desk = await journey.session('tax-officer');
    desk.on('pageerror', (error) => errors.push(error.message));
    await desk.goto(`${journey.platform.url}/policy/claims`);
    await desk.locator('tr', { hasText: UNIT }).locator('.ant-table-row-expand-icon').click();
    const link = desk.getByTestId('claim-upload-permit:tobacco');
    expect(await link.textContent()).toBe('烟草专卖许可证.pdf');
    expect(await link.getAttribute('href')).toBe(`/api/files/${fileId}`);
    const opened = await desk.request.get(`${journey.platform.url}/api/files/${fileId}`);
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.from(await opened.body()).equals(scan)).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);
});
