import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../db/index.ts';
import { systemClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine } from './engine.ts';
import { flowMigrations } from './migrations.ts';
import { historyFrom } from './store.ts';
import { bpmnXml, chain, flow, runKillable } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

const worker = join(import.meta.dirname, 'crash-worker.fixture.ts');
const dir = mkdtempSync(join(tmpdir(), 'flow-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runWorker = (file: string, mode: string, killAt?: number) => runKillable(worker, killAt === undefined ? [file, mode, '5'] : [file, mode, '5', String(killAt)], killAt);

describe('crash safety', () => {
  // `single`: every step is its own transaction; `group`: steps of many instances share one (group commit).
  it.each(['single', 'group'])('survives kill -9 mid-flight (%s commit): every instance completes and no step commits twice', async (mode) => {
    const file = join(dir, `flow-${mode}.db`);
    const database = await openDatabase(`sqlite:${file}`);
    await migrateToLatest(database, flowMigrations);
    await database.kysely.schema.createTable('crash_effects')
      .addColumn('instance_id', 'text', (c) => c.notNull()).addColumn('element_id', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull()).execute();
    const engine = createFlowEngine({ database, clock: systemClock, ids: createIdGenerator(), calendar: weekendOnlyCalendar });
    await engine.deploy(bpmnXml(`<startEvent id="s"/><serviceTask id="a" onething:handler="effect"/><parallelGateway id="split"/>
      <serviceTask id="b" onething:handler="effect"/><sendTask id="c" onething:handler="effect"/><parallelGateway id="join"/>
      <serviceTask id="d" onething:handler="effect"/><endEvent id="e"/>
      ${chain('s', 'a', 'split')}${flow('f1', 'split', 'b')}${flow('f2', 'split', 'c')}${flow('f3', 'b', 'join')}${flow('f4', 'c', 'join')}${chain('join', 'd', 'e')}`, { id: 'crashy' }));
    const n = 100;
    for (let i = 0; i < n; i++) await engine.start('crashy');
    const effectCount = async () => Number((await database.kysely.selectFrom('crash_effects').select((eb) => eb.fn.countAll().as('c')).executeTakeFirstOrThrow()).c);

    // Kill the worker twice mid-run, at a quarter and at half of the steps, then let a fresh one finish.
    let kills = 0;
    for (const share of [1 / 4, 1 / 2]) if (!(await runWorker(file, mode, n * 4 * share - (await effectCount())))) kills++;
    expect(kills).toBe(2);
    expect(await effectCount()).toBeLessThan(n * 4);
    expect(await runWorker(file, mode)).toBe(true);

    const statuses = await database.kysely.selectFrom('flow_instances').select(['status', (eb) => eb.fn.countAll().as('c')]).groupBy('status').execute();
    expect(statuses.map((s) => [s.status, Number(s.c)])).toEqual([['completed', n]]);
    const effects = await database.kysely.selectFrom('crash_effects').select(['instance_id', 'element_id']).execute();
    expect(effects).toHaveLength(n * 4);
    expect(new Set(effects.map((e) => `${e.instance_id}/${e.element_id}`)).size).toBe(n * 4);
    const calls = existsSync(`${file}.calls`) ? readFileSync(`${file}.calls`, 'utf8').trim().split('\n') : [];
    const keys = new Set(calls);
    expect(keys.size).toBe(n * 4); // every step called out, repeats (if any) reused its idempotency key
    const rows = await database.kysely.selectFrom('flow_history').selectAll().execute();
    expect(rows.flatMap(historyFrom).filter((h) => h.kind === 'enter')).toHaveLength(n * 9); // s, a, split, b, c, join twice, d, e
    await database.close();
  }, 60_000);
});
