// Policy life-cycle bench: `npm run bench -- policy [--payout 100000] [--n 1000000] [--units 1100]
// [--db sqlite,postgres] [--pg postgres://postgres@127.0.0.1:5432/test] [--seconds 10] [--concurrency 10,50]
// [--keep] [--from DIR] [--catalogue realistic|cloned] [--seed 5] [--publish 0]`.
// 1. payout: 100,000 approved claims on one budget line → one payout run (payments with unique
//    idempotency keys, the batch file, ledger) timed; then the same run replayed (must pay nothing).
// 2. a city of N enterprises (register rows, as `onething import` leaves them) with `--units`
//    published units and company accounts: `--catalogue realistic` (default) draws a city's
//    catalogue from `--seed` (scoped by district and town, by industry, size class and thresholds:
//    a company is eligible for tens of units; see bench/policy-units.ts), `--catalogue cloned` clones
//    the shipped units under new ids (every company in scope of all, eligible for hundreds); then a server
//    (its own process) that first builds the mirror's snapshot (reported: a running server has it);
// 3. publish: an apply-free unit every company is eligible for, released through the API; its
//    progress polled through the API until done: match, one push, one inbox notice and one claim
//    per company (`--publish 0` skips it: for-me alone on a kept city);
// 4. "policies for me": GET /api/policy/for-me for rotating company accounts from concurrent
//    keep-alive clients for `--seconds` at each `--concurrency`; p50/p99 and the server's CPU per answer.
// SQLite always; PostgreSQL is reported with `pg_` keys. RESULT's publish_1m_s, payout_100k_s and
// for_me_p99_ms (at the first concurrency) are the SQLite figures at the target sizes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/api/config.ts';
import { migrateToLatest, openDatabase, type Database } from '../src/db/index.ts';
import type { PolicyUnit } from '../src/engines/rules/index.ts';
import { createFixedClock } from '../src/kernel/clock.ts';
import { createSequentialIds } from '../src/kernel/ids.ts';
import { generateEnterprises } from '../src/platform/demo/generate-enterprises.ts';
import type { Actor, Org } from '../src/platform/identity/identity.types.ts';
import { createPlatformServices } from '../src/platform/platform.ts';
import { claimRow, type LifecycleDb } from '../src/platform/policy/lifecycle.repository.ts';
import { shippedUnits } from '../src/platform/policy/unit-files.ts';
import { allMigrations } from '../src/scenarios/index.ts';
import { realisticUnits } from './policy-units.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const root = join(import.meta.dirname, '..');
const PHASE = arg('phase', 'main');
const PAYOUT_N = Number(arg('payout', '100000'));
const N = Number(arg('n', '1000000'));
const UNITS = Number(arg('units', '1100'));
const PG = arg('pg', 'postgres://postgres@127.0.0.1:5432/test');
const SECONDS = Number(arg('seconds', '10'));
const CONCURRENCY = arg('concurrency', '10,50').split(',').map(Number);
const CATALOGUE = arg('catalogue', 'realistic');
const SEED = Number(arg('seed', '5'));
const PUBLISH = arg('publish', '1') !== '0';
const COMPANIES = 8; // logins are throttled to 10 a minute per address: the admin and 8 companies
const PASSWORD = 'Bench@Passw0rd';
const load = () => loadavg()[0].toFixed(1);
const log = (line: string) => process.stdout.write(`${line}\n`);
const result: Record<string, number> = {};

const org: Org = { id: 'org_bench', code: '330100-data', name: 'bench', nameEn: 'bench', kind: 'city', parentId: null, divisionCode: '330100' };
const admin: Actor = { userId: 'usr_bench', username: 'bench', displayName: 'bench', role: 'platform_admin', org, enterpriseUscc: null, sessionId: null, ip: null };

async function payoutBench(n: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'policy-bench-'));
  const database = await openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  await migrateToLatest(database, allMigrations);
  const services = createPlatformServices({ database, clock: createFixedClock('2026-03-02T02:00:00.000Z'), ids: createSequentialIds() });
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

// PostgreSQL gets a database of its own per run (as the registry bench does).
const databaseName = (dir: string) => `bench_policy_${dir.replace(/\W/g, '').slice(-8).toLowerCase()}`;
function databaseUrl(kind: string, dir: string): string | undefined {
  if (kind === 'sqlite') return undefined;
  const u = new URL(PG);
  u.pathname = `/${databaseName(dir)}`;
  return u.toString();
}
const open = (kind: string, dir: string): Promise<Database> => openDatabase(databaseUrl(kind, dir), dir);

/**
 * `count` published units: a realistic city catalogue drawn from the seed, or (`--catalogue cloned`)
 * the shipped ones cloned under new ids (same conditions, same cost to evaluate).
 */
function benchUnits(count: number): PolicyUnit[] {
  if (CATALOGUE === 'realistic') return realisticUnits(count, SEED);
  if (CATALOGUE !== 'cloned') throw new Error(`--catalogue is realistic or cloned, not ${CATALOGUE}`);
  const shipped = shippedUnits();
  return Array.from({ length: count }, (_, i) => {
    const u = shipped[i % shipped.length];
    return i < shipped.length ? u : { ...u, id: `${u.id}-b${i}` };
  });
}

/** A city of N enterprises, `units` published units, an administrator, company accounts, and the bench unit saved (not published). */
async function setupCity(kind: string, dir: string): Promise<void> {
  if (kind === 'postgres') {
    const server = await openDatabase(PG);
    await sql`drop database if exists ${sql.id(databaseName(dir))}`.execute(server.kysely);
    await sql`create database ${sql.id(databaseName(dir))}`.execute(server.kysely);
    await server.close();
  }
  const database = await open(kind, dir);
  await migrateToLatest(database, allMigrations);
  const services = createPlatformServices({ database });
  const t0 = performance.now();
  const companies: { uscc: string; districtCode: string }[] = [];
  let batch = [];
  let seq = 0;
  for (const e of generateEnterprises({ count: N, seed: 11 })) {
    batch.push(e);
    if (companies.length < COMPANIES && seq++ % Math.max(1, Math.floor(N / COMPANIES)) === 0) companies.push({ uscc: e.uscc, districtCode: e.districtCode });
    if (batch.length === 50_000) {
      const rows = batch;
      await database.kysely.transaction().execute((trx) => services.enterpriseRepository.insertMany(rows, trx as never));
      batch = [];
    }
  }
  if (batch.length) await services.enterpriseRepository.insertMany(batch);
  const t1 = performance.now();
  const city = await services.identity.createOrg({ code: '330100', name: '杭州市', nameEn: 'Hangzhou', kind: 'city', parentId: null, divisionCode: '330100' });
  const user = await services.identity.createUser({ username: 'bench-admin', displayName: 'bench', password: PASSWORD, role: 'platform_admin', orgId: city.id, enterpriseUscc: null });
  for (const [i, c] of companies.entries()) {
    const o = await services.identity.createOrg({ code: c.uscc, name: `企业 ${i}`, nameEn: `Company ${i}`, kind: 'enterprise', parentId: city.id, divisionCode: c.districtCode });
    await services.identity.createUser({ username: `company-${i}`, displayName: `企业用户 ${i}`, password: PASSWORD, role: 'enterprise', orgId: o.id, enterpriseUscc: c.uscc });
  }
  const actor = await services.identity.actorForUserId(user.id);
  await services.policyLifecycle.ready();
  const published = new Set((await services.policy.units.list()).filter((u) => u.publishedVersion !== null).map((u) => u.id));
  for (const u of benchUnits(UNITS)) {
    if (published.has(u.id)) continue;
    const v = await services.policy.units.save(actor, u);
    await services.policy.units.publish(actor, u.id, v.version);
  }
  await database.close();
  log(`${kind}: city of ${N} enterprises in ${((t1 - t0) / 1000).toFixed(1)} s; ${UNITS} published units (${CATALOGUE} catalogue), ${companies.length} company accounts in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
}

/** Saves a fresh apply-free unit every company is eligible for (not published yet); answers its id. */
async function prepareRelease(kind: string, dir: string): Promise<string> {
  const database = await open(kind, dir);
  const services = createPlatformServices({ database });
  const user = await services.identity.findUserByUsername('bench-admin');
  const actor = await services.identity.actorForUserId(user!.id);
  const unit = { id: `bench-city-grant-${Date.now().toString(36)}`, version: 1, title: { zh: '全市普惠补助', en: 'City-wide grant' }, eligibility: { '>=': [{ var: 'registered_capital' }, 0] }, benefit: { fixed: 100_000 } };
  await services.policy.units.save(actor, unit);
  const line = await services.policyLifecycle.budget.createLine(actor, { title: 'bench city grant', capFen: N * 100_000 });
  await services.policyLifecycle.budget.setSettings(actor, unit.id, { mode: 'apply_free', budgetLineId: line.id });
  await database.close();
  return unit.id;
}

/** The server: builds the mirror's snapshot first (a running city server holds it), then listens. */
async function servePhase(kind: string, dir: string): Promise<void> {
  const { buildApp } = await import('../src/api/app.ts');
  const database = await open(kind, dir);
  // As the server does on start: a kept city (`--from`) made by older code gets the newer migrations.
  await migrateToLatest(database, allMigrations);
  const services = createPlatformServices({ database });
  const app = await buildApp({ services, config: loadConfig({ DATA_DIR: dir }) });
  const user = await services.identity.findUserByUsername('bench-admin');
  const t0 = performance.now();
  const run = await services.policy.evaluation.startMatch(await services.identity.actorForUserId(user!.id));
  await services.policy.evaluation.idle();
  const warm = await services.policy.evaluation.run(await services.identity.actorForUserId(user!.id), run.id);
  if (warm.status !== 'done') throw new Error(`warm-up match ${warm.status}: ${warm.error}`);
  const warmSeconds = (performance.now() - t0) / 1000;
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`READY ${(app.server.address() as { port: number }).port} ${warmSeconds.toFixed(2)}\n`);
  let cpu0 = process.cpuUsage();
  process.stdin.on('data', (d: Buffer) => {
    if (d.toString().includes('mark')) cpu0 = process.cpuUsage();
    if (d.toString().includes('cpu')) { const cpu = process.cpuUsage(cpu0); process.stdout.write(`CPU ${cpu.user + cpu.system}\n`); }
  });
  process.stdin.on('end', () => {
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(`CPU ${cpu.user + cpu.system}\n`, () => void app.close().then(() => database.close()).then(() => process.exit(0)));
  });
}

interface Server {
  port: number;
  warmSeconds: number;
  mark(): void;
  /** The server's CPU time (µs) since the last mark. */
  cpu(): Promise<number>;
  /** Stops the server; answers its CPU time (µs) since the last mark. */
  stop(): Promise<number>;
}

async function startServer(kind: string, dir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--max-old-space-size=6144', '--max-semi-space-size=64', join(root, 'bin', 'bench.js'), 'policy', '--phase', 'serve', '--db', kind, '--dir', dir, '--pg', PG], { stdio: ['pipe', 'pipe', 'inherit'] });
  let cpuUs = NaN;
  let onCpu = () => {};
  const ready = await new Promise<{ port: number; warm: number }>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /READY (\d+) ([\d.]+)/.exec(d.toString());
      if (m) resolve({ port: Number(m[1]), warm: Number(m[2]) });
      const c = /CPU (\d+)/.exec(d.toString());
      if (c) { cpuUs = Number(c[1]); onCpu(); }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return {
    port: ready.port, warmSeconds: ready.warm,
    mark: () => void child.stdin.write('mark\n'),
    cpu() {
      const got = new Promise<number>((r) => (onCpu = () => r(cpuUs)));
      child.stdin.write('cpu\n');
      return got;
    },
    async stop() {
      const got = new Promise<void>((r) => (onCpu = r));
      child.stdin.end();
      await got;
      await new Promise((r) => child.once('exit', r));
      return cpuUs;
    },
  };
}

function client(port: number, connections: number) {
  const agent = new HttpAgent({ keepAlive: true, maxSockets: connections });
  const call = (method: string, path: string, cookie: string, body?: unknown) => new Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest({ host: '127.0.0.1', port, path, method, agent, headers: { cookie, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
  const login = async (username: string) => {
    const r = await call('POST', '/api/auth/login', '', { username, password: PASSWORD });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    return String([r.headers['set-cookie']].flat()[0]).split(';')[0];
  };
  return { call, login, close: () => agent.destroy() };
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

/** Publication through the API, its progress polled through the API. */
async function publishBench(kind: string, p: string, server: Server, http: ReturnType<typeof client>, unitId: string): Promise<void> {
  const cookie = await http.login('bench-admin');
  server.mark();
  const t0 = performance.now();
  const rel = await http.call('POST', `/api/policy/units/${unitId}/versions/1/release`, cookie, {});
  if (rel.status !== 202) throw new Error(`release: ${rel.status} ${rel.text}`);
  const id = (JSON.parse(rel.text) as { id: string }).id;
  const progress: string[] = [];
  let pub: { status: string; eligible: number; pushes: number; claims: number; progress: number | null; error: string | null };
  for (;;) {
    pub = JSON.parse((await http.call('GET', `/api/policy/publications/${id}`, cookie)).text) as typeof pub;
    if (pub.status !== 'running') break;
    progress.push(`${((performance.now() - t0) / 1000).toFixed(1)}s:${Math.round((pub.progress ?? 0) * 100)}%`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const seconds = (performance.now() - t0) / 1000;
  const publishCpu = (await server.cpu()) / 1e6;
  if (pub.status !== 'done') throw new Error(`publication ${pub.status}: ${pub.error}`);
  log(`${kind}: publish to ${N} enterprises → ${pub.eligible} eligible, ${pub.pushes} pushes, ${pub.pushes} inbox notices, ${pub.claims} apply-free claims in ${seconds.toFixed(2)} s, server CPU ${publishCpu.toFixed(1)} s (load ${load()}); progress through the API: ${progress.join(' ')}`);
  result[`${p}publish_cpu_s`] = publishCpu;
  if (N === 1_000_000) result[`${p}publish_1m_s`] = Number(seconds.toFixed(2));
  else result[`${p}publish_s`] = Number(seconds.toFixed(2));
  result[`${p}publish_rows`] = pub.pushes * 2 + pub.claims;
}

async function cityBench(kind: string, dir: string, fresh: boolean): Promise<void> {
  const p = kind === 'sqlite' ? '' : 'pg_';
  if (fresh) await setupCity(kind, dir);
  const unitId = PUBLISH ? await prepareRelease(kind, dir) : '';
  const server = await startServer(kind, dir);
  log(`${kind}: server ready; the mirror's snapshot built and ${UNITS} units matched against it in ${server.warmSeconds.toFixed(1)} s (a running server's one-time cost; load ${load()})`);
  result[`${p}snapshot_warm_s`] = server.warmSeconds;
  const http = client(server.port, Math.max(...CONCURRENCY));
  try {
    // Publication through the API, its progress polled through the API.
    if (PUBLISH) await publishBench(kind, p, server, http, unitId);

    // "Policies for me" for rotating companies.
    const cookies: string[] = [];
    for (let i = 0; i < COMPANIES; i++) cookies.push(await http.login(`company-${i}`).catch(() => ''));
    const live = cookies.filter(Boolean);
    const first = await http.call('GET', '/api/policy/for-me', live[0]);
    if (first.status !== 200) throw new Error(`for-me: ${first.status} ${first.text.slice(0, 300)}`);
    const body = JSON.parse(first.text) as { eligible: unknown[]; nearMisses: unknown[] };
    // How long the answers are (the catalogue decides: tens of eligible units, or hundreds when cloned).
    const sizes = await Promise.all(live.map(async (c) => JSON.parse((await http.call('GET', '/api/policy/for-me', c)).text) as typeof body));
    const eligibleAvg = sizes.reduce((s, b) => s + b.eligible.length, 0) / sizes.length;
    log(`${kind}: for-me answers of ${sizes.length} companies list ${sizes.map((b) => b.eligible.length).join(', ')} eligible units (mean ${eligibleAvg.toFixed(1)}) and ${sizes.map((b) => b.nearMisses.length).join(', ')} near misses`);
    result[`${p}for_me_eligible_avg`] = eligibleAvg;
    for (let w = 0; w < 300; w++) await http.call('GET', '/api/policy/for-me', live[w % live.length]);
    for (const [ci, c] of CONCURRENCY.entries()) {
      const latencies: number[] = [];
      let errors = 0;
      let k = 0;
      server.mark();
      const started = performance.now();
      const end = started + SECONDS * 1000;
      await Promise.all(Array.from({ length: c }, async () => {
        while (performance.now() < end) {
          const t = performance.now();
          const r = await http.call('GET', '/api/policy/for-me', live[k++ % live.length]);
          latencies.push(performance.now() - t);
          if (r.status !== 200) errors++;
        }
      }));
      const elapsed = (performance.now() - started) / 1000;
      const cpuMs = (await server.cpu()) / 1000 / latencies.length;
      latencies.sort((a, b) => a - b);
      const rps = latencies.length / elapsed;
      log(`${kind}: for-me at ${N} enterprises × ${UNITS + 1} units, ${c} concurrent: p50 ${pct(latencies, 0.5).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms, ${rps.toFixed(0)} req/s, ${latencies.length} requests, ${errors} errors, server CPU ${cpuMs.toFixed(2)} ms per answer; answers list ${body.eligible.length} eligible, ${body.nearMisses.length} near misses (load ${load()})`);
      if (errors) throw new Error(`${errors} for-me requests failed`);
      result[`${p}for_me_p50_ms_c${c}`] = Number(pct(latencies, 0.5).toFixed(1));
      result[`${p}for_me_p99_ms_c${c}`] = Number(pct(latencies, 0.99).toFixed(1));
      result[`${p}for_me_rps_c${c}`] = Math.round(rps);
      result[`${p}for_me_cpu_ms`] = cpuMs;
      if (ci === 0 && N === 1_000_000 && UNITS >= 1100) result[`${p}for_me_p99_ms`] = Number(pct(latencies, 0.99).toFixed(1));
    }
  } finally {
    http.close();
    const cpuUs = await server.stop();
    log(`${kind}: server CPU in the last for-me window ${(cpuUs / 1e6).toFixed(1)} s`);
  }
}

async function main(): Promise<void> {
  result.machine_cores = cpus().length;
  if (PAYOUT_N > 0) await payoutBench(PAYOUT_N);
  const from = arg('from', '');
  const keep = process.argv.includes('--keep');
  for (const kind of N > 0 ? arg('db', 'sqlite,postgres').split(',') : []) {
    const dir = from || mkdtempSync(join(tmpdir(), 'policy-city-'));
    try {
      await cityBench(kind, dir, !from);
    } finally {
      if (keep || from) log(`${kind}: data kept in ${dir}${kind === 'postgres' ? ` (database ${databaseName(dir)})` : ''}`);
      else {
        if (kind === 'postgres') {
          const server = await openDatabase(PG);
          await sql`drop database if exists ${sql.id(databaseName(dir))} with (force)`.execute(server.kysely);
          await server.close();
        }
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  log(`RESULT ${JSON.stringify(Object.fromEntries(Object.entries(result).map(([k, v]) => [k, Math.round(v * 100) / 100])))}`);
}

if (PHASE === 'serve') await servePhase(arg('db', 'sqlite'), arg('dir', ''));
else await main();
