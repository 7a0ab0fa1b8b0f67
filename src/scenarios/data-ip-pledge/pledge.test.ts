import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { fromBase64, getHashSuite, verifyCheckpoint, verifyInclusion, parseVerifierKey } from '../../engines/ledger/index.ts';
import { AppError } from '../../kernel/errors.ts';
import { sm3 } from '../../kernel/sm3.ts';
import type { EntryProof, EvidenceTrust } from '../../platform/evidence/evidence-log.ts';
import { DATA_IP_CERTIFICATE_KIND } from './certificate-source.ts';
import { buildAssetInput, buildSample, createPledgeTestbed, type PledgeTestbed } from './pledge.testing.ts';

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

/** Checks a proof the way the bank's browser does: checkpoint signatures and quorum, then inclusion. */
async function checkProof(proof: EntryProof, trust: EvidenceTrust): Promise<Record<string, unknown>> {
  const trusted = await verifyCheckpoint(proof.checkpoint, { logKeys: [parseVerifierKey(trust.logKey)], witnessKeys: trust.witnessKeys.map((w) => parseVerifierKey(w.key)), quorum: trust.quorum });
  const data = fromBase64(proof.data);
  verifyInclusion(getHashSuite('sha256'), proof.leafIndex, trusted.size, getHashSuite('sha256').leafHash(data), proof.inclusionProof.map((h) => fromBase64(h)), trusted.rootHash);
  return JSON.parse(new TextDecoder().decode(data)) as Record<string, unknown>;
}

for (const dialect of testDialects()) {
  describe(`data-IP pledge on ${dialect.name}`, () => {
    let database: Database;
    let t: PledgeTestbed;
    beforeAll(async () => {
      database = await dialect.open();
      t = await createPledgeTestbed(database);
    });
    afterAll(async () => database?.close());

    it('registers an asset, logs it with its index, issues a certificate and answers verification with checkable proofs', async () => {
      const input = buildAssetInput({}, 1);
      const asset = await t.pledge.registration.register(t.actors.company, input);
      expect(asset.status).toBe('registered');
      expect(asset.serial).toMatch(/^DIP-2026-\d{8}$/);
      const detail = await t.pledge.queries.detail(t.actors.company, asset.id);
      expect(detail.events).toEqual([{ kind: 'registration', at: expect.any(String), logIndex: asset.registrationIndex }]);
      const { pdf } = await t.pledge.certificates.render(asset.id, 'http://localhost:3000');
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');

      const answer = await t.pledge.verification.verify({ fingerprint: input.fingerprint, hashAlg: 'sha256' });
      expect(answer).toMatchObject({ registered: true, changedSince: false, pledged: false, asset: { id: asset.id, ownerUscc: t.actors.company.enterpriseUscc } });
      expect(answer.trust.quorum).toBe(4);
      const entry = await checkProof(answer.registrationProof!, answer.trust);
      expect(entry).toMatchObject({ kind: 'registration', fingerprint: input.fingerprint, assetId: asset.id });
      // Registering the same data again is refused.
      expect((await rejection(t.pledge.registration.register(t.actors.company, input))).code).toBe('conflict.already_registered');
      expect((await t.pledge.verification.verify({ fingerprint: 'ab'.repeat(32), hashAlg: 'sha256' })).registered).toBe(false);
    });

    it('refuses a registration without a consent record for a declared data subject class', async () => {
      const e = await rejection(t.pledge.registration.register(t.actors.company, buildAssetInput({ subjectClasses: ['customers', 'drivers'] }, 2)));
      expect(e.code).toBe('validation.data_rules');
      expect((e.details as { errors: { rule: string; message: string }[] }).errors).toEqual([expect.objectContaining({ rule: 'consent.missing', message: expect.stringContaining('drivers') })]);
    });

    it('blocks a sample holding a resident ID number, a phone, a bank card and a name with an address, showing rows and columns', async () => {
      const base = buildAssetInput({}, 3);
      const rows = base.sample.rows.map((r) => [...r, '']);
      rows[2][5] = '联系 11010519491231002X';
      rows[4][5] = '13912345678';
      rows[6][5] = '卡号 4111 1111 1111 1111';
      const columns = [...base.sample.columns, 'note', '收货人', '地址'];
      const withNames = rows.map((r, i) => [...r, i === 9 ? '张伟' : '', i === 9 ? '浙江省杭州市西湖区文三路 90 号' : '']);
      const e = await rejection(t.pledge.registration.register(t.actors.company, { ...base, sample: { columns, rows: withNames } }));
      expect(e.code).toBe('validation.data_rules');
      const findings = (e.details as { findings: { row: number; column: string; kind: string }[] }).findings;
      expect(findings.map((f) => [f.row, f.column, f.kind])).toEqual([
        [3, 'note', 'id_number'],
        [5, 'note', 'mobile'],
        [7, 'note', 'bank_card'],
        [10, '收货人 + 地址', 'name_with_address'],
      ]);
    });

    it('reports the quality figures and refuses a sample below the thresholds', async () => {
      const base = buildAssetInput({}, 4);
      const rows = base.sample.rows.map((r) => [...r]);
      rows[1] = [...rows[0]]; // a duplicate
      rows[2] = [...rows[0]];
      rows[3][2] = 'heavy'; // not a number
      rows[5][1] = ''; // a required cell empty
      const report = t.pledge.registration.check(t.actors.company, { ...base, sample: { columns: base.sample.columns, rows } });
      expect(report.quality).toMatchObject({ rows: 20, duplicateRows: 2, duplicateRate: 0.1, completeness: 0.9875, passed: false });
      expect(report.quality.schemaConformity).toBeCloseTo(98 / 99, 4);
      expect(report.quality.failures).toEqual([expect.stringContaining('duplicate rows 10.0%')]);
      const e = await rejection(t.pledge.registration.register(t.actors.company, { ...base, sample: { columns: base.sample.columns, rows } }));
      expect((e.details as { quality: { passed: boolean } }).quality.passed).toBe(false);
    });

    it('keeps data in custody encrypted and releases it only to the owner or a grantee', async () => {
      const sample = buildSample(20, 5);
      const asset = await t.pledge.registration.register(t.actors.company, { ...buildAssetInput({}, 5), custodyData: Buffer.from(sample.csv).toString('base64') });
      const stored = (await t.pledge.repo.getCustody(asset.id))!;
      expect(Buffer.from(stored.ciphertext).toString()).not.toContain('order_id');
      expect(new TextDecoder().decode((await t.pledge.custody.retrieve(t.actors.company, asset.id)).data)).toBe(sample.csv);
      expect((await rejection(t.pledge.custody.retrieve(t.actors.bank, asset.id))).code).toBe('auth.forbidden');
      const grant = await t.pledge.custody.grant(t.actors.company, asset.id, t.actors.bank.org.code);
      expect(new TextDecoder().decode((await t.pledge.custody.retrieve(t.actors.bank, asset.id)).data)).toBe(sample.csv);
      await t.pledge.custody.revoke(t.actors.company, asset.id, grant.id);
      expect((await rejection(t.pledge.custody.retrieve(t.actors.bank, asset.id))).code).toBe('auth.forbidden');
      // A file that is not the registered data is refused.
      const other = await t.pledge.registration.register(t.actors.company, buildAssetInput({}, 6));
      expect((await rejection(t.pledge.custody.deposit(t.actors.company, other.id, Buffer.from('not it').toString('base64')))).code).toBe('validation.failed');
      const kinds = (await t.pledge.queries.detail(t.actors.company, asset.id)).events.map((e) => e.kind);
      expect(kinds).toEqual(['registration', 'custody', 'grant', 'revoke']);
      const audit = await t.platform.audit.search({ action: 'pledge.custody', page: 1, pageSize: 20 });
      expect(audit.items.map((i) => i.action).sort()).toEqual(['pledge.custody', 'pledge.custody.refused', 'pledge.custody.refused', 'pledge.custody.retrieve', 'pledge.custody.retrieve']);
    });

    it('takes SM3 fingerprints, checking a custody file with SM3 too', async () => {
      const sample = buildSample(20, 11);
      const fingerprint = Buffer.from(sm3(new TextEncoder().encode(sample.csv))).toString('hex');
      const asset = await t.pledge.registration.register(t.actors.company, { ...buildAssetInput({}, 11), hashAlg: 'sm3', fingerprint, custodyData: Buffer.from(sample.csv).toString('base64') });
      expect((await t.pledge.verification.verify({ fingerprint, hashAlg: 'sm3' })).asset?.id).toBe(asset.id);
      expect((await t.pledge.verification.verify({ fingerprint, hashAlg: 'sha256' })).registered).toBe(false);
      // A custody file that is not the data is refused before anything is registered.
      const other = buildAssetInput({}, 12);
      expect((await rejection(t.pledge.registration.register(t.actors.company, { ...other, custodyData: Buffer.from('other').toString('base64') }))).code).toBe('validation.failed');
      expect((await t.pledge.verification.verify({ fingerprint: other.fingerprint, hashAlg: 'sha256' })).registered).toBe(false);
    });

    it('values, pledges, lends and releases; a pledged asset cannot be pledged again; verification follows', async () => {
      const input = buildAssetInput({}, 7);
      const asset = await t.pledge.registration.register(t.actors.company, input);
      expect((await rejection(t.pledge.pledges.value(t.actors.company, asset.id, { amountFen: 1, method: 'income', note: '' }))).code).toBe('auth.forbidden');
      const valuation = await t.pledge.pledges.value(t.actors.bank, asset.id, { amountFen: 50_000_000, method: 'income', note: '收益法' });
      const pledge = await t.pledge.pledges.pledge(t.actors.bank, asset.id, { valuationId: valuation.id, contractNo: 'ZY-2026-001', contractText: '质押合同全文' });
      expect(pledge.contractSha256).toHaveLength(64);
      const other = await t.pledge.pledges.value(t.actors.otherBank, asset.id, { amountFen: 40_000_000, method: 'market', note: '' });
      const refused = await rejection(t.pledge.pledges.pledge(t.actors.otherBank, asset.id, { valuationId: other.id, contractNo: 'X-1', contractText: 'x' }));
      expect(refused.code).toBe('conflict.pledged');
      expect(refused.message).toContain(t.actors.bank.org.name);
      expect((await rejection(t.pledge.pledges.grantLoan(t.actors.bank, pledge.id, { amountFen: 60_000_000, termMonths: 12 }))).code).toBe('validation.failed');
      const loan = await t.pledge.pledges.grantLoan(t.actors.bank, pledge.id, { amountFen: 30_000_000, termMonths: 12 });
      expect(loan).toMatchObject({ loanAmountFen: 30_000_000, loanTermMonths: 12 });

      const pledged = await t.pledge.verification.verify({ fingerprint: input.fingerprint, hashAlg: 'sha256' });
      expect(pledged).toMatchObject({ pledged: true, pledge: { bankName: t.actors.bank.org.name } });
      expect(await checkProof(pledged.pledgeProof!, pledged.trust)).toMatchObject({ kind: 'pledge', fingerprint: input.fingerprint, contractSha256: pledge.contractSha256 });

      await t.pledge.pledges.release(t.actors.bank, pledge.id);
      expect((await t.pledge.verification.verify({ fingerprint: input.fingerprint, hashAlg: 'sha256' })).pledged).toBe(false);
      const detail = await t.pledge.queries.detail(t.actors.bank, asset.id);
      expect(detail.events.map((e) => e.kind)).toEqual(['registration', 'valuation', 'pledge', 'valuation', 'loan', 'release']);
      expect(new Set(detail.events.map((e) => e.logIndex)).size).toBe(6);
      // Another bank sees its own valuation only.
      expect((await t.pledge.queries.detail(t.actors.otherBank, asset.id)).valuations.map((v) => v.bankName)).toEqual(['第二示范银行']);
    });

    it('tells that data was changed since: a new version supersedes the old fingerprint', async () => {
      const v1 = buildAssetInput({}, 8);
      const first = await t.pledge.registration.register(t.actors.company, v1);
      const v2 = buildAssetInput({ previousId: first.id }, 9);
      const second = await t.pledge.registration.register(t.actors.company, v2);
      expect(second).toMatchObject({ version: 2, lineageId: first.id, previousId: first.id });
      const answer = await t.pledge.verification.verify({ fingerprint: v1.fingerprint, hashAlg: 'sha256' });
      expect(answer).toMatchObject({ changedSince: true, asset: { status: 'superseded' }, latestVersion: { id: second.id, fingerprint: v2.fingerprint } });
      expect(await checkProof(answer.latestVersionProof!, answer.trust)).toMatchObject({ previousId: first.id, version: 2 });
      // Someone else's asset cannot get a new version from this company's neighbour.
      expect((await rejection(t.pledge.registration.register(t.actors.official, buildAssetInput({ previousId: second.id }, 10)))).code).toBe('auth.forbidden');
    });

    it('lists the company’s registrations in the certificate library: a superseded version cancelled, the newer one valid', async () => {
      const v1 = await t.pledge.registration.register(t.actors.company, buildAssetInput({}, 21));
      const v2 = await t.pledge.registration.register(t.actors.company, buildAssetInput({ previousId: v1.id }, 22));
      expect(t.platform.certificates.sources()).toContain('data_ip.registrations');
      expect(await t.platform.certificates.kinds()).toEqual(expect.arrayContaining([{ kind: DATA_IP_CERTIFICATE_KIND, title: '数据知识产权登记证书', source: '数据知识产权登记平台' }]));
      const list = (await t.platform.certificates.list(t.actors.company.enterpriseUscc!, '2026-06-01')).filter((c) => c.source === 'data_ip.registrations');
      expect(list.find((c) => c.number === v1.serial)).toMatchObject({ kind: DATA_IP_CERTIFICATE_KIND, status: 'cancelled', validUntil: null });
      expect(list.find((c) => c.number === v2.serial)).toMatchObject({
        kind: DATA_IP_CERTIFICATE_KIND, status: 'valid', issuer: '数据知识产权登记平台', issuedAt: v2.registeredAt, verifyUrl: `/pledge/verify?alg=sha256&fingerprint=${v2.fingerprint}`,
      });
      expect(list.find((c) => c.number === v2.serial)!.title).toContain(v2.name);
      expect((await t.platform.certificates.list('91330106MA2OTHER9Y', '2026-06-01')).filter((c) => c.source === 'data_ip.registrations')).toEqual([]);
    });

    it('keeps every pledge event row tied to its log entry', async () => {
      const rows = await sql<{ log_index: number; entry: string }>`select log_index, entry from pledge_events order by log_index`.execute(database.kysely as Kysely<unknown>);
      const log = await t.pledge.events.log();
      for (const r of rows.rows) expect(new TextDecoder().decode((await log.getEntry(Number(r.log_index)))!.data)).toBe(r.entry);
    });
  });
}
