import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { flowMigrations } from './migrations.ts';
import type { InstanceState } from './state.ts';
import { definitionRows, instanceFrom, itemSelects, loadInstance, planWrite } from './store.ts';
import { bpmnXml, chain, everyFieldState, runningState } from './test-support.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine } from './engine.ts';
import { weekendOnlyCalendar } from './time.ts';
import { createTxRunner } from './tx.ts';

const at = '2026-03-02T01:00:00.000Z';

/** `s` as a read gives it back: finished tasks are rows of their own, not part of the state. */
function live(s: InstanceState): InstanceState {
  const out = structuredClone(s);
  for (const [id, t] of out.tasks) if (t.state !== 'open' && t.state !== 'suspended') out.tasks.delete(id);
  return out;
}

/** Instances with ids that begin with `prefix`: every field set, a finished task, and one with a single token. */
function states(prefix: string): InstanceState[] {
  const out = [`${prefix}_1`, `${prefix}_1.c3`, `${prefix}_10`].map((id) => everyFieldState(id, at));
  const task = out[0].tasks.get(`${prefix}_1.k5`)!;
  out[0].tasks.set(`${prefix}_1.k14`, { ...task, id: `${prefix}_1.k14`, state: 'completed' });
  out.push(runningState(`${prefix}_2`, at));
  return out;
}

for (const dialect of testDialects()) {
  describe(`an instance's state as rows (${dialect.name})`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, flowMigrations);
      await definitionRows.insert(database.kysely, { id: 'fdef_1', key: 'p', version: 1, xml: '<definitions/>', process: {} as never, createdAt: at });
    });
    afterAll(async () => database?.close());

    // The engine's own statements (SQLite's prepared ones, PostgreSQL's through node-postgres) and Kysely's.
    for (const [path, fast] of [['fast', true], ['Kysely', false]] as const) {
      it(`reads back every field of every item, in the order the instance made them (${path} path)`, async () => {
        const runner = createTxRunner(database, fast);
        const written = states(fast ? 'fi' : 'fk');
        await runner(async (tx) => tx.write(written.map((s) => planWrite(new Map(), structuredClone(s), true, 0, []))));
        const ids = written.map((s) => s.id);
        const [one, many, cached] = await runner(async (tx) => [await tx.read(ids[0], 'wait'), await tx.readMany(ids, 'wait'), await tx.read(ids[0], 'none', written[0].hseq)] as const);
        expect(many.map((r) => r.id)).toEqual([...ids].sort());
        for (const s of written) {
          const row = many.find((r) => r.id === s.id)!;
          for (const back of [instanceFrom(row), (await loadInstance(database, s.id))!]) {
            expect(back).toStrictEqual(live(s));
            expect([...back.tokens.keys()]).toEqual([...s.tokens.keys()]);
          }
        }
        expect(instanceFrom(one!)).toStrictEqual(live(written[0]));
        // A read of an instance cached at its current history counter may leave out the items.
        expect(cached!.hseq).toBe(written[0].hseq);
      });
    }

    it('goes on with instances a release before this one wrote, whatever form their live document has', async () => {
      const engine = createFlowEngine({ database, clock: createFixedClock('2026-03-02T01:00:00Z'), ids: createIdGenerator(), calendar: weekendOnlyCalendar });
      await engine.deploy(bpmnXml(`<startEvent id="s"/><userTask id="review" onething:timeLimit="2wd"/><endEvent id="e"/>${chain('s', 'review', 'e')}`, { id: 'upgrade' }));
      const ids = [await engine.start('upgrade', { variables: { applicant: 'A' } }), await engine.start('upgrade', { variables: { applicant: 'B' } })];
      // As the releases before wrote them: the items in the document too (format 1, and before it an object).
      const [one, two] = await Promise.all(ids.map((id) => engine.getInstance(id)));
      const format1 = JSON.stringify([1, one!.variables, [['.t1', 'review', null, 'waiting', at]], [], [], []]);
      const asObject = JSON.stringify({ variables: two!.variables, tokens: two!.tokens, tasks: two!.tasks, jobs: two!.jobs, subscriptions: two!.subscriptions });
      await database.kysely.updateTable('flow_instances').set({ live: format1 }).where('id', '=', ids[0]).execute();
      await database.kysely.updateTable('flow_instances').set({ live: asObject }).where('id', '=', ids[1]).execute();
      // A process started on the new release (nothing cached) reads them, and their steps write the new form.
      const restarted = createFlowEngine({ database, clock: createFixedClock('2026-03-02T02:00:00Z'), ids: createIdGenerator(), calendar: weekendOnlyCalendar });
      expect(await restarted.getInstance(ids[0])).toEqual(one);
      expect(await restarted.getInstance(ids[1])).toEqual(two);
      for (const id of ids) {
        const [task] = await restarted.listTasks({ instanceId: id });
        await restarted.completeTask(task.id, { ok: true }, 'usr_1');
        const done = (await restarted.getInstance(id))!;
        expect(done).toMatchObject({ status: 'completed', tokens: {}, tasks: {}, jobs: {}, variables: { applicant: id === ids[0] ? 'A' : 'B', ok: true } });
        const { live } = await database.kysely.selectFrom('flow_instances').select('live').where('id', '=', id).executeTakeFirstOrThrow();
        expect(JSON.parse(live as string)[0]).toBe(2);
      }
    });

    it("finds an instance's items by their key range, never through the inbox index", async () => {
      if (database.family !== 'sqlite') return; // PostgreSQL chooses by its statistics: the same SQL keeps it off that index too
      const plan = await sql<{ detail: string }>`explain query plan select i.*${sql.raw(itemSelects('sqlite'))} from flow_instances i where i.id = ${'fi_1'}`.execute(database.kysely);
      const searches = plan.rows.map((r) => r.detail).filter((d) => d.startsWith('SEARCH x'));
      expect(searches).toEqual(Array(4).fill('SEARCH x USING PRIMARY KEY (id>? AND id<?)'));
    });
  });
}
