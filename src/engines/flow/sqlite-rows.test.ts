import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, nativeSqliteHandle, openSqlite, type Database } from '../../db/index.ts';
import { flowMigrations } from './migrations.ts';
import type { HistoryEntry } from './state.ts';
import { createSqliteRows, type SqliteRows } from './sqlite-rows.ts';
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
