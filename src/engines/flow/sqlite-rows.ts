import { nativeSqliteHandle, type Database } from '../../db/index.ts';
import { FlowError } from './state.ts';
import { itemSelects, type InstanceWrite, type Row } from './store.ts';

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
  flow_jobs: ['id', 'instance_id', 'token_id', 'element_id', 'kind', 'due_at', 'unit', 'state', 'attempts', 'last_error', 'data', 'claimed_by', 'claimed_until'],
  flow_subscriptions: ['id', 'instance_id', 'token_id', 'element_id', 'message_name', 'correlation_key', 'created_at'],
};

/** Rows per multi-row insert (fewer where a table's columns would pass 999 parameters). */
const CHUNK = 64;

const TABLES = Object.keys(COLUMNS);
const TABLE_INDEX = new Map(TABLES.map((t, i) => [t, i]));
const POSITIONS = TABLES.map((t) => new Map(COLUMNS[t].map((c, i) => [c, i])));
const HISTORY = TABLE_INDEX.get('flow_history')!;
const INSTANCES = TABLE_INDEX.get('flow_instances')!;

/**
 * A transaction's writes as flat arrays of values, for another thread (sqlite-pipeline.ts): a structured clone
 * copies them at a fraction of the cost of the rows as objects, each with its column names.
 */
export interface PackedWrites {
  /** Per table (COLUMNS order): its new rows' values, row after row, in column order. */
  inserts: unknown[][];
  /** Updates one after another: table index, column mask, the masked columns' values, the id, and (instances) the expected `hseq`. */
  updates: unknown[];
  /** Deletes: table index and id, pair after pair. */
  deletes: unknown[];
}

/** `writes` as PackedWrites. */
export function packWrites(writes: InstanceWrite[]): PackedWrites {
  // Arrays grown push by push stay packed (no holes): a structured clone copies those element by element in one
  // run; an array made at its final length (`new Array(n)`) is holey, and goes over as a sparse one, key by key.
  const inserts: unknown[][] = TABLES.map(() => []);
  const updates: unknown[] = [];
  const deletes: unknown[] = [];
  for (const w of writes) {
    if (w.insert) packRow(inserts[INSTANCES], INSTANCES, w.instance);
    else packUpdate(updates, INSTANCES, w.instance, w.expectedHseq);
    for (const h of w.history) packRow(inserts[HISTORY], HISTORY, h);
    for (const [table, row] of w.inserts) {
      const t = TABLE_INDEX.get(table)!;
      packRow(inserts[t], t, row);
    }
    for (const [table, row] of w.updates) packUpdate(updates, TABLE_INDEX.get(table)!, row);
    for (const [table, id] of w.deletes) deletes.push(TABLE_INDEX.get(table)!, id);
  }
  return { inserts, updates, deletes };
}

/** Appends a row's values (table `t`) to `out`, in column order. */
function packRow(out: unknown[], t: number, row: Row): void {
  const cols = COLUMNS[TABLES[t]];
  for (let c = 0; c < cols.length; c++) out.push(row[cols[c]] ?? null);
}

/** Appends an update of table `t` to `updates`: table, column mask, the masked values, the id, and the expected `hseq` if any. */
function packUpdate(updates: unknown[], t: number, row: Row, expectedHseq?: number): void {
  const mask = maskOf(t, row);
  const cols = COLUMNS[TABLES[t]];
  updates.push(t, mask);
  for (let c = 0; c < cols.length; c++) if (mask & (1 << c)) updates.push(row[cols[c]] ?? null);
  updates.push(row.id);
  if (expectedHseq !== undefined) updates.push(expectedHseq);
}

/** The bit mask of the columns a row carries besides its key (bit i: column i of COLUMNS). */
function maskOf(t: number, row: Row): number {
  const position = POSITIONS[t];
  let mask = 0;
  for (const c in row) {
    if (c === 'id') continue;
    const i = position.get(c);
    if (i === undefined) throw new Error(`column ${TABLES[t]}.${c} is not in COLUMNS`);
    mask |= 1 << i;
  }
  return mask;
}

/** The page cache of group commit's writer connection (sqlite-writer-thread.ts), in KiB: src/db's is 128 MiB. */
export const WRITER_CACHE_KIB = 8192;
/** How much of the file that connection reads through a memory map: SQLite's largest (its default build's cap). */
const WRITER_MMAP_BYTES = 2_147_418_112;

/**
 * Sets up the connection of group commit's writer thread: a small page cache, the file read through a memory map.
 * Each commit ends by dropping cached pages past the database's end; when B-tree splits put pages back in order
 * (balance_nonroot), they pass through a temporary page number, the locking page's (262,145 at 4 KiB pages), which
 * the cache then keeps as the largest it has seen, so at every such commit it scans its whole hash table and every
 * page in it (pcache1TruncateUnsafe). gdb read that maximum at every commit of the writer of a group-commit run, and
 * perf put the scan at 13.5% of the thread with a 128 MiB cache that held the whole file. With 8 MiB the scan is
 * short (1.3%); the map serves the pages the cache no longer holds without a read (the WAL's still are read).
 * Returns what SQLite reports it uses (bytes mapped 0: the build has no memory-mapped I/O).
 */
export function setUpWriterConnection(handle: { pragma(source: string, options: { simple: true }): unknown }): { cacheKiB: number; mmapBytes: number } {
  handle.pragma(`cache_size = -${WRITER_CACHE_KIB}`, { simple: true });
  handle.pragma(`mmap_size = ${WRITER_MMAP_BYTES}`, { simple: true });
  return { cacheKiB: -Number(handle.pragma('cache_size', { simple: true })), mmapBytes: Number(handle.pragma('mmap_size', { simple: true })) };
}

/** Transaction control and a step's reads and writes on SQLite's own connection. */
export interface SqliteRows {
  begin(): void;
  commit(): void;
  rollback(): void;
  read(id: string): Row | undefined;
  /** The rows of those ids that exist. */
  readMany(ids: string[]): Row[];
  write(writes: InstanceWrite[]): void;
  /** Writes what `packWrites` made of a transaction's writes, as `write` would them. */
  writePacked(packed: PackedWrites): void;
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
  // Per table: a one-row insert, a CHUNK-row insert and a delete, prepared up front. A transaction's new rows go in
  // CHUNK at a time: a statement's start (its cursors on the table and each index) is paid once per chunk instead of
  // once per row. Parameters go in spread, as arguments: given one array, better-sqlite3 reads it element by element
  // through V8's generic property lookup, which perf put at a third of group commit's writer thread (Binder::Bind);
  // spread, the writer took 0.054 instead of 0.057 ms an issue-6 instance (medians of 8 alternating runs).
  // Inserts and updates are `or rollback`: a broken constraint ends the whole transaction, as every caller does anyway
  // (a batch is all or nothing). With SQLite's default (`abort`: undo the statement, keep the transaction) each
  // multi-row statement keeps a statement journal of the pages it changes, spilled to a temporary file past 64 KiB:
  // 25 MB of writes in a 7,000-instance group-commit run, 5–8% of the writer thread's CPU (docs/benchmarks.md).
  const inserts = new Map<string, { one: Statement; many: Statement; cols: string[]; chunk: number }>();
  const deletes = new Map<string, Statement>();
  for (const table in COLUMNS) {
    const cols = COLUMNS[table];
    const tuple = `(${cols.map(() => '?').join(', ')})`;
    const chunk = Math.min(CHUNK, Math.floor(999 / cols.length));
    const into = `insert or rollback into ${table} (${cols.join(', ')}) values `;
    inserts.set(table, { one: prepared(into + tuple), many: prepared(into + Array(chunk).fill(tuple).join(', ')), cols, chunk });
    if (table !== 'flow_history') deletes.set(table, prepared(`delete from ${table} where id = ?`));
  }
  // A table's new rows, flat: parameters are slices of its array.
  const insertFlat = (table: string, values: unknown[]) => {
    const { one, many, cols, chunk } = inserts.get(table)!;
    const n = cols.length;
    let i = 0;
    for (; i + chunk * n <= values.length; i += chunk * n) many.run(...values.slice(i, i + chunk * n));
    for (; i < values.length; i += n) one.run(...values.slice(i, i + n));
  };
  // Update the columns a row carries besides its key (only those that changed: indexes on the others stay untouched),
  // the key last among the parameters; one statement per table and set of columns (a bit mask of their positions).
  const updates = new Map<string, Map<number, { st: Statement; cols: string[] }>>();
  for (const table in COLUMNS) updates.set(table, new Map());
  const updateStatement = (table: string, mask: number) => {
    const byMask = updates.get(table)!;
    let u = byMask.get(mask);
    if (!u) {
      const cols = COLUMNS[table].filter((_, i) => mask & (1 << i));
      const check = table === 'flow_instances' ? ' and hseq = ?' : '';
      byMask.set(mask, (u = { st: handle.prepare(`update or rollback ${table} set ${cols.map((c) => `${c} = ?`).join(', ')} where id = ?${check}`) as unknown as Statement, cols }));
    }
    return u;
  };
  const begin = prepared('begin immediate');
  const commit = prepared('commit');
  const rollback = prepared('rollback');
  // The instance row and its live items (each table's as JSON), one statement.
  const readOne = prepared(`select i.*${itemSelects('sqlite')} from flow_instances i where i.id = ?`);
  // A row is inserted, updated or deleted by one write only (store.ts, planWrite): updates and deletes first, inserts last.
  const writePacked = ({ inserts: added, updates: changes, deletes: gone }: PackedWrites) => {
    for (let i = 0; i < changes.length;) {
      const t = changes[i] as number;
      const u = updateStatement(TABLES[t], changes[i + 1] as number);
      const end = i + 2 + u.cols.length + (t === INSTANCES ? 2 : 1);
      const params = changes.slice(i + 2, end);
      if (u.st.run(...params).changes !== 1 && t === INSTANCES) {
        const id = params[u.cols.length];
        throw new FlowError('flow.instance.conflict', `instance ${id} changed during the step`, { instanceId: id });
      }
      i = end;
    }
    for (let i = 0; i < gone.length; i += 2) deletes.get(TABLES[gone[i] as number])!.run(gone[i + 1]);
    for (let t = 0; t < TABLES.length; t++) insertFlat(TABLES[t], added[t]);
  };

  return {
    begin: () => void begin.run(),
    commit: () => void commit.run(),
    rollback: () => {
      if (handle.inTransaction) rollback.run();
    },
    read: (id) => readOne.get(id) as Row | undefined,
    readMany: (ids) => ids.map((id) => readOne.get(id) as Row | undefined).filter((r): r is Row => r !== undefined),
    write: (writes) => writePacked(packWrites(writes)),
    writePacked,
  };
}
