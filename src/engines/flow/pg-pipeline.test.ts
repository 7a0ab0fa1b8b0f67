import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connectPostgresPipelined, migrateToLatest, nativePostgresPool, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { systemClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine, flowMigrations, weekendOnlyCalendar } from './index.ts';
import { createPgPipeline } from './pg-pipeline.ts';
import type { PgClient } from './pg-tx.ts';
import { bpmnXml, chain } from './test-support.ts';

const server = testDialects().find((d) => d.name === 'postgres');

/** A pipeline of `size` connections to `database`, counting the connections it opens. */
function pipelineOn(database: Database, size: number) {
  const opened: PgClient[] = [];
  const pipeline = createPgPipeline(async () => {
    const c = (await connectPostgresPipelined(database)!) as unknown as PgClient;
    opened.push(c);
    return c;
  }, size);
  return { pipeline, opened };
}

describe.skipIf(!server)('PostgreSQL pipeline (server)', () => {
  it('answers each of many queries in flight on two connections, each its own transaction: a failing one fails alone', async () => {
    const database = await server!.open();
    try {
      await sql`create table pipe (id integer primary key)`.execute(database.kysely);
      const { pipeline, opened } = pipelineOn(database, 2);
      // Query 17 inserts its row and then fails (division by zero): its insert must not land; every other one must.
      const text = 'with i as (insert into pipe values ($1) returning id) select id, 1 / (case when id = 17 then 0 else 1 end) as ok from i';
      const settled = await Promise.allSettled(Array.from({ length: 40 }, (_, n) => pipeline.query({ name: 'pipe_insert', text, values: [n] })));
      expect(opened.length).toBe(2);
      settled.forEach((s, n) => {
        if (n === 17) expect(s).toMatchObject({ status: 'rejected', reason: { code: '22012' } });
        else expect(s).toMatchObject({ status: 'fulfilled', value: { rows: [{ id: n, ok: 1 }] } });
      });
      const rows = await sql<{ id: number }>`select id from pipe order by id`.execute(database.kysely);
      expect(rows.rows.map((r) => r.id)).toEqual(Array.from({ length: 40 }, (_, n) => n).filter((n) => n !== 17));
    } finally {
      await database.close();
    }
  });

  it('replaces a connection the server ended', async () => {
    const database = await server!.open();
    try {
      const { pipeline, opened } = pipelineOn(database, 1);
      const pid = (await pipeline.query('select pg_backend_pid() as pid')).rows[0].pid as number;
      await sql`select pg_terminate_backend(${pid})`.execute(database.kysely);
      // The query that finds the connection gone fails; a later one runs on a new connection.
      let answer: number | undefined;
      for (let attempt = 0; attempt < 5 && answer === undefined; attempt++) {
        answer = await pipeline.query('select pg_backend_pid() as pid').then((r) => r.rows[0].pid as number, () => undefined);
        if (answer === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(answer).toBeDefined();
      expect(answer).not.toBe(pid);
      expect(opened.length).toBe(2);
    } finally {
      await database.close();
    }
  });

  it('carries steps that are one statement without a pooled connection; a handler asking for ctx.db gets one, in the step\'s transaction', async () => {
    const database = await server!.open();
    try {
      await migrateToLatest(database, flowMigrations);
      await sql`create table pipe_effects (instance_id text primary key)`.execute(database.kysely);
      // Service tasks as jobs of their own (`inline: false`): each job's step is what goes through the pipeline here.
      const engine = createFlowEngine({
        database, clock: systemClock, ids: createIdGenerator(), calendar: weekendOnlyCalendar, inline: false,
        handlers: {
          plain: () => ({ plain: true }),
          effect: async (ctx) => {
            await ctx.db.insertInto('pipe_effects').values({ instance_id: ctx.instanceId }).execute();
            if (ctx.variables.fail) throw new Error('after the effect');
            return {};
          },
        },
      });
      await engine.deploy(bpmnXml(`<startEvent id="s"/><serviceTask id="p" onething:handler="plain"/><serviceTask id="x" onething:handler="effect"/><userTask id="u"/><endEvent id="e"/>${chain('s', 'p', 'x', 'u', 'e')}`, { id: 'pipe' }));
      const pool = nativePostgresPool(database)!;
      const connect = pool.connect.bind(pool);
      let connects = 0;
      (pool as unknown as { connect: () => Promise<unknown> }).connect = () => {
        connects++;
        return connect();
      };
      // An engine that runs jobs claims those its steps make ready, and runs them without a locking read.
      await engine.runDueJobs();
      // The first start reads the definition through Kysely's pool; the starts after it are one statement each.
      const ids = [await engine.start('pipe', { variables: { fail: false } })];
      connects = 0;
      ids.push(...await Promise.all(Array.from({ length: 19 }, (_, i) => engine.start('pipe', { variables: { fail: i === 2 } }))));
      expect(connects).toBe(0);
      // The `plain` jobs: lone writes again (the due-job query itself goes through Kysely's pool: one connect).
      const before = connects;
      await engine.runDueJobs(20);
      expect(connects - before).toBeLessThanOrEqual(1);
      // The `effect` jobs ask for ctx.db: each takes a pooled connection and its insert commits with its step, or not at all.
      await engine.runDueJobs(20);
      const effects = await sql<{ instance_id: string }>`select instance_id from pipe_effects order by instance_id`.execute(database.kysely);
      expect(effects.rows.map((r) => r.instance_id)).toEqual(ids.filter((_, i) => i !== 3).sort());
      const tasks = await engine.listTasks({ states: ['open'] });
      expect(tasks.map((t) => t.instanceId).sort()).toEqual(ids.filter((_, i) => i !== 3).sort());
    } finally {
      await database.close();
    }
  });
});
