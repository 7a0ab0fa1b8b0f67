import type { Kysely } from 'kysely';
import type { CompiledProcess, FlowDefinition } from './model.ts';
import type { HistoryEntry, InstanceLimit, InstanceState, JobRow, SubscriptionRow, TaskRow, TokenRow } from './state.ts';

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

/**
 * The `live` column: variables, tokens, open tasks, jobs, subscriptions and the instance's limit, as a JSON
 * array `[1, variables, tokens, tasks, jobs, subscriptions, limit?]` (documents written before are objects
 * with those names, and still read). Each item is an array of its fields in a fixed order, trailing empty
 * (null or absent) ones left out, and an id of the instance's own (`<instance>.t1`) is written from its dot
 * (`.t1`), as history lines are: every step rewrites the document, and this makes it about a third as long.
 */
function liveDocument(s: InstanceState): string {
  const id = s.id;
  const tokens: unknown[] = [];
  for (const k in s.tokens) tokens.push(tokenItem(id, s.tokens[k]));
  const tasks: unknown[] = [];
  for (const k in s.tasks) if (isLive(s.tasks[k])) tasks.push(taskItem(id, s.tasks[k]));
  const jobs: unknown[] = [];
  for (const k in s.jobs) jobs.push(jobItem(id, s.jobs[k]));
  const subs: unknown[] = [];
  for (const k in s.subscriptions) subs.push(subItem(id, s.subscriptions[k]));
  const live: unknown[] = [LIVE_FORMAT, s.variables, tokens, tasks, jobs, subs];
  if (s.limit) live.push([s.limit.dueAt, s.limit.unit, s.limit.warning, s.limit.suspendedAt]);
  return JSON.stringify(live);
}

const LIVE_FORMAT = 1;
const isLive = (t: TaskRow) => t.state === 'open' || t.state === 'suspended';

/** `id` without the instance's id when it is one of the instance's own (`.t1`), else as is. */
function short(instanceId: string, id: string): string;
function short(instanceId: string, id: string | null): string | null;
function short(instanceId: string, id: string | null): string | null {
  return id !== null && id.length > instanceId.length && id.charCodeAt(instanceId.length) === DOT && id.startsWith(instanceId) ? id.slice(instanceId.length) : id;
}
/** An id as `short` wrote it, whole again. */
function whole(instanceId: string, id: string): string;
function whole(instanceId: string, id: string | null): string | null;
function whole(instanceId: string, id: string | null): string | null {
  return id !== null && id.charCodeAt(0) === DOT ? instanceId + id : id;
}

/**
 * `item` without its trailing null or undefined fields: a copy when it has any (shortening an array by setting its
 * length costs V8 more than copying its first fields: instanceRecord of an issue-6 state 7.8 → 5.6 µs).
 */
function trim(item: unknown[]): unknown[] {
  let n = item.length;
  while (n > 0 && (item[n - 1] === null || item[n - 1] === undefined)) n--;
  return n === item.length ? item : item.slice(0, n);
}

function tokenItem(instanceId: string, t: TokenRow): unknown[] {
  return trim([short(instanceId, t.id), t.elementId, short(instanceId, t.scopeId), t.state, t.enteredAt, t.flowId, t.locals, t.mi, t.miIndex, t.childId === undefined ? undefined : short(instanceId, t.childId)]);
}
function tokenOf(instanceId: string, a: unknown[]): TokenRow {
  const t: TokenRow = { id: whole(instanceId, a[0] as string), elementId: a[1] as string, scopeId: whole(instanceId, (a[2] as string) ?? null), state: a[3] as TokenRow['state'], enteredAt: a[4] as string };
  if (a.length > 5) {
    if (a[5] != null) t.flowId = a[5] as string;
    if (a[6] != null) t.locals = a[6] as Record<string, unknown>;
    if (a[7] != null) t.mi = a[7] as TokenRow['mi'];
    if (a[8] != null) t.miIndex = a[8] as number;
    if (a[9] != null) t.childId = whole(instanceId, a[9] as string);
  }
  return t;
}
function taskItem(instanceId: string, t: TaskRow): unknown[] {
  return trim([
    short(instanceId, t.id), short(instanceId, t.tokenId), t.elementId, t.state, t.createdAt, t.warning, t.candidateRoles, t.name, t.candidateOrg, t.assignee, t.formKey,
    t.dueAt, t.dueUnit, t.suspendedAt, t.suspendReason, t.completedAt, t.completedBy,
  ]);
}
function taskOf(instanceId: string, a: unknown[]): TaskRow {
  const at = (i: number) => (a[i] as string) ?? null;
  return {
    id: whole(instanceId, a[0] as string), tokenId: whole(instanceId, a[1] as string), elementId: a[2] as string, name: at(7), candidateRoles: a[6] as string[],
    candidateOrg: at(8), assignee: at(9), formKey: at(10), state: a[3] as TaskRow['state'], createdAt: a[4] as string, dueAt: at(11),
    dueUnit: at(12) as TaskRow['dueUnit'], warning: a[5] as TaskRow['warning'], suspendedAt: at(13), suspendReason: at(14), completedAt: at(15), completedBy: at(16),
  };
}
function jobItem(instanceId: string, j: JobRow): unknown[] {
  // A warning job's task is the instance's own: its id short too.
  const taskId = j.data.taskId;
  const shortTask = typeof taskId === 'string' ? short(instanceId, taskId) : taskId;
  const data = shortTask !== taskId ? { ...j.data, taskId: shortTask } : j.data;
  return trim([short(instanceId, j.id), short(instanceId, j.tokenId), j.elementId, j.kind, j.dueAt, j.unit, j.state, j.attempts, data, j.lastError]);
}
function jobOf(instanceId: string, a: unknown[]): JobRow {
  let data = a[8] as Record<string, unknown>;
  if (typeof data.taskId === 'string' && data.taskId.charCodeAt(0) === DOT) data = { ...data, taskId: whole(instanceId, data.taskId) };
  return {
    id: whole(instanceId, a[0] as string), tokenId: whole(instanceId, a[1] as string), elementId: a[2] as string, kind: a[3] as JobRow['kind'], dueAt: a[4] as string,
    unit: a[5] as JobRow['unit'], state: a[6] as JobRow['state'], attempts: a[7] as number, lastError: (a[9] as string) ?? null, data,
  };
}
function subItem(instanceId: string, s: SubscriptionRow): unknown[] {
  return trim([short(instanceId, s.id), short(instanceId, s.tokenId), s.elementId, s.messageName, s.createdAt, s.correlationKey]);
}
function subOf(instanceId: string, a: unknown[]): SubscriptionRow {
  return { id: whole(instanceId, a[0] as string), tokenId: whole(instanceId, a[1] as string), elementId: a[2] as string, messageName: a[3] as string, correlationKey: (a[5] as string) ?? null, createdAt: a[4] as string };
}

/** The live part of an instance's state from the `live` column of instance `instanceId` (either form). */
export function liveFrom(instanceId: string, live: string): Pick<InstanceState, 'variables' | 'tokens' | 'tasks' | 'jobs' | 'subscriptions' | 'limit'> {
  const doc = JSON.parse(live) as unknown;
  if (!Array.isArray(doc)) return doc as ReturnType<typeof liveFrom>;
  if (doc[0] !== LIVE_FORMAT) throw new Error(`flow instance ${instanceId}: unknown live document format ${String(doc[0])}`);
  const byId = <T extends { id: string }>(items: unknown[][], of: (instanceId: string, a: unknown[]) => T) => {
    const out: Record<string, T> = {};
    for (const a of items) {
      const x = of(instanceId, a);
      out[x.id] = x;
    }
    return out;
  };
  const out: ReturnType<typeof liveFrom> = {
    variables: doc[1] as Record<string, unknown>, tokens: byId(doc[2] as unknown[][], tokenOf), tasks: byId(doc[3] as unknown[][], taskOf),
    jobs: byId(doc[4] as unknown[][], jobOf), subscriptions: byId(doc[5] as unknown[][], subOf),
  };
  if (doc[6]) {
    const [dueAt, unit, warning, suspendedAt] = doc[6] as [string, InstanceLimit['unit'], InstanceLimit['warning'], string | null];
    out.limit = { dueAt, unit, warning, suspendedAt };
  }
  return out;
}

/** An instance's state from its row. */
export function instanceFrom(r: Row): InstanceState {
  const live = liveFrom(r.id as string, r.live as string);
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
 * as a fifth item on lines whose actor is not the row's. A token of the instance is written as its id without
 * the instance's (`.t1`): a fifth of a row's bytes.
 */
export function historyRecord(instanceId: string, lines: HistoryEntry[]): Row {
  const actor = lines[0].actor;
  return { instance_id: instanceId, seq: lines[0].seq, at: lines[0].at, actor, lines: encodeLines(instanceId, lines, actor) };
}

/** The lines as the JSON array a history row of `instanceId` whose actor is `actor` holds them in. */
function encodeLines(instanceId: string, lines: HistoryEntry[], actor: string | null): string {
  const items = new Array<unknown[]>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const h = lines[i];
    const token = h.tokenId !== null && h.tokenId.length > instanceId.length && h.tokenId.startsWith(instanceId) && h.tokenId.charCodeAt(instanceId.length) === DOT
      ? h.tokenId.slice(instanceId.length)
      : h.tokenId;
    items[i] = h.actor === actor ? [h.kind, h.elementId, token, h.data] : [h.kind, h.elementId, token, h.data, h.actor];
  }
  return JSON.stringify(items);
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
  const lines = JSON.parse(r.lines as string) as Array<[string, string | null, string | null, unknown, (string | null)?]>;
  const seq = Number(r.seq);
  const actor = (r.actor as string) ?? null;
  const instanceId = r.instance_id as string;
  return lines.map(([kind, elementId, token, data, own], i) => ({
    seq: seq + i, at: r.at as string, kind, elementId, tokenId: token !== null && token.charCodeAt(0) === DOT ? instanceId + token : token,
    actor: own === undefined ? actor : own, data, input: kind.startsWith('in:'),
  }));
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
