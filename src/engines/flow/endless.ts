import type { CompiledProcess, FlowNode } from './model.ts';

/**
 * Where a token that reaches `n` always goes next, whatever the variables, without waiting: the flows out of a
 * pass-through task that have no condition (all are taken), an exclusive gateway's first flow when it has none
 * (the gateway takes the first whose condition holds), every flow of a parallel split, the unconditional flows of
 * an inclusive split. Elements that wait (tasks, timers, messages, calls, subprocesses, joins, multi-instance)
 * have none.
 */
function forcedTargets(p: Pick<CompiledProcess, 'flows'>, n: FlowNode): string[] {
  if (n.multiInstance) return [];
  const unconditional = () => n.outgoing.filter((id) => id !== n.defaultFlow && !p.flows[id]?.condition).map((id) => p.flows[id].target);
  switch (n.kind) {
    case 'passTask':
      return unconditional();
    case 'exclusiveGateway': {
      const first = n.outgoing.find((id) => id !== n.defaultFlow);
      return first && !p.flows[first]?.condition ? [p.flows[first].target] : [];
    }
    case 'parallelGateway':
      return n.incoming.length > 1 ? [] : n.outgoing.map((id) => p.flows[id].target);
    case 'inclusiveGateway':
      return n.incoming.length > 1 ? [] : unconditional();
    default:
      return [];
  }
}

/**
 * The cycles a token could never leave within a step: elements that lead from one to the next whatever the
 * variables, back to where they started, with nothing to wait at (the runtime stops such a step, runtime.ts
 * LOOP_LIMIT; the import rejects the definition first). Each cycle's element ids in the order a token goes
 * round, from the first of them in `p.nodes`.
 * @example endlessCycles(process) // [['approve', 'review', 'ok']]
 */
export function endlessCycles(p: Pick<CompiledProcess, 'nodes' | 'flows'>): string[][] {
  const next = new Map<string, string[]>();
  for (const id in p.nodes) next.set(id, forcedTargets(p, p.nodes[id]).filter((t) => p.nodes[t]));
  // Tarjan's strongly connected components: a component of several elements, or one leading to itself, is a cycle.
  // Without recursion (a frame per element on the way): a chain of 20,000 tasks overflowed the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (root: string) => {
    const frames: Array<{ v: string; i: number }> = [];
    const enter = (v: string) => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      onStack.add(v);
      frames.push({ v, i: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const { v } = frame;
      const targets = next.get(v)!;
      if (frame.i < targets.length) {
        const w = targets[frame.i++];
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(v)!));
      if (low.get(v) !== index.get(v)) continue;
      const members = new Set<string>();
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        onStack.delete(w);
        members.add(w);
        if (w === v) break;
      }
      if (members.size > 1 || targets.includes(v)) cycles.push(pathRound(Object.keys(p.nodes).find((id) => members.has(id))!, members, next));
    }
  };
  for (const id in p.nodes) if (!index.has(id)) visit(id);
  const order = Object.keys(p.nodes);
  return cycles.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}

/** A way from `start` round to it again inside a strongly connected component (depth first, without recursion). */
function pathRound(start: string, members: Set<string>, next: Map<string, string[]>): string[] {
  const path = [start];
  const tried = [0];
  const seen = new Set([start]);
  while (path.length > 0) {
    const v = path[path.length - 1];
    const targets = next.get(v)!;
    const i = tried[tried.length - 1]++;
    if (i === targets.length) {
      path.pop();
      tried.pop();
      continue;
    }
    const w = targets[i];
    if (w === start) return path;
    if (!members.has(w) || seen.has(w)) continue;
    seen.add(w);
    path.push(w);
    tried.push(0);
  }
  return [start];
}
