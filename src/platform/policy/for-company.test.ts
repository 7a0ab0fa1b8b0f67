import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import type { PolicyUnit } from '../../engines/rules/index.ts';
import { createRegistryFixture, csv, memoryBatch, type RegistryFixture } from '../registry/registry.testing.ts';
import { whyNot } from './claim-evaluation.ts';
import { failures, NEAR_MISS_FAILED, NEAR_MISSES } from './policy-evaluation.service.ts';

/** A unit for 西湖区 enterprises meeting every condition given. */
function unit(id: string, conditions: unknown[], fen = 100_000): PolicyUnit {
  return {
    id, version: 1, title: { zh: `政策 ${id}`, en: `Policy ${id}` }, scope: ['330106'], validFrom: '2025-01-01',
    eligibility: (conditions.length === 1 ? conditions[0] : { and: conditions }) as PolicyUnit['eligibility'], benefit: { fixed: fen },
  };
}
const staff = (n: number) => ({ '>=': [{ var: 'employees' }, n] });

describe('counting failed conditions', () => {
  it('counts as whyNot lists them and stops past the limit', () => {
    const c = (held: boolean) => ({ kind: 'condition' as const, held, actual: null, zh: '', en: '' });
    const e = { kind: 'all' as const, held: false, items: [c(false), c(true), { kind: 'any' as const, held: false, items: [c(false), c(false)] }, c(false)] };
    expect(failures(e)).toBe(4);
    // Past the limit it stops: more than the limit, without walking a far miss to the end.
    expect(failures(e, 1)).toBe(2);
    expect(failures({ ...e, held: true })).toBe(0);
  });
});

for (const dialect of testDialects()) {
  describe(`policies for me: forCompany (${dialect.name})`, () => {
    let database: Database;
    let fx: RegistryFixture;

    async function publish(u: PolicyUnit): Promise<void> {
      const v = await fx.services.policy.units.save(fx.actor('admin'), u);
      await fx.services.policy.units.publish(fx.actor('admin'), u.id, v.version);
    }

    beforeAll(async () => {
      database = await dialect.open();
      fx = await createRegistryFixture(database);
      await fx.services.policy.ready();
      await fx.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'employees'], [[fx.xihu[0].uscc, '40']]), 'stats', { period: '2025' }));
    }, 60_000);
    afterAll(async () => { await database?.close(); });

    it('lists eligible units with amounts, near misses by at most 3 failed conditions (closest first), and sees a new publication at once', async () => {
      const uscc = fx.xihu[0].uscc;
      await publish(unit('t-eligible', [staff(10)], 123_400));
      await publish(unit('t-one-miss', [staff(100)]));
      await publish(unit('t-two-misses', [staff(200), { '>=': [{ var: 'patents_invention' }, 50] }, staff(1)]));
      await publish(unit('t-far', [staff(100), staff(200), staff(300), staff(400)]));
      const ev = fx.services.policy.evaluation;
      const first = await ev.forCompany(fx.actor('company'), uscc);
      expect(first.eligible.find((r) => r.id === 't-eligible')).toMatchObject({ amount: 123_400, amountText: { zh: expect.any(String) } });
      const misses = first.nearMisses.filter((m) => m.id.startsWith('t-'));
      expect(misses.map((m) => m.id)).toEqual(['t-one-miss', 't-two-misses']);
      expect(misses[0].why).toHaveLength(1);
      expect(misses[0].why[0].zh).toContain('从业人数');
      expect(misses[1].why).toHaveLength(2);
      expect(first.nearMisses.length).toBeLessThanOrEqual(NEAR_MISSES);

      // The compiled units are cached; a publication changes the fingerprint, so the next call sees it.
      await publish(unit('t-later', [staff(5)], 5_000));
      expect((await ev.forCompany(fx.actor('company'), uscc)).eligible.map((r) => r.id)).toContain('t-later');
    });

    it('reads the population snapshot row once one is held, with the same answer, and follows new data', async () => {
      const uscc = fx.xihu[0].uscc;
      const ev = fx.services.policy.evaluation;
      const before = await ev.forCompany(fx.actor('company'), uscc);
      const run = await ev.startMatch(fx.actor('admin'));
      await ev.idle();
      expect((await ev.run(fx.actor('admin'), run.id)).status).toBe('done');
      const fromRow = await ev.forCompany(fx.actor('company'), uscc);
      expect(fromRow).toEqual(before);

      await fx.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'employees'], [[uscc, '7']]), 'stats', { period: '2025' }));
      await new Promise((r) => setTimeout(r, 1100)); // a page reads data at most a second old
      const after = await ev.forCompany(fx.actor('company'), uscc);
      expect(after.eligible.map((r) => r.id)).not.toContain('t-eligible');
      expect(after.nearMisses.map((m) => m.id)).toContain('t-eligible');
      expect((await ev.evaluateEnterprise(fx.actor('company'), uscc)).results.find((r) => r.id === 't-eligible')?.eligible).toBe(false);
    });

    it('answers what the full explanation of every unit gives (the screen explains only what it shows)', async () => {
      const uscc = fx.xihu[0].uscc;
      await publish(unit('t-not', [{ '!': [staff(5)] }, staff(1)]));
      await publish(unit('t-any', [{ or: [staff(500), { '>=': [{ var: 'patents_invention' }, 50] }] }]));
      const ev = fx.services.policy.evaluation;
      const got = await ev.forCompany(fx.actor('company'), uscc);
      const { results } = await ev.evaluateEnterprise(fx.actor('company'), uscc);
      const misses = results.filter((r) => r.inForce && !r.eligible && failures(r.explanation, NEAR_MISS_FAILED) <= NEAR_MISS_FAILED)
        .sort((a, b) => failures(a.explanation) - failures(b.explanation) || (a.id < b.id ? -1 : 1)).slice(0, NEAR_MISSES);
      expect(got.eligible).toEqual(results.filter((r) => r.eligible).map((r) => ({ id: r.id, version: r.version, title: r.title, amount: r.amount, amountText: r.amountText })));
      expect(got.nearMisses).toEqual(misses.map((r) => ({ id: r.id, version: r.version, title: r.title, why: whyNot(r.explanation) })));
      expect(got.nearMisses.find((m) => m.id === 't-not')?.why).toEqual([{ zh: expect.stringContaining('不应成立'), en: expect.stringContaining('must not hold') }]);
      expect(got.nearMisses.find((m) => m.id === 't-any')?.why).toHaveLength(2);
    });

    it('answers the same as JSON text, each unit’s part written once per version (a new version shows at once)', async () => {
      const uscc = fx.xihu[0].uscc;
      const ev = fx.services.policy.evaluation;
      const modes = async (ids: string[]) => new Map(ids.filter((id) => id === 't-later').map((id) => [id, 'manual']));
      const json = async () => {
        const r = await ev.forCompanyJson(fx.actor('company'), uscc, { modes });
        return { eligible: JSON.parse(r.eligible) as { id: string; mode: string | null }[], nearMisses: JSON.parse(r.nearMisses) as unknown[] };
      };
      const objects = await ev.forCompany(fx.actor('company'), uscc);
      expect(objects.eligible.length).toBeGreaterThan(0);
      expect(objects.nearMisses.length).toBeGreaterThan(0);
      expect(await json()).toEqual({ eligible: objects.eligible.map((e) => ({ ...e, mode: e.id === 't-later' ? 'manual' : null })), nearMisses: objects.nearMisses });
      await publish({ ...unit('t-later', [staff(5)], 6_000), version: 2, title: { zh: '政策 新版', en: 'Policy, new version' } });
      expect((await json()).eligible.find((e) => e.id === 't-later')).toMatchObject({ version: 2, title: { zh: '政策 新版', en: 'Policy, new version' }, amount: 6_000, mode: 'manual' });
    });

    it('leaves out units of other districts: neither eligible nor near misses', async () => {
      const uscc = fx.xihu[0].uscc;
      await publish({ ...unit('t-binjiang-met', [staff(1)]), scope: ['330108'] });
      await publish({ ...unit('t-binjiang-missed', [staff(100)]), scope: ['330108001'] });
      await publish({ ...unit('t-city-missed', [staff(100)]), scope: ['330100'] });
      const got = await fx.services.policy.evaluation.forCompany(fx.actor('company'), uscc);
      expect(got.eligible.map((r) => r.id)).not.toContain('t-binjiang-met');
      expect(got.nearMisses.map((r) => r.id)).not.toContain('t-binjiang-missed');
      // A city-wide unit covers the company's district: a near miss as before.
      expect(got.nearMisses.map((r) => r.id)).toContain('t-city-missed');
      // The full evaluation still lists every unit, the other district's failing on the district alone.
      const { results } = await fx.services.policy.evaluation.evaluateEnterprise(fx.actor('company'), uscc);
      expect(results.find((r) => r.id === 't-binjiang-met')).toMatchObject({ eligible: false });
    });

    it('is the company’s own: another district’s enterprise is not found', async () => {
      await expect(fx.services.policy.evaluation.forCompany(fx.actor('company'), fx.binjiang[0].uscc)).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
