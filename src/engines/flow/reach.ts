import type { CompiledProcess } from './model.ts';

const cache = new WeakMap<CompiledProcess, Map<string, Set<string>>>();

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
      const next = [...node.outgoing.map((f) => p.flows[f].target), ...node.boundaries];
      for (const n of next) {
        if (seen.has(n)) continue;
        seen.add(n);
        stack.push(n);
      }
    }
    perProcess.set(from, seen);
  }
  return seen.has(to);
}
