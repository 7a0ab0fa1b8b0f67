import { sql, type Kysely } from 'kysely';
import type { CompiledProcess, FlowDefinition } from './model.ts';
import { itemMap, type HistoryEntry, type InstanceLimit, type InstanceState, type JobRow, type SubscriptionRow, type TaskRow, type TokenRow } from './state.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;
/** A database row as column → value. */
export type Row = Record<string, unknown>;

const parse = <T>(v: unknown, fallback: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : fallback);

/** The tables an instance's live items are mirrored to, with the item collection each holds. */
export const ITEM_TABLES = [
  ['flow_tokens', 'tokens'],
  ['flow_tasks', 'tasks'],
  ['flow_jobs', 'jobs'],
  ['flow_subscriptions', 'subscriptions'],
] as const;
/** One of the tables of ITEM_TABLES. */
export type ItemTable = (typeof ITEM_TABLES)[number][0];

function tokenRecord(instanceId: string, t: TokenRow): Row {
  const hasExtra = t.locals !== undefined || t.mi !== undefined || t.miIndex !== undefined || t.childId !== undefined;
  const data = hasExtra ? JSON.stringify({ locals: t.locals, mi: t.mi, miIndex: t.miIndex, childId: t.childId }) : null;
  return { id: t.id, instance_id: instanceId, element_id: t.elementId, scope_id: t.scopeId, state: t.state, flow_id: t.flowId ?? null, data, entered_at: t.enteredAt };
}
function tokenFrom(r: Row): TokenRow {
  const t: TokenRow = { id: r.id as string, elementId: r.element_id as string, scopeId: (r.scope_id as string) ?? null, state: r.state as TokenRow['state'], enteredAt: r.entered_at as string };
  if (r.flow_id) t.flowId = r.flow_id as string;
  const extra = parse<Partial<TokenRow>>(r.data, {});
  for (const k of ['locals', 'mi', 'miIndex', 'childId'] as const) if (extra[k] !== undefined) (t as unknown as Row)[k] = extra[k];
  return t;
}
function taskRecord(instanceId: string, t: TaskRow): Row {
  return {
    id: t.id, instance_id: instanceId, token_id: t.tokenId, element_id: t.elementId, name: t.name, candidate_roles: JSON.stringify(t.candidateRoles),
    candidate_org: t.candidateOrg, assignee: t.assignee, form_key: t.formKey, state: t.state, created_at: t.createdAt, due_at: t.dueAt,
    due_unit: t.dueUnit, warning: t.warning, suspended_at: t.suspendedAt, suspend_reason: t.suspendReason, completed_at: t.completedAt, completed_by: t.completedBy,
  };
}
/** A task row from the database. */
export function taskFrom(r: Row): TaskRow & { instanceId: string } {
  return {
    id: r.id as string, instanceId: r.instance_id as string, tokenId: r.token_id as string, elementId: r.element_id as string, name: (r.name as string) ?? null,
    candidateRoles: parse<string[]>(r.candidate_roles, []), candidateOrg: (r.candidate_org as string) ?? null, assignee: (r.assignee as string) ?? null,
    formKey: (r.form_key as string) ?? null, state: r.state as TaskRow['state'], createdAt: r.created_at as string, dueAt: (r.due_at as string) ?? null,
    dueUnit: (r.due_unit as TaskRow['dueUnit']) ?? null, warning: r.warning as TaskRow['warning'], suspendedAt: (r.suspended_at as string) ?? null,
    suspendReason: (r.suspend_reason as string) ?? null, completedAt: (r.completed_at as string) ?? null, completedBy: (r.completed_by as string) ?? null,
  };
}
function jobRecord(instanceId: string, j: JobRow): Row {
  return { id: j.id, instance_id: instanceId, token_id: j.tokenId, element_id: j.elementId, kind: j.kind, due_at: j.dueAt, unit: j.unit, state: j.state, attempts: j.attempts, last_error: j.lastError, data: JSON.stringify(j.data) };
}
function jobFrom(r: Row): JobRow {
  return {
    id: r.id as string, tokenId: r.token_id as string, elementId: r.element_id as string, kind: r.kind as JobRow['kind'], dueAt: r.due_at as string,
    unit: r.unit as JobRow['unit'], state: r.state as JobRow['state'], attempts: Number(r.attempts), lastError: (r.last_error as string) ?? null, data: parse(r.data, {}),
  };
}
function subRecord(instanceId: string, s: SubscriptionRow): Row {
  return { id: s.id, instance_id: instanceId, token_id: s.tokenId, element_id: s.elementId, message_name: s.messageName, correlation_key: s.correlationKey, created_at: s.createdAt };
}
function subFrom(r: Row): SubscriptionRow {
  return { id: r.id as string, tokenId: r.token_id as string, elementId: r.element_id as string, messageName: r.message_name as string, correlationKey: (r.correlation_key as string) ?? null, createdAt: r.created_at as string };
}

const RECORD: Record<ItemTable, (instanceId: string, item: never) => Row> = {
  flow_tokens: tokenRecord, flow_tasks: taskRecord, flow_jobs: jobRecord, flow_subscriptions: subRecord,
};

/** The instance row: its columns, the `live` document last. */
export function instanceRecord(s: InstanceState): Row {
  return {
    id: s.id, definition_id: s.definitionId, def_key: s.key, def_version: s.version, business_key: s.businessKey, status: s.status,
    parent_instance_id: s.parentInstanceId, parent_token_id: s.parentTokenId, started_at: s.startedAt, ended_at: s.endedAt,
    due_at: s.limit?.dueAt ?? null, warning: s.limit?.warning ?? 'none', seq: s.seq, hseq: s.hseq, live: liveDocument(s),
  };
}

/**
 * The `live` column: the instance's variables and its own time limit, as the JSON array `[2, variables, limit?]`.
 * Its tokens, open tasks, jobs and subscriptions are rows of their tables only, read with the instance
 * (`itemSelects`). Documents of earlier formats, which held those items too (`[1, variables, tokens, tasks, jobs,
 * subscriptions, limit?]`, or an object with those names), are still read: their items are ignored, as the rows
 * always held the same. Writing the items once instead of twice: PostgreSQL, one commit per step, 1,439 and 1,495
 * → 1,594 and 1,601 issue-6 instances/s (alternating runs; docs/benchmarks.md).
 */
function liveDocument(s: InstanceState): string {
  return JSON.stringify(s.limit ? [LIVE_FORMAT, s.variables, [s.limit.dueAt, s.limit.unit, s.limit.warning, s.limit.suspendedAt]] : [LIVE_FORMAT, s.variables]);
}

const LIVE_FORMAT = 2;
const isLive = (t: TaskRow) => t.state === 'open' || t.state === 'suspended';

/** The variables and time limit of a `live` document of instance `instanceId` (any format). */
export function liveFrom(instanceId: string, live: string): Pick<InstanceState, 'variables' | 'limit'> {
  const doc = JSON.parse(live) as unknown;
  if (!Array.isArray(doc)) {
    const old = doc as Pick<InstanceState, 'variables' | 'limit'>;
    return old.limit ? { variables: old.variables, limit: old.limit } : { variables: old.variables };
  }
  let limit: unknown;
  if (doc[0] === LIVE_FORMAT) limit = doc[2];
  else if (doc[0] === 1) limit = doc[6];
  else throw new Error(`flow instance ${instanceId}: unknown live document format ${String(doc[0])}`);
  const out: Pick<InstanceState, 'variables' | 'limit'> = { variables: doc[1] as Record<string, unknown> };
  if (limit) {
    const [dueAt, unit, warning, suspendedAt] = limit as [string, InstanceLimit['unit'], InstanceLimit['warning'], string | null];
    out.limit = { dueAt, unit, warning, suspendedAt: suspendedAt ?? null };
  }
  return out;
}

/**
 * SQL for the select list of a read of instance rows (the table aliased `i`): an instance's live items, each
 * table's as a JSON array of row objects in the columns `tokens`, `tasks` (open and suspended ones), `jobs` and
 * `subscriptions`, found by their key range. With `unless` (a condition on `i`), those columns are null where it
 * holds: a read of an instance the engine has cached at that history counter needs none of them.
 */
export function itemSelects(family: 'sqlite' | 'postgres', unless?: string): string {
  let out = '';
  for (const [table, field] of ITEM_TABLES) {
    // Tasks by their key range too: a bare `x.state in (…)` is the inbox index's predicate, and SQLite's planner took
    // that index, reading every live task of every instance for each instance read (the bench's migration of 100,000
    // had not ended after 12 minutes; 11.5 s before). On an expression of the column no index applies, here or on
    // PostgreSQL.
    const filter = table === 'flow_tasks' ? " and (x.state || '') in ('open', 'suspended')" : '';
    const where = `x.id > i.id || '.' and x.id < i.id || '/' and x.instance_id = i.id${filter}`;
    const rows = family === 'sqlite'
      ? `(select json_group_array(json_object(${ITEM_COLUMNS[table].map((c) => `'${c}', x.${c}`).join(', ')})) from ${table} x where ${where})`
      : `(select coalesce(json_agg(x), '[]') from ${table} x where ${where})`;
    out += `, ${unless ? `case when ${unless} then null else ${rows} end` : rows} as ${field}`;
  }
  return out;
}

/** The columns of the item tables that a state is read from. */
const ITEM_COLUMNS: Record<ItemTable, string[]> = {
  flow_tokens: ['id', 'element_id', 'scope_id', 'state', 'flow_id', 'data', 'entered_at'],
  flow_tasks: ['id', 'token_id', 'element_id', 'name', 'candidate_roles', 'candidate_org', 'assignee', 'form_key', 'state', 'created_at', 'due_at', 'due_unit', 'warning', 'suspended_at', 'suspend_reason', 'completed_at', 'completed_by'],
  flow_jobs: ['id', 'token_id', 'element_id', 'kind', 'due_at', 'unit', 'state', 'attempts', 'last_error', 'data'],
  flow_subscriptions: ['id', 'token_id', 'element_id', 'message_name', 'correlation_key', 'created_at'],
};

/** The item columns of `state` as a read (`itemSelects`) gives them (for tests). */
export function itemColumns(state: InstanceState): Row {
  const out: Row = {};
  for (const [table, field] of ITEM_TABLES) {
    const items = state[field] as Map<string, never>;
    const rows: Row[] = [];
    for (const item of items.values()) if (table !== 'flow_tasks' || isLive(item)) rows.push(RECORD[table](state.id, item));
    out[field] = JSON.stringify(rows);
  }
  return out;
}

/**
 * One item table's rows of instance `instanceId` as read (JSON text, or the array a PostgreSQL driver parsed it
 * to), by id in the order the instance made them (their counter: `<instance>.t9` before `<instance>.t10`), the
 * order they had in memory.
 */
function itemsFrom<T extends { id: string }>(instanceId: string, value: unknown, of: (r: Row) => T): Map<string, T> {
  const rows = (typeof value === 'string' ? JSON.parse(value) : value ?? []) as Row[];
  const skip = instanceId.length + 2; // `.` and the kind's letter
  if (rows.length > 1) rows.sort((a, b) => Number((a.id as string).slice(skip)) - Number((b.id as string).slice(skip)));
  const out = itemMap<T>();
  for (const r of rows) {
    const x = of(r);
    out.set(x.id, x);
  }
  return out;
}

/** An instance's state from its row, read with its items (`itemSelects`). */
export function instanceFrom(r: Row): InstanceState {
  const id = r.id as string;
  const live = liveFrom(id, r.live as string);
  const state: InstanceState = {
    id, definitionId: r.definition_id as string, key: r.def_key as string, version: Number(r.def_version),
    businessKey: (r.business_key as string) ?? null, status: r.status as InstanceState['status'], parentInstanceId: (r.parent_instance_id as string) ?? null,
    parentTokenId: (r.parent_token_id as string) ?? null, startedAt: r.started_at as string, endedAt: (r.ended_at as string) ?? null,
    seq: Number(r.seq), hseq: Number(r.hseq), variables: live.variables,
    tokens: itemsFrom(id, r.tokens, tokenFrom), tasks: itemsFrom(id, r.tasks, taskOfRow), jobs: itemsFrom(id, r.jobs, jobFrom), subscriptions: itemsFrom(id, r.subscriptions, subFrom),
  };
  if (live.limit) state.limit = live.limit;
  return state;
}

/** A task of an instance's state from its row (without the instance's id). */
function taskOfRow(r: Row): TaskRow {
  const { instanceId: _instanceId, ...task } = taskFrom(r);
  return task;
}

/**
 * The history row of the inputs one transaction applied to an instance (one input, unless group commit
 * ran several of the instance's inputs in it): their lines as `[kind, element, token, data]`, with the actor
 * as a fifth item on lines whose actor is not the row's. A token of the instance is written as its id without
 * the instance's (`.t1`): a fifth of a row's bytes.
 */
export function historyRecord(instanceId: string, lines: HistoryEntry[]): Row {
  const actor = lines[0].actor;
  return { instance_id: instanceId, seq: lines[0].seq, at: lines[0].at, actor, lines: encodeLines(instanceId, lines, actor) };
}

/**
 * The lines as the JSON array a history row of `instanceId` whose actor is `actor` holds them in. A line is
 * `[kind, element, token, data, actor]`, shortened where that loses nothing: the actor only when it is not the
 * row's, the data only when it or the actor is there; an `enter` line's `{ via }` as the flow's id alone, a
 * `leave` line's `{ flows }` as the array alone (together three in four lines of a typical step: a step's
 * history encoded in 8.1 instead of 9.6–10.6 µs, 1,440 instead of 1,557 characters over an issue-6 instance).
 * Rows written before, with every line whole, read the same (`historyFrom`).
 */
function encodeLines(instanceId: string, lines: HistoryEntry[], actor: string | null): string {
  const items = new Array<unknown[]>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const h = lines[i];
    const token = h.tokenId !== null && h.tokenId.length > instanceId.length && h.tokenId.startsWith(instanceId) && h.tokenId.charCodeAt(instanceId.length) === DOT
      ? h.tokenId.slice(instanceId.length)
      : h.tokenId;
    const data = h.data == null ? null : h.kind === 'enter' ? soleValue(h.data, 'via', 'string') : h.kind === 'leave' ? soleValue(h.data, 'flows', 'array') : h.data;
    items[i] = h.actor !== actor ? [h.kind, h.elementId, token, data, h.actor] : data === null ? [h.kind, h.elementId, token] : [h.kind, h.elementId, token, data];
  }
  return JSON.stringify(items);
}

/** `data[key]` when it is `data`'s only property and of that type (what a decoder can tell apart from any other data), else `data`. */
function soleValue(data: unknown, key: string, type: 'string' | 'array'): unknown {
  const value = (data as Record<string, unknown>)[key];
  if (type === 'string' ? typeof value !== 'string' : !Array.isArray(value)) return data;
  for (const k in data as object) if (k !== key) return data;
  return value;
}

const DOT = 46;

/**
 * Bytes of `lines` in one history row: rows stay below PostgreSQL's 2 KB TOAST threshold (larger ones are
 * compressed or moved out of line) and within what SQLite keeps in a rowid table's page (4,061 bytes with
 * 4 KiB pages; migration 0604), so a row never costs an overflow page. An issue-6 transaction's lines of an
 * instance (up to three inputs) fit in one row.
 */
export const HISTORY_ROW_BUDGET = 1900;

/**
 * The history rows of the inputs one transaction applied to an instance: consecutive inputs share a row while
 * its lines stay within HISTORY_ROW_BUDGET bytes, so a group commit's several inputs of an instance take one
 * row, or a few, and no overflow page; an input larger than that has a row of its own. Read back, the rows
 * give the same lines in the same order.
 */
export function historyRecords(instanceId: string, inputs: HistoryEntry[][]): Row[] {
  // Mostly the whole transaction fits in one row: one encoding, then the byte count only when it may not fit.
  let lines = inputs[0] ?? [];
  if (inputs.length > 1) {
    lines = [];
    for (const input of inputs) for (const h of input) lines.push(h);
  }
  if (lines.length === 0) return [];
  const whole = encodeLines(instanceId, lines, lines[0].actor);
  if (whole.length * 3 <= HISTORY_ROW_BUDGET || Buffer.byteLength(whole) <= HISTORY_ROW_BUDGET) {
    return [{ instance_id: instanceId, seq: lines[0].seq, at: lines[0].at, actor: lines[0].actor, lines: whole }];
  }
  const rows: Row[] = [];
  let first: HistoryEntry | undefined;
  let parts: string[] = [];
  let size = 0;
  const close = () => {
    if (first) rows.push({ instance_id: instanceId, seq: first.seq, at: first.at, actor: first.actor, lines: parts.length === 1 ? parts[0] : `[${parts.map((p) => p.slice(1, -1)).join(',')}]` });
  };
  for (const input of inputs) {
    if (input.length === 0) continue;
    // Each input's lines as a JSON array; a row of several inputs joins their items.
    let encoded = encodeLines(instanceId, input, first ? first.actor : input[0].actor);
    let bytes = Buffer.byteLength(encoded) - 1;
    if (first && size + bytes > HISTORY_ROW_BUDGET) {
      close();
      first = undefined;
      if (input[0].actor !== rows[rows.length - 1].actor) {
        encoded = encodeLines(instanceId, input, input[0].actor);
        bytes = Buffer.byteLength(encoded) - 1;
      }
    }
    if (!first) {
      first = input[0];
      parts = [encoded];
      size = bytes + 1;
    } else {
      parts.push(encoded);
      size += bytes;
    }
  }
  close();
  return rows;
}

/** The history lines of one history row (with `instance_id`, `seq`, `at`, `actor` and `lines`). */
export function historyFrom(r: Row): HistoryEntry[] {
  const lines = JSON.parse(r.lines as string) as Array<[string, string | null, string | null, unknown?, (string | null)?]>;
  const seq = Number(r.seq);
  const actor = (r.actor as string) ?? null;
  const instanceId = r.instance_id as string;
  return lines.map(([kind, elementId, token, data = null, own], i) => ({
    seq: seq + i, at: r.at as string, kind, elementId, tokenId: token !== null && token.charCodeAt(0) === DOT ? instanceId + token : token,
    actor: own === undefined ? actor : own,
    data: kind === 'enter' && typeof data === 'string' ? { via: data } : kind === 'leave' && Array.isArray(data) ? { flows: data } : data,
    input: kind.startsWith('in:'),
  }));
}

/**
 * The rows of instances `ids` with their items (`itemSelects`), by id, through Kysely (every dialect); `lock` locks
 * them where the database locks. The engine's own statements (sqlite-rows.ts, pg-tx.ts) read the same SQL.
 */
export async function readInstanceRows(db: Db, family: 'sqlite' | 'postgres', ids: string[], lock: 'none' | 'wait' | 'skip' = 'none'): Promise<Row[]> {
  if (ids.length === 0) return [];
  const locked = lock === 'none' ? sql`` : lock === 'skip' ? sql` for update of i skip locked` : sql` for update of i`;
  const list = sql.join(ids.map((id) => sql`${id}`));
  return (await sql<Row>`select i.*${sql.raw(itemSelects(family))} from flow_instances i where i.id in (${list}) order by i.id${locked}`.execute(db)).rows;
}

/** Reads one instance's state (no lock): for queries outside steps. */
export async function loadInstance(database: { kysely: Db; family: 'sqlite' | 'postgres' }, id: string): Promise<InstanceState | undefined> {
  const [row] = await readInstanceRows(database.kysely, database.family, [id]);
  return row ? instanceFrom(row) : undefined;
}

/** The key range of an instance's item rows (`<instance>.t1`, `<instance>.k2`, …). */
export const itemRange = (instanceId: string): [string, string] => [`${instanceId}.`, `${instanceId}/`];

/** What one step writes for one instance: the instance row, history rows, and changed item rows. */
export interface InstanceWrite {
  /** The whole row when inserted; when updated, its id and the columns that changed (`seq` and `hseq` always). */
  instance: Row;
  /** Insert the instance (new), or update it where `hseq` still equals `expectedHseq`. */
  insert: boolean;
  expectedHseq: number;
  history: Row[];
  inserts: Array<[ItemTable, Row]>;
  /** Changed item rows: the id and the columns whose values changed. */
  updates: Array<[ItemTable, Row]>;
  deletes: Array<[ItemTable, string]>;
}

/**
 * The rows an instance and its items were last
 * written as, by id (the instance's under `flow_instances`; item ids are unique
 * across tables), with their table: the baseline a step's changes are found
 * against, column by column, so nothing is read back from the database and
 * unchanged rows and columns are not written.
 */
export type WrittenRows = Map<string, WrittenRow>;
/** One row of WrittenRows: its table and its columns. */
export interface WrittenRow {
  table: ItemTable | typeof INSTANCE_KEY;
  row: Row;
}

const INSTANCE_KEY = 'flow_instances';
const FIELD: Record<ItemTable, (typeof ITEM_TABLES)[number][1]> = { flow_tokens: 'tokens', flow_tasks: 'tasks', flow_jobs: 'jobs', flow_subscriptions: 'subscriptions' };

/** The id and the columns of `row` whose values differ from `old`; undefined when none does. */
function changed(old: Row, row: Row): Row | undefined {
  let out: Row | undefined;
  for (const k in row) if (row[k] !== old[k]) (out ??= { id: row.id })[k] = row[k];
  return out;
}

/** The written-rows baseline of a state just read from its row (finished tasks are not in it). */
export function writtenRowsOf(state: InstanceState): WrittenRows {
  const written: WrittenRows = new Map();
  written.set(INSTANCE_KEY, { table: INSTANCE_KEY, row: instanceRecord(state) });
  for (const [table, field] of ITEM_TABLES) {
    const items = state[field] as Map<string, never>;
    for (const [id, item] of items) written.set(id, { table, row: RECORD[table](state.id, item) });
  }
  return written;
}

/**
 * The writes that take an instance from its written rows to `state`, and the
 * new baseline (updated in place). Finished tasks are written once and then
 * dropped from the state, as a fresh read would; steps never delete task rows.
 */
export function planWrite(written: WrittenRows, state: InstanceState, isNew: boolean, expectedHseq: number, history: HistoryEntry[][]): InstanceWrite {
  const columns = instanceRecord(state);
  const before = written.get(INSTANCE_KEY);
  let instance: Row;
  if (isNew || !before) instance = columns;
  else {
    // The changed columns, and always the counters (the row's check: `hseq`).
    instance = { id: state.id };
    for (const k in columns) if (k === 'seq' || k === 'hseq' || columns[k] !== before.row[k]) instance[k] = columns[k];
  }
  const w: InstanceWrite = {
    instance, insert: isNew, expectedHseq, history: history.length === 0 ? [] : historyRecords(state.id, history), inserts: [], updates: [], deletes: [],
  };
  if (before) before.row = columns;
  else written.set(INSTANCE_KEY, { table: INSTANCE_KEY, row: columns });
  let items = 0;
  for (const [table, field] of ITEM_TABLES) {
    const all = state[field] as Map<string, never>;
    for (const [id, value] of all) {
      items++;
      const item = RECORD[table](state.id, value);
      const old = written.get(id);
      if (old === undefined) {
        w.inserts.push([table, item]);
        written.set(id, { table, row: item });
        continue;
      }
      const diff = changed(old.row, item);
      if (!diff) continue;
      w.updates.push([table, diff]);
      old.row = item;
    }
  }
  // Rows no longer in the state (one baseline entry is the instance's): deleted, but for finished tasks.
  if (written.size > items + 1) {
    for (const [id, { table }] of written) {
      if (table === INSTANCE_KEY || (state[FIELD[table]] as Map<string, unknown>).has(id)) continue;
      written.delete(id);
      if (table !== 'flow_tasks') w.deletes.push([table, id]);
    }
  }
  for (const [id, task] of state.tasks) {
    if (!isLive(task)) {
      state.tasks.delete(id);
      written.delete(id);
    }
  }
  return w;
}

/** Definition rows: insert, and read by id or by key and version. */
export const definitionRows = {
  async insert(db: Db, d: FlowDefinition): Promise<void> {
    await db.insertInto('flow_definitions').values({ id: d.id, key: d.key, version: d.version, name: d.name ?? null, xml: d.xml, compiled: JSON.stringify(d.process), created_at: d.createdAt }).execute();
  },
  async byId(db: Db, id: string): Promise<FlowDefinition | undefined> {
    const r = await db.selectFrom('flow_definitions').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? definitionFrom(r) : undefined;
  },
  async byKey(db: Db, key: string, version: number | 'latest'): Promise<FlowDefinition | undefined> {
    let q = db.selectFrom('flow_definitions').selectAll().where('key', '=', key);
    q = version === 'latest' ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
    const r = await q.executeTakeFirst();
    return r ? definitionFrom(r) : undefined;
  },
  async idOf(db: Db, key: string, version: number | 'latest'): Promise<string | undefined> {
    let q = db.selectFrom('flow_definitions').select('id').where('key', '=', key);
    q = version === 'latest' ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
    return (await q.executeTakeFirst())?.id as string | undefined;
  },
  async latestAll(db: Db): Promise<FlowDefinition[]> {
    const rows = await db.selectFrom('flow_definitions').selectAll().orderBy('key').orderBy('version', 'desc').execute();
    return rows.filter((r, i) => i === 0 || rows[i - 1].key !== r.key).map(definitionFrom);
  },
};

function definitionFrom(r: Row): FlowDefinition {
  return { id: r.id as string, key: r.key as string, version: Number(r.version), name: (r.name as string) ?? undefined, xml: r.xml as string, process: JSON.parse(r.compiled as string) as CompiledProcess, createdAt: r.created_at as string };
}
