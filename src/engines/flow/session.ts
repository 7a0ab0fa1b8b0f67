import { applyEvent, newInstanceState } from './events.ts';
import type { FlowDefinition } from './model.ts';
import { FlowError, type FlowEvent, type HistoryEntry, type InstanceState } from './state.ts';
import { definitionRows, instanceFrom, planWrite, writtenRowsOf, type InstanceWrite, type Row, type WrittenRows } from './store.ts';
import type { TimeContext } from './time.ts';
import type { StepTx } from './tx.ts';

/** An instance as last committed by this engine: its state and the rows it was written as. */
export interface CachedInstance {
  state: InstanceState;
  written: WrittenRows;
}

/**
 * Instances this engine committed last, most recent last, so a step need not
 * read back what the previous one wrote. Only a cache: every write checks the
 * instance's history counter, so a stale entry (another process moved the
 * instance) fails as a conflict, is dropped, and the step runs again from the row.
 */
export class InstanceCache {
  private readonly map = new Map<string, CachedInstance>();
  constructor(private readonly capacity: number) {}

  /** Takes an entry out: a step owns it until it commits and puts it back. */
  take(id: string): CachedInstance | undefined {
    const e = this.map.get(id);
    if (e) this.map.delete(id);
    return e;
  }

  /** Puts an instance back as committed, evicting the least recently used beyond the capacity. */
  put(id: string, entry: CachedInstance): void {
    this.map.delete(id);
    if (this.capacity <= 0) return;
    this.map.set(id, entry);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }

  /** Whether an instance is cached. */
  has(id: string): boolean {
    return this.map.has(id);
  }

  /** Forgets an instance. */
  drop(id: string): void {
    this.map.delete(id);
  }

  /** Forgets every instance. */
  clear(): void {
    this.map.clear();
  }
}

/** Loads definitions by id, caching them: a stored version never changes. */
export type DefinitionCache = Map<string, FlowDefinition>;

interface Entry extends CachedInstance {
  definition: FlowDefinition;
  isNew: boolean;
  expectedHseq: number;
  /** The history lines of each input applied in this transaction. */
  history: HistoryEntry[][];
}

/** Who claims the service jobs a step makes ready and due, and for how long: that worker alone runs them meanwhile. */
export interface JobClaim {
  by: string;
  leaseMs: number;
}

/**
 * One transaction's work on instances: events are applied to states read once
 * (or taken from the cache) and locked where the database locks, effects on
 * other instances (call activities) run in the same transaction, and `flush`
 * writes every changed instance. With group commit one session carries the
 * steps of many callers.
 */
export class StepSession {
  private readonly entries = new Map<string, Entry>();
  /** Instances an event was applied to since `dueServiceJobs` last looked (only events add jobs). */
  private readonly touched = new Set<string>();
  /** Rows read ahead by `prefetch` (null: missing, or locked by another worker). */
  private readonly fetched = new Map<string, Row | null>();
  /** The end of the lease of the jobs this transaction claims (`claim`), once one is. */
  private claimedUntil: string | undefined;

  constructor(
    readonly tx: StepTx,
    private readonly definitions: DefinitionCache,
    private readonly cache: InstanceCache,
    private readonly time: TimeContext,
    readonly now: Date,
    private readonly claim?: JobClaim,
    /** Elements a step may enter (the engine's `stepLimit`; default the runtime's). */
    private readonly stepLimit?: number,
  ) {
    this.at = now.toISOString();
  }

  /** `now` as an ISO string. */
  readonly at: string;

  /** Kysely on the step's transaction (handlers' `ctx.db`). */
  get db() {
    return this.tx.db;
  }

  /** A definition by id, from the cache or the database. */
  async definition(id: string): Promise<FlowDefinition> {
    let d = this.definitions.get(id);
    if (!d) {
      d = await definitionRows.byId(this.tx.db, id);
      if (!d) throw new FlowError('flow.definition.notFound', `definition ${id} does not exist`, { definitionId: id });
      this.definitions.set(id, d);
    }
    return d;
  }

  /**
   * The instance's state for this transaction; undefined when it does not exist (or, with `skip`, is locked
   * by another worker). `skip` reads the row with a lock where the database locks, even when cached, so two
   * workers never run one instance's job at once; otherwise a cached state is used and the write checks it.
   * `none` reads an instance that is not cached without a lock (a job this worker holds the claim of).
   */
  async state(id: string, lock: 'none' | 'wait' | 'skip' = 'wait'): Promise<InstanceState | undefined> {
    const open = this.entries.get(id);
    if (open) return open.state;
    let cached = this.cache.take(id);
    const ahead = this.fetched.get(id);
    if (ahead !== undefined) this.fetched.delete(id);
    if (!cached || (lock === 'skip' && this.tx.locking)) {
      const row = ahead !== undefined ? ahead ?? undefined : await this.tx.read(id, lock, cached?.state.hseq);
      if (!row) return undefined;
      if (!cached || cached.state.hseq !== Number(row.hseq)) {
        const state = instanceFrom(row);
        cached = { state, written: writtenRowsOf(state) };
      }
    }
    const { state, written } = cached;
    const definition = this.definitions.get(state.definitionId) ?? (await this.definition(state.definitionId));
    this.entries.set(id, { state, written, definition, isNew: false, expectedHseq: state.hseq, history: [] });
    return state;
  }

  /** Reads the rows of several instances in one query, as `state(id, lock)` would one by one. */
  async prefetch(ids: string[], lock: 'wait' | 'skip'): Promise<void> {
    const need = [...new Set(ids)].filter((id) => !this.entries.has(id) && !this.fetched.has(id) && (!this.cache.has(id) || (lock === 'skip' && this.tx.locking)));
    if (need.length === 0) return;
    const rows = new Map((await this.tx.readMany(need, lock)).map((r) => [r.id as string, r]));
    for (const id of need) this.fetched.set(id, rows.get(id) ?? null);
  }

  /** Applies an event to an instance and everything it sets off. */
  async apply(instanceId: string, event: FlowEvent, actor: string | null): Promise<void> {
    // An instance already in this transaction (the common case in a batch) needs no await.
    if (!this.entries.has(instanceId) && !(await this.state(instanceId))) throw new FlowError('flow.instance.notFound', `instance ${instanceId} does not exist`, { instanceId });
    const entry = this.entries.get(instanceId)!;
    this.touched.add(instanceId);
    const { history, effects } = applyEvent(entry.state, entry.definition.process, event, { now: this.now, time: this.time, actor, at: this.at, stepLimit: this.stepLimit });
    entry.history.push(history);
    if (event.type === 'migrate') entry.definition = await this.definition(event.definitionId);
    for (const effect of effects) {
      if (effect.type === 'notifyParent') await this.apply(effect.parentInstanceId, effect.event, null);
      else if (effect.type === 'cancelChild') {
        const child = await this.state(effect.childId);
        if (child?.status === 'running') await this.apply(effect.childId, { type: 'cancel', reason: 'parent activity ended' }, null);
      } else {
        const def = await definitionRows.byKey(this.tx.db, effect.key, effect.version);
        if (!def) throw new FlowError('flow.definition.notFound', `called process ${effect.key} version ${effect.version} is not deployed`, { key: effect.key });
        this.definitions.set(def.id, def);
        await this.create(def, effect.childId, effect.variables, null, actor, { instanceId, tokenId: effect.parentTokenId });
      }
    }
  }

  /** Creates and starts an instance at the none start event, or at `startNodeId`. */
  async create(
    def: FlowDefinition, id: string, variables: Record<string, unknown>, businessKey: string | null, actor: string | null,
    parent?: { instanceId: string; tokenId: string }, startNodeId = def.process.startNodeId,
  ): Promise<void> {
    if (!startNodeId) throw new FlowError('flow.definition.noStart', `process ${def.key} has no none start event`, { key: def.key });
    const state = newInstanceState({
      id, definitionId: def.id, key: def.key, version: def.version, businessKey, startedAt: this.now.toISOString(),
      parentInstanceId: parent?.instanceId ?? null, parentTokenId: parent?.tokenId ?? null,
    });
    this.entries.set(id, { state, written: new Map(), definition: def, isNew: true, expectedHseq: 0, history: [] });
    await this.apply(id, { type: 'start', variables, startNodeId }, actor);
  }

  /**
   * Service jobs that are ready and due, of the instances in this transaction that events moved since the last
   * call (for the inline run: jobs come only from events, and the jobs found before have run since); jobs of
   * tasks marked `onething:async="true"` are left out (they are always the worker's), and so are those whose
   * data `runsHere` refuses.
   */
  dueServiceJobs(runsHere: (data: Readonly<Record<string, unknown>>) => boolean): Array<[instanceId: string, jobId: string]> {
    const now = this.at;
    const out: Array<[string, string]> = [];
    for (const id of this.touched) {
      const state = this.entries.get(id)?.state;
      if (state?.status !== 'running') continue;
      for (const j of state.jobs.values()) {
        if (j.kind === 'service' && j.state === 'ready' && j.dueAt <= now && j.data.async !== true && runsHere(j.data)) out.push([id, j.id]);
      }
    }
    this.touched.clear();
    return out;
  }

  /**
   * Writes every instance this transaction changed. With a claim, the service jobs it inserts ready and due are
   * claimed in their rows (only there: the state read back, and so replay, knows nothing of claims).
   */
  async flush(): Promise<void> {
    const writes: InstanceWrite[] = [];
    for (const e of this.entries.values()) {
      if (e.history.length === 0 && !e.isNew) continue;
      const w = planWrite(e.written, e.state, e.isNew, e.expectedHseq, e.history);
      if (this.claim) this.claimJobs(w);
      writes.push(w);
    }
    await this.tx.write(writes);
  }

  private claimJobs(w: InstanceWrite): void {
    const { inserts } = w;
    for (let i = 0; i < inserts.length; i++) {
      const [table, row] = inserts[i];
      if (table === 'flow_jobs' && row.kind === 'service' && row.state === 'ready' && (row.due_at as string) <= this.at) {
        this.claimedUntil ??= new Date(this.now.getTime() + this.claim!.leaseMs).toISOString();
        inserts[i] = [table, { ...row, claimed_by: this.claim!.by, claimed_until: this.claimedUntil }];
      }
    }
  }

  /** After the commit: running instances go back to the cache as committed. */
  committed(): void {
    for (const [id, e] of this.entries) if (e.state.status === 'running') this.cache.put(id, { state: e.state, written: e.written });
  }

  /** After a rollback: what this transaction touched is not cached (its in-memory state may be half-applied). */
  discarded(): void {
    for (const id of this.entries.keys()) this.cache.drop(id);
  }
}
