import type { FlowNode } from './model.ts';
import { canReach } from './reach.ts';
import type { TokenMachine } from './runtime.ts';
import { FlowError, type TokenRow } from './state.ts';

// Gateways of the token machine (runtime.ts): splits by kind, parallel and inclusive joins, and the event that wins
// an event-based gateway. Each takes the machine of the step.

/** The event `targetId` after an event-based gateway happened: the token goes there and on; the other waits end. */
export function eventGatewayFired(m: TokenMachine, token: TokenRow, targetId: string): void {
  const gateway = m.node(token.elementId);
  const flowId = gateway.outgoing.find((f) => m.p.flows[f].target === targetId)!;
  m.log('leave', gateway.id, token.id, { flows: [flowId] });
  token.elementId = targetId;
  token.enteredAt = m.at;
  m.log('enter', targetId, token.id, { via: flowId });
  m.leave(token);
}

/** A token arrives at a gateway: it waits to join (a parallel or inclusive gateway with several incoming flows), or splits. */
export function gateway(m: TokenMachine, token: TokenRow, node: FlowNode, via?: string): void {
  if (node.incoming.length > 1 && node.kind !== 'exclusiveGateway') {
    token.state = 'joining';
    token.flowId = via;
    if (node.kind === 'parallelGateway') tryParallelJoin(m, node, token.scopeId);
    return;
  }
  split(m, token, node);
}

/** Leaves a gateway along the flows it chooses: all (parallel), those whose conditions hold (inclusive), the first (exclusive). */
export function split(m: TokenMachine, token: TokenRow, node: FlowNode): void {
  let chosen: string[];
  if (node.kind === 'parallelGateway') chosen = node.outgoing.slice();
  else {
    chosen = openFlows(m, token, node);
    if (node.kind === 'exclusiveGateway' && chosen.length > 1) chosen.length = 1;
    if (chosen.length === 0 && node.defaultFlow) chosen = [node.defaultFlow];
  }
  if (chosen.length === 0) {
    if (node.outgoing.length === 0) return m.consume(token);
    throw new FlowError('flow.gateway.noPath', `no outgoing flow of ${node.id} has a true condition and there is no default`, { elementId: node.id });
  }
  m.log('leave', node.id, token.id, { flows: chosen });
  for (let i = 0; i < chosen.length; i++) m.enter(i === 0 ? token : m.newToken(node.id, token.scopeId), m.p.flows[chosen[i]].target, chosen[i]);
}

/** The ids of a node's outgoing flows, but the default, whose conditions hold, in order (every condition is evaluated). */
export function openFlows(m: TokenMachine, token: TokenRow, node: FlowNode): string[] {
  const open: string[] = [];
  for (const id of node.outgoing) {
    const f = m.p.flows[id];
    if (f.id !== node.defaultFlow && (!f.condition || m.evaluate(f.condition, token, `condition of ${f.id}`))) open.push(f.id);
  }
  return open;
}

function tryParallelJoin(m: TokenMachine, node: FlowNode, scopeId: string | null): void {
  // The first token joining by each flow, in the order of the tokens.
  const firsts: TokenRow[] = [];
  for (const t of m.s.tokens.values()) {
    if (t.state === 'joining' && t.elementId === node.id && t.scopeId === scopeId && !firsts.some((o) => o.flowId === t.flowId)) firsts.push(t);
  }
  for (const f of node.incoming) if (!firsts.some((t) => t.flowId === f)) return;
  const keep = firsts[0];
  for (let i = 1; i < firsts.length; i++) m.s.tokens.delete(firsts[i].id);
  keep.state = 'waiting';
  delete keep.flowId;
  split(m, keep, node);
}

/** Fires inclusive joins no other token can still reach; true when one fired. */
export function fireInclusiveJoins(m: TokenMachine): boolean {
  let joining = false;
  for (const t of m.s.tokens.values()) {
    if (t.state === 'joining') {
      joining = true;
      break;
    }
  }
  if (!joining) return false;
  const tokens = [...m.s.tokens.values()];
  for (const t of tokens) {
    if (t.state !== 'joining' || m.p.nodes[t.elementId].kind !== 'inclusiveGateway') continue;
    const blocked = tokens.some((o) => o.scopeId === t.scopeId && !(o.state === 'joining' && o.elementId === t.elementId) && canReach(m.p, o.elementId, t.elementId));
    if (blocked) continue;
    const arrived = tokens.filter((o) => o.state === 'joining' && o.elementId === t.elementId && o.scopeId === t.scopeId);
    for (const o of arrived.slice(1)) m.s.tokens.delete(o.id);
    const keep = arrived[0];
    keep.state = 'waiting';
    delete keep.flowId;
    split(m, keep, m.p.nodes[t.elementId]);
    return true;
  }
  return false;
}
