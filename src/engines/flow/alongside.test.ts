import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { systemClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine, type FlowEngine } from './engine.ts';
import type { AlongsideWork } from './handlers.ts';
import { flowMigrations } from './migrations.ts';
import { bpmnXml, chain } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

// An SQLite file too: there group commit's batches commit on a writer thread, and work through the step's db
// turns its batch into a transaction on the main connection.
const dir = mkdtempSync(join(tmpdir(), 'flow-alongside-'));
const dialects = [...testDialects(), { name: 'an SQLite file', open: () => openDatabase(`sqlite:${join(dir, 'flow.db')}`) }];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A caller's rows written with a step (`alongside`): they commit with the step, or neither does.
for (const dialect of dialects) {
  describe(`work alongside a step on ${dialect.name}`, () => {
    let database: Database;
    const engines: Record<'single' | 'grouped', FlowEngine> = {} as never;

    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, flowMigrations);
      await sql`create table caller_rows (instance_id text primary key, note text not null)`.execute(database.kysely);
      for (const mode of ['single', 'grouped'] as const) {
        engines[mode] = createFlowEngine({
          database, clock: systemClock, ids: createIdGenerator(), calendar: weekendOnlyCalendar, groupCommit: mode === 'grouped' ? { maxBatch: 8 } : false,
          handlers: { plain: () => ({ done: true }) },
        });
      }
      await engines.single.deploy(bpmnXml(`<startEvent id="s"/><serviceTask id="p" onething:handler="plain"/><userTask id="u"/><endEvent id="e"/>${chain('s', 'p', 'u', 'e')}`, { id: 'along' }));
    });
    afterAll(async () => database.close());

    const rowsOf = async (ids: string[]) =>
      (await sql<{ instance_id: string }>`select instance_id from caller_rows`.execute(database.kysely)).rows.map((r) => r.instance_id).filter((id) => ids.includes(id)).sort();
    const instancesOf = async (ids: string[]) => (await database.kysely.selectFrom('flow_instances').select('id').where('id', 'in', ids).execute()).map((r) => r.id).sort();
    // Writes the caller's row; fails after writing it when the note says so.
    const write = (note: string): AlongsideWork => async (tx, instanceId) => {
      await sql`insert into caller_rows (instance_id, note) values (${instanceId}, ${note})`.execute(tx);
      if (note === 'fail') throw new Error('the caller failed after its write');
    };

    for (const mode of ['single', 'grouped'] as const) {
      it(`${mode}: a start commits with the caller's row, and a failing caller leaves neither`, async () => {
        const engine = engines[mode];
        const notes = ['a', 'b', 'fail', 'c', 'd'];
        const ids: string[] = [];
        const outcomes = await Promise.allSettled(notes.map((note) => engine.start('along', { alongside: async (tx, id) => { ids.push(id); await write(note)(tx, id); } })));
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        const started = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
        expect(await rowsOf(ids)).toEqual([...started].sort());
        expect(await instancesOf(ids)).toEqual([...started].sort());
        const tasks = (await engine.listTasks({ states: ['open'] })).filter((t) => ids.includes(t.instanceId));
        expect(tasks.every((t) => started.includes(t.instanceId))).toBe(true); // the failed start left no task either
      });
    }

    it('a suspension commits with the caller\'s row, or the task stays open', async () => {
      const engine = engines.single;
      const id = await engine.start('along');
      await engine.runDueJobs();
      const [task] = await engine.listTasks({ instanceId: id });
      await expect(engine.suspendTask(task.id, 'papers missing', 'usr_1', write('fail'))).rejects.toThrow('the caller failed');
      expect((await engine.listTasks({ instanceId: id }))[0].state).toBe('open');
      expect(await rowsOf([id])).toEqual([]);
      await engine.suspendTask(task.id, 'papers missing', 'usr_1', write('ok'));
      expect((await engine.listTasks({ instanceId: id, states: ['suspended'] }))[0].suspendReason).toBe('papers missing');
      expect(await rowsOf([id])).toEqual([id]);
    });
  });
}
