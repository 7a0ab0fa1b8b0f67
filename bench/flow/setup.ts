// Shared pieces of the flow bench: fresh databases, the workloads, and the loop that drives instances to the end.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest, nativeSqliteHandle, openDatabase, type Database } from '../../src/db/index.ts';
import { systemClock, type Clock } from '../../src/kernel/clock.ts';
import { createIdGenerator } from '../../src/kernel/ids.ts';
import { createFlowEngine, flowMigrations, weekendOnlyCalendar, type FlowEngine, type FlowEngineOptions } from '../../src/engines/flow/index.ts';
import { bpmnXml, chain, flow } from '../../src/engines/flow/test-support.ts';

/** The issue's workload: start → review → split → two checks → join → approval (20 working days) → issue → end. */
export const issue6Xml = bpmnXml(`
  <startEvent id="start"/><userTask id="review" onething:candidateRole="clerk"/>
  <parallelGateway id="split"/><serviceTask id="check1" onething:handler="check"/><serviceTask id="check2" onething:handler="check"/><parallelGateway id="join"/>
  <userTask id="approval" onething:candidateRole="head" onething:timeLimit="20wd"/><serviceTask id="issue" onething:handler="issue"/><endEvent id="end"/>
  ${chain('start', 'review', 'split')}${flow('f1', 'split', 'check1')}${flow('f2', 'split', 'check2')}${flow('f3', 'check1', 'join')}${flow('f4', 'check2', 'join')}
  ${chain('join', 'approval', 'issue', 'end')}`, { id: 'issue6' });

/** A fresh database: an SQLite file in a new directory, or a new PostgreSQL database on the server at `pgUrl`. */
export async function openFresh(kind: 'sqlite' | 'postgres', pgUrl = ''): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  let result: { database: Database; cleanup: () => Promise<void> };
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flow-bench-'));
    const database = await openDatabase(`sqlite:${join(dir, 'flow.db')}`);
    // `--wal-autocheckpoint N` (bench only): pages of WAL before a checkpoint (SQLite's default 1000, src/db's too).
    const i = process.argv.indexOf('--wal-autocheckpoint');
    if (i >= 0) nativeSqliteHandle(database)!.pragma(`wal_autocheckpoint = ${Number(process.argv[i + 1])}`);
    result = { database, cleanup: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  } else {
    // A database of its own, not a schema: Kysely's migrator sees migration tables of any schema as its own.
    const name = `flow_bench_${process.pid}_${Date.now().toString(36)}`;
    const admin = await openDatabase(pgUrl);
    await sql`create database ${sql.id(name)}`.execute(admin.kysely);
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    const database = await openDatabase(u.toString());
    result = { database, cleanup: async () => { await database.close(); await sql`drop database ${sql.id(name)}`.execute(admin.kysely); await admin.close(); } };
  }
  await migrateToLatest(result.database, flowMigrations);
  return result;
}

/** An engine with the bench's handlers. */
export function newEngine(database: Database, extra: Partial<FlowEngineOptions> = {}, clock: Clock = systemClock): FlowEngine {
  return createFlowEngine({
    database, clock, ids: createIdGenerator(), calendar: weekendOnlyCalendar,
    handlers: { effect: () => ({}), intake: () => ({ intake: true }), check: (ctx) => ({ [`${ctx.elementId}Ok`]: true }), issue: (ctx) => ({ licence: `L-${ctx.idempotencyKey}` }) },
    ...extra,
  });
}

/** Runs `f` over items with at most `concurrency` calls in flight. */
export async function parallel<T>(items: T[], concurrency: number, f: (x: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await f(items[next++]);
  }));
}

/** Client CPU per instance of the last `drive` (ms): robust when other work shares the machine. */
export let lastCpuMsPerInstance = 0;
/** CPU of the main thread alone per instance of the last `drive` (ms; other threads, such as SQLite's group-commit writer, left out). */
export let lastMainThreadCpuMsPerInstance = 0;
/**
 * CPU per instance of the last `drive` of each of this process's other threads that worked during it (ms, busiest
 * first): SQLite's group-commit writer, V8's collector helpers, the checkpointer, libuv's pool. Thread names are not
 * set here, so they go by rank; the busiest is the writer when there is one.
 */
export let lastOtherThreadsCpuMsPerInstance: number[] = [];
/** PostgreSQL server CPU per instance of the last `drive` on a PostgreSQL server on this machine (ms), else 0. */
export let lastServerCpuMsPerInstance = 0;
/** How long the last `drive`'s calls (starts and task completions) took from call to return, median and 99th percentile (ms). */
export let lastCallLatencyMs = { p50: 0, p99: 0 };

// CPU ms of a process (or one of its threads) so far (utime + stime from /proc), 0 when it is gone or /proc is not there.
const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
function processCpuMs(pid: number, thread?: number): number {
  try {
    const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / ticksPerMs;
  } catch {
    return 0;
  }
}

/** CPU ms so far of each thread of this process but the main one, by thread id. */
function otherThreadsCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const id of readdirSync(`/proc/${process.pid}/task`)) if (id !== String(process.pid)) out.set(id, processCpuMs(process.pid, Number(id)));
  } catch {
    // no /proc: nothing to report
  }
  return out;
}

/**
 * CPU ms so far of the PostgreSQL server processes working for this database: its backends (and autovacuum
 * workers), and the WAL writer, checkpointer and background writer the server shares. Empty on SQLite.
 */
async function serverCpu(database: Database): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (database.family !== 'postgres') return out;
  // Server pids are this machine's only when the server is (an address of its own, or a Unix socket).
  const url = new URL(database.description);
  if (!['127.0.0.1', 'localhost', '[::1]', ''].includes(url.hostname) && !url.searchParams.get('host')?.startsWith('/')) return out;
  const rows = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()
    or backend_type in ('walwriter', 'checkpointer', 'background writer')`.execute(database.kysely);
  for (const { pid } of rows.rows) out.set(pid, processCpuMs(pid));
  return out;
}

/**
 * Starts n instances of `key` in rounds of `round` and drives them to the end: due jobs, then open tasks
 * completed, until none is left; `concurrency` calls in flight. Returns completed instances per second.
 */
export async function drive(engine: FlowEngine, database: Database, key: string, n: number, concurrency: number, round = 200): Promise<number> {
  const count = async () => Number((await database.kysely.selectFrom('flow_instances').select((eb) => eb.fn.countAll().as('c')).where('def_key', '=', key).where('status', '=', 'completed').executeTakeFirstOrThrow()).c);
  const before = await count();
  const server0 = await serverCpu(database);
  const main0 = processCpuMs(process.pid, process.pid);
  const others0 = otherThreadsCpuMs();
  const cpu0 = process.cpuUsage();
  // Each call's time from call to return (a group commit's caller waits for its batch's commit).
  const latencies: number[] = [];
  const timed = async (call: () => Promise<unknown>) => {
    const c0 = performance.now();
    await call();
    latencies.push(performance.now() - c0);
  };
  const t0 = performance.now();
  for (let done = 0; done < n; done += round) {
    const size = Math.min(round, n - done);
    await parallel(Array.from({ length: size }, (_, i) => i), concurrency, () => timed(() => engine.start(key, { variables: { applicant: 'A' } })));
    for (;;) {
      while ((await engine.runDueJobs(round * 2)) > 0);
      const tasks = await engine.listTasks({ states: ['open'], limit: round * 4 });
      if (tasks.length === 0) break;
      await parallel(tasks, concurrency, (t) => timed(() => engine.completeTask(t.id, { ok: true }, 'bench')));
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  lastCallLatencyMs = { p50: quantile(latencies, 0.5) ?? 0, p99: quantile(latencies, 0.99) ?? 0 };
  const cpu = process.cpuUsage(cpu0);
  lastCpuMsPerInstance = (cpu.user + cpu.system) / 1000 / n;
  lastMainThreadCpuMsPerInstance = (processCpuMs(process.pid, process.pid) - main0) / n;
  // Threads that ended during the run are missed; new ones count from 0.
  lastOtherThreadsCpuMsPerInstance = [...otherThreadsCpuMs()].map(([id, ms]) => (ms - (others0.get(id) ?? 0)) / n).filter((ms) => ms > 0).sort((a, b) => b - a);
  // Processes that ended during the run are missed (the pool keeps its connections meanwhile); new ones count from 0.
  const server1 = await serverCpu(database);
  let serverMs = 0;
  for (const [pid, ms] of server1) serverMs += ms - (server0.get(pid) ?? 0);
  lastServerCpuMsPerInstance = serverMs / n;
  const completed = (await count()) - before;
  if (completed !== n) throw new Error(`${completed} of ${n} ${key} instances completed`);
  return n / seconds;
}

/** The median of a list. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The value at quantile `p` (0–1) of a list sorted ascending; undefined when it is empty. */
export const quantile = (sorted: number[], p: number): number | undefined => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
