import type { Kysely } from 'kysely';
import { applyEvent, newInstanceState } from './events.ts';
import type { FlowDefinition } from './model.ts';
import { FlowError, type FlowEvent, type HistoryEntry, type InstanceState } from './state.ts';
import { definitionRows, loadInstancePair, saveInstance, type RowWriter } from './store.ts';
import type { TimeContext } from './time.ts';

interface Entry {
  before?: InstanceState;
  state: InstanceState;
  definition: FlowDefinition;
  history: HistoryEntry[];
}

/** Loads definitions by id, caching them: a stored version never changes. */
export type DefinitionCache = Map<string, FlowDefinition>;

/**
 * One transaction's work on instances: events are applied to states read once
 * and locked, effects on other instances (call activities) run in the same
 * transaction, and `flush` writes every changed instance.
 */
export class StepSession {
  private readonly entries = new Map<string, Entry>();

  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readonly tx: Kysely<any>,
    private readonly rows: RowWriter,
    private readonly definitions: DefinitionCache,
    private readonly time: TimeContext,
    readonly now: Date,
  ) {}

  /** A definition by id, from the cache or the database. */
  async definition(id: string): Promise<FlowDefinition> {
    let d = this.definitions.get(id);
    if (!d) {
      d = await definitionRows.byId(this.tx, id);
      if (!d) throw new FlowError('flow.definition.notFound', `definition ${id} does not exist`, { definitionId: id });
      this.definitions.set(id, d);
    }
    return d;
  }

  /** The instance's state, locked for this transaction; undefined when it does not exist (or, with `skip`, is locked). */
  async state(id: string, lock: 'wait' | 'skip' = 'wait'): Promise<InstanceState | undefined> {
    const cached = this.entries.get(id);
    if (cached) return cached.state;
    const pair = await loadInstancePair(this.rows, id, lock);
    if (!pair) return undefined;
    const [before, state] = pair;
    this.entries.set(id, { before, state, definition: await this.definition(state.definitionId), history: [] });
    return this.entries.get(id)!.state;
  }

  /** Applies an event to an instance and everything it sets off. */
  async apply(instanceId: string, event: FlowEvent, actor: string | null): Promise<void> {
    if (!(await this.state(instanceId))) throw new FlowError('flow.instance.notFound', `instance ${instanceId} does not exist`, { instanceId });
    const entry = this.entries.get(instanceId)!;
    const { history, effects } = applyEvent(entry.state, entry.definition.process, event, { now: this.now, time: this.time, actor });
    entry.history.push(...history);
    if (event.type === 'migrate') entry.definition = await this.definition(event.definitionId);
    for (const effect of effects) {
      if (effect.type === 'notifyParent') await this.apply(effect.parentInstanceId, effect.event, null);
      else if (effect.type === 'cancelChild') {
        const child = await this.state(effect.childId);
        if (child?.status === 'running') await this.apply(effect.childId, { type: 'cancel', reason: 'parent activity ended' }, null);
      } else {
        const def = await definitionRows.byKey(this.tx, effect.key, effect.version);
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
    this.entries.set(id, { state, definition: def, history: [] });
    await this.apply(id, { type: 'start', variables, startNodeId }, actor);
  }

  /** Writes every instance this transaction changed. */
  async flush(): Promise<void> {
    for (const e of this.entries.values()) {
      if (e.history.length === 0 && e.before) continue;
      await saveInstance(this.rows, e.before, e.state, e.history);
    }
  }
}
