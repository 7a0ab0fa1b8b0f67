// Quick apply with certificates in real Chromium: the claim form shows the certificates fetched from
// the electronic certificate library (with a link to each one's verification page), asks for an
// upload reference only for the one missing, and the claim stores both.
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
    await company.getByTestId('certificate-upload-permit:tobacco').fill('upload/tobacco-2026.pdf');
    await company.getByTestId('account-name').fill('杭州测试企业');
    await company.getByTestId('account-number').fill('6222020200112233');
    await company.getByTestId('account-bank').fill('102331000015');
    await company.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => company.getByTestId(`claim-status-${UNIT}`).textContent(), POLL).toBe('待审核');

    const [claim] = await life.claims.list(officer, { unitId: UNIT });
    expect((await life.claims.certificates(officer, claim.id)).map((c) => [c.kind, c.number, c.uploadRef])).toEqual([['high_tech', 'GR202533000777', null], ['permit:tobacco', null, 'upload/tobacco-2026.pdf']]);
    expect(errors).toEqual([]);
  }, 120_000);
});
