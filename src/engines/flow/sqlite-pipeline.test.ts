import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine, type FlowEngine } from './engine.ts';
import { flowMigrations } from './migrations.ts';
import { replayHistory } from './replay.ts';
import { historyFrom } from './store.ts';
import { bpmnXml, chain, runKillable } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

// Group commit's pipeline: batches commit on a writer thread (its own connection to the file) while the next is built.
describe('group commit pipelined on an SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-pipeline-'));
  let database: Database;
  let engine: FlowEngine;
  const clock = createFixedClock('2026-03-02T01:00:00Z');
  const newEngine = (groupCommit: Parameters<typeof createFlowEngine>[0]['groupCommit']) => createFlowEngine({
    database, clock, ids: createIdGenerator(), calendar: weekendOnlyCalendar, groupCommit,
    handlers: {
      check: (ctx) => ({ [`${ctx.elementId}Ok`]: true }),
      // Writes through ctx.db: its batch becomes a transaction on the main connection.
      note: async (ctx) => {
        await ctx.db.insertInto('pipeline_notes').values({ id: ctx.idempotencyKey, instance_id: ctx.instanceId }).execute();
        if (ctx.variables.failNote) throw new Error('note service down');
        return { noted: true };
      },
    },
  });

  beforeAll(async () => {
    database = await openDatabase(`sqlite:${join(dir, 'flow.db')}`);
    await migrateToLatest(database, flowMigrations);
    await database.kysely.schema.createTable('pipeline_notes').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('instance_id', 'text').execute();
    engine = newEngine({ maxBatch: 10, pipeline: true });
    await engine.deploy(bpmnXml(`<startEvent id="s"/><userTask id="review"/><serviceTask id="c1" onething:handler="check"/><userTask id="approve"/><endEvent id="e"/>
      ${chain('s', 'review', 'c1', 'approve', 'e')}`, { id: 'piped' }));
    await engine.deploy(bpmnXml(`<startEvent id="s"/><serviceTask id="n" onething:handler="note"/><userTask id="t"/><endEvent id="e"/>${chain('s', 'n', 't', 'e')}`, { id: 'noted' }));
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The tasks of these instances still open. */
  const openTasksOf = async (ids: string[]) => (await engine.listTasks({ states: ['open'], limit: 10_000 })).filter((t) => ids.includes(t.instanceId));

  /** Each instance replays from its history to the state its rows hold. */
  async function expectConsistent(ids: string[]) {
    const def = (await engine.getDefinition('piped'))!;
    for (const id of ids) {
      const stored = (await engine.getInstance(id))!;
      const replayed = replayHistory(def, stored, await engine.history(id), { calendar: weekendOnlyCalendar, utcOffsetMinutes: 0 });
      const liveTasks = new Map([...replayed.tasks].filter(([, t]) => t.state === 'open' || t.state === 'suspended'));
      expect({ ...replayed, tasks: liveTasks }).toEqual(stored);
    }
  }

  it('runs many batches to the end; a call returns once another connection sees its commit', async () => {
    const ids = await Promise.all(Array.from({ length: 60 }, () => engine.start('piped')));
    // A fresh connection to the file sees every instance the calls returned.
    const other = await openDatabase(`sqlite:${join(dir, 'flow.db')}`);
    try {
      const seen = await other.kysely.selectFrom('flow_instances').select('id').where('id', 'in', ids).execute();
      expect(seen).toHaveLength(60);
    } finally {
      await other.close();
    }
    for (const name of ['review', 'approve']) {
      const tasks = await openTasksOf(ids);
      expect(tasks.every((t) => t.elementId === name)).toBe(true);
      await Promise.all(tasks.map((t) => engine.completeTask(t.id, {}, 'clerk')));
    }
    expect(await engine.runDueJobs()).toBe(0); // the service tasks ran inline
    expect(new Set(await Promise.all(ids.map(async (id) => (await engine.getInstance(id))!.status)))).toEqual(new Set(['completed']));
    await expectConsistent(ids);
  });

  it('builds a batch on the one before it while that one commits: steps of one instance in consecutive batches', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, () => engine.start('piped')));
    const tasks = await openTasksOf(ids);
    // Claims, then completions of the same tasks, queued at once: batches of 10, each built on the one before.
    const claims = tasks.map((t) => engine.claimTask(t.id, 'ann'));
    const completions = tasks.map((t) => engine.completeTask(t.id, {}, 'ann'));
    await Promise.all([...claims, ...completions]);
    for (const id of ids) {
      const inputs = (await engine.history(id)).filter((h) => h.input).map((h) => h.kind);
      expect(inputs).toEqual(['in:start', 'in:claimTask', 'in:completeTask', 'in:jobDone']);
    }
    await expectConsistent(ids);
  });

  it('a failed commit fails the batches built on it; their steps run again, each once', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => engine.start('piped')));
    const tasks = await openTasksOf(ids);
    // Another engine (no pipeline, no shared cache) moves one instance: the pipelined engine's cached state of it is
    // stale, so the batch with its step fails its hseq check on the writer thread, and the batches after it fail too.
    const stale = tasks[3];
    await newEngine(false).claimTask(stale.id, 'bob');
    const outcomes = await Promise.allSettled(tasks.map((t) => engine.completeTask(t.id, {}, t === stale ? 'bob' : 'ann')));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    // Steps run again one per transaction leave the service tasks they reach to the worker.
    expect(await engine.drain()).toBeGreaterThan(0);
    for (const id of ids) {
      const inputs = (await engine.history(id)).filter((h) => h.input).map((h) => h.kind);
      expect(inputs).toEqual(id === stale.instanceId
        ? ['in:start', 'in:claimTask', 'in:completeTask', 'in:jobDone']
        : ['in:start', 'in:completeTask', 'in:jobDone']);
    }
    await expectConsistent(ids);
  });

  it("a handler's ctx.db runs in its step's transaction, after the batches before it committed", async () => {
    const ids = await Promise.all(Array.from({ length: 25 }, (_, i) => engine.start('noted', { variables: { failNote: i === 7 } })));
    // The batch with the failing handler rolled back (its inserts too) and its starts ran again without the
    // service tasks, which the worker then runs one per transaction.
    await engine.drain();
    const notes = await database.kysely.selectFrom('pipeline_notes').selectAll().where('instance_id', 'in', ids).execute();
    expect(notes.map((n) => n.instance_id).sort()).toEqual(ids.filter((_, i) => i !== 7).sort());
    expect([...(await engine.getInstance(ids[7]))!.jobs.values()]).toMatchObject([{ attempts: 1, lastError: 'Error: note service down' }]);
    const tasks = await openTasksOf(ids);
    expect(tasks).toHaveLength(24);
  });

  it('survives kill -9 with batches in flight: every instance completes, no step commits twice', async () => {
    const file = join(dir, 'crash.db');
    const crashDb = await openDatabase(`sqlite:${file}`);
    await migrateToLatest(crashDb, flowMigrations);
    const starter = createFlowEngine({ database: crashDb, clock: createFixedClock('2026-03-02T01:00:00Z'), ids: createIdGenerator(), calendar: weekendOnlyCalendar });
    const def = await starter.deploy(bpmnXml(`<startEvent id="s"/><serviceTask id="a" onething:handler="effect"/><userTask id="t"/>
      <serviceTask id="b" onething:handler="effect"/><endEvent id="e"/>${chain('s', 'a', 't', 'b', 'e')}`, { id: 'crashy' }));
    const n = 300;
    const ids = await Promise.all(Array.from({ length: n }, () => starter.start('crashy')));
    const completions = async () => (await crashDb.kysely.selectFrom('flow_history').selectAll().execute()).flatMap(historyFrom).filter((h) => h.kind === 'in:completeTask').length;

    let kills = 0;
    for (const share of [1 / 3, 2 / 3]) if (!(await runFixture(file, n * share - (await completions())))) kills++;
    expect(kills).toBe(2);
    expect(await completions()).toBeLessThan(n);
    expect(await runFixture(file)).toBe(true);

    for (const id of ids) {
      const history = await starter.history(id);
      expect(history.filter((h) => h.input).map((h) => h.kind)).toEqual(['in:start', 'in:jobDone', 'in:completeTask', 'in:jobDone']);
      const stored = (await starter.getInstance(id))!;
      expect(stored.status).toBe('completed');
      expect(replayHistory(def, stored, history, { calendar: weekendOnlyCalendar, utcOffsetMinutes: 0 })).toMatchObject({ status: 'completed', hseq: stored.hseq });
    }
    const calls = existsSync(`${file}.calls`) ? readFileSync(`${file}.calls`, 'utf8').trim().split('\n') : [];
    expect(new Set(calls).size).toBe(n * 2); // every job called out, repeats (if any) with its idempotency key
    await crashDb.close();
  }, 60_000);
});

const runFixture = (file: string, killAt?: number) => runKillable(join(import.meta.dirname, 'sqlite-pipeline-crash.fixture.ts'), killAt === undefined ? [file] : [file, String(killAt)], killAt);
