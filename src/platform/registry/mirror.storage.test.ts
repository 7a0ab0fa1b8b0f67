import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { readFacts } from '../../engines/rules/snapshot.ts';
import { rowOf } from './snapshot/mirror-snapshot.ts';
import { createRegistryFixture, csv, memoryBatch, type RegistryFixture } from './registry.testing.ts';

for (const dialect of testDialects()) {
  describe(`enterprise mirror on ${dialect.name}`, () => {
    let database: Database;
    let tp: RegistryFixture;
    let a: string, b: string;
    beforeAll(async () => {
      database = await dialect.open();
      tp = await createRegistryFixture(database);
      [a, b] = tp.xihu.map((e) => e.uscc);
      const intake = tp.services.registry.intake;
      // 2026-03-02: the statistics bureau sends 2025 figures; the tax bureau its own.
      await intake.run(null, memoryBatch(csv(['uscc', 'employees', 'total_assets', 'rd_spend'], [[a, 40, '9000000', '120000'], [b, 7, '500000', '0']]), 'stats', { period: '2025' }));
      await intake.run(null, memoryBatch(csv(['uscc', 'revenue', 'taxable_income', 'tax_credit_rating'], [[a, '20000000', '1500000', 'A']]), 'tax', { period: '2025' }));
      await intake.run(null, memoryBatch(csv(['uscc', 'legal_rep_name', 'legal_rep_phone', 'high_tech', 'registered_capital'], [[a, '王小明', '13912345678', '1', '5000000']]), 'amr'));
      // 2026-04-01: a correction of 2025 employees, and 2024 figures arriving late.
      tp.clock.set('2026-04-01T08:00:00.000Z');
      await intake.run(null, memoryBatch(csv(['uscc', 'employees'], [[a, 42]]), 'stats', { period: '2025' }));
      await intake.run(null, memoryBatch(csv(['uscc', 'employees', 'revenue'], [[a, 35, '15000000']]), 'stats', { period: '2024' }));
    }, 60_000);
    afterAll(() => database?.close());

    it('reads values as of a date: what was known then, with history kept', async () => {
      const admin = tp.actor('admin');
      const [march] = await tp.services.registry.portrait.readValues(admin, a, { keys: ['employees'], purpose: null, asOf: '2026-03-15' });
      expect(march).toMatchObject({ value: 40, period: '2025', source: 'stats', access: 'clear' });
      const [april] = await tp.services.registry.portrait.readValues(admin, a, { keys: ['employees'], purpose: null, asOf: '2026-04-01' });
      expect(april).toMatchObject({ value: 42, period: '2025', arrivedAt: '2026-04-01T08:00:00.000Z' });
      const [before] = await tp.services.registry.portrait.readValues(admin, a, { keys: ['rd_spend'], purpose: null, asOf: '2026-03-01' });
      expect(before.value).toBeNull();
      const portrait = await tp.services.registry.portrait.portrait(admin, a, { asOf: '2026-04-02', purpose: null });
      const series = portrait.series.find((s) => s.key === 'employees')!;
      expect(series.points).toEqual([{ period: '2024', value: 35, source: 'stats' }, { period: '2025', value: 42, source: 'stats' }]);
    });

    it('refuses and audits a cross-department read without an agreement', async () => {
      const market = tp.actor('xihuMarket');
      await expect(tp.services.registry.portrait.readValues(market, a, { keys: ['taxable_income'], purpose: 'policy.matching', asOf: '2026-04-02' })).rejects.toMatchObject({ code: 'auth.forbidden' });
      const { items } = await tp.services.audit.search({ action: 'registry.read.refused', page: 1, pageSize: 10 });
      expect(items[0]).toMatchObject({ actorName: 'xihu-market', target: a, purpose: 'policy.matching' });
      // Its own department's data needs no agreement.
      const own = await tp.services.registry.portrait.readValues(market, a, { keys: ['legal_rep_name'], purpose: null, asOf: '2026-04-02' });
      expect(own[0]).toMatchObject({ value: '王小明', access: 'clear' });
    });

    it('masks sensitive and personal values unless the agreement allows them, and audits the read', async () => {
      const market = tp.actor('xihuMarket');
      const tax = tp.actor('xihuTax');
      const admin = tp.actor('admin');
      await tp.services.registry.sharing.create(admin, { name: '税务共享', purpose: 'policy.matching', providers: ['tax'], consumers: ['amr'], attributes: ['taxable_income', 'revenue'], allowClear: false, validFrom: '2026-01-01', validTo: null });
      const masked = await tp.services.registry.portrait.readValues(market, a, { keys: ['taxable_income', 'revenue'], purpose: 'policy.matching', asOf: '2026-04-02' });
      expect(masked.map((v) => [v.key, v.access, v.value])).toEqual([['taxable_income', 'masked', null], ['revenue', 'clear', 2000000000]]);
      // The purpose is part of the agreement: another purpose is refused.
      await expect(tp.services.registry.portrait.readValues(market, a, { keys: ['revenue'], purpose: 'marketing', asOf: '2026-04-02' })).rejects.toMatchObject({ code: 'auth.forbidden' });

      await tp.services.registry.sharing.create(admin, { name: '法人信息核验', purpose: 'identity.verification', providers: ['amr'], consumers: ['330106-tax'], attributes: ['legal_rep_name', 'legal_rep_phone'], allowClear: false, validFrom: '2026-01-01', validTo: null });
      const personal = await tp.services.registry.portrait.readValues(tax, a, { keys: ['legal_rep_name', 'legal_rep_phone'], purpose: 'identity.verification', asOf: '2026-04-02' });
      expect(personal.map((v) => v.value)).toEqual(['王**', '139****5678']);
      const { items } = await tp.services.audit.search({ action: 'registry.values.read', actor: 'xihu-tax', page: 1, pageSize: 5 });
      expect(items[0]).toMatchObject({ purpose: 'identity.verification', personal: false });
      expect((items[0].details as { attributes: Record<string, string[]> }).attributes).toEqual({ 'amr:masked': ['legal_rep_name', 'legal_rep_phone'] });
    });

    it('builds a portrait: identity, size class, tags, categories with lineage, warnings; scoped by division', async () => {
      const portrait = await tp.services.registry.portrait.portrait(tp.actor('xihuOfficial'), a, { asOf: '2026-04-02', purpose: null });
      expect(portrait.identity).toMatchObject({ districtName: '西湖区', industryCode: 'I65' });
      // 软件和信息技术服务业: 42 employees and ¥20 M revenue → small (small ≥ 10 people and ≥ ¥0.5 M; medium needs 100 and ¥10 M).
      expect(portrait.sizeClass.value).toBe('small');
      expect(portrait.tags.map((t) => t.key)).toEqual(expect.arrayContaining(['size.small', 'high_tech']));
      const registration = portrait.categories.find((c) => c.key === 'registration')!;
      const rep = registration.attributes.find((x) => x.key === 'legal_rep_name')!;
      expect(rep).toMatchObject({ access: 'withheld', value: null });
      const capital = registration.attributes.find((x) => x.key === 'registered_capital')!;
      expect(capital).toMatchObject({ value: 500000000, access: 'clear' });
      expect(portrait.lineage[capital.lineage!]).toMatchObject({ source: 'amr', interface: 'file' });
      expect(rep.lineage).toBeNull();
      // Each lineage is listed once, and each is named by some attribute.
      const named = new Set(portrait.categories.flatMap((c) => c.attributes.map((x) => x.lineage)).filter((i) => i !== null));
      expect(named.size).toBe(portrait.lineage.length);
      expect(new Set(portrait.lineage.map((l) => JSON.stringify(l))).size).toBe(portrait.lineage.length);
      expect(portrait.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'conflict', attribute: 'registered_capital' })]));
      expect(portrait.withheld).toBeGreaterThan(0);
      await expect(tp.services.registry.portrait.portrait(tp.actor('binjiangOfficial'), a, { asOf: '2026-04-02', purpose: null })).rejects.toMatchObject({ code: 'not_found' });
      const own = await tp.services.registry.portrait.portrait(tp.actor('company'), a, { asOf: '2026-04-02', purpose: null });
      expect(own.categories.flatMap((c) => c.attributes).find((x) => x.key === 'taxable_income')).toMatchObject({ value: 150000000, access: 'clear' });
    });

    it('flags stale figures', async () => {
      const portrait = await tp.services.registry.portrait.portrait(tp.actor('admin'), a, { asOf: '2027-12-31', purpose: null });
      expect(portrait.warnings.filter((w) => w.kind === 'stale').map((w) => w.attribute)).toEqual(expect.arrayContaining(['employees', 'revenue']));
    });

    it('builds a columnar snapshot, refreshes it incrementally, and round-trips it through a file', async () => {
      const snaps = tp.services.registry.snapshots;
      const snap = await snaps.build('2026-04-02');
      expect(snap.usccs.length).toBe(5);
      const i = rowOf(snap, a);
      const facts = readFacts(snap.engine, i);
      expect(snap.periods.employees).toEqual(['2025', '2024', '2023']);
      expect(facts.employees).toEqual([42, 35, undefined]);
      expect(facts.revenue).toEqual([2000000000, 1500000000, undefined]);
      expect(facts.high_tech).toBe(true);
      expect(facts.industry).toBe('I65');
      expect(facts.tax_credit_rating).toEqual(['A', undefined, undefined]);
      expect(facts.legal_rep_name).toBeUndefined();

      await tp.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'employees'], [[b, 9]]), 'stats', { period: '2025' }));
      expect(await snaps.refresh(snap)).toBe(1);
      expect(readFacts(snap.engine, rowOf(snap, b)).employees).toEqual([9, undefined, undefined]);

      const dir = mkdtempSync(join(tmpdir(), 'snap-'));
      const path = join(dir, 'mirror.snap');
      await snaps.save(snap, path);
      const loaded = await snaps.load(path);
      rmSync(dir, { recursive: true, force: true });
      expect(loaded.usccs).toEqual(snap.usccs);
      for (let r = 0; r < snap.usccs.length; r++) expect(readFacts(loaded.engine, r)).toEqual(readFacts(snap.engine, r));
    });

    it('adds an attribute at run time (a row, no migration) and takes values for it at once', async () => {
      const catalogue = tp.services.registry.catalogue;
      await catalogue.define({ key: 'night_shift_staff', zh: '夜班员工数', en: 'Night-shift staff', type: 'integer', category: 'employment', dataClass: 'internal', department: 'hrss', frequency: 'point', min: 0 });
      await expect(catalogue.define({ key: 'night_shift_staff', zh: 'x', en: 'x', type: 'integer', category: 'employment', dataClass: 'internal', department: 'hrss', frequency: 'point' })).rejects.toMatchObject({ code: 'conflict' });
      await expect(catalogue.define({ key: 'bad', zh: 'x', en: 'x', type: 'enum', category: 'nope', dataClass: 'internal', department: 'hrss', frequency: 'point' })).rejects.toMatchObject({ code: 'validation.failed' });
      const { batch } = await tp.services.registry.intake.run(null, memoryBatch(csv(['uscc', '夜班员工数'], [[b, 3]]), 'hrss'));
      expect(batch.status).toBe('committed');
    });

    describe('HTTP pull connector', () => {
      let server: Server;
      let url = '';
      const seen: (string | undefined)[] = [];
      beforeAll(async () => {
        server = createServer((req, res) => {
          seen.push(req.headers.authorization);
          if (req.headers.authorization !== 'Bearer s3cret') return void res.writeHead(401).end();
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [{ code: a, y: '2025', n: 31 }] }));
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hrss/graduates`;
      });
      afterAll(() => new Promise<void>((r) => server.close(() => r())));

      it('pulls with its token and mapping on schedule, and a repeated answer changes nothing', async () => {
        const connectors = tp.services.registry.connectors;
        const c = await connectors.create({ name: 'hrss-graduates', source: 'hrss', url, token: 's3cret', format: 'json', mapping: { code: 'uscc', y: 'period', n: 'graduates_hired' }, everyMinutes: 60 });
        expect(await connectors.runDue()).toBe(1);
        expect(seen.at(-1)).toBe('Bearer s3cret');
        const [after] = await connectors.list();
        expect(after.lastError).toBeNull();
        const batch = await tp.services.registry.values.getBatch(after.lastBatchId!);
        expect(batch).toMatchObject({ status: 'committed', interface: 'connector:hrss-graduates', rowsAccepted: 1 });
        expect(await connectors.runDue()).toBe(0); // not due for an hour
        tp.clock.advance(61 * 60_000);
        const again = await connectors.run(c.id);
        expect(again.batch.status).toBe('duplicate');
        tp.clock.set('2026-04-01T08:00:00.000Z');
      });
    });
  });
}
