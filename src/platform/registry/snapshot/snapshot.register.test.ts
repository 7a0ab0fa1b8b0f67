import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../db/index.ts';
import { testDialects } from '../../../db/testing.ts';
import { readFacts } from '../../../engines/rules/snapshot.ts';
import { buildEnterprise } from '../../testing/builders.ts';
import { createRegistryFixture, csv, memoryBatch, type RegistryFixture } from '../registry.testing.ts';
import { rowOf, type MirrorSnapshot } from './mirror-snapshot.ts';
import { nextRegisterMark } from './snapshot.service.ts';

/** Every row of two snapshots, by USCC, as facts: equal when the snapshots hold the same population and values. */
function factsByUscc(snap: MirrorSnapshot): Record<string, unknown> {
  return Object.fromEntries([...snap.usccs].sort().map((u) => [u, readFacts(snap.engine, rowOf(snap, u))]));
}

for (const dialect of testDialects()) {
  describe(`snapshot following the register on ${dialect.name}`, () => {
    let database: Database;
    let tp: RegistryFixture;
    beforeAll(async () => {
      database = await dialect.open();
      tp = await createRegistryFixture(database);
      const [a, b] = tp.xihu.map((e) => e.uscc);
      await tp.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'employees', 'revenue'], [[a, 40, '9000000'], [b, 7, '500000']]), 'stats', { period: '2025' }));
    }, 60_000);
    afterAll(() => database?.close());

    it('adds newly registered enterprises and applies changed core columns incrementally, as a rebuild would', async () => {
      const snaps = tp.services.registry.snapshots;
      const repo = tp.services.enterpriseRepository;
      const [a, b, c] = tp.xihu.map((e) => e.uscc);
      const snap = await snaps.build('2026-03-02');
      expect(snap.usccs).toHaveLength(5);

      // A company registers; another changes industry, capital and status; the register's employees
      // of a company change too, but a record already says otherwise for 2025, so the record stays.
      const fresh = buildEnterprise({ districtCode: '330106', townCode: '330106001', industryCode: 'C39', registeredCapitalFen: 300_000_00, status: 'active', employees: 3 });
      await repo.insertMany([fresh]);
      expect(await repo.updateCore(c, { industryCode: 'I65', registeredCapitalFen: 8_000_000_00, status: 'abnormal', employees: 99 })).toBe(true);
      expect(await repo.updateCore(a, { employees: 500, registeredAt: '2010-01-02' })).toBe(true);
      expect(await repo.updateCore('91330106MA00000000', { employees: 1 })).toBe(false);
      // A record for the new company arrives after the snapshot.
      tp.clock.advance(3_600_000);
      await tp.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'high_tech'], [[fresh.uscc, '1']]), 'sci'));

      const applied = await snaps.refresh(snap);
      expect(applied).toBe(1);
      expect(snap.usccs).toHaveLength(6);
      const row = rowOf(snap, fresh.uscc);
      expect(row).toBe(5); // appended after the sorted rows, found without re-sorting
      expect(readFacts(snap.engine, row)).toMatchObject({ industry: 'C39', registered_capital: 300_000_00, status: 'active', high_tech: true, employees: [3, undefined, undefined] });
      expect(readFacts(snap.engine, rowOf(snap, c))).toMatchObject({ industry: 'I65', registered_capital: 8_000_000_00, status: 'abnormal', employees: [99, undefined, undefined] });
      const factsA = readFacts(snap.engine, rowOf(snap, a));
      expect(factsA.employees).toEqual([40, undefined, undefined]);
      expect(factsA.registered_at).toBe('2010-01-02');
      expect(readFacts(snap.engine, rowOf(snap, b)).employees).toEqual([7, undefined, undefined]);
      expect(factsByUscc(snap)).toEqual(factsByUscc(await snaps.build('2026-03-02')));
      // Nothing new: nothing changes.
      expect(await snaps.refresh(snap)).toBe(0);
      expect(snap.usccs).toHaveLength(6);
    });

    it('keeps following the register after a save and load, growing the arrays past their room', async () => {
      const snaps = tp.services.registry.snapshots;
      const dir = mkdtempSync(join(tmpdir(), 'snap-register-'));
      try {
        const path = join(dir, 'mirror.snap');
        await snaps.save(await snaps.build('2026-03-02'), path);
        const loaded = await snaps.load(path, { refresh: false });
        expect(loaded.capacity).toBe(loaded.usccs.length);
        const newcomers = Array.from({ length: 3 }, (_, i) => buildEnterprise({ districtCode: '330108', townCode: '330108001', employees: 10 + i }));
        await tp.services.enterpriseRepository.insertMany(newcomers);
        await snaps.refresh(loaded);
        expect(loaded.capacity).toBeGreaterThan(loaded.usccs.length);
        for (const e of newcomers) expect(readFacts(loaded.engine, rowOf(loaded, e.uscc)).employees).toEqual([e.employees, undefined, undefined]);
        expect(factsByUscc(loaded)).toEqual(factsByUscc(await snaps.build('2026-03-02')));
        // Appended rows survive the file, and are found again after loading.
        await snaps.save(loaded, path);
        const again = await snaps.load(path);
        expect(again.sorted).toBe(loaded.sorted);
        expect(factsByUscc(again)).toEqual(factsByUscc(loaded));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("applies a newcomer's records the snapshot had already passed (a registration seen after its batch)", async () => {
      const snaps = tp.services.registry.snapshots;
      const snap = await snaps.build('2026-03-02');
      const late = buildEnterprise({ districtCode: '330106', townCode: '330106002' });
      await tp.services.enterpriseRepository.insertMany([late]);
      tp.clock.advance(3_600_000);
      const { batch } = await tp.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'employees'], [[late.uscc, 77]]), 'stats', { period: '2025' }));
      // As if the snapshot had read this batch while the company was not yet in its rows.
      snap.watermark = { committedAt: batch.committedAt!, id: batch.id };
      expect(await snaps.refresh(snap)).toBe(0);
      expect(readFacts(snap.engine, rowOf(snap, late.uscc)).employees).toEqual([77, undefined, undefined]);
      expect(factsByUscc(snap)).toEqual(factsByUscc(await snaps.build('2026-03-02')));
    });
  });
}

describe('register watermark', () => {
  it('keeps the numbers skipped below the highest as pending until they show up or age out', () => {
    const t0 = new Date('2026-03-02T00:00:00.000Z');
    const m1 = nextRegisterMark({ seq: 10, pending: [] }, [11, 14, 15], t0);
    expect(m1).toEqual({ seq: 15, pending: [{ seq: 12, seenAt: t0.toISOString() }, { seq: 13, seenAt: t0.toISOString() }] });
    const m2 = nextRegisterMark(m1, [13, 16], new Date(t0.getTime() + 60_000));
    expect(m2).toEqual({ seq: 16, pending: [{ seq: 12, seenAt: t0.toISOString() }] });
    expect(nextRegisterMark(m2, [], new Date(t0.getTime() + 2 * 3_600_000))).toEqual({ seq: 16, pending: [] });
  });
});

// Worker threads open the database again by URL: an SQLite file, or the PostgreSQL server (with TEST_DATABASE_URL).
const parallelTargets: { name: string; open(dir: string): Promise<Database> }[] = [
  { name: 'an SQLite file', open: (dir) => openDatabase(`sqlite:${join(dir, 'mirror.db')}`) },
  ...testDialects().filter((d) => d.name === 'postgres').map((d) => ({ name: 'a PostgreSQL server', open: () => d.open() })),
];

for (const target of parallelTargets) describe(`parallel snapshot build on ${target.name}`, () => {
  let dir: string;
  let database: Database;
  let tp: RegistryFixture;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'snap-parallel-'));
    database = await target.open(dir);
    tp = await createRegistryFixture(database);
    const all = [...tp.xihu, ...tp.binjiang];
    const intake = tp.services.registry.intake;
    // Two tabular batches on disjoint attributes (one thread each), and JSON lines both threads read.
    await intake.run(null, memoryBatch(csv(['uscc', 'employees', 'revenue', 'tax_credit_rating'], all.map((e, i) => [e.uscc, 10 + i, `${1000 + i}.50`, 'A'])), 'stats', { period: '2025' }));
    tp.clock.advance(60_000);
    await intake.run(null, memoryBatch(csv(['uscc', 'high_tech', 'licences', 'high_tech_expiry'], all.map((e, i) => [e.uscc, i % 2, 'food_business;hr_service', '2027-05-01'])), 'sci'));
    tp.clock.advance(60_000);
    const lines = [...all.slice(0, 3).map((e, i) => ({ uscc: e.uscc, period: '2025', employees: 100 + i })), { uscc: all[0].uscc, high_tech: '1' }].map((l) => JSON.stringify(l)).join('\n');
    await intake.run(null, memoryBatch(lines, 'stats', { format: 'jsonl' }));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills the same columns with two threads as with one', async () => {
    const snaps = tp.services.registry.snapshots;
    const one = await snaps.build('2026-03-02', { threads: 1 });
    const two = await snaps.build('2026-03-02', { threads: 2 });
    expect(two.engine.columns.employees.periods[0].buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(factsByUscc(two)).toEqual(factsByUscc(one));
    // Three threads: two workers besides this one.
    expect(factsByUscc(await snaps.build('2026-03-02', { threads: 3 }))).toEqual(factsByUscc(one));
    const first = readFacts(two.engine, rowOf(two, tp.xihu[0].uscc));
    expect(first).toMatchObject({ employees: [100, undefined, undefined], high_tech: true, tax_credit_rating: ['A', undefined, undefined], high_tech_expiry: '2027-05-01' });
    expect(first.licences).toEqual(['food_business', 'hr_service']);
  }, 60_000);
});
