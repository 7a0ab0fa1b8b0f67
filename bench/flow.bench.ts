// Flow engine bench: `npm run bench -- flow [--quick] [--n 2000] [--runs 3] [--group-n 10000] [--pg postgres://…] [--no-pg]
//   [--pg-callers 32] [--group-callers 1000] [--no-bpmn-engine] [--timer-backlog 1000000] [--timer-rate 5000] [--timer-seconds 10] [--migrate 100000] [--crash 100000]
//   [--wal-autocheckpoint 1000] [--skip-scale] [--only sqlite-step|sqlite-group|pg-step|pg-group] [--no-pipeline] [--no-jobs]`.
// Instances per second of the issue-6 workload (and the smaller `typical` one), completed programmatically:
//   one durable commit per step (SQLite: one caller; PostgreSQL: 32 callers, each on its own pooled connection),
//   and with group commit (many instances' steps in one transaction; a call returns once its commit is done), 1,000
//   callers in flight and, beside it, a burst (every instance of a round started at once, then every task completed at once);
// bpmn-engine on `typical`, in memory and with its state saved at each wait, in the same run; then timers over
// a million pending, migration of 100,000 running instances, and kill -9 of a worker during a 100,000-instance run.
// `--only X` runs only that throughput measurement (for iterating on it): one commit per step or group commit, SQLite or PostgreSQL.
// `--quick` picks small sizes for iteration (n 500, group 5,000, 100 k backlog at 1,000/s, 5,000 migrated, 2,000 crashed).
import { EventEmitter } from 'node:events';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { Engine } from 'bpmn-engine';
import { BpmnModdle } from 'bpmn-moddle';
import { nativePostgresPool, type Database } from '../src/db/index.ts';
import { typicalProcessXml } from '../src/engines/flow/test-support.ts';
import { drive, issue6Xml, lastCallLatencyMs, lastCpuMsPerInstance, lastMainThreadCpuMsPerInstance, lastOtherThreadsCpuMsPerInstance, lastServerCpuMsPerInstance, median, newEngine, openFresh } from './flow/setup.ts';
import { crashRun, measureMigration, measureTimers } from './flow/scale.ts';
import { pgCommitCeiling, sqliteCommitCeiling } from './flow/ceiling.ts';

const QUICK = process.argv.includes('--quick');
const arg = (name: string, full: number, quick: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : QUICK ? quick : full;
};
const N = arg('n', 2000, 500);
const RUNS = arg('runs', 3, 1);
const GROUP_N = arg('group-n', 10_000, 5000);
const PG_CALLERS = arg('pg-callers', 32, 32);
// Group commit's callers in flight, each making its next call when its last returned: about what a server sees at the
// target's rate (Little's law: 10,000 instances/s are 30,000 calls/s, each waiting ~30 ms for its batch's commit).
const GROUP_CALLERS = arg('group-callers', 1000, 1000);
const pgIndex = process.argv.indexOf('--pg');
const PG_URL = process.argv.includes('--no-pg') ? '' : pgIndex >= 0 ? process.argv[pgIndex + 1] : process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const round = (x: number) => Math.round(x);
const cpuMs: Record<string, number> = {};
const result: Record<string, number | boolean | null> = {};
const load = () => loadavg()[0].toFixed(1);

/** Median instances/s of `runs` fresh runs (after a warm-up) of one workload, database and mode. */
async function measure(label: string, kind: 'sqlite' | 'postgres', key: string, xml: string, n: number, mode: { group: boolean; concurrency: number; round: number; connections?: number; jobs?: boolean }): Promise<number> {
  const rates: number[] = [];
  const cpus: number[] = [];
  const servers: number[] = [];
  const mains: number[] = [];
  const latencies: Array<{ p50: number; p99: number }> = [];
  const others: number[][] = [];
  for (let r = 0; r < RUNS; r++) {
    const { database, cleanup } = await openFresh(kind, PG_URL);
    // The pool src/db opens has 10 connections; one-commit-per-step callers each hold one while their commit waits for its flush.
    const pool = mode.connections ? (nativePostgresPool(database) as unknown as { options: { max: number } } | undefined) : undefined;
    if (pool) pool.options.max = mode.connections!;
    // Due jobs run as many at once as there are callers (the engine's default is 8 on PostgreSQL).
    // `--no-pipeline`: group commit on SQLite without its writer thread (batches built and committed one after another).
    const groupCommit = mode.group && process.argv.includes('--no-pipeline') ? { pipeline: false } : mode.group;
    // `jobs`: every service task a job of its own, run by `runDueJobs` in a step of its own (the engine's `inline: false`).
    const engine = newEngine(database, { groupCommit, ...(mode.jobs ? { inline: false } : {}), ...(mode.connections ? { concurrency: mode.connections } : {}) });
    await engine.deploy(xml);
    await drive(engine, database, key, Math.min(mode.round, n), mode.concurrency, mode.round); // warm-up
    rates.push(await drive(engine, database, key, n, mode.concurrency, mode.round));
    cpus.push(lastCpuMsPerInstance);
    servers.push(lastServerCpuMsPerInstance);
    mains.push(lastMainThreadCpuMsPerInstance);
    latencies.push(lastCallLatencyMs);
    others.push(lastOtherThreadsCpuMsPerInstance);
    await cleanup();
  }
  const m = median(rates);
  const server = kind === 'postgres' ? `, server CPU ${median(servers).toFixed(3)} ms/instance` : '';
  // The main thread's share: with SQLite's group-commit writer thread, what bounds throughput when a second core is free.
  // The other threads of the median run, busiest first (on SQLite with group commit, the writer; then the collector's
  // helpers): with two cores, what they take from the second core bounds throughput as much as the main thread does.
  const threads = others[rates.indexOf(m)].filter((ms) => ms >= 0.0005);
  const rest = threads.slice(3).reduce((a, b) => a + b, 0);
  const other = threads.length ? `; other threads ${threads.slice(0, 3).map((ms) => ms.toFixed(3)).join(', ')}${rest > 0 ? ` and ${rest.toFixed(3)} in ${threads.length - 3} more` : ''}` : '';
  const main = ` (main thread ${median(mains).toFixed(3)}${other})`;
  const latency = latencies[rates.indexOf(m)];
  const calls = `; a call ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`;
  console.log(`${label.padEnd(34)} ${kind.padEnd(8)} ${key.padEnd(7)} n=${n}: ${round(m)} instances/s, client CPU ${median(cpus).toFixed(3)} ms/instance${main}${server}${calls} (runs: ${rates.map(round).join(', ')}; load ${load()})`);
  cpuMs[`${label.replace(/\W+/g, '_')}_${kind}_${key}`] = Number(median(cpus).toFixed(3));
  if (kind === 'postgres') cpuMs[`server_${label.replace(/\W+/g, '_')}_${key}`] = Number(median(servers).toFixed(3));
  return m;
}

const bpmnEngineXml = typicalProcessXml('typical').replace('onething:handler="intake"', 'implementation="${environment.services.intake}"');

/** bpmn-engine on the typical process; with `database`, its state is saved at each wait (one row per instance, one transaction per save). */
async function measureBpmnEngine(n: number, database?: Database): Promise<number> {
  if (database) await sql`create table if not exists bpmn_engine_state (id text primary key, state text not null)`.execute(database.kysely);
  const save = async (id: string, state: unknown) => {
    if (!database) return;
    const json = JSON.stringify(state);
    await database.kysely.transaction().execute(async (tx) => {
      await tx.insertInto('bpmn_engine_state').values({ id, state: json }).onConflict((oc) => oc.column('id').doUpdateSet({ state: json })).execute();
    });
  };
  // Parse the XML once, as our engine does at deploy; each instance gets its own Engine (bpmn-engine runs one execution per Engine).
  const moddleContext = await (new BpmnModdle() as unknown as { fromXML(xml: string): Promise<unknown> }).fromXML(bpmnEngineXml);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const id = `be_${i}`;
    const engine = new Engine({ name: id, moddleContext: moddleContext as never, services: { intake: (_ctx: unknown, next: (err: unknown, out?: unknown) => void) => next(null, { intake: true }) } });
    const listener = new EventEmitter();
    const waiting: string[] = [];
    listener.on('activity.wait', (api: { id: string }) => waiting.push(api.id));
    const execution = await engine.execute({ listener });
    await save(id, execution.getState());
    while (waiting.length) {
      const taskId = waiting.shift()!;
      execution.signal({ id: taskId, ok: true } as never);
      await save(id, execution.getState());
    }
    if (execution.isRunning) await new Promise((resolve) => engine.once('end', resolve));
    if (execution.isRunning) throw new Error(`bpmn-engine instance ${id} did not complete`);
  }
  const cpu = process.cpuUsage(cpu0);
  cpuMs[`bpmn_engine_${database ? database.family : 'memory'}`] = Number(((cpu.user + cpu.system) / 1000 / n).toFixed(3));
  return n / ((performance.now() - t0) / 1000);
}

async function measureBpmnEngineMedian(kind: 'memory' | 'sqlite' | 'postgres'): Promise<number> {
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    if (kind === 'memory') rates.push(await measureBpmnEngine(N));
    else {
      const { database, cleanup } = await openFresh(kind, PG_URL);
      rates.push(await measureBpmnEngine(Math.min(N, 1000), database));
      await cleanup();
    }
  }
  const m = median(rates);
  console.log(`bpmn-engine ${kind.padEnd(8)} typical: ${round(m)} instances/s (runs: ${rates.map(round).join(', ')}; load ${load()})`);
  return m;
}

const started = performance.now();
console.log(`flow bench: n=${N} per run (group commit ${GROUP_N}), ${RUNS} run(s), median reported; node ${process.version}; load ${load()}`);
const single = { group: false, concurrency: 1, round: 200 };
const group = { group: true, concurrency: GROUP_CALLERS, round: 5000 };
const groupBurst = { ...group, concurrency: 100_000 };
// `--no-jobs` leaves out the runs with service tasks as jobs (for iterating on the default).
const NO_JOBS = process.argv.includes('--no-jobs');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const runs = (name: string) => !only || only === name;
// A step runs from one wait state to the next: the service tasks a step reaches run in its transaction (the
// engine's default), so issue6 takes three commits an instance (start; review with the checks, the join and the
// approval's creation; approval with the issue and the end). `, service tasks as jobs` measures the engine with
// `inline: false` beside it: six commits an instance (the three service tasks each a step of its own).
if (runs('sqlite-step')) {
  result.sqlite_instances_per_s = round(await measure('one commit per step', 'sqlite', 'issue6', issue6Xml, N, single));
  if (!NO_JOBS) result.sqlite_jobs_instances_per_s = round(await measure('one commit per step, service jobs', 'sqlite', 'issue6', issue6Xml, N, { ...single, jobs: true }));
  if (!only) result.sqlite_typical_per_s = round(await measure('one commit per step', 'sqlite', 'typical', typicalProcessXml('typical'), N, single));
}
// The machine's own ceiling for one durable commit per step: trivial one-row commits per second, the way the engine
// commits, divided by issue6's commits an instance (three; six with service tasks as jobs).
const ISSUE6_COMMITS = 3;
const ISSUE6_JOB_COMMITS = 6;
async function ceiling(kind: 'sqlite' | 'postgres'): Promise<void> {
  const runsOf: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c = kind === 'sqlite' ? await sqliteCommitCeiling(20_000) : await pgCommitCeiling(PG_URL, 12_000, PG_CALLERS);
    runsOf.push(c.commitsPerS);
    cpus.push(c.clientCpuUs);
  }
  const m = median(runsOf);
  console.log(`${'ceiling: trivial durable commits'.padEnd(34)} ${kind.padEnd(8)} ${round(m)} commits/s = ${round(m / ISSUE6_COMMITS)} issue6 instances/s at ${ISSUE6_COMMITS} commits (${round(m / ISSUE6_JOB_COMMITS)} at ${ISSUE6_JOB_COMMITS}), client CPU ${median(cpus).toFixed(1)} µs/commit (runs: ${runsOf.map(round).join(', ')}; load ${load()})`);
  result[`${kind === 'sqlite' ? 'sqlite' : 'pg'}_commit_ceiling_per_s`] = round(m);
}
if (runs('sqlite-step')) await ceiling('sqlite');
if (runs('sqlite-group')) {
  result.group_commit_per_s = round(await measure(`group commit, ${GROUP_CALLERS} callers`, 'sqlite', 'issue6', issue6Xml, GROUP_N, group));
  result.group_commit_burst_per_s = round(await measure('group commit, a round at once', 'sqlite', 'issue6', issue6Xml, GROUP_N, groupBurst));
}
if (PG_URL) {
  if (runs('pg-step')) await ceiling('postgres');
  if (runs('pg-step')) {
    const pgSingle = { group: false, concurrency: PG_CALLERS, round: 400, connections: PG_CALLERS };
    result.pg_instances_per_s = round(await measure(`one commit per step, ${PG_CALLERS} callers`, 'postgres', 'issue6', issue6Xml, N, pgSingle));
    if (!NO_JOBS) result.pg_jobs_instances_per_s = round(await measure(`one commit per step, service jobs`, 'postgres', 'issue6', issue6Xml, N, { ...pgSingle, jobs: true }));
  }
  if (runs('pg-group')) result.pg_group_commit_per_s = round(await measure(`group commit, ${GROUP_CALLERS} callers`, 'postgres', 'issue6', issue6Xml, GROUP_N, group));
} else result.pg_instances_per_s = null;
if (!only && !process.argv.includes('--no-bpmn-engine')) {
  result.bpmn_engine_memory_per_s = round(await measureBpmnEngineMedian('memory'));
  result.bpmn_engine_sqlite_saved_per_s = round(await measureBpmnEngineMedian('sqlite'));
  if (PG_URL) result.bpmn_engine_pg_saved_per_s = round(await measureBpmnEngineMedian('postgres'));
}

// `--skip-scale` leaves out timers, migration and the crash run (for iterating on throughput).
if (!only && !process.argv.includes('--skip-scale')) {
  const backlog = arg('timer-backlog', 1_000_000, 100_000);
  const rate = arg('timer-rate', 5000, 1000);
  const timers = await measureTimers(backlog, rate, arg('timer-seconds', 10, 5));
  console.log(`timers: ${timers.fired} due at ${rate}/s over ${backlog} pending: lateness p50 ${timers.p50} ms, p99 ${timers.p99} ms, max ${timers.max} ms (load ${load()})`);
  Object.assign(result, { timer_backlog: backlog, timer_rate_per_s: rate, timer_p99_late_ms: timers.p99 });

  const migrateN = arg('migrate', 100_000, 5000);
  const migrateSeconds = await measureMigration(migrateN);
  console.log(`migration: ${migrateN} waiting instances v1 → v2 in ${migrateSeconds.toFixed(2)} s (${round(migrateN / migrateSeconds)}/s; load ${load()})`);
  result.migrate_n = migrateN;
  result.migrate_s = Number(migrateSeconds.toFixed(2));
  // Only a run of 100,000 instances reports the target figure; smaller runs give an extrapolation under its own name.
  result.migrate_100k_s = migrateN >= 100_000 ? Number(((migrateSeconds * 100_000) / migrateN).toFixed(1)) : null;
  if (migrateN < 100_000) result.migrate_100k_extrapolated_s = Number(((migrateSeconds * 100_000) / migrateN).toFixed(1));

  const crashN = arg('crash', 100_000, 2000);
  const crash = await crashRun(crashN);
  Object.assign(result, { crash_n: crashN, crash_run_ok: crash.ok, crash_run_s: Number(crash.seconds.toFixed(1)) });
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`RESULT ${JSON.stringify({ ...result, client_cpu_ms_per_instance: cpuMs })}`);
