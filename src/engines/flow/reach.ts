import type { CompiledProcess, FlowNode } from './model.ts';

const cache = new WeakMap<CompiledProcess, Map<string, Set<string>>>();

/** Where a token at `node` goes next: the targets of its flows, and its boundary events. */
const successors = (p: CompiledProcess, node: FlowNode): string[] => [...node.outgoing.map((f) => p.flows[f].target), ...node.boundaries];

/**
 * Whether a token at `from` can still arrive at `to` by sequence flows or
 * boundary events (inclusive joins wait for such tokens).
 */
export function canReach(p: CompiledProcess, from: string, to: string): boolean {
  let perProcess = cache.get(p);
  if (!perProcess) cache.set(p, (perProcess = new Map()));
  let seen = perProcess.get(from);
  if (!seen) {
    seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const node = p.nodes[stack.pop()!];
      if (!node) continue;
      for (const n of successors(p, node)) {
        if (seen.has(n)) continue;
        seen.add(n);
        stack.push(n);
      }
    }
    perProcess.set(from, seen);
  }
  return seen.has(to);
}

/**
 * The nodes no token can ever reach: not from the process's start (its none start event or instantiating gateway)
 * nor from its message start events, by sequence flows, boundary events or a subprocess's start. They import and
 * never run: mostly a flow the modeler forgot to draw.
 */
export function unreachableNodes(p: CompiledProcess): string[] {
  const stack = [...(p.startNodeId ? [p.startNodeId] : []), ...Object.values(p.messageStarts)];
  const seen = new Set<string>(stack);
  while (stack.length) {
    const node = p.nodes[stack.pop()!];
    if (!node) continue;
    const next = successors(p, node);
    if (node.startNodeId) next.push(node.startNodeId);
    for (const n of next) {
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(n);
    }
  }
  return Object.keys(p.nodes).filter((id) => !seen.has(id));
}
