import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnapshot, snapshotFromFacts, type PolicyUnit } from '../../engines/rules/index.ts';
import { openDatabase, type Database } from '../../db/index.ts';
import { buildEnterprise } from '../testing/builders.ts';
import { createRegistryFixture, csv, memoryBatch, type RegistryFixture } from '../registry/registry.testing.ts';
import { runUnitTests } from './author-tests.ts';
import { createPolicyServices } from './policy.services.ts';
import { SHIPPED_POLICY_SCHEMA } from './policy-schema.ts';
import { compileAt, regionScoped, selectRows, withColumns } from './population.ts';
import { shippedUnits } from './unit-files.ts';

describe('population helpers', () => {
  it('compiles a unit before its first day as not in force (its parameters have no value yet)', () => {
    const unit = shippedUnits().find((u) => u.id === 'cn-cit-small-low-profit')!;
    expect(compileAt(unit, SHIPPED_POLICY_SCHEMA, '2018-06-30')).toMatchObject({ inForce: false, asOf: '2018-06-30' });
    expect(compileAt(unit, SHIPPED_POLICY_SCHEMA, '2019-01-01').inForce).toBe(true);
  });

  it('turns a region scope into a district condition (a city covers its districts)', () => {
    const unit: PolicyUnit = { id: 'x', version: 1, title: { zh: 'x', en: 'x' }, scope: ['330100'], eligibility: { '>': [{ var: 'employees' }, 0] } };
    const scoped = regionScoped(unit).eligibility as { and: [{ in: [unknown, string[]] }, unknown] };
    expect(scoped.and[0].in[1]).toEqual(expect.arrayContaining(['330106', '330108']));
    expect(scoped.and[0].in[1].every((c) => c.startsWith('3301'))).toBe(true);
    expect(regionScoped({ ...unit, scope: ['CN'] }).eligibility).toBe(unit.eligibility);
    expect(regionScoped({ ...unit, scope: undefined }).eligibility).toBe(unit.eligibility);
  });

  it('selects rows and adds missing columns without touching the source', () => {
    const schema = SHIPPED_POLICY_SCHEMA.filter((a) => ['employees', 'industry', 'licences'].includes(a.key));
    const snap = snapshotFromFacts(schema, [{ employees: [1], industry: 'C39' }, { employees: [2], industry: 'I65', licences: ['food_business'] }, { employees: [3] }], { shared: true });
    const picked = selectRows(snap, [2, 1], true);
    expect(picked.size).toBe(2);
    expect(Array.from(picked.columns.employees.periods[0] as Float64Array).slice(0, 1)).toEqual([3]);
    expect(picked.columns.licences.periods[0][1]).toBe(snap.columns.licences.periods[0][1]);
    const wider = withColumns(picked, [...schema, { key: 'extra', type: 'money', zh: '额外', en: 'Extra' }], true);
    expect(Number.isNaN((wider.columns.extra.periods[0] as Float64Array)[0])).toBe(true);
    expect(picked.columns.extra).toBeUndefined();
    expect(createSnapshot(schema, 0).size).toBe(0);
  });
});

describe('author tests of this module', () => {
  it('treats a date before validFrom as not in force, and fails a case that cannot compile alone', () => {
    const unit: PolicyUnit = {
      id: 'late-parameter', version: 1, title: { zh: 'x', en: 'x' }, validFrom: '2019-01-01',
      parameters: { cap: { kind: 'number', values: [{ from: '2020-01-01', value: 300 }] } },
      eligibility: { '<=': [{ var: 'employees' }, { param: 'cap' }] },
      tests: [
        { name: 'no cap yet', asOf: '2019-06-30', facts: { employees: 1 }, eligible: true },
        { name: 'cap in force', asOf: '2020-06-30', facts: { employees: 300 }, eligible: true },
      ],
    };
    const results = runUnitTests(unit, SHIPPED_POLICY_SCHEMA, '2025-01-01');
    expect(results.map((r) => r.passed)).toEqual([false, true]);
    expect(results[0].error).toContain('cap');
    const small = shippedUnits().find((u) => u.id === 'cn-cit-small-low-profit')!;
    const before = runUnitTests({ ...small, tests: [{ name: 'before 2019', asOf: '2018-06-30', facts: small.tests![0].facts, eligible: false }] }, SHIPPED_POLICY_SCHEMA, '2025-01-01');
    expect(before[0]).toMatchObject({ passed: true, actual: { eligible: false } });
  });
});

describe('population runs on worker threads', () => {
  let database: Database;
  let fx: RegistryFixture;

  beforeAll(async () => {
    database = await openDatabase('sqlite::memory:');
    fx = await createRegistryFixture(database);
    const more = Array.from({ length: 60 }, (_, i) => buildEnterprise({ districtCode: i % 2 ? '330106' : '330108', industryCode: i % 3 ? 'I65' : 'C39', employees: 5 + i * 7 }));
    await fx.services.enterpriseRepository.insertMany(more);
    const rows = more.map((e, i) => [e.uscc, String(100_000 * (i + 1)), String(2_000_000 + i)]);
    await fx.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'taxable_income', 'total_assets'], rows), 'tax', { period: '2025' }));
  }, 60_000);
  afterAll(async () => { await database?.close(); });

  it('gives the same counts and totals on two workers as on the calling thread', async () => {
    const services = fx.services;
    const single = createPolicyServices({ database, clock: fx.clock, ids: services.ids, audit: services.audit, registry: services.registry, enterprises: services.enterpriseRepository });
    const pooled = createPolicyServices({ database, clock: fx.clock, ids: services.ids, audit: services.audit, registry: services.registry, enterprises: services.enterpriseRepository, workers: 2, poolFrom: 1 });
    await single.ready();
    await pooled.ready();
    const a = await single.evaluation.startMatch(fx.actor('admin'), { asOf: '2026-03-02' });
    const b = await pooled.evaluation.startMatch(fx.actor('admin'), { asOf: '2026-03-02' });
    await single.evaluation.idle();
    await pooled.evaluation.idle();
    const ra = await single.evaluation.run(fx.actor('admin'), a.id);
    const rb = await pooled.evaluation.run(fx.actor('admin'), b.id);
    expect(rb.status, rb.error ?? '').toBe('done');
    expect(rb.result).toEqual(ra.result);
    const small = (ra.result as { units: { id: string; count: number; totalFen: number }[] }).units.find((u) => u.id === 'cn-cit-small-low-profit')!;
    expect(small.count).toBeGreaterThan(10);
    expect(small.totalFen).toBeGreaterThan(0);
    // A district official's run covers its district only.
    const x = await single.evaluation.startMatch(fx.actor('xihuOfficial'), { asOf: '2026-03-02' });
    await single.evaluation.idle();
    expect((await single.evaluation.run(fx.actor('xihuOfficial'), x.id)).population).toBe(33);
  }, 60_000);
});
