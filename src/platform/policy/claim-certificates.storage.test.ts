import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import type { PolicyUnit } from '../../engines/rules/index.ts';
import type { SourceCertificate } from '../certificates/certificate-library.ts';
import { createRegistryFixture, type RegistryFixture } from '../registry/registry.testing.ts';
import type { BankAccount } from './lifecycle.types.ts';
import { createPolicyLifecycleServices, type PolicyLifecycleServices } from './policy-lifecycle.services.ts';

const account: BankAccount = { name: '杭州西湖测试科技有限公司', number: '6222020200112233', bank: '102331000015' };

/** A quick-apply unit for 西湖区 companies with at least 30 employees and, optionally, more conditions. */
function unit(id: string, more: unknown[] = []): PolicyUnit {
  const staff = { '>=': [{ var: 'employees' }, 30] };
  return {
    id, version: 1, title: { zh: `证照测试 ${id}`, en: `Certificate test ${id}` }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
    eligibility: (more.length ? { and: [staff, ...more] } : staff) as PolicyUnit['eligibility'], benefit: { fixed: 80_000 },
  };
}

/** A certificate as a source lists it. */
function cert(over: Partial<SourceCertificate> & Pick<SourceCertificate, 'number' | 'kind'>): SourceCertificate {
  return { title: '证照', issuer: '杭州市科学技术局', issuedAt: '2025-01-10', validUntil: '2027-12-31', status: 'valid', verifyUrl: `/verify/${over.number}`, ...over };
}

const highTech = { '==': [{ var: 'high_tech' }, true] };
const scan = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`));

for (const dialect of testDialects()) {
  describe(`quick apply with certificates from the library (${dialect.name})`, () => {
    let database: Database;
    let fx: RegistryFixture;
    let life: PolicyLifecycleServices;
    let lineId: string;

    async function open(u: PolicyUnit): Promise<void> {
      await fx.services.policy.units.save(fx.actor('admin'), u);
      await life.budget.setSettings(fx.actor('admin'), u.id, { mode: 'quick_apply', budgetLineId: lineId });
      await life.push.publish(fx.actor('admin'), u.id, u.version);
      await life.push.idle();
    }

    beforeAll(async () => {
      database = await dialect.open();
      fx = await createRegistryFixture(database);
      life = fx.services.policyLifecycle;
      await life.ready();
      lineId = (await life.budget.createLine(fx.actor('admin'), { title: '2026 科技奖补', capFen: 10_000_000 })).id;
      const company = fx.xihu[0].uscc;
      fx.services.certificates.registerCertificateSource({
        kind: 'test.sci', name: '科技证照',
        list: async (uscc) => (uscc !== company ? [] : [
          cert({ number: 'GR202533000123', kind: 'high_tech', title: '高新技术企业证书', issuer: '浙江省科学技术厅' }),
          cert({ number: 'JY13301060001', kind: 'permit:food', title: '食品经营许可证', validUntil: '2026-01-31' }),
          cert({ number: 'YP33010600009', kind: 'permit:drugs', title: '药品经营许可证', status: 'cancelled' }),
        ]),
      });
    }, 60_000);
    afterAll(async () => { await database?.close(); });

    it('fetches a valid certificate, takes it as proof of the fact it certifies, approves and stores it with the claim', async () => {
      await open(unit('cert-proven', [highTech]));
      life.claims.requireCertificates('cert-proven', [{ kind: 'high_tech', title: '高新技术企业证书', proves: { fact: 'high_tech', value: true } }]);
      const quote = await life.claims.quote(fx.actor('company'), 'cert-proven');
      expect(quote.missing).toEqual([]);
      expect(quote.result.eligible).toBe(true);
      expect(quote.certificates).toMatchObject({ fetched: [{ number: 'GR202533000123', issuer: '浙江省科学技术厅', validUntil: '2027-12-31', status: 'valid', source: 'test.sci', verifyUrl: '/verify/GR202533000123' }], refused: [], missing: [] });
      const c = await life.claims.apply(fx.actor('company'), 'cert-proven', { account });
      expect(c).toMatchObject({ status: 'approved', decidedBy: 'system' });
      expect(await life.claims.certificates(fx.actor('company'), c.id)).toEqual([
        { kind: 'high_tech', title: '高新技术企业证书', number: 'GR202533000123', issuer: '浙江省科学技术厅', issuedAt: '2025-01-10', validUntil: '2027-12-31', verifyUrl: '/verify/GR202533000123', source: 'test.sci', uploadRef: null },
      ]);
      await expect(life.claims.certificates(fx.actor('binjiangOfficial'), c.id)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('keeps the needs with the unit’s settings (a restart keeps them), validated field by field; an empty list asks for none', async () => {
      await open(unit('cert-settings', [highTech]));
      const admin = fx.actor('admin');
      await expect(life.budget.setSettings(admin, 'cert-settings', { mode: 'quick_apply', budgetLineId: lineId, certificates: [{ kind: 'High Tech', title: '' }, { kind: 'permit:food', title: '食品经营许可证', proves: { fact: 'x', value: null as never } }] }))
        .rejects.toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'certificates.0.kind', rule: 'pattern' }, { field: 'certificates.0.title', rule: 'length' }, { field: 'certificates.1.proves.value', rule: 'type' }] } });
      const saved = await life.budget.setSettings(admin, 'cert-settings', { mode: 'quick_apply', budgetLineId: lineId, certificates: [{ kind: 'high_tech', title: ' 高新技术企业证书 ', proves: { fact: 'high_tech', value: true } }] });
      expect(saved.certificates).toEqual([{ kind: 'high_tech', title: '高新技术企业证书', proves: { fact: 'high_tech', value: true } }]);
      // A restarted process (no declaration in code) reads them from the database, and a later change of mode keeps them.
      const s = fx.services;
      const restarted = createPolicyLifecycleServices({ database, clock: s.clock, ids: s.ids, audit: s.audit, policy: s.policy, enterprises: s.enterpriseRepository, channels: [], certificates: s.certificates });
      await restarted.budget.setSettings(admin, 'cert-settings', { mode: 'quick_apply', budgetLineId: lineId });
      const quote = await restarted.claims.quote(fx.actor('company'), 'cert-settings');
      expect(quote.certificates.fetched.map((c) => c.number)).toEqual(['GR202533000123']);
      expect(quote.result.eligible).toBe(true);
      await restarted.budget.setSettings(admin, 'cert-settings', { mode: 'quick_apply', budgetLineId: lineId, certificates: [] });
      expect((await restarted.claims.quote(fx.actor('company'), 'cert-settings')).certificates).toEqual({ fetched: [], refused: [], missing: [] });
      const audit = await s.audit.search({ action: 'policy.unit.settings', page: 1, pageSize: 50 });
      expect(audit.items.filter((e) => e.target === 'cert-settings').length).toBeGreaterThanOrEqual(3);
    });

    it('asks for an upload when a needed certificate is missing or expired; an upload is not proof, so an official reviews', async () => {
      await open(unit('cert-expired'));
      life.claims.requireCertificates('cert-expired', [{ kind: 'permit:food', title: '食品经营许可证' }, { kind: 'permit:tobacco', title: '烟草专卖零售许可证' }]);
      const quote = await life.claims.quote(fx.actor('company'), 'cert-expired');
      expect(quote.certificates.fetched).toEqual([]);
      expect(quote.certificates.refused).toMatchObject([{ number: 'JY13301060001', status: 'expired' }]);
      expect(quote.certificates.missing.map((n) => n.kind)).toEqual(['permit:food', 'permit:tobacco']);
      const food = (await fx.services.files.upload(fx.actor('company'), { name: 'food.pdf', bytes: scan('food') })).id;
      const tobacco = (await fx.services.files.upload(fx.actor('company'), { name: 'tobacco.pdf', bytes: scan('tobacco') })).id;
      const official = (await fx.services.files.upload(fx.actor('xihuOfficial'), { name: 'memo.pdf', bytes: scan('memo') })).id;
      await expect(life.claims.apply(fx.actor('company'), 'cert-expired', { account, certificateUploads: { 'permit:food': food } }))
        .rejects.toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'certificateUploads.permit:tobacco', rule: 'certificate.required' }] } });
      await expect(life.claims.apply(fx.actor('company'), 'cert-expired', { account, certificateUploads: { 'permit:food': food, 'permit:tobacco': tobacco, high_tech: food } }))
        .rejects.toMatchObject({ details: { errors: [{ field: 'certificateUploads.high_tech', rule: 'certificate.notAsked' }] } });
      // A file an official's organisation uploaded is no company's copy; a reference that names no upload is refused.
      await expect(life.claims.apply(fx.actor('company'), 'cert-expired', { account, certificateUploads: { 'permit:food': official, 'permit:tobacco': 'upload/tobacco.pdf' } }))
        .rejects.toMatchObject({ details: { errors: [{ field: 'certificateUploads.permit:food', rule: 'certificate.upload.notYours' }, { field: 'certificateUploads.permit:tobacco', rule: 'certificate.upload.notFound' }] } });
      const c = await life.claims.apply(fx.actor('company'), 'cert-expired', { account, certificateUploads: { 'permit:food': food, 'permit:tobacco': tobacco } });
      expect(c).toMatchObject({ status: 'pending_review', reason: 'certificates uploaded, not found in the library' });
      expect((await life.claims.certificates(fx.actor('xihuOfficial'), c.id)).map((x) => [x.kind, x.number, x.uploadRef, x.uploadName])).toEqual([['permit:food', null, food, 'food.pdf'], ['permit:tobacco', null, tobacco, 'tobacco.pdf']]);
      expect((await fx.services.files.open(fx.actor('xihuOfficial'), tobacco)).file.name).toBe('tobacco.pdf');
      await expect(fx.services.files.open(fx.actor('binjiangOfficial'), tobacco)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('does not accept a cancelled certificate as proof: the fact it would prove is asked', async () => {
      await open(unit('cert-cancelled', [highTech]));
      life.claims.requireCertificates('cert-cancelled', [{ kind: 'permit:drugs', title: '药品经营许可证', proves: { fact: 'high_tech', value: true } }]);
      const quote = await life.claims.quote(fx.actor('company'), 'cert-cancelled');
      expect(quote.certificates).toMatchObject({ fetched: [], refused: [{ number: 'YP33010600009', status: 'cancelled' }], missing: [{ kind: 'permit:drugs' }] });
      expect(quote.missing).toContain('high_tech');
      const drugs = (await fx.services.files.upload(fx.actor('company'), { name: 'drugs.pdf', bytes: scan('drugs') })).id;
      const c = await life.claims.apply(fx.actor('company'), 'cert-cancelled', { account, answers: { high_tech: true }, certificateUploads: { 'permit:drugs': drugs } });
      expect(c).toMatchObject({ status: 'pending_review', reason: 'answers not proven by data' });
    });

    it('keeps the copies claims hold and deletes, past their retention, uploads nothing holds', async () => {
      const files = fx.services.files;
      const draft = (await files.upload(fx.actor('company'), { name: 'draft.pdf', bytes: scan('never used') })).id;
      // The same bytes as the food permit a claim holds: the record goes, the shared content stays.
      const again = (await files.upload(fx.actor('company'), { name: 'food-again.pdf', bytes: scan('food') })).id;
      await expect(files.purgeUnreferenced({ retentionDays: 0 })).rejects.toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'retentionDays', rule: 'integer.range' }] } });
      // Nothing is 30 days old yet.
      expect(await files.purgeUnreferenced()).toEqual({ files: 0, blobs: 0, bytes: 0 });
      const referenced = async () => new Set((await database.kysely.selectFrom('policy_claim_certificates').select('upload_ref').where('upload_ref', 'is not', null).execute()).map((r) => r.upload_ref as string));
      const held = await referenced();
      expect(held.size).toBe(3);
      const before = fx.clock.now().toISOString();
      fx.clock.set(new Date(fx.clock.now().getTime() + 31 * 86_400_000).toISOString());
      try {
        // Unreferenced: the draft, the duplicate, and the memo an official uploaded in an earlier test.
        expect(await files.purgeUnreferenced()).toEqual({ files: 3, blobs: 2, bytes: scan('never used').length + scan('memo').length });
        const left = (await database.kysely.selectFrom('files').select('id').execute()).map((r) => r.id as string);
        expect(new Set(left)).toEqual(held);
        const blobs = (await database.kysely.selectFrom('file_blobs').select('sha256').execute()).map((r) => r.sha256 as string);
        expect(blobs).toHaveLength(3);
        await expect(files.open(fx.actor('company'), draft)).rejects.toMatchObject({ code: 'not_found' });
        await expect(files.open(fx.actor('company'), again)).rejects.toMatchObject({ code: 'not_found' });
        const audit = await fx.services.audit.search({ action: 'file.purge', page: 1, pageSize: 10 });
        expect(audit.items.map((e) => e.target).sort()).toEqual(expect.arrayContaining([draft, again]));
        expect(audit.items).toHaveLength(3);
        expect(audit.items.find((e) => e.target === draft)).toMatchObject({ actorId: null, details: { name: 'draft.pdf', retentionDays: 30 } });
        // A second run finds nothing more; the claims' copies still open for their reviewers.
        expect(await files.purgeUnreferenced()).toEqual({ files: 0, blobs: 0, bytes: 0 });
        for (const id of held) expect((await files.open(fx.actor('company'), id)).bytes.length).toBeGreaterThan(0);
      } finally {
        fx.clock.set(before);
      }
    });
  });
}
