import { ONETHING_NS } from '../../engines/flow/index.ts';

/** A node of a process drawn by `buildBpmn`: position is the centre of its shape. */
export interface SketchNode {
  id: string;
  type: 'startEvent' | 'endEvent' | 'userTask' | 'serviceTask' | 'exclusiveGateway' | 'parallelGateway' | 'eventBasedGateway' | 'intermediateCatchEvent';
  name?: string;
  x: number;
  y: number;
  /** onething:* attributes without the prefix (candidateRole, candidateOrg, timeLimit, handler…). */
  attrs?: Record<string, string>;
  /** A JSON Schema for the task's completion form. */
  form?: Record<string, unknown>;
  /** Default outgoing flow of a gateway. */
  defaultFlow?: string;
  terminate?: boolean;
  /** An intermediate catch event's timer: an ISO 8601 / `20d` duration, or a `${…}` date template. */
  timer?: { duration?: string; date?: string };
  /** An intermediate catch event's message name, and its correlation key template (`correlationKey` in attrs). */
  message?: string;
  /** Multi-instance over a collection expression, one instance per element (`item` by default). */
  multiInstance?: { collection: string; elementVariable?: string; sequential?: boolean };
}

/** A sequence flow between two sketch nodes. */
export interface SketchFlow {
  id: string;
  from: string;
  to: string;
  name?: string;
  condition?: string;
}

const SIZE: Record<SketchNode['type'], [number, number]> = {
  startEvent: [36, 36], endEvent: [36, 36], userTask: [100, 80], serviceTask: [100, 80], exclusiveGateway: [50, 50], parallelGateway: [50, 50],
  eventBasedGateway: [50, 50], intermediateCatchEvent: [36, 36],
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * BPMN 2.0 XML with its diagram (so bpmn-js can draw it) from a sketch of
 * nodes at positions and flows between them; flows bend at right angles.
 * `attrs` are onething:* attributes of the process (e.g. its own `timeLimit`).
 */
export function buildBpmn(process: { id: string; name: string; nodes: SketchNode[]; flows: SketchFlow[]; attrs?: Record<string, string> }): string {
  const byId = new Map(process.nodes.map((n) => [n.id, n]));
  const incoming = (id: string) => process.flows.filter((f) => f.to === id).map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`).join('');
  const outgoing = (id: string) => process.flows.filter((f) => f.from === id).map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`).join('');
  const elements = process.nodes.map((n) => {
    const attrs = Object.entries(n.attrs ?? {}).map(([k, v]) => ` onething:${k}="${esc(v)}"`).join('');
    const name = n.name ? ` name="${esc(n.name)}"` : '';
    const def = n.defaultFlow ? ` default="${n.defaultFlow}"` : '';
    const ext = n.form ? `<bpmn:extensionElements><onething:formSchema>${esc(JSON.stringify(n.form))}</onething:formSchema></bpmn:extensionElements>` : '';
    const term = n.terminate ? `<bpmn:terminateEventDefinition id="${n.id}_term"/>` : '';
    const timer = n.timer ? `<bpmn:timerEventDefinition id="${n.id}_timer">${n.timer.date ? `<bpmn:timeDate>${esc(n.timer.date)}</bpmn:timeDate>` : `<bpmn:timeDuration>${esc(n.timer.duration ?? '')}</bpmn:timeDuration>`}</bpmn:timerEventDefinition>` : '';
    const message = n.message ? `<bpmn:messageEventDefinition id="${n.id}_msg" messageRef="msg_${n.message}"/>` : '';
    const mi = n.multiInstance
      ? `<bpmn:multiInstanceLoopCharacteristics${n.multiInstance.sequential ? ' isSequential="true"' : ''} onething:collection="${esc(n.multiInstance.collection)}" onething:elementVariable="${n.multiInstance.elementVariable ?? 'item'}"/>`
      : '';
    return `    <bpmn:${n.type} id="${n.id}"${name}${def}${attrs}>${ext}${incoming(n.id)}${outgoing(n.id)}${mi}${term}${timer}${message}</bpmn:${n.type}>`;
  });
  const flows = process.flows.map((f) => {
    const name = f.name ? ` name="${esc(f.name)}"` : '';
    const cond = f.condition ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression>` : '';
    return `    <bpmn:sequenceFlow id="${f.id}"${name} sourceRef="${f.from}" targetRef="${f.to}">${cond}</bpmn:sequenceFlow>`;
  });
  const shapes = process.nodes.map((n) => {
    const [w, h] = SIZE[n.type];
    return `      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"><dc:Bounds x="${n.x - w / 2}" y="${n.y - h / 2}" width="${w}" height="${h}"/></bpmndi:BPMNShape>`;
  });
  const edges = process.flows.map((f) => {
    const a = byId.get(f.from)!;
    const b = byId.get(f.to)!;
    const ax = a.x + SIZE[a.type][0] / 2;
    const bx = b.x - SIZE[b.type][0] / 2;
    let points: Array<[number, number]>;
    if (a.y === b.y) points = [[ax, a.y], [bx, b.y]];
    else if (a.type.endsWith('Gateway')) points = [[a.x, a.y + (b.y > a.y ? 25 : -25)], [a.x, b.y], [bx, b.y]];
    else if (b.type.endsWith('Gateway')) points = [[ax, a.y], [b.x, a.y], [b.x, b.y + (a.y > b.y ? 25 : -25)]];
    else points = [[ax, a.y], [(ax + bx) / 2, a.y], [(ax + bx) / 2, b.y], [bx, b.y]];
    const wps = points.map(([x, y]) => `<di:waypoint x="${x}" y="${y}"/>`).join('');
    return `      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">${wps}</bpmndi:BPMNEdge>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"',
    '  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    `  xmlns:onething="${ONETHING_NS}" id="defs_${process.id}" targetNamespace="https://onething.dev/processes">`,
    ...[...new Set(process.nodes.flatMap((n) => (n.message ? [n.message] : [])))].map((m) => `  <bpmn:message id="msg_${m}" name="${esc(m)}"/>`),
    `  <bpmn:process id="${process.id}" name="${esc(process.name)}" isExecutable="true"${Object.entries(process.attrs ?? {}).map(([k, v]) => ` onething:${k}="${esc(v)}"`).join('')}>`,
    ...elements,
    ...flows,
    '  </bpmn:process>',
    `  <bpmndi:BPMNDiagram id="diagram_${process.id}">`,
    `    <bpmndi:BPMNPlane id="plane_${process.id}" bpmnElement="${process.id}">`,
    ...shapes,
    ...edges,
    '    </bpmndi:BPMNPlane>',
    '  </bpmndi:BPMNDiagram>',
    '</bpmn:definitions>',
    '',
  ].join('\n');
}
