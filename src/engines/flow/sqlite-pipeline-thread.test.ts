import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from '../../db/index.ts';
import { systemClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine } from './engine.ts';
import { flowMigrations } from './migrations.ts';
import { createSqlitePipeline } from './sqlite-pipeline.ts';
import type { InstanceWrite } from './store.ts';
import { bpmnXml, chain } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

// A writer thread that says it is ready, takes its first batch and stops without answering: whether that batch
// committed is unknown to the main thread.
const STOPS_AT_FIRST_BATCH = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage('ready');
parentPort.once('message', () => setTimeout(() => process.exit(0), 20));
`;

describe('the SQLite writer thread stopping after it was ready', () => {
  let dir: string | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    database = dir = undefined;
  });

  it('fails its callers with flow.commit.unknown rather than running their steps again, and later batches commit on the main connection', async () => {
    dir = mkdtempSync(join(tmpdir(), 'flow-writer-stops-'));
    database = await openDatabase(`sqlite:${join(dir, 'flow.db')}`);
    await migrateToLatest(database, flowMigrations);
    const engine = createFlowEngine({ database, clock: systemClock, ids: createIdGenerator(), calendar: weekendOnlyCalendar });
    const def = await engine.deploy(bpmnXml(`<startEvent id="s"/><endEvent id="e"/>${chain('s', 'e')}`, { id: 'plain' }));
    const newInstance = (id: string): InstanceWrite => ({
      instance: {
        id, definition_id: def.id, def_key: def.key, def_version: def.version, business_key: null, status: 'running', parent_instance_id: null,
        parent_token_id: null, started_at: '2026-03-02T01:00:00.000Z', ended_at: null, due_at: null, warning: 'none', seq: 0, hseq: 0, live: '[1,{},[],[],[],[]]',
      },
      insert: true, expectedHseq: 0, history: [], inserts: [], updates: [], deletes: [],
    });

    let failures = 0;
    const pipeline = createSqlitePipeline(database, () => failures++, STOPS_AT_FIRST_BATCH)!;
    const first = await pipeline.run(async (tx) => {
      await tx.write([newInstance('lost-or-not')]);
      return 'built';
    });
    expect(first.result).toBe('built');
    await expect(first.committed).rejects.toMatchObject({ code: 'flow.commit.unknown' });
    expect(failures).toBe(1); // the engine drops its instance cache

    // The thread is not started again: the next batch commits on the main connection.
    const second = await pipeline.run(async (tx) => {
      await tx.write([newInstance('after')]);
      return 'built again';
    });
    await second.committed;
    await pipeline.drain();
    const ids = (await database.kysely.selectFrom('flow_instances').select('id').execute()).map((r) => r.id);
    expect(ids).toEqual(['after']); // the stopped thread wrote nothing
  });
});
