import type { Kysely } from 'kysely';
import type { CompiledProcess, FlowDefinition } from './model.ts';
import type { HistoryEntry, InstanceState, JobRow, SubscriptionRow, TaskRow, TokenRow } from './state.ts';

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

/** The instance row, with the live state as one JSON document. */
export function instanceRecord(s: InstanceState): Row {
  const row = instanceColumns(s);
  row.live = liveDocument(s);
  return row;
}

/** The instance row's columns but `live`. */
function instanceColumns(s: InstanceState): Row {
  return {
    id: s.id, definition_id: s.definitionId, def_key: s.key, def_version: s.version, business_key: s.businessKey, status: s.status,
    parent_instance_id: s.parentInstanceId, parent_token_id: s.parentTokenId, started_at: s.startedAt, ended_at: s.endedAt,
    due_at: s.limit?.dueAt ?? null, warning: s.limit?.warning ?? 'none', seq: s.seq, hseq: s.hseq,
  };
}

/** The `live` column: variables, tokens, open tasks, jobs, subscriptions and the instance's limit as JSON. */
function liveDocument(s: InstanceState): string {
  const live: Record<string, unknown> = { variables: s.variables, tokens: s.tokens, tasks: liveTasks(s.tasks), jobs: s.jobs, subscriptions: s.subscriptions };
  if (s.limit) live.limit = s.limit;
  return JSON.stringify(live);
}

const isLive = (t: TaskRow) => t.state === 'open' || t.state === 'suspended';
function liveTasks(tasks: Record<string, TaskRow>): Record<string, TaskRow> {
  let all = true;
  for (const id in tasks) if (!isLive(tasks[id])) all = false;
  if (all) return tasks;
  const out: Record<string, TaskRow> = {};
  for (const id in tasks) if (isLive(tasks[id])) out[id] = tasks[id];
  return out;
}

/** An instance's state from its row. */
export function instanceFrom(r: Row): InstanceState {
  const live = JSON.parse(r.live as string) as Pick<InstanceState, 'variables' | 'tokens' | 'tasks' | 'jobs' | 'subscriptions' | 'limit'>;
  return {
    id: r.id as string, definitionId: r.definition_id as string, key: r.def_key as string, version: Number(r.def_version),
    businessKey: (r.business_key as string) ?? null, status: r.status as InstanceState['status'], parentInstanceId: (r.parent_instance_id as string) ?? null,
    parentTokenId: (r.parent_token_id as string) ?? null, startedAt: r.started_at as string, endedAt: (r.ended_at as string) ?? null,
    seq: Number(r.seq), hseq: Number(r.hseq), ...live,
  };
}

/**
 * The history row of the inputs one transaction applied to an instance (one input, unless group commit
 * ran several of the instance's inputs in it): their lines as `[kind, element, token, data]`, with the actor
 * as a fifth item on lines whose actor is not the row's.
 */
export function historyRecord(instanceId: string, lines: HistoryEntry[]): Row {
  const actor = lines[0].actor;
  return { instance_id: instanceId, seq: lines[0].seq, at: lines[0].at, actor, lines: encodeLines(lines, actor) };
}

/** The lines as the JSON array a history row holds them in, for a row whose actor is `actor`. */
function encodeLines(lines: HistoryEntry[], actor: string | null): string {
  return JSON.stringify(lines.map((h) => (h.actor === actor ? [h.kind, h.elementId, h.tokenId, h.data] : [h.kind, h.elementId, h.tokenId, h.data, h.actor])));
}

/**
 * Bytes of `lines` a history row keeps in its B-tree page: SQLite stores at most 1,002 bytes of a WITHOUT ROWID
 * row in the page (4 KiB pages) and spills the rest into an overflow page of its own, a whole page per row.
 */
const HISTORY_ROW_BUDGET = 850;

/**
 * The history rows of the inputs one transaction applied to an instance: consecutive inputs share a row while
 * its lines stay within HISTORY_ROW_BUDGET bytes, so a group commit's several inputs of an instance take one
 * row, or a few, and no overflow page; an input larger than that has a row of its own. Read back, the rows
 * give the same lines in the same order.
 */
export function historyRecords(instanceId: string, inputs: HistoryEntry[][]): Row[] {
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
    let encoded = encodeLines(input, first ? first.actor : input[0].actor);
    let bytes = Buffer.byteLength(encoded) - 1;
    if (first && size + bytes > HISTORY_ROW_BUDGET) {
      close();
      first = undefined;
      if (input[0].actor !== rows[rows.length - 1].actor) {
        encoded = encodeLines(input, input[0].actor);
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

/** The history lines of one history row. */
export function historyFrom(r: Row): HistoryEntry[] {
  const lines = JSON.parse(r.lines as string) as Array<[string, string | null, string | null, unknown, (string | null)?]>;
  const seq = Number(r.seq);
  const actor = (r.actor as string) ?? null;
  return lines.map(([kind, elementId, tokenId, data, own], i) => ({ seq: seq + i, at: r.at as string, kind, elementId, tokenId, actor: own === undefined ? actor : own, data, input: kind.startsWith('in:') }));
}

/** Reads one instance's state (no lock): for queries outside steps. */
export async function loadInstance(db: Db, id: string): Promise<InstanceState | undefined> {
  const r = await db.selectFrom('flow_instances').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? instanceFrom(r) : undefined;
}

/** The key range of an instance's item rows (`<instance>.t1`, `<instance>.k2`, …). */
export const itemRange = (instanceId: string): [string, string] => [`${instanceId}.`, `${instanceId}/`];

/**
 * Reads an instance's live items back from their rows (tokens, open tasks,
 * jobs, subscriptions): tests check they always equal the JSON document.
 */
export async function loadProjection(db: Db, id: string): Promise<Pick<InstanceState, 'tokens' | 'tasks' | 'jobs' | 'subscriptions'>> {
  const [lo, hi] = itemRange(id);
  const rows = (table: string) => db.selectFrom(table).selectAll().where('id', '>', lo).where('id', '<', hi).where('instance_id', '=', id).execute();
  const [tokens, tasks, jobs, subs] = await Promise.all([rows('flow_tokens'), rows('flow_tasks'), rows('flow_jobs'), rows('flow_subscriptions')]);
  const byId = <T extends { id: string }>(items: T[]) => Object.fromEntries(items.map((x) => [x.id, x]));
  return {
    tokens: byId(tokens.map(tokenFrom)),
    tasks: byId(tasks.filter((t) => t.state === 'open' || t.state === 'suspended').map((t) => { const { instanceId: _i, ...task } = taskFrom(t); return task; })),
    jobs: byId(jobs.map(jobFrom)),
    subscriptions: byId(subs.map(subFrom)),
  };
}

/** What one step writes for one instance: the instance row, history rows, and changed item rows. */
export interface InstanceWrite {
  /** The whole row when inserted; when updated, its id and the columns that changed (`live`, `seq`, `hseq` always). */
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
 * The rows an instance (without its `live` document) and its items were last
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
  written.set(INSTANCE_KEY, { table: INSTANCE_KEY, row: instanceColumns(state) });
  for (const [table, field] of ITEM_TABLES) {
    const items = state[field] as Record<string, never>;
    for (const id in items) written.set(id, { table, row: RECORD[table](state.id, items[id]) });
  }
  return written;
}

/**
 * The writes that take an instance from its written rows to `state`, and the
 * new baseline (updated in place). Finished tasks are written once and then
 * dropped from the state, as a fresh read would; steps never delete task rows.
 */
export function planWrite(written: WrittenRows, state: InstanceState, isNew: boolean, expectedHseq: number, history: HistoryEntry[][]): InstanceWrite {
  const columns = instanceColumns(state);
  const live = liveDocument(state);
  const before = written.get(INSTANCE_KEY);
  let instance: Row;
  if (isNew || !before) instance = { ...columns, live };
  else {
    // The changed columns, and always the counters and the document (the last columns, in this order).
    instance = { id: state.id };
    for (const k in columns) if (k !== 'seq' && k !== 'hseq' && columns[k] !== before.row[k]) instance[k] = columns[k];
    instance.seq = columns.seq;
    instance.hseq = columns.hseq;
    instance.live = live;
  }
  const w: InstanceWrite = {
    instance, insert: isNew, expectedHseq, history: history.length === 0 ? [] : historyRecords(state.id, history), inserts: [], updates: [], deletes: [],
  };
  if (before) before.row = columns;
  else written.set(INSTANCE_KEY, { table: INSTANCE_KEY, row: columns });
  let items = 0;
  for (const [table, field] of ITEM_TABLES) {
    const all = state[field] as Record<string, never>;
    for (const id in all) {
      items++;
      const item = RECORD[table](state.id, all[id]);
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
      if (table === INSTANCE_KEY || (state[FIELD[table]] as Record<string, unknown>)[id] !== undefined) continue;
      written.delete(id);
      if (table !== 'flow_tasks') w.deletes.push([table, id]);
    }
  }
  for (const id in state.tasks) {
    if (!isLive(state.tasks[id])) {
      delete state.tasks[id];
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
