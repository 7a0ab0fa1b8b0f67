import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { csv, memoryBatch } from '../../platform/registry/registry.testing.ts';
import { createTestPlatform, TEST_PASSWORD, type TestPlatform } from '../../platform/testing/test-platform.ts';
import { shippedUnits } from '../../platform/policy/unit-files.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

const SMALL_PROFIT = 'cn-cit-small-low-profit';

for (const dialect of testDialects()) {
  describe(`rules API (${dialect.name})`, () => {
    let database: Database;
    let tp: TestPlatform;
    let app: FastifyInstance;
    const cookies: Record<string, string> = {};
    const as = (who: string) => ({ cookie: cookies[who] });

    beforeAll(async () => {
      database = await dialect.open();
      tp = await createTestPlatform(database);
      const [a] = tp.enterprises.xihu;
      // 2025 figures of the first 西湖区 company: a small low-profit enterprise.
      await tp.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'taxable_income'], [[a.uscc, '2000000']]), 'tax', { period: '2025' }));
      await tp.services.registry.intake.run(null, memoryBatch(csv(['uscc', 'total_assets'], [[a.uscc, '10000000']]), 'stats', { period: '2025' }));
      app = await buildApp({ services: tp.services, config: loadConfig({}) });
      for (const username of ['admin', 'xihu-official', 'binjiang-official', 'xihu-tax', 'company', 'bank-user']) {
        const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress: `10.4.0.${username.length}` });
        cookies[username] = `onething_session=${r.cookies.find((c) => c.name === 'onething_session')!.value}`;
      }
    }, 60_000);
    afterAll(async () => {
      await tp?.services.policy.evaluation.idle();
      await app?.close();
      await database?.close();
    });

    it('lists the shipped units, published, to a signed-in user only', async () => {
      expect((await app.inject({ url: '/api/rules/units' })).statusCode).toBe(401);
      const r = await app.inject({ url: '/api/rules/units', headers: as('company') });
      expect(r.statusCode).toBe(200);
      expect(r.json().items.map((u: { id: string }) => u.id).sort()).toEqual(shippedUnits().map((u) => u.id).sort());
      const one = await app.inject({ url: `/api/rules/units/${SMALL_PROFIT}`, headers: as('company') });
      expect(one.json()).toMatchObject({ unitId: SMALL_PROFIT, version: 1, origin: 'shipped', unit: { source: { document: expect.stringContaining('2023年第12号') } } });
    });

    it('validates a unit: each problem names the path and the rule', async () => {
      const unit = { ...shippedUnits().find((u) => u.id === SMALL_PROFIT)!, eligibility: { '<=': [{ var: 'profit' }, { param: 'income_cap' }] } };
      const r = await app.inject({ method: 'POST', url: '/api/rules/validate', headers: as('xihu-tax'), payload: { unit } });
      expect(r.json()).toEqual({ valid: false, errors: [{ field: '/eligibility/<=/0/var', rule: 'attribute.unknown', message: expect.any(String) }] });
      const ok = await app.inject({ method: 'POST', url: '/api/rules/validate', headers: as('xihu-tax'), payload: { unit: shippedUnits()[0] } });
      expect(ok.json()).toEqual({ valid: true, errors: [] });
      const missing = await app.inject({ method: 'POST', url: '/api/rules/validate', headers: as('xihu-tax'), payload: {} });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().details.errors[0]).toMatchObject({ field: 'body.unit', rule: 'required' });
    });

    it('runs a stored unit’s author tests, and reports a failing case of a posted unit', async () => {
      const stored = await app.inject({ method: 'POST', url: '/api/rules/tests', headers: as('xihu-official'), payload: { id: SMALL_PROFIT } });
      expect(stored.json()).toMatchObject({ failed: 0, passed: shippedUnits().find((u) => u.id === SMALL_PROFIT)!.tests!.length });
      const unit = { ...shippedUnits()[0], tests: [{ name: 'wrong on purpose', asOf: '2025-06-30', facts: {}, eligible: true }] };
      const posted = await app.inject({ method: 'POST', url: '/api/rules/tests', headers: as('xihu-official'), payload: { unit } });
      expect(posted.json()).toMatchObject({ passed: 0, failed: 1, results: [{ name: 'wrong on purpose', passed: false, explanation: { held: false } }] });
    });

    it('evaluates posted facts against every published unit, explained in Chinese and English', async () => {
      const facts = { taxable_income: 200_000_000, employees: 100, total_assets: 1_000_000_000 };
      const r = await app.inject({ method: 'POST', url: '/api/rules/evaluate', headers: as('company'), payload: { facts, asOf: '2022-12-31' } });
      expect(r.statusCode).toBe(200);
      const result = r.json().results.find((x: { id: string }) => x.id === SMALL_PROFIT);
      // 2022: 2.5% on the first million, 5% above: 22.5万 + 20万 saved.
      expect(result).toMatchObject({ eligible: true, amount: 42_500_000, amountText: { zh: expect.stringContaining('万元') } });
      expect(result.explanation.items[1]).toMatchObject({ held: true, actual: 200_000_000, threshold: 300_000_000, zh: expect.stringContaining('应纳税所得额'), en: expect.stringContaining('Taxable income') });
      const bad = await app.inject({ method: 'POST', url: '/api/rules/evaluate', headers: as('company'), payload: { facts: { taxable_income: 1.5, nonsense: 1 }, asOf: '2022-02-30' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details.errors).toEqual([{ field: 'asOf', rule: 'date.format', message: expect.any(String) }]);
      const badFacts = await app.inject({ method: 'POST', url: '/api/rules/evaluate', headers: as('company'), payload: { facts: { taxable_income: 1.5, nonsense: 1 } } });
      expect(badFacts.json().details.errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual(['facts.taxable_income type.money', 'facts.nonsense attribute.unknown']);
    });

    it('evaluates an enterprise of the mirror within the reader’s scope, audited', async () => {
      const [a] = tp.enterprises.xihu;
      const r = await app.inject({ url: `/api/rules/enterprises/${a.uscc}/evaluation?asOf=2026-03-02`, headers: as('xihu-official') });
      expect(r.statusCode).toBe(200);
      expect(r.json().facts).toMatchObject({ taxable_income: [200_000_000, null, null], total_assets: [1_000_000_000, null, null] });
      // Only the figures the units read are shown back.
      expect(r.json().facts.status).toBeUndefined();
      const small = r.json().results.find((x: { id: string }) => x.id === SMALL_PROFIT);
      expect(small).toMatchObject({ eligible: true, amount: 40_000_000 });
      // Missing figures are explained, not guessed: the refund unit's facts are not in the mirror.
      const refund = r.json().results.find((x: { id: string }) => x.id === 'cn-ui-job-stabilisation-refund');
      expect(refund).toMatchObject({ inForce: false, eligible: false });
      expect((await app.inject({ url: `/api/rules/enterprises/${a.uscc}/evaluation`, headers: as('company') })).statusCode).toBe(200);
      expect((await app.inject({ url: `/api/rules/enterprises/${a.uscc}/evaluation`, headers: as('binjiang-official') })).statusCode).toBe(404);
      expect((await app.inject({ url: `/api/rules/enterprises/${a.uscc}/evaluation`, headers: as('bank-user') })).statusCode).toBe(403);
      const audit = await tp.services.audit.search({ action: 'policy.evaluate', page: 1, pageSize: 10 });
      expect(audit.items.map((e) => e.target)).toContain(a.uscc);
    });

    it('matches the population of the reader’s scope as a background run with progress', async () => {
      const started = await app.inject({ method: 'POST', url: '/api/rules/runs', headers: as('xihu-official'), payload: { asOf: '2026-03-02' } });
      expect(started.statusCode).toBe(202);
      const id = started.json().id;
      await tp.services.policy.evaluation.idle();
      const run = await app.inject({ url: `/api/rules/runs/${id}`, headers: as('xihu-official') });
      expect(run.json()).toMatchObject({ status: 'done', population: 3, progress: null });
      const small = run.json().result.units.find((u: { id: string }) => u.id === SMALL_PROFIT);
      expect(small).toMatchObject({ count: 1, totalFen: 40_000_000, sample: [tp.enterprises.xihu[0].uscc] });
      // Another district does not see it; a bank may not run one.
      expect((await app.inject({ url: `/api/rules/runs/${id}`, headers: as('binjiang-official') })).statusCode).toBe(404);
      expect((await app.inject({ method: 'POST', url: '/api/rules/runs', headers: as('bank-user'), payload: {} })).statusCode).toBe(403);
      const all = await app.inject({ method: 'POST', url: '/api/rules/runs', headers: as('admin'), payload: {} });
      await tp.services.policy.evaluation.idle();
      expect((await app.inject({ url: `/api/rules/runs/${all.json().id}`, headers: as('admin') })).json()).toMatchObject({ status: 'done', population: 5 });
      expect((await app.inject({ url: '/api/rules/runs', headers: as('xihu-official') })).json().items.map((x: { id: string }) => x.id)).toEqual([id]);
    });

    it('runs a draft in the sandbox: cost, breakdown, who it drops, and a sweep', async () => {
      const unit = shippedUnits().find((u) => u.id === SMALL_PROFIT)!;
      const draft = { ...unit, version: 2, parameters: { ...unit.parameters, income_cap: { ...unit.parameters!.income_cap, values: [{ from: '2019-01-01', value: 100_000_000 }] } } };
      const r = await app.inject({
        method: 'POST', url: '/api/rules/sandbox', headers: as('admin'),
        payload: { unit: draft, asOf: '2026-03-02', sweep: { parameter: 'income_cap', values: [100_000_000, 300_000_000] } },
      });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ population: 5, count: 0, totalFen: 0, diff: { replaces: 1, lost: 1, lostSample: [tp.enterprises.xihu[0].uscc] }, breakdown: { dims: ['industry', 'district'], cells: [] } });
      expect(r.json().sweep.points).toEqual([{ value: 100_000_000, count: 0, totalFen: 0 }, { value: 300_000_000, count: 1, totalFen: 40_000_000 }]);
      const bad = await app.inject({ method: 'POST', url: '/api/rules/sandbox', headers: as('admin'), payload: { unit: draft, dims: ['taxable_income', 'district'], sweep: { parameter: 'nope', values: [1] } } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details.errors[0]).toMatchObject({ field: 'dims.0', rule: 'dimension.enum' });
      expect((await app.inject({ method: 'POST', url: '/api/rules/sandbox', headers: as('company'), payload: { unit: draft } })).statusCode).toBe(403);
    });

    it('saves versions and publishes them, by role', async () => {
      const unit = {
        id: 'xihu-graduates', version: 1, title: { zh: '西湖区吸纳高校毕业生奖励', en: 'Xihu graduate hiring award' }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
        eligibility: { '>=': [{ var: 'graduates_hired' }, 5] }, benefit: { fixed: 1_000_000 },
        tests: [{ name: 'five graduates', asOf: '2025-06-30', facts: { graduates_hired: 5 }, eligible: true, amount: 1_000_000 }],
      };
      const saved = await app.inject({ method: 'POST', url: '/api/rules/units', headers: as('xihu-tax'), payload: unit });
      expect(saved.statusCode).toBe(201);
      expect((await app.inject({ method: 'POST', url: '/api/rules/units', headers: as('xihu-tax'), payload: unit })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/api/rules/units', headers: as('xihu-tax'), payload: { ...unit, benefit: { fixed: 2 } } })).statusCode).toBe(409);
      expect((await app.inject({ method: 'POST', url: '/api/rules/units', headers: as('company'), payload: unit })).statusCode).toBe(403);
      const published = await app.inject({ method: 'POST', url: '/api/rules/units/xihu-graduates/versions/1/publish', headers: as('xihu-tax') });
      expect(published.json()).toMatchObject({ id: 'xihu-graduates', publishedVersion: 1 });
      // Published and region-scoped: it applies in 西湖区 only.
      const r = await app.inject({ method: 'POST', url: '/api/rules/evaluate', headers: as('company'), payload: { facts: { graduates_hired: 9, district: '330108' } } });
      expect(r.json().results.find((x: { id: string }) => x.id === 'xihu-graduates')).toMatchObject({ eligible: false });
      const r2 = await app.inject({ method: 'POST', url: '/api/rules/evaluate', headers: as('company'), payload: { facts: { graduates_hired: 9, district: '330106' } } });
      expect(r2.json().results.find((x: { id: string }) => x.id === 'xihu-graduates')).toMatchObject({ eligible: true, amount: 1_000_000 });
    });
  });
}
