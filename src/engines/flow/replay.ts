import { applyEvent, newInstanceState } from './events.ts';
import type { FlowDefinition } from './model.ts';
import type { FlowEvent, HistoryEntry, InstanceState } from './state.ts';
import type { TimeContext } from './time.ts';

/**
 * Rebuilds an instance's state from the inputs its history recorded, without
 * the database or handlers: a replay reaching the stored state shows that the
 * engine is deterministic and the history complete.
 * @example const replayed = replayHistory(definition, stored, await flow.history(stored.id), time);
 */
export function replayHistory(
  definition: FlowDefinition,
  origin: Pick<InstanceState, 'id' | 'businessKey' | 'parentInstanceId' | 'parentTokenId' | 'startedAt'>,
  history: HistoryEntry[],
  time: TimeContext,
  /** Definitions the instance was migrated to, if any. */
  laterVersions: FlowDefinition[] = [],
): InstanceState {
  const state = newInstanceState({ ...origin, definitionId: definition.id, key: definition.key, version: definition.version });
  const byId = new Map([definition, ...laterVersions].map((d) => [d.id, d]));
  for (const h of history) {
    if (!h.input) continue;
    const current = byId.get(state.definitionId);
    if (!current) throw new Error(`replay needs definition ${state.definitionId}`);
    applyEvent(state, current.process, h.data as FlowEvent, { now: new Date(h.at), time, actor: h.actor });
  }
  return state;
}
