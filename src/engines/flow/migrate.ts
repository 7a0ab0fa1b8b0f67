import type { CompiledProcess, FlowNode } from './model.ts';
import type { InstanceState } from './state.ts';

/** Why one instance cannot move, element by element. */
export interface MigrationBlock {
  instanceId: string;
  reasons: string[];
}

/** What a migration moved, or (dry run) would move, and what it cannot. */
export interface MigrationReport {
  from: { key: string; version: number };
  to: { key: string; version: number };
  dryRun: boolean;
  /** Instances that moved (or would move). */
  movable: number;
  blocked: MigrationBlock[];
}

function sameShape(a: FlowNode, b: FlowNode): string | undefined {
  if (a.kind !== b.kind) return `is a ${a.kind} but becomes a ${b.kind}`;
  if (Boolean(a.multiInstance) !== Boolean(b.multiInstance)) return 'changes whether it is multi-instance';
  if (a.boundary && b.boundary && (a.boundary.type !== b.boundary.type || a.boundary.interrupting !== b.boundary.interrupting)) return 'changes its boundary event type';
  if (a.kind === 'messageCatch' && a.message?.name !== b.message?.name) return `waits for message "${a.message?.name}" but becomes "${b.message?.name}"`;
  return undefined;
}

/**
 * Checks that an instance waiting somewhere in `from` can wait at the mapped
 * places of `to`: every token, task, job and subscription must land on an
 * element of the same kind, and joining tokens on an incoming flow of it.
 * Returns the reasons it cannot; an empty list means it can move.
 */
export function planMigration(state: InstanceState, from: CompiledProcess, to: CompiledProcess, mapping: Record<string, string>): string[] {
  const reasons: string[] = [];
  const map = (id: string) => mapping[id] ?? id;
  const check = (where: string, elementId: string) => {
    const a = from.nodes[elementId];
    const b = to.nodes[map(elementId)];
    if (!b) return void reasons.push(`${where} at "${elementId}": "${map(elementId)}" is not in version ${to.key}`);
    const why = a ? sameShape(a, b) : undefined;
    if (why) reasons.push(`${where} at "${elementId}" ${why}`);
    if (a?.boundary && b.boundary && map(a.boundary.attachedTo) !== b.boundary.attachedTo) reasons.push(`${where} at "${elementId}": its activity "${a.boundary.attachedTo}" does not map to "${b.boundary.attachedTo}"`);
  };
  if (state.status !== 'running') reasons.push(`instance is ${state.status}`);
  for (const t of state.tokens.values()) {
    check(`token ${t.id}`, t.elementId);
    if (t.flowId && !to.nodes[map(t.elementId)]?.incoming.includes(map(t.flowId))) reasons.push(`token ${t.id} joins by flow "${t.flowId}", which is not an incoming flow of "${map(t.elementId)}"`);
    const scope = t.scopeId ? state.tokens.get(t.scopeId) : undefined;
    if (scope && t.miIndex === undefined && to.nodes[map(t.elementId)]?.scope !== map(scope.elementId)) reasons.push(`token ${t.id} would leave its subprocess "${scope.elementId}"`);
  }
  for (const task of state.tasks.values()) check(`task ${task.id}`, task.elementId);
  for (const j of state.jobs.values()) if (j.kind !== 'warning') check(`job ${j.id}`, j.elementId);
  for (const s of state.subscriptions.values()) check(`subscription ${s.id}`, s.elementId);
  return [...new Set(reasons)];
}
