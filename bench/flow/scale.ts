// The flow bench at scale: timers falling due over a million pending ones, migration of running instances,
// and kill -9 of a worker process during a long run.
import { join } from 'node:path';
import { nativeSqliteHandle } from '../../src/db/index.ts';
import { startFlowWorker } from '../../src/engines/flow/index.ts';
import { liveFrom } from '../../src/engines/flow/store.ts';
import { bpmnXml, chain, flow, runKillable } from '../../src/engines/flow/test-support.ts';
import { newEngine, openFresh, quantile } from './setup.ts';

/** Starts `n` instances through a group-commit engine, `inFlight` at a time (setup for the scale runs). */
async function startMany(engine: ReturnType<typeof newEngine>, key: string, n: number, vars: (i: number) => Record<string, unknown> = () => ({}), inFlight = 2000): Promise<void> {
  for (let i = 0; i < n; i += inFlight) {
    await Promise.all(Array.from({ length: Math.min(inFlight, n - i) }, (_, k) => engine.start(key, { variables: vars(i + k) })));
  }
}

/**
 * Timers on SQLite: `backlog` far-future timer rows, plus rate × seconds instances whose timers fall due at
 * `rate` per second while one group-commit worker runs; lateness = the firing step's time − the due time.
 */
export async function measureTimers(backlog: number, rate: number, seconds: number): Promise<{ p50: number; p99: number; max: number; fired: number }> {
  const { database, cleanup } = await openFresh('sqlite');
  const n = Math.round(rate * seconds);
  let shift = 0;
  const clock = { now: () => new Date(Date.now() - shift) };
  const engine = newEngine(database, { groupCommit: true }, clock);
  await engine.deploy(bpmnXml(`<startEvent id="s"/><intermediateCatchEvent id="t"><timerEventDefinition><timeDate>\${due}</timeDate></timerEventDefinition></intermediateCatchEvent><endEvent id="e"/>${chain('s', 't', 'e')}`, { id: 'timers' }));
  const far = new Date(Date.now() + 365 * 86_400_000).toISOString();
  const native = nativeSqliteHandle(database)!;
  const insert = native.prepare(`insert into flow_jobs (id, instance_id, token_id, element_id, kind, due_at, unit, state, attempts, last_error, data) values (?, ?, 't', 't', 'timer', ?, 'ms', 'ready', 0, null, '{}')`);
  native.transaction(() => { for (let i = 0; i < backlog; i++) insert.run(`backlog${i % 1000}.j${i}`, `backlog${i % 1000}`, far); })();
  const t0 = Date.now() + 3_600_000; // virtual start of the due window, an hour ahead while instances are created
  await startMany(engine, 'timers', n, (i) => ({ due: new Date(t0 + (i * 1000) / rate).toISOString() }));
  shift = Date.now() - t0 + 200; // from now on, virtual time reaches t0 in 200 ms
  const worker = startFlowWorker(engine, { idleMs: 2, batch: 2000 });
  const deadline = Date.now() + 200 + seconds * 1000 + 120_000;
  for (;;) {
    const left = await database.kysely.selectFrom('flow_instances').select((eb) => eb.fn.countAll().as('c')).where('status', '=', 'running').executeTakeFirstOrThrow();
    if (Number(left.c) === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await worker.stop();
  const rows = await database.kysely.selectFrom('flow_history as h').innerJoin('flow_instances as i', 'i.id', 'h.instance_id')
    .select(['h.at', 'i.id', 'i.live']).where('h.lines', 'like', '[["in:timerFired"%').execute();
  const late = rows.map((r) => Date.parse(r.at) - Date.parse(liveFrom(r.id, r.live).variables.due as string)).sort((a, b) => a - b);
  await cleanup();
  if (late.length < n) throw new Error(`only ${late.length} of ${n} timers fired`);
  return { p50: quantile(late, 0.5)!, p99: quantile(late, 0.99)!, max: late[late.length - 1], fired: late.length };
}

/** Migrates `n` instances waiting in a user task from version 1 to 2 (SQLite), by an engine that has none of them cached; returns seconds. */
export async function measureMigration(n: number): Promise<number> {
  const { database, cleanup } = await openFresh('sqlite');
  const setup = newEngine(database, { groupCommit: true });
  await setup.deploy(bpmnXml(`<startEvent id="s"/><userTask id="review" onething:timeLimit="20wd"/><endEvent id="e"/>${chain('s', 'review', 'e')}`, { id: 'mig' }));
  await startMany(setup, 'mig', n);
  await setup.deploy(bpmnXml(`<startEvent id="s"/><userTask id="check" onething:timeLimit="20wd"/><userTask id="sign"/><endEvent id="e"/>${chain('s', 'check', 'sign', 'e')}`, { id: 'mig' }));
  const engine = newEngine(database);
  const t0 = performance.now();
  const report = await engine.migrateInstances('mig', 1, 2, { mapping: { review: 'check' }, batchSize: 1000 });
  const seconds = (performance.now() - t0) / 1000;
  await cleanup();
  if (report.movable !== n || report.blocked.length) throw new Error(`migration moved ${report.movable} of ${n}`);
  return seconds;
}

/**
 * kill -9 during a run: n instances of start → service → 2 parallel services → join → service → end, worked
 * by a child process (group commit) that is killed with SIGKILL at 25 %, 50 % and 75 % of the steps and
 * started again; every instance must complete with each step's database effect exactly once.
 */
export async function crashRun(n: number): Promise<{ ok: boolean; seconds: number; kills: number }> {
  const { database, cleanup } = await openFresh('sqlite');
  await database.kysely.schema.createTable('crash_effects').addColumn('instance_id', 'text').addColumn('element_id', 'text').addColumn('idempotency_key', 'text').execute();
  // Only creates the instances: their service tasks are left to the worker process (no inline run here).
  const engine = newEngine(database, { groupCommit: { inline: false } });
  await engine.deploy(bpmnXml(`<startEvent id="s"/><serviceTask id="a" onething:handler="effect"/><parallelGateway id="split"/>
    <serviceTask id="b" onething:handler="effect"/><serviceTask id="c" onething:handler="effect"/><parallelGateway id="join"/>
    <serviceTask id="d" onething:handler="effect"/><endEvent id="e"/>
    ${chain('s', 'a', 'split')}${flow('f1', 'split', 'b')}${flow('f2', 'split', 'c')}${flow('f3', 'b', 'join')}${flow('f4', 'c', 'join')}${chain('join', 'd', 'e')}`, { id: 'crashy' }));
  await startMany(engine, 'crashy', n);
  const file = database.description.slice('sqlite:'.length);
  const count = async () => Number((await database.kysely.selectFrom('crash_effects').select((eb) => eb.fn.countAll().as('c')).executeTakeFirstOrThrow()).c);
  const fixture = join(import.meta.dirname, '../../src/engines/flow/crash-worker.fixture.ts');
  let kills = 0;
  // Killed on the progress line that reaches the share (the fixture prints one per round of due jobs): `runKillable`.
  const run = async (share?: number) => {
    if (!(await runKillable(fixture, [file, 'group', '500'], share === undefined ? undefined : Math.floor(n * 4 * share) - (await count())))) kills++;
  };
  const t0 = performance.now();
  for (const share of [0.25, 0.5, 0.75]) await run(share);
  await run();
  const seconds = (performance.now() - t0) / 1000;
  const completed = Number((await database.kysely.selectFrom('flow_instances').select((eb) => eb.fn.countAll().as('c')).where('status', '=', 'completed').executeTakeFirstOrThrow()).c);
  const distinct = Number((await database.kysely.selectFrom((eb) => eb.selectFrom('crash_effects').select(['instance_id', 'element_id']).distinct().as('d')).select((eb) => eb.fn.countAll().as('c')).executeTakeFirstOrThrow()).c);
  const effects = await count();
  await cleanup();
  console.log(`crash run: ${n} instances, ${kills} kills, ${seconds.toFixed(1)} s: ${completed} completed, ${effects} step effects (${distinct} distinct, expected ${n * 4})`);
  return { ok: completed === n && effects === n * 4 && distinct === n * 4 && kills === 3, seconds, kills };
}
