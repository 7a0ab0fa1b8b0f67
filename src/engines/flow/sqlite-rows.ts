import { nativeSqliteHandle, type Database } from '../../db/index.ts';
import { FlowError } from './state.ts';
import type { InstanceWrite, Row } from './store.ts';

/** The part of a better-sqlite3 statement used here (the driver itself is src/db's to import). */
interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
}

/** Column order of each table written by steps (all columns, primary key first). */
export const COLUMNS: Record<string, string[]> = {
  flow_instances: ['id', 'definition_id', 'def_key', 'def_version', 'business_key', 'status', 'parent_instance_id', 'parent_token_id', 'started_at', 'ended_at', 'due_at', 'warning', 'seq', 'hseq', 'live'],
  flow_history: ['instance_id', 'seq', 'at', 'actor', 'lines'],
  flow_tokens: ['id', 'instance_id', 'element_id', 'scope_id', 'state', 'flow_id', 'data', 'entered_at'],
  flow_tasks: ['id', 'instance_id', 'token_id', 'element_id', 'name', 'candidate_roles', 'candidate_org', 'assignee', 'form_key', 'state', 'created_at', 'due_at', 'due_unit', 'warning', 'suspended_at', 'suspend_reason', 'completed_at', 'completed_by'],
  flow_jobs: ['id', 'instance_id', 'token_id', 'element_id', 'kind', 'due_at', 'unit', 'state', 'attempts', 'last_error', 'data'],
  flow_subscriptions: ['id', 'instance_id', 'token_id', 'element_id', 'message_name', 'correlation_key', 'created_at'],
};

/** Transaction control and a step's reads and writes on SQLite's own connection. */
export interface SqliteRows {
  begin(): void;
  commit(): void;
  rollback(): void;
  read(id: string): Row | undefined;
  write(writes: InstanceWrite[]): void;
}

/**
 * A step's reads and writes on SQLite through better-sqlite3 statements
 * prepared once per table: a row costs a few microseconds instead of a Kysely
 * round of building, compiling and preparing. Undefined when the database is
 * not a local SQLite file. Use only while holding the connection (Kysely's
 * `connection().execute`), so nothing else interleaves.
 */
export function createSqliteRows(database: Database): SqliteRows | undefined {
  const handle = database.family === 'sqlite' ? nativeSqliteHandle(database) : undefined;
  if (!handle) return undefined;
  const cache = new Map<string, Statement>();
  const prepared = (sql: string) => {
    let st = cache.get(sql);
    if (!st) cache.set(sql, (st = handle.prepare(sql) as unknown as Statement));
    return st;
  };
  // One insert and one delete statement per table, prepared up front; parameters go in as one array (no spread).
  const inserts = new Map<string, { st: Statement; cols: string[] }>();
  const deletes = new Map<string, Statement>();
  for (const table in COLUMNS) {
    const cols = COLUMNS[table];
    inserts.set(table, { st: prepared(`insert into ${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`), cols });
    if (table !== 'flow_history') deletes.set(table, prepared(`delete from ${table} where id = ?`));
  }
  const insert = (table: string, row: Row) => {
    const { st, cols } = inserts.get(table)!;
    const params = new Array<unknown>(cols.length);
    for (let i = 0; i < cols.length; i++) params[i] = row[cols[i]] ?? null;
    st.run(params);
  };
  // Update the columns a row carries besides its key (only those that changed: indexes on the others stay untouched),
  // the key last among the parameters; one statement per table and column list.
  const updates = new Map<string, { st: Statement; cols: string[] }>();
  const update = (table: string, row: Row, expectedHseq?: number) => {
    let sig = table;
    for (const c in row) if (c !== 'id') sig += `,${c}`;
    let u = updates.get(sig);
    if (!u) {
      const cols = sig.split(',').slice(1);
      const check = table === 'flow_instances' ? ' and hseq = ?' : '';
      updates.set(sig, (u = { st: handle.prepare(`update ${table} set ${cols.map((c) => `${c} = ?`).join(', ')} where id = ?${check}`) as unknown as Statement, cols }));
    }
    const n = u.cols.length;
    const params = new Array<unknown>(expectedHseq === undefined ? n + 1 : n + 2);
    for (let i = 0; i < n; i++) params[i] = row[u.cols[i]] ?? null;
    params[n] = row.id;
    if (expectedHseq !== undefined) params[n + 1] = expectedHseq;
    return u.st.run(params);
  };
  const begin = prepared('begin immediate');
  const commit = prepared('commit');
  const rollback = prepared('rollback');
  const readOne = prepared('select * from flow_instances where id = ?');
  return {
    begin: () => void begin.run(),
    commit: () => void commit.run(),
    rollback: () => {
      if (handle.inTransaction) rollback.run();
    },
    read: (id) => readOne.get(id) as Row | undefined,
    write(writes) {
      for (const w of writes) {
        if (w.insert) insert('flow_instances', w.instance);
        else if (update('flow_instances', w.instance, w.expectedHseq).changes !== 1)
          throw new FlowError('flow.instance.conflict', `instance ${w.instance.id} changed during the step`, { instanceId: w.instance.id });
        for (const h of w.history) insert('flow_history', h);
        for (const [table, row] of w.inserts) insert(table, row);
        for (const [table, row] of w.updates) update(table, row);
        for (const [table, id] of w.deletes) deletes.get(table)!.run(id);
      }
    },
  };
}
