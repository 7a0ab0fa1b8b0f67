import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { systemClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine, flowMigrations, weekendOnlyCalendar } from './index.ts';
import { importBpmn } from './bpmn-import.ts';
import { newInstanceState } from './events.ts';
import { buildWriteStatement, pgWriteStatement } from './pg-rows.ts';
import { InstanceCache, StepSession } from './session.ts';
import type { HistoryEntry, InstanceState } from './state.ts';
import { loadInstance, planWrite, writtenRowsOf, type InstanceWrite } from './store.ts';
import { bpmnXml, chain, flow } from './test-support.ts';
import { createTxRunner, type StepTx } from './tx.ts';

const at = '2026-03-02T01:00:00.000Z';
const line = (seq: number, kind: string, actor: string | null): HistoryEntry => ({ seq, at, kind, elementId: 'e', tokenId: null, actor, data: null, input: kind.startsWith('in:') });

function running(id: string, element: string): InstanceState {
  const s = newInstanceState({ id, definitionId: 'fdef_1', key: 'p', version: 1, startedAt: at });
  s.tokens.set(`${id}.t1`, { id: `${id}.t1`, elementId: element, scopeId: null, state: 'waiting', enteredAt: at });
  s.seq = 1;
  s.hseq = 3;
  return s;
}

describe('PostgreSQL step statements', () => {
  it('are the same text for steps of the same shape, with every value a parameter', () => {
    const hostile = ["x'); drop table flow_instances; --", "O'Brien"];
    const statements = hostile.map((actor, i) => {
      const s = running(`fi_${i}`, 'review');
      const written = writtenRowsOf(s);
      s.tokens.get(`fi_${i}.t1`)!.elementId = actor;
      s.hseq = 4;
      return pgWriteStatement(planWrite(written, s, false, 3, [[line(4, 'in:completeTask', actor)]]));
    });
    expect(statements[0].text).toBe(statements[1].text);
    for (const [i, st] of statements.entries()) {
      expect(st.text).not.toContain(hostile[i]);
      expect(st.text).not.toContain(`fi_${i}`);
      expect(st.values).toContain(hostile[i]);
    }
    // The checked instance update comes first; flow_conflict aborts the statement when it matched no row.
    expect(statements[0].text).toMatch(/^with u as \(update flow_instances set .* where id=\$\d+ and hseq=\$\d+ returning 1\)/);
    expect(statements[0].text).toMatch(/select flow_conflict\(\$\d+\) where not exists \(select 1 from u\)$/);
  });

  it('reuse a shape\'s text and give the values in the order it numbers them', async () => {
    // The writes of a few instances' steps (inserts, updates and deletes of every table, claimed jobs), captured.
    const xml = bpmnXml(`<startEvent id="s"/><userTask id="review"/><parallelGateway id="split"/><serviceTask id="a" onething:handler="h"/>
      <userTask id="b" onething:timeLimit="2wd"/><parallelGateway id="join"/><serviceTask id="c" onething:handler="h"/><endEvent id="e"/>
      ${chain('s', 'review', 'split')}${flow('f1', 'split', 'a')}${flow('f2', 'split', 'b')}${flow('f3', 'a', 'join')}${flow('f4', 'b', 'join')}${chain('join', 'c', 'e')}`, { id: 'shapes' });
    const def = { id: 'fdef_1', key: 'shapes', version: 1, xml, process: await importBpmn(xml), createdAt: at };
    const writes: InstanceWrite[] = [];
    const tx: StepTx = { db: undefined as never, locking: false, read: async () => undefined, readMany: async () => [], write: async (ws) => void writes.push(...ws) };
    const cache = new InstanceCache(100);
    const time = { calendar: weekendOnlyCalendar, utcOffsetMinutes: 0 };
    const step = async (work: (s: StepSession) => Promise<void>) => {
      const s = new StepSession(tx, new Map([[def.id, def]]), cache, time, new Date(at), { by: 'w', leaseMs: 1000 });
      await work(s);
      await s.flush();
      s.committed();
    };
    for (let i = 0; i < 3; i++) {
      const id = `fi_${i}`;
      await step((s) => s.create(def, id, { n: i }, `bk'${i}`, null));
      const open = (s: StepSession, kind: 'tasks' | 'jobs') => s.state(id).then((st) => [...st![kind].values()].filter((x) => !('kind' in x) || x.kind === 'service'));
      for (const phase of ['tasks', 'jobs', 'tasks', 'jobs'] as const) {
        await step(async (s) => {
          for (const item of await open(s, phase)) {
            await s.apply(id, phase === 'tasks' ? { type: 'completeTask', taskId: item.id, data: { ok: i } } : { type: 'jobDone', jobId: item.id, variables: { done: i } }, 'u');
          }
        });
      }
      expect(cache.has(id)).toBe(false); // completed
    }
    expect(writes.some((w) => w.inserts.some(([table, row]) => table === 'flow_jobs' && row.claimed_by === 'w'))).toBe(true);
    expect(writes.some((w) => w.deletes.length > 0 && w.updates.length > 0)).toBe(true);
    for (const w of writes) expect(pgWriteStatement(w)).toEqual(buildWriteStatement(w));
    const texts = new Set(writes.map((w) => pgWriteStatement(w).text));
    expect(texts.size).toBe(writes.length / 3); // three instances, the same shapes
  });
});

const server = testDialects().find((d) => d.name === 'postgres');

describe.skipIf(!server)('PostgreSQL steps (server)', () => {
  it('keeps hostile values intact and rejects a stale write as a conflict without writing any of it', async () => {
    const database = await server!.open();
    try {
      await migrateToLatest(database, flowMigrations);
      const calls: string[] = [];
      // The service task as a job of its own (`inline: false`): its step takes the locking read tested below.
      const engine = createFlowEngine({
        database, clock: systemClock, ids: createIdGenerator(), calendar: weekendOnlyCalendar, inline: false,
        handlers: { check: (ctx) => { calls.push(ctx.jobId); return { checked: `it's ${ctx.variables.who}` }; } },
      });
      await engine.deploy(bpmnXml(`<startEvent id="s"/><userTask id="review"/><serviceTask id="check" onething:handler="check"/><userTask id="sign"/><endEvent id="e"/>${chain('s', 'review', 'check', 'sign', 'e')}`, { id: 'pgtx' }));
      const who = "O'Brien'); drop table flow_instances; -- \\ $1 \u00e9";
      const id = await engine.start('pgtx', { variables: { who }, businessKey: who });
      const [review] = await engine.listTasks({ instanceId: id });
      await engine.completeTask(review.id, { note: who }, who);
      expect(await engine.runDueJobs()).toBe(1);
      const state = (await loadInstance(database, id))!;
      expect(state.businessKey).toBe(who);
      expect(state.variables).toMatchObject({ who, note: who, checked: `it's ${who}` });
      expect((await engine.history(id)).find((h) => h.kind === 'in:completeTask')?.actor).toBe(who);
      expect(calls).toHaveLength(1);

      // A write planned against the history counter before the last step (as by an engine whose cache is one step
      // behind): its history row collides with the last one, yet it fails as a conflict, and nothing of it lands.
      const written = writtenRowsOf(state);
      const tokenId = [...state.tokens.keys()][0];
      state.tokens.get(tokenId)!.elementId = 'elsewhere';
      const last = await database.kysely.selectFrom('flow_history').select((eb) => eb.fn.max('seq').as('seq')).where('instance_id', '=', id).executeTakeFirstOrThrow();
      const stale = Number(last.seq) - 1;
      state.hseq += 1;
      const write = planWrite(written, state, false, stale, [[line(stale + 1, 'in:cancel', 'x')]]);
      const runTx = createTxRunner(database);
      await expect(runTx((tx) => tx.write([write]))).rejects.toMatchObject({ code: 'flow.instance.conflict' });
      // The same inside a transaction opened by a locking read (as a job's step): the read and `begin` go in one
      // round trip, the write and `commit` in another; the failed write rolls it all back and releases the lock.
      await expect(runTx(async (tx) => {
        expect(Number((await tx.read(id, 'skip', state.hseq - 1))!.hseq)).toBe(state.hseq - 1);
        await tx.write([write]);
      })).rejects.toMatchObject({ code: 'flow.instance.conflict' });
      expect(await runTx((tx) => tx.read(id, 'skip'))).toMatchObject({ id, hseq: state.hseq - 1 });
      const after = (await loadInstance(database, id))!;
      expect(after.hseq).toBe(state.hseq - 1);
      expect(after.tokens.get(tokenId)!.elementId).toBe('sign');
      const tokenRow = await database.kysely.selectFrom('flow_tokens').select('element_id').where('id', '=', tokenId).executeTakeFirstOrThrow();
      expect(tokenRow.element_id).toBe('sign');

      // A group's write (one statement, JSON parameters) with one stale instance among fresh ones: a conflict, and none of it lands.
      const others = await Promise.all([1, 2].map((i) => engine.start('pgtx', { variables: { who: `${who}${i}` } })));
      const groupWrites = await Promise.all([...others, id].map(async (instanceId) => {
        const s = (await loadInstance(database, instanceId))!;
        const w = writtenRowsOf(s);
        const stale = instanceId === id;
        s.variables = { ...s.variables, touched: who };
        s.hseq += 1;
        return planWrite(w, s, false, stale ? s.hseq - 2 : s.hseq - 1, [[line(s.hseq, 'in:cancel', who)]]);
      }));
      await expect(runTx((tx) => tx.write(groupWrites))).rejects.toMatchObject({ code: 'flow.instance.conflict', details: { instanceId: id } });
      for (const other of others) expect((await loadInstance(database, other))!.variables.touched).toBeUndefined();
      // Without the stale one, the group's write lands whole, hostile values intact.
      await runTx((tx) => tx.write(groupWrites.slice(0, 2)));
      for (const other of others) expect((await loadInstance(database, other))!.variables.touched).toBe(who);
      expect((await engine.history(others[0])).at(-1)).toMatchObject({ kind: 'in:cancel', actor: who });

      // The engine carries on from the stored row (its cache was not touched by the failed write).
      const [sign] = await engine.listTasks({ instanceId: id });
      await engine.completeTask(sign.id, {}, 'usr_1');
      expect((await loadInstance(database, id))!.status).toBe('completed');
    } finally {
      await database.close();
    }
  });
});
