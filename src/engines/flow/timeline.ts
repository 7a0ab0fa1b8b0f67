import type { CompiledProcess, NodeKind } from './model.ts';
import type { HistoryEntry, TaskRow } from './state.ts';

/** One step of an instance as its applicant and the cockpits see it. */
export interface TimelineStep {
  elementId: string;
  name: string | null;
  kind: NodeKind;
  /** The organisation a user task was routed to. */
  org: string | null;
  state: 'active' | 'done' | 'cancelled';
  startedAt: string;
  deadline: string | null;
  finishedAt: string | null;
  /** Who completed it (user tasks). */
  actor: string | null;
}

const SHOWN = new Set<NodeKind>(['userTask', 'serviceTask', 'businessRuleTask', 'callActivity', 'subProcess', 'timerCatch', 'messageCatch']);

/**
 * The steps of an instance in the order they started, from its history and
 * tasks: what ran, where, since when, until when, and by which deadline.
 */
export function buildTimeline(process: CompiledProcess, history: HistoryEntry[], tasks: TaskRow[]): TimelineStep[] {
  const steps: TimelineStep[] = [];
  const open = new Map<string, TimelineStep>();
  const taskByToken = new Map(tasks.map((t) => [`${t.tokenId}/${t.elementId}`, t]));
  for (const h of history) {
    if (!h.elementId || !h.tokenId) continue;
    const node = process.nodes[h.elementId];
    if (!node || !SHOWN.has(node.kind)) continue;
    const key = `${h.tokenId}/${h.elementId}`;
    // A multi-instance activity shows one step per instance (per department), not its body.
    const isBody = Boolean(node.multiInstance) && typeof (h.data as { instance?: number } | null)?.instance !== 'number';
    if (h.kind === 'enter' && !isBody) {
      const task = taskByToken.get(key);
      const step: TimelineStep = {
        elementId: h.elementId, name: node.name ?? null, kind: node.kind, org: task?.candidateOrg ?? null, state: 'active',
        startedAt: h.at, deadline: task?.dueAt ?? null, finishedAt: null, actor: null,
      };
      steps.push(step);
      open.set(key, step);
    } else if ((h.kind === 'leave' || h.kind === 'cancel') && open.has(key)) {
      const step = open.get(key)!;
      open.delete(key);
      Object.assign(step, { state: h.kind === 'leave' ? 'done' : 'cancelled', finishedAt: h.at, actor: taskByToken.get(key)?.completedBy ?? null });
      const task = taskByToken.get(key);
      if (task?.dueAt) step.deadline = task.dueAt;
    }
  }
  return steps;
}
