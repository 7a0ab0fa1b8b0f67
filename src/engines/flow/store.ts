import type { Kysely } from 'kysely';
import type { SqlFamily } from '../../db/index.ts';
import type { CompiledProcess, FlowDefinition } from './model.ts';
import {
  FlowError, type HistoryEntry, type InstanceState, type JobRow, type SubscriptionRow, type TaskRow, type TokenRow,
} from './state.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;
type Row = Record<string, unknown>;

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = <T>(v: unknown, fallback: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : fallback);

function tokenRecord(instanceId: string, t: TokenRow): Row {
  const extra = { locals: t.locals, mi: t.mi, miIndex: t.miIndex, childId: t.childId };
  const hasExtra = Object.values(extra).some((v) => v !== undefined);
  return { id: t.id, instance_id: instanceId, element_id: t.elementId, scope_id: t.scopeId, state: t.state, flow_id: t.flowId ?? null, data: hasExtra ? JSON.stringify(extra) : null, entered_at: t.enteredAt };
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
function instanceRecord(s: InstanceState): Row {
  const live = { variables: s.variables, tokens: s.tokens, tasks: liveTasks(s.tasks), jobs: s.jobs, subscriptions: s.subscriptions };
  return {
    id: s.id, definition_id: s.definitionId, def_key: s.key, def_version: s.version, business_key: s.businessKey, status: s.status,
    parent_instance_id: s.parentInstanceId, parent_token_id: s.parentTokenId, started_at: s.startedAt, ended_at: s.endedAt, seq: s.seq, hseq: s.hseq,
    live: JSON.stringify(live),
  };
}

function liveTasks(tasks: Record<string, TaskRow>): Record<string, TaskRow> {
  const out: Record<string, TaskRow> = {};
  for (const [id, t] of Object.entries(tasks)) if (t.state === 'open' || t.state === 'suspended') out[id] = t;
  return out;
}

/** A history line from the database. */
export function historyFrom(r: Row): HistoryEntry {
  return { seq: Number(r.seq), at: r.at as string, kind: r.kind as string, elementId: (r.element_id as string) ?? null, tokenId: (r.token_id as string) ?? null, actor: (r.actor as string) ?? null, data: parse(r.data, null), input: Number(r.input) === 1 };
}

/**
 * Reads one instance's state. On PostgreSQL `lock` takes its row until the
 * transaction ends: `wait` queues behind other steps, `skip` returns undefined
 * when another worker holds it (SKIP LOCKED). SQLite has one writer anyway.
 */
export async function loadInstance(db: Db, family: SqlFamily, id: string, lock: 'none' | 'wait' | 'skip'): Promise<InstanceState | undefined> {
  let q = db.selectFrom('flow_instances').selectAll().where('id', '=', id);
  if (lock !== 'none' && family === 'postgres') q = lock === 'skip' ? q.forUpdate().skipLocked() : q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) return undefined;
  return instanceFrom(r);
}

/** Two independent copies of an instance's state from one read (before and working copy of a step). */
export async function loadInstancePair(rows: RowWriter, id: string, lock: 'none' | 'wait' | 'skip'): Promise<[InstanceState, InstanceState] | undefined> {
  const r = await rows.loadInstanceRow(id, lock);
  return r ? [instanceFrom(r), instanceFrom(r)] : undefined;
}

function instanceFrom(r: Row): InstanceState {
  const live = JSON.parse(r.live as string) as Pick<InstanceState, 'variables' | 'tokens' | 'tasks' | 'jobs' | 'subscriptions'>;
  return {
    id: r.id as string, definitionId: r.definition_id as string, key: r.def_key as string, version: Number(r.def_version),
    businessKey: (r.business_key as string) ?? null, status: r.status as InstanceState['status'], parentInstanceId: (r.parent_instance_id as string) ?? null,
    parentTokenId: (r.parent_token_id as string) ?? null, startedAt: r.started_at as string, endedAt: (r.ended_at as string) ?? null,
    seq: Number(r.seq), hseq: Number(r.hseq), ...live,
  };
}

/**
 * Reads an instance's live state back from its rows (variables, tokens, open
 * tasks, jobs, subscriptions): tests check it always equals the JSON document.
 */
export async function loadProjection(db: Db, id: string): Promise<Pick<InstanceState, 'variables' | 'tokens' | 'tasks' | 'jobs' | 'subscriptions'>> {
  const [vars, tokens, tasks, jobs, subs] = await Promise.all([
    db.selectFrom('flow_variables').select(['name', 'value']).where('instance_id', '=', id).execute(),
    db.selectFrom('flow_tokens').selectAll().where('instance_id', '=', id).execute(),
    db.selectFrom('flow_tasks').selectAll().where('instance_id', '=', id).where('state', 'in', ['open', 'suspended']).execute(),
    db.selectFrom('flow_jobs').selectAll().where('instance_id', '=', id).execute(),
    db.selectFrom('flow_subscriptions').selectAll().where('instance_id', '=', id).execute(),
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => Object.fromEntries(rows.map((x) => [x.id, x]));
  return {
    variables: Object.fromEntries(vars.map((v) => [v.name, JSON.parse(v.value)])),
    tokens: byId(tokens.map(tokenFrom)),
    tasks: byId(tasks.map((t) => { const { instanceId: _i, ...task } = taskFrom(t); return task; })),
    jobs: byId(jobs.map(jobFrom)),
    subscriptions: byId(subs.map(subFrom)),
  };
}

/** The row operations a step needs; one implementation on Kysely, one on SQLite's prepared statements. */
export interface RowWriter {
  loadInstanceRow(id: string, lock: 'none' | 'wait' | 'skip'): Promise<Row | undefined>;
  insert(table: string, rows: Row[]): Promise<void>;
  /** Updates one row by its key; for `flow_instances` only when `hseq` still equals `expectedHseq`; returns whether it did. */
  update(table: string, row: Row, key: string[], expectedHseq?: number): Promise<boolean>;
  delete(table: string, rows: Row[], key: string[]): Promise<void>;
}

/** Row operations through Kysely (every dialect). */
export function kyselyRows(db: Db, family: SqlFamily): RowWriter {
  return {
    async loadInstanceRow(id, lock) {
      let q = db.selectFrom('flow_instances').selectAll().where('id', '=', id);
      if (lock !== 'none' && family === 'postgres') q = lock === 'skip' ? q.forUpdate().skipLocked() : q.forUpdate();
      return q.executeTakeFirst();
    },
    async insert(table, rows) {
      if (rows.length) await db.insertInto(table).values(rows).execute();
    },
    async update(table, row, key, expectedHseq) {
      let q = db.updateTable(table).set(row);
      for (const k of key) q = q.where(k, '=', row[k]);
      if (expectedHseq !== undefined) q = q.where('hseq', '=', expectedHseq);
      // RETURNING rather than the affected-row count: PGlite's driver does not report the count.
      return (await q.returning(key[0]).execute()).length === 1;
    },
    async delete(table, rows, key) {
      if (rows.length === 0) return;
      if (key.length === 1) await db.deleteFrom(table).where(key[0], 'in', rows.map((d) => d[key[0]])).execute();
      else for (const d of rows) {
        let q = db.deleteFrom(table);
        for (const k of key) q = q.where(k, '=', d[k]);
        await q.execute();
      }
    },
  };
}

async function syncTable(rows: RowWriter, table: string, before: Record<string, Row>, after: Record<string, Row>, key: string[]): Promise<void> {
  const inserts: Row[] = [];
  const deletes: Row[] = [];
  for (const [id, row] of Object.entries(after)) {
    const old = before[id];
    if (!old) inserts.push(row);
    else if (JSON.stringify(old) !== JSON.stringify(row)) await rows.update(table, row, key);
  }
  for (const [id, row] of Object.entries(before)) if (!after[id]) deletes.push(row);
  await rows.insert(table, inserts);
  await rows.delete(table, deletes, key);
}

const mapRows = <T>(rows: Record<string, T>, f: (x: T) => Row) => Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, f(v)]));

/**
 * Writes the difference between an instance's state before and after a step,
 * and the step's history; fails with `flow.instance.conflict` when another
 * step changed the instance in between (optimistic check on the history counter).
 */
export async function saveInstance(rows: RowWriter, before: InstanceState | undefined, after: InstanceState, history: HistoryEntry[]): Promise<void> {
  const id = after.id;
  if (!before) await rows.insert('flow_instances', [instanceRecord(after)]);
  else if (!(await rows.update('flow_instances', instanceRecord(after), ['id'], before.hseq)))
    throw new FlowError('flow.instance.conflict', `instance ${id} changed during the step`, { instanceId: id });
  const vars = (s: InstanceState | undefined) => Object.fromEntries(Object.entries(s?.variables ?? {}).map(([name, v]) => [name, { instance_id: id, name, value: JSON.stringify(v ?? null) }]));
  await syncTable(rows, 'flow_variables', vars(before), vars(after), ['instance_id', 'name']);
  await syncTable(rows, 'flow_tokens', mapRows(before?.tokens ?? {}, (t) => tokenRecord(id, t)), mapRows(after.tokens, (t) => tokenRecord(id, t)), ['id']);
  // Steps never delete tasks: finished ones keep their rows and drop out of the next load.
  await syncTable(rows, 'flow_tasks', mapRows(before?.tasks ?? {}, (t) => taskRecord(id, t)), mapRows(after.tasks, (t) => taskRecord(id, t)), ['id']);
  await syncTable(rows, 'flow_jobs', mapRows(before?.jobs ?? {}, (j) => jobRecord(id, j)), mapRows(after.jobs, (j) => jobRecord(id, j)), ['id']);
  await syncTable(rows, 'flow_subscriptions', mapRows(before?.subscriptions ?? {}, (s) => subRecord(id, s)), mapRows(after.subscriptions, (s) => subRecord(id, s)), ['id']);
  await rows.insert('flow_history', history.map((h) => ({
    instance_id: id, seq: h.seq, at: h.at, kind: h.kind, element_id: h.elementId, token_id: h.tokenId, actor: h.actor, data: json(h.data), input: h.input ? 1 : 0,
  })));
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
