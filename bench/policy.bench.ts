// Policy life-cycle bench: `npm run bench -- policy [--payout 100000] [--publish 20000] [--for-me 200]`.
// 1. payout: N approved claims on one budget line → one payout run (payments with unique
//    idempotency keys, the batch file, ledger) timed; then the same run replayed (must pay nothing).
// 2. publish (when --publish > 0): the demo city of that many enterprises in a fresh SQLite file; an
//    apply-free unit published to all of it (match, pushes, inbox notices, claims) timed.
// 3. "policies for me": K requests for the demo company after the publication; p50/p99.
// RESULT carries publish_1m_s, payout_100k_s, for_me_p99_ms only when measured at the target sizes.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '../src/db/index.ts';
import { createFixedClock } from '../src/kernel/clock.ts';
import { createSequentialIds } from '../src/kernel/ids.ts';
import type { Actor, Org } from '../src/platform/identity/identity.types.ts';
import { seedDemoCity } from '../src/platform/demo/seed-demo-city.ts';
import { createPlatformServices } from '../src/platform/platform.ts';
import { claimRow, type LifecycleDb } from '../src/platform/policy/lifecycle.repository.ts';
import { allMigrations } from '../src/scenarios/index.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const PAYOUT_N = arg('payout', 100_000);
const PUBLISH_N = arg('publish', 20_000);
const FOR_ME_K = arg('for-me', 200);
const load = () => loadavg()[0].toFixed(1);
const log = (line: string) => process.stdout.write(`${line}\n`);
const result: Record<string, number> = {};

const org: Org = { id: 'org_bench', code: '330100-data', name: 'bench', nameEn: 'bench', kind: 'city', parentId: null, divisionCode: '330100' };
const admin: Actor = { userId: 'usr_bench', username: 'bench', displayName: 'bench', role: 'platform_admin', org, enterpriseUscc: null, sessionId: null, ip: null };

async function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'policy-bench-'));
  const database = await openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  await migrateToLatest(database, allMigrations);
  const clock = createFixedClock('2026-03-02T02:00:00.000Z');
  const services = createPlatformServices({ database, clock, ids: createSequentialIds() });
  return { dir, database, services };
}

async function payoutBench(n: number): Promise<void> {
  const { dir, database, services } = await fresh();
  const life = services.policyLifecycle;
  try {
    await life.ready();
    const unit = { id: 'bench-award', version: 1, title: { zh: '基准奖励', en: 'Bench award' }, eligibility: { '>=': [{ var: 'employees' }, 1] }, benefit: { fixed: 10_000 } };
    await services.policy.units.save(admin, unit);
    const line = await life.budget.createLine(admin, { title: 'bench', capFen: n * 10_000 });
    await life.budget.setSettings(admin, unit.id, { mode: 'quick_apply', budgetLineId: line.id });
    // Setup, not measured: n approved claims with their budget commitments.
    const db = database.kysely as LifecycleDb;
    const at = '2026-03-02T02:00:00.000Z';
    for (let i = 0; i < n; i += 2000) {
      await db.transaction().execute(async (trx) => {
        const part = Array.from({ length: Math.min(2000, n - i) }, (_, j) => claimRow({
          id: `pcl_${String(i + j).padStart(8, '0')}`, unitId: unit.id, version: 1, uscc: `BENCH${String(i + j).padStart(13, '0')}`, districtCode: '330106', townCode: '330106001',
          mode: 'quick_apply', status: 'approved', amountFen: 10_000, answers: {}, promised: [], explanation: null, audit: null,
          account: { name: `企业${i + j}`, number: String(6_222_020_200_000_000 + i + j), bank: '102331000015' }, reason: null, decidedBy: 'system', decidedAt: at,
          recoveryFen: 0, recoveredAt: null, createdAt: at, updatedAt: at,
        }));
        for (let k = 0; k < part.length; k += 500) await trx.insertInto('policy_claims').values(part.slice(k, k + 500)).execute();
        await life.budget.ledger.post(trx, { lineId: line.id, claimId: null, memo: 'bench approvals', at, legs: [['committed', part.length * 10_000], ['available', -part.length * 10_000]] });
      });
    }
    const started = performance.now();
    const batch = await life.payout.run(admin);
    const seconds = (performance.now() - started) / 1000;
    if (batch?.count !== n || batch.totalFen !== n * 10_000) throw new Error(`payout paid ${batch?.count} of ${n}`);
    const replayStart = performance.now();
    const again = await life.payout.run(admin);
    const replay = (performance.now() - replayStart) / 1000;
    if (again !== null) throw new Error('the replayed payout paid again');
    const balances = (await life.budget.lines(admin))[0].balances!;
    if (balances.in_transit !== n * 10_000 || balances.committed !== 0) throw new Error(`ledger off: ${JSON.stringify(balances)}`);
    log(`payout: ${n} claims → one batch of ${batch.count} (${(batch.file.length / 1e6).toFixed(1)} MB CSV) in ${seconds.toFixed(2)} s; replay ${replay.toFixed(2)} s, paid nothing (load ${load()})`);
    if (n === 100_000) result.payout_100k_s = Number(seconds.toFixed(2));
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function publishBench(n: number, k: number): Promise<void> {
  const { dir, database, services } = await fresh();
  const life = services.policyLifecycle;
  try {
    const seedStart = performance.now();
    await seedDemoCity({ database, identity: services.identity, enterpriseRepository: services.enterpriseRepository }, { enterprises: n });
    log(`publish: seeded ${n} enterprises in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    await life.ready();
    const unit = { id: 'bench-free', version: 1, title: { zh: '免申即享基准', en: 'Apply-free bench' }, eligibility: { '>=': [{ var: 'employees' }, 1] }, benefit: { fixed: 10_000 } };
    await services.policy.units.save(admin, unit);
    const line = await life.budget.createLine(admin, { title: 'bench', capFen: n * 10_000 });
    await life.budget.setSettings(admin, unit.id, { mode: 'apply_free', budgetLineId: line.id });
    const started = performance.now();
    const p = await life.push.publish(admin, unit.id, 1);
    await life.push.idle();
    const seconds = (performance.now() - started) / 1000;
    const done = await life.push.get(admin, p.id);
    if (done.status !== 'done') throw new Error(`publication ${done.status}: ${done.error}`);
    log(`publish: ${n} enterprises → ${done.eligible} eligible, ${done.pushes} pushes, ${done.claims} apply-free claims in ${seconds.toFixed(2)} s (first use: includes building the snapshot; load ${load()})`);
    if (n === 1_000_000) result.publish_1m_s = Number(seconds.toFixed(2));
    const company = await services.identity.findUserByUsername('enterprise');
    if (company && k > 0) {
      const actor = await services.identity.actorForUserId(company.id);
      await life.forMe(actor);
      const times: number[] = [];
      for (let i = 0; i < k; i++) {
        const t0 = performance.now();
        await life.forMe(actor);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const units = (await services.policy.units.list()).length;
      log(`for-me: ${k} requests at ${n} enterprises × ${units} units: p50 ${times[Math.floor(k / 2)].toFixed(1)} ms, p99 ${times[Math.floor(k * 0.99)].toFixed(1)} ms (load ${load()})`);
    }
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (PAYOUT_N > 0) await payoutBench(PAYOUT_N);
if (PUBLISH_N > 0) await publishBench(PUBLISH_N, FOR_ME_K);
log(`RESULT ${JSON.stringify(result)}`);
