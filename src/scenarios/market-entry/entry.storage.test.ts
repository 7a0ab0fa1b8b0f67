import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import type { AppError } from '../../kernel/errors.ts';
import { validateUscc } from '../../kernel/uscc.ts';
import { certificateHash } from './entry-certificates.ts';
import { buildEntryInput, buildIdNumber, createEntryTestbed, type EntryTestbed } from './entry.testing.ts';
import { createPermitsRepository } from './permits.repository.ts';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a failure');
}

const rules = (e: AppError) => ((e.details as { errors: { field: string; rule: string }[] }).errors ?? []).map((x) => `${x.field}:${x.rule}`);

for (const dialect of testDialects()) {
  describe(`market entry one thing (${dialect.name})`, () => {
    let database: Database;
    let t: EntryTestbed;
    const engine = () => t.platform.workflow.engine;
    const drain = async () => {
      while ((await engine().runDueJobs()) > 0);
    };
    const inboxOf = async (actor: EntryTestbed['officers']['amr']) => t.platform.workflow.tasks.inbox(actor);
    beforeAll(async () => {
      database = await dialect.open();
      t = await createEntryTestbed(database);
    }, 60_000);
    afterAll(async () => database?.close());

    it('rejects a name taken in the city and a prohibited word, naming the field and rule', async () => {
      const taken = await failure(t.entry.submit(t.actors.company, buildEntryInput({ name: '杭州西湖测试科技有限公司', scopeCodes: ['I009'], items: [] })));
      expect(taken.code).toBe('validation.failed');
      expect(rules(taken)).toContain('body.name:name.taken.identical');
      const prohibited = await failure(t.entry.submit(t.actors.company, buildEntryInput({ name: '杭州中华食品科技有限公司' })));
      expect(rules(prohibited)).toContain('body.name:name.word.approval');
    });

    it('rejects an invalid ID number and a missing licence prerequisite', async () => {
      const id = buildIdNumber();
      const badId = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
      const input = buildEntryInput();
      const bad = await failure(t.entry.submit(t.actors.company, { ...input, officers: [{ ...input.officers[0], idNumber: badId }, input.officers[1]] }));
      expect(rules(bad)).toContain('body.officers.0.idNumber:id.checkDigit');
      const prereq = await failure(t.entry.submit(t.actors.company, buildEntryInput({ scopeCodes: ['R005'], items: ['internet_cafe'] })));
      expect(rules(prereq)).toContain('body.items.0:prerequisite.missing');
      const address = await failure(t.entry.submit(t.actors.company, buildEntryInput({ address: { districtCode: '330106', townCode: '330108001', detail: '江南大道1号' } })));
      expect(rules(address)).toContain('body.address.townCode:division.town');
      expect((await failure(t.entry.submit(t.officers.amr, buildEntryInput()))).code).toBe('auth.forbidden');
    });

    it('runs registration then the licences in parallel, corrections stop the clock, and issues every certificate together', async () => {
      const input = buildEntryInput({ scopeCodes: ['C001', 'C017', 'R026', 'H001'], items: ['food_production', 'disinfection_products', 'large_event', 'food_business'] });
      const { id, instanceId, items } = await t.entry.submit(t.actors.company, input);
      expect(items.map((i) => `${i.code}@${i.org}`)).toEqual(['business_licence@330106-amr', 'food_production@330106-amr', 'disinfection_products@330106-health', 'large_event@330106-police', 'food_business@330106-amr']);
      await drain();
      // Registration is automatic; the commitment item is granted at once; three reviews wait in three inboxes.
      const amrInbox = (await inboxOf(t.officers.amr)).filter((x) => x.instanceId === instanceId);
      const healthInbox = (await inboxOf(t.officers.health)).filter((x) => x.instanceId === instanceId);
      const policeInbox = (await inboxOf(t.officers.police)).filter((x) => x.instanceId === instanceId);
      expect([amrInbox.length, healthInbox.length, policeInbox.length]).toEqual([1, 1, 1]);
      expect(amrInbox[0].name).toBe('许可审查（20个工作日）');
      expect(policeInbox[0].name).toBe('许可审查（7个工作日）');
      // The applicant sees identity numbers masked; the reviewing department in clear (audited).
      const own = await t.entry.get(t.actors.company, id);
      expect(own.form.officers![0].idNumber).not.toBe(input.officers[0].idNumber);
      expect(own.form.officers![0].idNumber).toMatch(/\*/);
      expect((await t.entry.get(t.officers.health, id)).form.officers![0].idNumber).toBe(input.officers[0].idNumber);
      await t.platform.workflow.tasks.complete(t.officers.amr, amrInbox[0].id, { approved: true, opinion: '符合条件' });
      await t.platform.workflow.tasks.complete(t.officers.police, policeInbox[0].id, { approved: true, opinion: '同意' });
      const { correctionId } = await t.platform.workflow.tasks.returnForCorrection(t.officers.health, healthInbox[0].id, '请补充生产场所平面图');
      const open = await t.entry.corrections(t.actors.company);
      expect(open.map((c) => [c.applicationId, c.id, c.reason])).toEqual([[id, correctionId, '请补充生产场所平面图']]);
      expect((await t.entry.get(t.actors.company, id)).certificates).toEqual([]);
      await t.entry.answerCorrection(t.actors.company, id, correctionId, '已上传平面图');
      expect(await t.entry.corrections(t.actors.company)).toEqual([]);
      await t.platform.workflow.tasks.complete(t.officers.health, healthInbox[0].id, { approved: true, opinion: '补正后符合' });
      await drain();
      const done = await t.entry.get(t.actors.company, id);
      expect(done.status).toBe('issued');
      expect(done.certificates.map((c) => c.itemCode).sort()).toEqual(['business_licence', 'disinfection_products', 'food_business', 'food_production', 'large_event']);
      expect(new Set(done.certificates.map((c) => c.issuedAt)).size).toBe(1);
      // The company is in the register with a valid USCC, and holds the permits.
      const uscc = done.uscc!;
      expect(validateUscc(uscc).ok).toBe(true);
      const company = (await t.platform.enterpriseRepository.get({ kind: 'all' }, uscc))!;
      expect([company.name, company.status, company.districtCode, company.townCode, company.registeredCapitalFen, company.industryCode[0]]).toEqual(['杭州湖光食品科技有限公司', 'active', '330106', '330106004', 100_000_000, 'C']);
      const permits = await createPermitsRepository(database).ofCompany(uscc);
      expect(permits).toHaveLength(5);
      // Verification: public, the content matches its recorded hash; sealing puts the hashes in the evidence log.
      const licence = await t.entry.verify(uscc);
      expect([licence.companyName, licence.status, licence.hashMatches, licence.evidence.logIndex]).toEqual(['杭州湖光食品科技有限公司', 'valid', true, null]);
      expect(await t.entry.sealCertificates()).toBe(5);
      const sealed = await t.entry.verify(done.certificates.find((c) => c.itemCode === 'large_event')!.certificateNo);
      expect(sealed.evidence.logIndex).not.toBeNull();
      const pdf = await t.entry.certificatePdf(t.actors.company, uscc, 'http://localhost');
      expect(Buffer.from(pdf.pdf.slice(0, 5)).toString()).toBe('%PDF-');
      const cert = await t.entry.verify(uscc);
      expect(cert.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(certificateHash).toBeTypeOf('function');
      // The same name cannot be registered again.
      expect(rules(await failure(t.entry.submit(t.actors.company, input)))).toContain('body.name:name.taken.identical');
    }, 60_000);

    it('routes an item without a department in the district to its one-stop window, and lists the licences a change affects', async () => {
      const input = buildEntryInput({ name: '杭州湖光人力资源有限公司', scopeCodes: ['L001'], items: ['hr_service_filing'] });
      const { id, items } = await t.entry.submit(t.actors.company, input);
      expect(items.map((i) => [i.code, i.org, i.window])).toEqual([['business_licence', '330106-amr', false], ['hr_service_filing', '330106', true]]);
      await drain();
      expect((await t.entry.get(t.actors.company, id)).status).toBe('issued');
      const uscc = (await t.entry.get(t.actors.company, id)).uscc!;
      // The company itself changes address to 滨江区 and adds catering: new licence, re-routed.
      const owner = { ...t.actors.company, enterpriseUscc: uscc };
      const impact = await t.entry.changeImpact(owner, { uscc, address: { districtCode: '330108', townCode: '330108001', detail: '江南大道88号' }, scopeCodes: ['L001', 'H001'] });
      expect(impact.reroutes).toBe(true);
      expect(impact.items.map((i) => i.code)).toContain('food_business');
      const missing = await failure(t.entry.changeImpact(owner, { uscc, items: ['internet_cafe'] , scopeCodes: ['R005'] }));
      expect(rules(missing)).toContain('body.items.0:prerequisite.missing');
    }, 60_000);
  });
}
