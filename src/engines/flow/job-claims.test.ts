import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createFixedClock, type Clock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine } from './engine.ts';
import type { ServiceHandler } from './handlers.ts';
import type { FlowEngineOptions } from './options.ts';
import { flowMigrations } from './migrations.ts';
import { bpmnXml, chain, flow } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

const T0 = '2026-03-02T01:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

// A user task, then a service task (its job made ready by the task's completion), then a user task.
const processXml = bpmnXml(`<startEvent id="s"/><userTask id="review"/><serviceTask id="check" onething:handler="check"/><userTask id="sign"/><endEvent id="e"/>
  ${chain('s', 'review', 'check', 'sign', 'e')}`, { id: 'claimed' });

function engineOn(database: Database, clock: Clock, check: ServiceHandler, extra: Partial<FlowEngineOptions> = {}) {
  // Service tasks as jobs of their own (`inline: false`): claims are about who runs a job after the step that made it.
  return createFlowEngine({ database, clock, ids: createIdGenerator(), calendar: weekendOnlyCalendar, handlers: { check }, inline: false, ...extra });
}

/** Starts an instance and completes its review, which makes the `check` job ready; returns the instance and job ids. */
async function reachCheck(engine: ReturnType<typeof engineOn>): Promise<{ id: string; jobId: string }> {
  const id = await engine.start('claimed');
  const [review] = await engine.listTasks({ instanceId: id });
  await engine.completeTask(review.id, {});
  const jobId = [...(await engine.getInstance(id))!.jobs.keys()][0];
  return { id, jobId };
}

const jobDones = async (engine: ReturnType<typeof engineOn>, id: string) => (await engine.history(id)).filter((h) => h.kind === 'in:jobDone').length;

const server = testDialects().find((d) => d.name === 'postgres');

describe.skipIf(!server)('job claims (PostgreSQL server)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await server!.open();
    await migrateToLatest(database, flowMigrations);
    await engineOn(database, createFixedClock(T0), () => ({})).deploy(processXml);
  });
  afterAll(async () => database.close());

  const claimOf = (jobId: string) => database.kysely.selectFrom('flow_jobs').select(['claimed_by', 'claimed_until']).where('id', '=', jobId).executeTakeFirst();

  it('is skipped by another worker until its lease ends; that worker then runs it once', async () => {
    const calls: string[] = [];
    const check: ServiceHandler = (ctx) => { calls.push(ctx.jobId); return { checked: true }; };
    const clockA = createFixedClock(T0);
    const a = engineOn(database, clockA, check, { jobClaims: { workerId: 'A', leaseMs: 60_000 } });
    const api = engineOn(database, clockA, check, { jobClaims: { workerId: 'api' } });
    // An engine that runs no jobs claims none: a job made ready by `api` is anybody's.
    const free = await reachCheck(api);
    expect(await claimOf(free.jobId)).toEqual({ claimed_by: null, claimed_until: null });

    expect(await a.runDueJobs()).toBe(1); // runs `free`, and makes `a` a worker
    const { id, jobId } = await reachCheck(a);
    expect(await claimOf(jobId)).toEqual({ claimed_by: 'A', claimed_until: at(60_000) });

    const clockB = createFixedClock(at(30_000));
    const b = engineOn(database, clockB, check, { jobClaims: { workerId: 'B' } });
    expect(await b.runDueJobs()).toBe(0);
    expect(calls).toEqual([free.jobId]);
    clockB.set(at(60_001));
    expect(await b.runDueJobs()).toBe(1);
    expect(await b.runDueJobs()).toBe(0);
    expect(await a.runDueJobs()).toBe(0);
    expect(calls).toEqual([free.jobId, jobId]);
    expect(await jobDones(b, id)).toBe(1);
    expect((await b.listTasks({ instanceId: id })).map((t) => t.elementId)).toEqual(['sign']);
  });

  it('is run at once, without locking the instance, by its worker restarted (same worker id, nothing cached)', async () => {
    let entered: () => void = () => {};
    const running = new Promise<void>((resolve) => (entered = resolve));
    const check: ServiceHandler = () => { entered(); return { checked: true }; };
    const clock = createFixedClock(T0);
    const first = engineOn(database, clock, check, { jobClaims: { workerId: 'W' } });
    await first.runDueJobs();
    const { id, jobId } = await reachCheck(first);
    expect((await claimOf(jobId))?.claimed_by).toBe('W');

    // Another session holds the instance row: a locking worker (SKIP LOCKED) would pass the job by.
    const restarted = engineOn(database, clock, check, { jobClaims: { workerId: 'W' } });
    const other = engineOn(database, clock, check, { jobClaims: { workerId: 'X' } });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = database.kysely.transaction().execute(async (tx) => {
      await sql`select id from flow_instances where id = ${id} for update`.execute(tx);
      locked();
      await released;
    });
    await isLocked;
    expect(await other.runDueJobs()).toBe(0); // claimed by W, lease running
    const run = restarted.runDueJobs();
    await running; // the handler ran while the row was locked elsewhere
    release();
    await holder;
    expect(await run).toBe(1);
    expect(await jobDones(restarted, id)).toBe(1);
  });

  it('rolls a handler\'s database work back with a step that lost its instance to another step, then runs it again', async () => {
    await database.kysely.schema.createTable('claim_effects').ifNotExists().addColumn('job_id', 'text').addColumn('n', 'integer').execute();
    await database.kysely.deleteFrom('claim_effects').execute();
    await engineOn(database, createFixedClock(T0), () => ({})).deploy(bpmnXml(`<startEvent id="s"/><userTask id="review"/><parallelGateway id="split"/>
      <serviceTask id="check" onething:handler="check"/><userTask id="note"/><parallelGateway id="join"/><endEvent id="e"/>
      ${chain('s', 'review', 'split')}${flow('f1', 'split', 'check')}${flow('f2', 'split', 'note')}${flow('f3', 'check', 'join')}${flow('f4', 'note', 'join')}${chain('join', 'e')}`, { id: 'raced' }));
    const clock = createFixedClock(T0);
    let attempt = 0;
    const outsider = engineOn(database, clock, () => ({}));
    const worker = engineOn(database, clock, async (ctx) => {
      attempt++;
      // Two statements at once: one `begin` goes first, both belong to the step.
      await Promise.all([1, 2].map((n) => ctx.db.insertInto('claim_effects').values({ job_id: ctx.jobId, n: attempt * 10 + n }).execute()));
      if (attempt === 1) {
        // Meanwhile another engine moves the instance: this step's write fails its history check and rolls back.
        const [note] = (await outsider.listTasks({ instanceId: ctx.instanceId })).filter((t) => t.elementId === 'note');
        await outsider.completeTask(note.id, {});
      }
      return { checked: attempt };
    }, { jobClaims: { workerId: 'R' } });
    await worker.runDueJobs();
    const id = await worker.start('raced');
    const [review] = await worker.listTasks({ instanceId: id });
    await worker.completeTask(review.id, {});
    expect(await worker.runDueJobs()).toBe(1);
    expect(attempt).toBe(2);
    const effects = await database.kysely.selectFrom('claim_effects').select('n').orderBy('n').execute();
    expect(effects.map((e) => e.n)).toEqual([21, 22]);
    const done = (await worker.getInstance(id))!;
    expect(done.status).toBe('completed');
    expect(done.variables.checked).toBe(2);
  });
});

for (const dialect of testDialects()) {
  describe(`handlers' database work on ${dialect.name}`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, flowMigrations);
      await database.kysely.schema.createTable('handler_effects').addColumn('job_id', 'text').addColumn('attempt', 'integer').execute();
    });
    afterAll(async () => database.close());

    it('commits with the step, and rolls back with it when the handler fails', async () => {
      const clock = createFixedClock(T0);
      const engine = engineOn(database, clock, async (ctx) => {
        await ctx.db.insertInto('handler_effects').values({ job_id: ctx.jobId, attempt: ctx.attempt }).execute();
        if (ctx.attempt === 1) throw new Error('bank unavailable');
        return { checked: true };
      }, { retryDelayMs: 1000, jobClaims: { workerId: 'H' } });
      await engine.deploy(processXml);
      await engine.runDueJobs();
      const { id, jobId } = await reachCheck(engine);
      expect(await engine.runDueJobs()).toBe(1);
      expect(await database.kysely.selectFrom('handler_effects').selectAll().execute()).toEqual([]);
      expect((await engine.getInstance(id))!.jobs.get(jobId)).toMatchObject({ attempts: 1, state: 'ready' });
      clock.set(at(1000));
      expect(await engine.runDueJobs()).toBe(1);
      expect(await database.kysely.selectFrom('handler_effects').selectAll().execute()).toEqual([{ job_id: jobId, attempt: 2 }]);
      expect((await engine.listTasks({ instanceId: id })).map((t) => t.elementId)).toEqual(['sign']);
    });
  });
}
