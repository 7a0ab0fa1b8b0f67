import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endlessCycles } from './endless.ts';
import type { CompiledProcess, FlowNode } from './model.ts';

/** A process of pass-through tasks wired by `edges` (source and target indexes), every flow unconditional. */
function passTasks(n: number, edges: Array<[number, number]>): Pick<CompiledProcess, 'nodes' | 'flows'> {
  const nodes: Record<string, FlowNode> = {};
  const flows: CompiledProcess['flows'] = {};
  for (let i = 0; i < n; i++) nodes[`n${i}`] = { id: `n${i}`, kind: 'passTask', type: 'bpmn:Task', scope: null, incoming: [], outgoing: [], boundaries: [] };
  edges.forEach(([a, b], k) => {
    flows[`f${k}`] = { id: `f${k}`, source: `n${a}`, target: `n${b}` };
    nodes[`n${a}`].outgoing.push(`f${k}`);
    nodes[`n${b}`].incoming.push(`f${k}`);
  });
  return { nodes, flows };
}

/**
 * The reference, by plain searches: what each element reaches along every flow; the elements that reach
 * themselves, grouped by reaching one another (the cycles a token goes round, one group per tangle of them).
 */
function cycleGroups(p: Pick<CompiledProcess, 'nodes' | 'flows'>): string[][] {
  const reach = new Map<string, Set<string>>();
  for (const start in p.nodes) {
    const seen = new Set<string>();
    const todo = p.nodes[start].outgoing.map((f) => p.flows[f].target);
    while (todo.length > 0) {
      const v = todo.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      for (const f of p.nodes[v].outgoing) todo.push(p.flows[f].target);
    }
    reach.set(start, seen);
  }
  const groups: string[][] = [];
  for (const v in p.nodes) {
    if (!reach.get(v)!.has(v)) continue;
    const group = groups.find((g) => reach.get(g[0])!.has(v) && reach.get(v)!.has(g[0]));
    if (group) group.push(v);
    else groups.push([v]);
  }
  return groups;
}

describe('endless cycles', () => {
  it('finds one cycle in each tangle a simple search finds, from its first element, a way round along its flows', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 24 }))),
      ([n, edges]) => {
        const p = passTasks(n, edges);
        const cycles = endlessCycles(p);
        // One cycle per group, from the group's first element, within the group.
        const groups = cycleGroups(p);
        expect(cycles.map((c) => c[0])).toEqual(groups.map((g) => g[0]));
        cycles.forEach((c, i) => expect(groups[i]).toEqual(expect.arrayContaining(c)));
        for (const cycle of cycles) {
          cycle.forEach((v, i) => {
            const to = cycle[(i + 1) % cycle.length];
            expect(p.nodes[v].outgoing.some((f) => p.flows[f].target === to)).toBe(true);
          });
        }
      },
    ), { numRuns: 500 });
  });

  it('follows chains and cycles of 20,000 elements without overflowing the stack', () => {
    const n = 20_000;
    const ring = Array.from({ length: n }, (_, i): [number, number] => [i, (i + 1) % n]);
    const tail = Array.from({ length: n }, (_, i): [number, number] => [n + i, n + i + 1 < 2 * n ? n + i + 1 : 0]);
    const cycles = endlessCycles(passTasks(2 * n, [...ring, ...tail]));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toEqual(Array.from({ length: n }, (_, i) => `n${i}`));
  });
});
