// The enterprise mirror at scale: `npm run bench -- registry [--n 1000000] [--db sqlite,postgres]
// [--pg postgres://postgres@127.0.0.1:5432/test] [--seconds 10] [--keep] [--from DIR]`.
// `--keep` leaves the data directory (and the PostgreSQL database) in place and prints it; `--from DIR`
// (with one `--db`) skips the register and the imports and measures the snapshot and portrait phases
// on a kept directory — for iterating on those without re-importing; `--only portrait` then runs the
// portrait load alone, `--only snapshot` the snapshot phases alone (build, save, load, incremental).
// 1. import N enterprises × 30 attributes from CSV with the real CLI (`onething import`), wall time
//    and peak RSS by /usr/bin/time; then two more batches so the population carries 64+ attributes;
// 2. build the columnar snapshot from the database, save it, load it in a fresh process, apply
//    10,000 changed values incrementally (in memory, and through the database);
// 3. portrait API p50/p99 under 50 concurrent requests against the running server.
// Every phase runs in its own process so its time and memory are its own. Last line: RESULT {json}.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/api/config.ts';
import { migrateToLatest, openDatabase, type Database } from '../src/db/index.ts';
import { generateEnterprises } from '../src/platform/demo/generate-enterprises.ts';
import { createPlatformServices } from '../src/platform/platform.ts';
import { createSnapshotWriter, type SnapshotRecord } from '../src/platform/registry/snapshot/mirror-snapshot.ts';
import { allMigrations } from '../src/scenarios/index.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const root = join(import.meta.dirname, '..');
const N = Number(arg('n', '1000000'));
const PHASE = arg('phase', 'main');
const PG = arg('pg', 'postgres://postgres@127.0.0.1:5432/test');
// As of today: the batches commit now, and "as of" reads what had arrived by then.
const ASOF = new Date().toISOString().slice(0, 10);
const monthBefore = (n: number) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
};
const PASSWORD = 'Bench@Passw0rd';

// Batch A: 30 yearly attributes (2025). B: 22 point attributes. C: 5 monthly + 3 quarterly ones.
const YEARLY = ['revenue', 'taxable_income', 'tax_paid', 'vat_paid', 'tax_credit_rating', 'employees', 'graduates_hired', 'disabled_employees', 'average_wage', 'total_assets', 'net_assets', 'total_liabilities', 'total_profit', 'industrial_output', 'above_scale', 'rd_spend', 'high_tech_revenue', 'tech_staff', 'rd_staff', 'pct_applications', 'tech_sme', 'gazelle', 'credit_rating', 'admin_penalties', 'env_credit_rating', 'env_penalties', 'cod_emissions', 'energy_consumption', 'export_value', 'import_value'];
const POINT = ['legal_form', 'paid_in_capital', 'listed', 'tax_arrears', 'social_insurance_arrears', 'rd_centre_level', 'trademarks', 'software_copyrights', 'high_tech', 'high_tech_expiry', 'srdi_level', 'abnormal_list', 'dishonest_list', 'serious_violation_list', 'licences', 'construction_grade', 'pollutant_permit_class', 'customs_credit', 'loan_overdue', 'safety_standard_level', 'land_area', 'floor_area'];
const MONTHLY = ['insured_employees', 'unemployment_insured', 'pension_contributions', 'invoiced_sales', 'electricity'];

// PostgreSQL gets a database of its own (not a schema: Kysely's migrator finds another schema's
// migration tables on a shared server and then fails to lock its own).
function databaseUrl(kind: string, dir: string): string | undefined {
  if (kind === 'sqlite') return undefined;
  const u = new URL(PG);
  u.pathname = `/${databaseName(dir)}`;
  return u.toString();
}
function databaseName(dir: string): string {
  return `bench_registry_${dir.replace(/\W/g, '').slice(-8).toLowerCase()}`;
}
async function open(kind: string, dir: string): Promise<Database> {
  return openDatabase(databaseUrl(kind, dir), dir);
}

/** Cheap deterministic pseudo-random values per (row, column). */
function rnd(i: number, c: number): number {
  let x = (i * 2654435761 + c * 40503) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 2246822507) >>> 0;
  x = (x ^ (x >>> 13)) >>> 0;
  return x / 4294967296;
}

function cellFor(key: string, i: number, c: number, catalogue: Map<string, { type: string; codes: string[] }>): string {
  const spec = catalogue.get(key)!;
  const r = rnd(i, c);
  switch (spec.type) {
    case 'money': return (Math.floor(r * 1e9) / 100).toFixed(2);
    case 'integer': return String(Math.floor(r * 200));
    case 'number': return (r * 10000).toFixed(1);
    case 'boolean': return r < 0.2 ? '1' : '0';
    case 'date': return `20${String(26 + Math.floor(r * 4))}-0${1 + Math.floor(r * 9)}-1${Math.floor(r * 9)}`;
    case 'enum': return spec.codes[Math.floor(r * spec.codes.length)];
    case 'set': return spec.codes.filter((_, k) => rnd(i, c * 31 + k) < 0.1).join(';');
    default: return '';
  }
}

async function writeCsv(path: string, usccs: string[], keys: string[], catalogue: Map<string, { type: string; codes: string[] }>, period?: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  const header = ['uscc', ...(period ? ['period'] : []), ...keys].join(',') + '\n';
  out.write(header);
  let chunk = '';
  for (let i = 0; i < usccs.length; i++) {
    chunk += usccs[i] + (period ? `,${period(i)}` : '') + ',' + keys.map((k, c) => cellFor(k, i, c, catalogue)).join(',') + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** Fresh database with N enterprises and an admin; writes the batch files. */
async function setup(kind: string, dir: string): Promise<string[]> {
  if (kind === 'postgres') {
    const admin = await openDatabase(PG);
    await sql`drop database if exists ${sql.id(databaseName(dir))}`.execute(admin.kysely);
    await sql`create database ${sql.id(databaseName(dir))}`.execute(admin.kysely);
    await admin.close();
  }
  const database = await open(kind, dir);
  await migrateToLatest(database, allMigrations);
  const services = createPlatformServices({ database });
  const t0 = performance.now();
  const usccs: string[] = [];
  let batch = [];
  for (const e of generateEnterprises({ count: N, seed: 7 })) {
    batch.push(e);
    usccs.push(e.uscc);
    if (batch.length === 50_000) {
      const rows = batch;
      await database.kysely.transaction().execute((trx) => services.enterpriseRepository.insertMany(rows, trx as never));
      batch = [];
    }
  }
  if (batch.length) await services.enterpriseRepository.insertMany(batch);
  const org = await services.identity.createOrg({ code: '330100', name: '杭州市', nameEn: 'Hangzhou', kind: 'city', parentId: null, divisionCode: '330100' });
  await services.identity.createUser({ username: 'bench-admin', displayName: 'bench', password: PASSWORD, role: 'platform_admin', orgId: org.id, enterpriseUscc: null });
  const catalogue = await services.registry.catalogue.load();
  const codes = new Map(catalogue.attributes.map((a) => [a.key, { type: a.type, codes: (a.codes ?? []).map((c) => c.code) }]));
  process.stderr.write(`  ${kind}: ${N} enterprises in the register in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  await database.close();
  await writeCsv(join(dir, 'a-yearly.csv'), usccs, YEARLY, codes);
  await writeCsv(join(dir, 'b-point.csv'), usccs, POINT, codes);
  await writeCsv(join(dir, 'c-monthly.csv'), usccs, MONTHLY, codes, (i) => monthBefore(1 + (i % 2)));
  return usccs;
}

/** Runs the real CLI under /usr/bin/time: wall seconds and peak RSS (MB). */
function cliImport(kind: string, dir: string, file: string, extra: string[]): { seconds: number; cpuSeconds: number; rssMb: number; out: string } {
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: databaseUrl(kind, dir) ?? '' };
  const run = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M %U %S', process.execPath, join(root, 'bin', 'onething.js'), 'import', file, '--source', 'stats', ...extra], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(run.stderr);
  if (run.status !== 0 || !m) throw new Error(`import failed (${run.status}): ${run.stdout.slice(0, 2000)} ${run.stderr.slice(-2000)}`);
  // CPU time (user + system) of the import process does not depend on what else the machine runs.
  return { seconds: Number(m[1]), cpuSeconds: Number(m[3]) + Number(m[4]), rssMb: Math.round(Number(m[2]) / 1024), out: run.stdout.trim().split('\n')[0] };
}

/** Runs a phase of this file in a child process and returns its JSON answer. */
function phase(name: string, kind: string, dir: string): Record<string, number> {
  // With the young generation of the server and the CLI (bin/onething.js, `npm start`: 64 MB), where snapshots are built.
  const run = spawnSync(process.execPath, ['--max-old-space-size=4096', '--max-semi-space-size=64', join(root, 'bin', 'bench.js'), 'registry', '--phase', name, '--db', kind, '--dir', dir, '--n', String(N), '--pg', PG], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`phase ${name} failed: ${run.stderr.slice(-3000)}`);
  process.stderr.write(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
}

async function snapshotPhase(kind: string, dir: string) {
  const database = await open(kind, dir);
  const services = createPlatformServices({ database });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const snap = await services.registry.snapshots.build(ASOF);
  const build = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const t1 = performance.now();
  const bytes = await services.registry.snapshots.save(snap, join(dir, 'mirror.snap'));
  const save = (performance.now() - t1) / 1000;
  await database.close();
  const populated = snap.specs.filter((s) => snap.engine.columns[s.key].periods[0].some((v: number) => (Number.isNaN(v) ? false : s.type === 'enum' ? v !== -1 : s.type === 'boolean' ? v !== 2 : s.type === 'set' ? v !== 0 : true))).length;
  return { snapshot_build_s: build, snapshot_build_cpu_s: (cpu.user + cpu.system) / 1e6, snapshot_save_s: save, snapshot_mb: bytes / 2 ** 20, snapshot_attributes: snap.specs.length, snapshot_attributes_populated: populated, snapshot_rss_mb: process.resourceUsage().maxRSS / 1024 };
}

async function loadPhase(kind: string, dir: string) {
  const database = await open(kind, dir);
  const services = createPlatformServices({ database });
  const t0 = performance.now();
  const snap = await services.registry.snapshots.load(join(dir, 'mirror.snap'), { refresh: false });
  const load = (performance.now() - t0) / 1000;
  // 10,000 changed values: employees, insured employees, a flag and a licence set of random firms.
  const keys = ['employees', 'insured_employees', 'high_tech', 'licences'];
  const records: SnapshotRecord[] = Array.from({ length: 10_000 }, (_, i) => {
    const key = keys[i % 4];
    const uscc = snap.usccs[Math.floor(rnd(i, 99) * snap.usccs.length)];
    const value = key === 'high_tech' ? true : key === 'licences' ? ['food_business'] : 1 + (i % 50);
    return { uscc, period: key === 'employees' ? '2025' : key === 'insured_employees' ? monthBefore(1) : null, effective: key === 'employees' ? '2025-12-31' : key === 'insured_employees' ? `${monthBefore(1)}-28` : ASOF, values: { [key]: value } };
  });
  const t1 = performance.now();
  const writer = createSnapshotWriter(snap);
  for (const r of records) writer.apply(r);
  const incremental = performance.now() - t1;
  // The same again with other values: a running process applies arrivals with warm code.
  const t1b = performance.now();
  for (const r of records) writer.apply({ ...r, values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, typeof v === 'number' ? v + 1 : v])) });
  const incrementalWarm = performance.now() - t1b;
  // The same through the database: a 10,000-row batch, then refresh from the watermark.
  const csvText = 'uscc,employees\n' + records.slice(0, 10_000).map((r, i) => `${r.uscc},${100 + i}`).join('\n');
  await services.registry.intake.run(null, { source: 'stats', format: 'csv', period: '2025', partial: true, open: () => Readable.from([Buffer.from(csvText)]) });
  const t2 = performance.now();
  const applied = await services.registry.snapshots.refresh(snap);
  const refresh = performance.now() - t2;
  await database.close();
  return { snapshot_load_s: load, incremental_10k_ms: incremental, incremental_10k_warm_ms: incrementalWarm, incremental_10k_db_ms: refresh, incremental_db_records: applied };
}

async function servePhase(kind: string, dir: string) {
  const { buildApp } = await import('../src/api/app.ts');
  const database = await open(kind, dir);
  const services = createPlatformServices({ database });
  const app = await buildApp({ services, config: loadConfig({ DATA_DIR: dir }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`READY ${(app.server.address() as { port: number }).port}\n`);
  // "mark" on stdin starts the measured window; at its end the server reports the CPU it used in it.
  let cpu0 = process.cpuUsage();
  process.stdin.on('data', (d: Buffer) => { if (d.toString().includes('mark')) cpu0 = process.cpuUsage(); });
  process.stdin.on('end', () => {
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(`CPU ${cpu.user + cpu.system}\n`, () => void app.close().then(() => database.close()).then(() => process.exit(0)));
  });
}

async function portraitLoad(kind: string, dir: string, usccs: string[]): Promise<{ p50: number; p99: number; rps: number; requests: number; errors: number; cpuMsPerRequest: number }> {
  // With the node flags of `npm start` (bin/onething.js: a 64 MB young generation), as the server runs.
  const server = spawn(process.execPath, ['--max-semi-space-size=64', join(root, 'bin', 'bench.js'), 'registry', '--phase', 'serve', '--db', kind, '--dir', dir, '--pg', PG], { stdio: ['pipe', 'pipe', 'inherit'] });
  let serverCpuUs = NaN;
  const port = await new Promise<number>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => {
      const m = /READY (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
      const c = /CPU (\d+)/.exec(d.toString());
      if (c) serverCpuUs = Number(c[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-admin', password: PASSWORD }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const seconds = Number(arg('seconds', '10'));
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  // node:http with 50 keep-alive sockets, as autocannon does: a light client, so the latency is the server's.
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 50 });
  const get = (path: string) => new Promise<{ status: number; bytes: number }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent, headers: { cookie } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  // Warm-up, then 50 concurrent clients for the measured window.
  for (let w = 0; w < 200; w++) await get(`/api/registry/enterprises/${usccs[w % usccs.length]}/portrait?asOf=${ASOF}`);
  server.stdin.write('mark\n');
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (performance.now() < end) {
      const uscc = usccs[Math.floor(rnd(i++, 7) * usccs.length)];
      const t = performance.now();
      const r = await get(`/api/registry/enterprises/${uscc}/portrait?asOf=${ASOF}`);
      latencies.push(performance.now() - t);
      if (r.status !== 200) errors++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  server.stdin.end();
  await new Promise((r) => server.once('exit', r));
  latencies.sort((a, b) => a - b);
  // The server's CPU per answer does not depend on what else the machine runs (the wall figures do).
  return { p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)], rps: latencies.length / elapsed, requests: latencies.length, errors, cpuMsPerRequest: serverCpuUs / 1000 / latencies.length };
}

async function main() {
  const kinds = arg('db', 'sqlite,postgres').split(',');
  const keep = process.argv.includes('--keep');
  const from = arg('from', '');
  const result: Record<string, number | string> = { enterprises: N, machine_cores: (await import('node:os')).cpus().length };
  for (const kind of kinds) {
    const dir = from || mkdtempSync(join(tmpdir(), 'onething-registry-'));
    const p = kind === 'sqlite' ? '' : 'pg_';
    try {
      if (from) {
        const usccs = await keptUsccs(kind, dir);
        result.enterprises = usccs.length;
        if (arg('only', '') === 'portrait') {
          // `--from DIR --only portrait`: the portrait load alone, on kept data.
          const portrait = await portraitLoad(kind, dir, usccs);
          console.log(`${kind}: portrait API, 50 concurrent: p50 ${portrait.p50.toFixed(1)} ms, p99 ${portrait.p99.toFixed(1)} ms, ${portrait.rps.toFixed(0)} req/s (${portrait.requests} requests, ${portrait.errors} errors), server CPU ${portrait.cpuMsPerRequest.toFixed(3)} ms per answer`);
          Object.assign(result, prefixed(p, { portrait_p50_ms: portrait.p50, portrait_p99_ms: portrait.p99, portrait_rps: portrait.rps, portrait_server_cpu_ms: portrait.cpuMsPerRequest }));
          continue;
        }
        if (arg('only', '') === 'snapshot') {
          // `--from DIR --only snapshot`: the snapshot build, save, load and incremental phases alone, on kept data.
          Object.assign(result, prefixed(p, measureSnapshot(kind, dir)));
          continue;
        }
        Object.assign(result, prefixed(p, await measureSnapshotAndPortrait(kind, dir, usccs)));
        continue;
      }
      const usccs = await setup(kind, dir);
      const a = cliImport(kind, dir, join(dir, 'a-yearly.csv'), ['--period', '2025']);
      console.log(`${kind}: import ${N} × 30 (${(statSync(join(dir, 'a-yearly.csv')).size / 2 ** 20).toFixed(0)} MB CSV): ${a.seconds.toFixed(1)} s wall, ${a.cpuSeconds.toFixed(1)} s CPU, peak RSS ${a.rssMb} MB — ${a.out}`);
      const again = cliImport(kind, dir, join(dir, 'a-yearly.csv'), ['--period', '2025']);
      console.log(`${kind}: the same batch again: ${again.seconds.toFixed(1)} s — ${again.out}`);
      const b = cliImport(kind, dir, join(dir, 'b-point.csv'), ['--period', `${monthBefore(1)}-15`]);
      const c = cliImport(kind, dir, join(dir, 'c-monthly.csv'), []);
      console.log(`${kind}: import ${N} × ${POINT.length} point values: ${b.seconds.toFixed(1)} s; ${N} × ${MONTHLY.length} monthly: ${c.seconds.toFixed(1)} s`);
      Object.assign(result, {
        [`${p}import_1m_s`]: a.seconds, [`${p}import_1m_cpu_s`]: a.cpuSeconds, [`${p}peak_rss_mb`]: a.rssMb, [`${p}reimport_s`]: again.seconds, [`${p}import_point_s`]: b.seconds, [`${p}import_monthly_s`]: c.seconds,
      }, prefixed(p, await measureSnapshotAndPortrait(kind, dir, usccs)));
    } finally {
      if (keep || from) console.log(`${kind}: data kept in ${dir}${kind === 'postgres' ? ` (database ${databaseName(dir)})` : ''}`);
      else {
        if (kind === 'postgres') {
          const admin = await openDatabase(PG);
          await sql`drop database if exists ${sql.id(databaseName(dir))} with (force)`.execute(admin.kysely);
          await admin.close();
        }
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const rounded = Object.fromEntries(Object.entries(result).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 100) / 100 : v]));
  console.log(`RESULT ${JSON.stringify(rounded)}`);
}

function prefixed(p: string, figures: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [`${p}${k}`, v]));
}

/** The USCCs of a kept directory's register (for `--from`). */
async function keptUsccs(kind: string, dir: string): Promise<string[]> {
  const database = await open(kind, dir);
  await migrateToLatest(database, allMigrations); // a directory kept by an older version of the code
  const rows = await sql<{ uscc: string }>`select uscc from enterprises`.execute(database.kysely);
  await database.close();
  return rows.rows.map((r) => r.uscc);
}

/** The snapshot phases (build, save, load, incremental) on an imported directory. */
function measureSnapshot(kind: string, dir: string): Record<string, number> {
  const snap = phase('snapshot', kind, dir);
  console.log(`${kind}: snapshot of ${N} × ${snap.snapshot_attributes} attributes (${snap.snapshot_attributes_populated} populated): build ${snap.snapshot_build_s.toFixed(2)} s (${snap.snapshot_build_cpu_s.toFixed(2)} s CPU), save ${snap.snapshot_save_s.toFixed(2)} s, ${snap.snapshot_mb.toFixed(0)} MB, RSS ${snap.snapshot_rss_mb.toFixed(0)} MB`);
  const load = phase('load', kind, dir);
  console.log(`${kind}: snapshot load ${load.snapshot_load_s.toFixed(2)} s; 10,000 changed values applied in ${load.incremental_10k_ms.toFixed(1)} ms (in memory, first; ${(load.incremental_10k_warm_ms ?? NaN).toFixed(1)} ms warm), ${load.incremental_10k_db_ms.toFixed(1)} ms through the database`);
  return {
    snapshot_build_s: snap.snapshot_build_s, snapshot_build_cpu_s: snap.snapshot_build_cpu_s, snapshot_load_s: load.snapshot_load_s, incremental_10k_ms: load.incremental_10k_ms, incremental_10k_warm_ms: load.incremental_10k_warm_ms, incremental_10k_db_ms: load.incremental_10k_db_ms,
    snapshot_attributes: snap.snapshot_attributes,
  };
}

/** The snapshot (build, save, load, incremental) and portrait phases on an imported directory. */
async function measureSnapshotAndPortrait(kind: string, dir: string, usccs: string[]): Promise<Record<string, number>> {
  const figures = measureSnapshot(kind, dir);
  const portrait = await portraitLoad(kind, dir, usccs);
  console.log(`${kind}: portrait API, 50 concurrent: p50 ${portrait.p50.toFixed(1)} ms, p99 ${portrait.p99.toFixed(1)} ms, ${portrait.rps.toFixed(0)} req/s (${portrait.requests} requests, ${portrait.errors} errors), server CPU ${portrait.cpuMsPerRequest.toFixed(3)} ms per answer`);
  return {
    ...figures, portrait_p50_ms: portrait.p50, portrait_p99_ms: portrait.p99, portrait_rps: portrait.rps, portrait_server_cpu_ms: portrait.cpuMsPerRequest,
  };
}

const dirArg = arg('dir', '');
const kindArg = arg('db', 'sqlite');
if (PHASE === 'snapshot') console.log(JSON.stringify(await snapshotPhase(kindArg, dirArg)));
else if (PHASE === 'load') console.log(JSON.stringify(await loadPhase(kindArg, dirArg)));
else if (PHASE === 'serve') await servePhase(kindArg, dirArg);
else await main();
