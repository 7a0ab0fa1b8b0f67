import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, nativeSqliteHandle, openSqlite, type Database } from '../../db/index.ts';
import { flowMigrations } from './migrations.ts';
import type { HistoryEntry } from './state.ts';
import { createSqliteRows, setUpWriterConnection, WRITER_CACHE_KIB, type SqliteRows } from './sqlite-rows.ts';
import { definitionRows, planWrite, type InstanceWrite } from './store.ts';
import { runningState } from './test-support.ts';

const at = '2026-03-02T01:00:00.000Z';

/** A new instance's write with `lines` history lines (one input each, so one history row each while they fit). */
function newInstanceWrite(id: string, lines: number, seqOf = (i: number) => i + 1): InstanceWrite {
  const history: HistoryEntry[][] = Array.from({ length: lines }, (_, i) => [
    { seq: seqOf(i), at, kind: 'in:message', elementId: null, tokenId: null, actor: null, data: { pad: 'x'.repeat(1500) }, input: true },
  ]);
  return planWrite(new Map(), runningState(id, at), true, 0, history);
}

// The engine's statements roll the whole transaction back when a constraint fails (`or rollback`): SQLite then keeps
// no statement journal for them, which each multi-row statement in a transaction otherwise writes (a temporary file).
describe('SQLite rows: a batch that breaks a constraint', () => {
  let database: Database;
  let lite: SqliteRows;
  const count = (table: string) => (nativeSqliteHandle(database)!.prepare(`select count(*) as c from ${table}`).get() as { c: number }).c;

  beforeEach(async () => {
    database = openSqlite(':memory:');
    await migrateToLatest(database, flowMigrations);
    await definitionRows.insert(database.kysely, { id: 'fdef_1', key: 'p', version: 1, xml: '<definitions/>', process: {} as never, createdAt: at });
    lite = createSqliteRows(database)!;
  });
  afterEach(() => database.close());

  it('writes nothing of it, and the connection takes the next transaction', () => {
    // 100 history rows: a 64-row statement, then single rows; the 70th repeats the key of the 10th.
    const broken = newInstanceWrite('fi_a', 100, (i) => (i === 69 ? 10 : i + 1));
    lite.begin();
    expect(() => lite.write([newInstanceWrite('fi_ok', 3), broken])).toThrow(/UNIQUE constraint failed: flow_history.instance_id, flow_history.seq/);
    lite.rollback();
    expect(nativeSqliteHandle(database)!.inTransaction).toBe(false);
    expect([count('flow_instances'), count('flow_history'), count('flow_tokens')]).toEqual([0, 0, 0]);

    lite.begin();
    lite.write([newInstanceWrite('fi_ok', 3), newInstanceWrite('fi_b', 100)]);
    lite.commit();
    expect([count('flow_instances'), count('flow_history'), count('flow_tokens')]).toEqual([2, 103, 2]);
  });

  it('an update that breaks one undoes the writes before it in the transaction', () => {
    lite.begin();
    lite.write([newInstanceWrite('fi_a', 1)]);
    lite.commit();
    const element = () => (nativeSqliteHandle(database)!.prepare(`select element_id from flow_tokens where id = 'fi_a.t1'`).get() as { element_id: string }).element_id;
    lite.begin();
    lite.write([{ ...newInstanceWrite('fi_b', 2), updates: [['flow_tokens', { id: 'fi_a.t1', element_id: 'approval' }]] }]);
    expect(element()).toBe('approval');
    // The state column is NOT NULL.
    expect(() => lite.write([{ ...newInstanceWrite('fi_c', 2), updates: [['flow_tokens', { id: 'fi_a.t1', state: null }]] }])).toThrow(/NOT NULL constraint failed: flow_tokens.state/);
    lite.rollback();
    expect(element()).toBe('review');
    expect([count('flow_instances'), count('flow_history'), count('flow_tokens')]).toEqual([1, 1, 1]);
  });
});

// Group commit's writer connection keeps a small page cache and maps the file (setUpWriterConnection); the main
// connection, with its own cache, reads what it commits.
describe('SQLite rows: the writer connection', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flow-writer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('maps the file, and what it commits past its cache is whole to another connection', async () => {
    const file = join(dir, 'flow.db');
    const main = openSqlite(file);
    const writer = openSqlite(file, { checkpointer: 'shared' });
    try {
      await migrateToLatest(main, flowMigrations);
      await definitionRows.insert(main.kysely, { id: 'fdef_1', key: 'p', version: 1, xml: '<definitions/>', process: {} as never, createdAt: at });
      const setUp = setUpWriterConnection(nativeSqliteHandle(writer)!);
      expect(setUp.cacheKiB).toBe(WRITER_CACHE_KIB);
      expect(setUp.mmapBytes).toBeGreaterThan(0);
      // 40 batches of 50 instances with 3 history rows of 1.5 KB: ~12 MB, more than the writer's cache holds,
      // with page splits in every batch; the main connection reads between the batches.
      const lite = createSqliteRows(writer)!;
      const reads = createSqliteRows(main)!;
      for (let b = 0; b < 40; b++) {
        lite.begin();
        lite.write(Array.from({ length: 50 }, (_, i) => newInstanceWrite(`fi_${String(b * 50 + i).padStart(5, '0')}`, 3)));
        lite.commit();
        expect(reads.read(`fi_${String(b * 50 + 49).padStart(5, '0')}`)?.status).toBe('running');
      }
      // Early instances, long out of the writer's cache, updated again.
      lite.begin();
      lite.write([{ ...newInstanceWrite('fi_late', 1), updates: [['flow_tokens', { id: 'fi_00003.t1', element_id: 'approval' }]] }]);
      lite.commit();
      const main1 = nativeSqliteHandle(main)!;
      expect(main1.prepare(`select count(*) as c from flow_history`).get()).toEqual({ c: 40 * 50 * 3 + 1 });
      expect(main1.prepare(`select element_id from flow_tokens where id = 'fi_00003.t1'`).get()).toEqual({ element_id: 'approval' });
      expect(main1.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await writer.close();
      await main.close();
    }
  });
});
