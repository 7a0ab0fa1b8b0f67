import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine, type FlowEngine } from './engine.ts';
import { flowMigrations } from './migrations.ts';
import { bpmnXml, chain } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

const version = (n: number) => bpmnXml(`<startEvent id="start"/><userTask id="v${n}"/><endEvent id="end"/>${chain('start', `v${n}`, 'end')}`, { id: 'p' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts use the latest version as looked up at most a second before (another engine's deploy shows within it), and
// do not wait for the look-up while an answer that young is at hand.
describe('the latest version a start uses', () => {
  let database: Database;
  let here: FlowEngine;
  let elsewhere: FlowEngine;
  const engine = () => createFlowEngine({ database, clock: createFixedClock('2026-03-02T01:00:00Z'), ids: createIdGenerator(), calendar: weekendOnlyCalendar });
  const startedVersion = async (e: FlowEngine) => {
    const id = await e.start('p');
    return (await e.listTasks({ instanceId: id }))[0].elementId;
  };

  beforeAll(async () => {
    database = openSqlite(':memory:');
    await migrateToLatest(database, flowMigrations);
    here = engine();
    elsewhere = engine();
  });
  afterAll(() => database.close());

  it('is another engine’s new version within a second, and this engine’s at once', async () => {
    await here.deploy(version(1));
    expect(await startedVersion(here)).toBe('v1');
    await elsewhere.deploy(version(2));
    // The answer of a moment ago is still used…
    expect(await startedVersion(here)).toBe('v1');
    // …for at most a second; after half of that a start asks again without waiting, and the answer serves the next.
    await sleep(600);
    await expect.poll(() => startedVersion(here), { timeout: 1000, interval: 20 }).toBe('v2');
    await elsewhere.deploy(version(3));
    await sleep(1100);
    expect(await startedVersion(here)).toBe('v3');
    await here.deploy(version(4));
    expect(await startedVersion(here)).toBe('v4');
    // Versions started by number are read each time.
    expect((await here.listTasks({ instanceId: await here.start('p', { version: 2 }) }))[0].elementId).toBe('v2');
  });
});
