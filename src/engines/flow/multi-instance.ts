import type { Expr } from './expression.ts';
import type { FlowNode } from './model.ts';
import type { TokenMachine } from './runtime.ts';
import { FlowError, type TokenRow } from './state.ts';

// Multi-instance activities of the token machine (runtime.ts): one instance per element of a collection, or a
// cardinality's count, in parallel or one after another, gathered into an output collection. Each takes the
// machine of the step.

/** The most instances a `loopCardinality` may ask for. */
export const MAX_CARDINALITY = 100_000;

/** Starts a multi-instance activity on its body token: all instances at once, or the first of a sequential one. */
export function startMultiInstance(m: TokenMachine, body: TokenRow, node: FlowNode): void {
  const spec = node.multiInstance!;
  const count = spec.cardinality ? cardinality(m, spec.cardinality, body, node) : undefined;
  // The import gives every loop a collection, a cardinality or both.
  let items: unknown[] = new Array<null>(count ?? 0).fill(null);
  if (spec.collection) {
    const listed = m.evaluate(spec.collection, body, `collection of ${node.id}`);
    if (!Array.isArray(listed)) throw new FlowError('flow.multiInstance.notList', `multi-instance ${node.id}: the collection is not a list`, { elementId: node.id });
    // With a cardinality too, it says how many run (Camunda 7, Flowable, Activiti); each takes the element at its index.
    if (count !== undefined && count > listed.length)
      throw new FlowError('flow.multiInstance.badCardinality', `multi-instance ${node.id}: the cardinality ${count} is more than the collection's ${listed.length} elements`, { elementId: node.id });
    items = count === undefined ? listed : listed.slice(0, count);
  }
  body.mi = { items, next: 0, completed: 0, results: items.map(() => null) };
  m.attachBoundaries(body, node);
  if (items.length === 0) return m.leave(body);
  const first = spec.sequential ? 1 : items.length;
  for (let i = 0; i < first; i++) spawnInstance(m, body, node);
}

/**
 * The number of instances a `loopCardinality` asks for: a non-negative integer, or a string of digits (Camunda 7
 * and Flowable read one); anything else fails the step, as a collection that is not a list does.
 */
function cardinality(m: TokenMachine, e: Expr, body: TokenRow, node: FlowNode): number {
  const value = m.evaluate(e, body, `cardinality of ${node.id}`);
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw new FlowError('flow.multiInstance.badCardinality', `multi-instance ${node.id}: the cardinality is ${JSON.stringify(value) ?? 'undefined'}, not a non-negative integer`, { elementId: node.id });
  // Every instance lives in the instance's one JSON document: a runaway count fails rather than exhaust memory.
  if (n > MAX_CARDINALITY) throw new FlowError('flow.multiInstance.badCardinality', `multi-instance ${node.id}: the cardinality ${n} is more than ${MAX_CARDINALITY}`, { elementId: node.id });
  return n;
}

function spawnInstance(m: TokenMachine, body: TokenRow, node: FlowNode): void {
  const i = body.mi!.next++;
  const spec = node.multiInstance!;
  // A loop without a collection (cardinality only) has no element to set.
  const locals: Record<string, unknown> = spec.collection ? { [spec.elementVariable]: body.mi!.items[i], loopCounter: i } : { loopCounter: i };
  const child = m.newToken(node.id, body.id, { miIndex: i, locals });
  m.log('enter', node.id, child.id, { instance: i });
  m.execute(child, node);
}

/** An instance of a multi-instance activity finished: the next (sequential), or the activity is left once all or its condition are done. */
export function multiInstanceChildDone(m: TokenMachine, child: TokenRow): void {
  const body = m.s.tokens.get(child.scopeId!)!;
  const node = m.node(child.elementId);
  const spec = node.multiInstance!;
  const mi = body.mi!;
  if (spec.outputElement) mi.results[child.miIndex!] = child.locals?.[spec.outputElement] ?? null;
  m.s.tokens.delete(child.id);
  m.log('leave', node.id, child.id, { instance: child.miIndex });
  mi.completed++;
  const condition = spec.completionCondition
    ? m.evaluate(spec.completionCondition, { ...body, locals: { ...body.locals, nrOfInstances: mi.items.length, nrOfCompletedInstances: mi.completed } }, `completion condition of ${node.id}`)
    : false;
  if (mi.completed < mi.items.length && !condition) {
    if (spec.sequential) spawnInstance(m, body, node);
    return;
  }
  for (const t of [...m.s.tokens.values()]) if (t.scopeId === body.id) m.cancelToken(t);
  if (spec.outputCollection) m.setVariables(body.scopeId ? m.s.tokens.get(body.scopeId) ?? null : null, { [spec.outputCollection]: mi.results });
  m.leave(body);
}
