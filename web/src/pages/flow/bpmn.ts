// bpmn-js in the flow pages: loaded on demand (its own chunk), with our extension namespace so
// the designer can read and write onething:* attributes. The bpmn.io logo bpmn-js draws in the
// canvas stays: its licence requires it.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './flow.css';

/** The XML namespace of our extension attributes (the server's engine uses the same). */
export const ONETHING_NS = 'https://onething.dev/schema/bpmn/1.0';

const attr = (name: string) => ({ name, isAttr: true, type: 'String' });

/** The moddle package for onething:* attributes, as the engine defines it (web/ cannot import the engine). */
export const onethingModdle = {
  name: 'onething',
  uri: ONETHING_NS,
  prefix: 'onething',
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    { name: 'Tasking', isAbstract: true, extends: ['bpmn:UserTask', 'bpmn:Lane', 'bpmn:Process'], properties: ['candidateRole', 'candidateOrg', 'assignee', 'formKey', 'timeLimit', 'warnAt'].map(attr) },
    { name: 'Handling', isAbstract: true, extends: ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:EndEvent', 'bpmn:IntermediateThrowEvent'], properties: ['handler', 'decision', 'resultVariable', 'async'].map(attr) },
    { name: 'Correlating', isAbstract: true, extends: ['bpmn:ReceiveTask', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent', 'bpmn:StartEvent'], properties: ['correlationKey', 'limitShare'].map(attr) },
    { name: 'Looping', isAbstract: true, extends: ['bpmn:MultiInstanceLoopCharacteristics'], properties: ['collection', 'elementVariable', 'outputCollection', 'outputElement'].map(attr) },
    { name: 'Calling', isAbstract: true, extends: ['bpmn:CallActivity'], properties: ['version', 'inputs', 'outputs'].map(attr) },
    { name: 'FormSchema', superClass: ['Element'], properties: [{ name: 'body', isBody: true, type: 'String' }] },
  ],
};

/** A diagram element as the designer handles it. */
export interface DiagramElement {
  id: string;
  type: string;
  businessObject: { id: string; name?: string; get(name: string): unknown; conditionExpression?: { body?: string }; $parent?: unknown };
}

/** The few diagram-js services the pages use. */
export interface Services {
  canvas: { zoom(level?: 'fit-viewport' | number, center?: 'auto'): number; scroll(delta: { dx: number; dy: number }): void; addMarker(id: string, marker: string): void; scrollToElement(element: DiagramElement): void; getRootElement(): DiagramElement };
  elementRegistry: { get(id: string): DiagramElement | undefined; getAll(): DiagramElement[] };
  selection: { select(element: DiagramElement): void };
  modeling: {
    updateProperties(element: DiagramElement, props: Record<string, unknown>): void;
    /** Sets properties of a moddle element the shape holds (an event definition, a loop), undoably. */
    updateModdleProperties(element: DiagramElement, moddleElement: unknown, props: Record<string, unknown>): void;
  };
  moddle: { create(type: string, props: Record<string, unknown>): unknown; ids?: { nextPrefixed(prefix: string, element?: unknown): string } };
  eventBus: { on(event: string, callback: (event: { newSelection?: DiagramElement[]; element?: DiagramElement }) => void): void };
}

/** A bpmn-js viewer or modeler, typed as far as the pages use it. */
export interface Diagram {
  importXML(xml: string): Promise<{ warnings: unknown[] }>;
  saveXML(options?: { format?: boolean }): Promise<{ xml?: string }>;
  get<K extends keyof Services>(name: K): Services[K];
  destroy(): void;
}

/** Creates a modeler (editable) or a navigated viewer (pan and zoom only) in a container. */
export async function createDiagram(kind: 'modeler' | 'viewer', container: HTMLElement): Promise<Diagram> {
  const module = kind === 'modeler' ? await import('bpmn-js/lib/Modeler.js') : await import('bpmn-js/lib/NavigatedViewer.js');
  const Constructor = module.default as unknown as new (options: Record<string, unknown>) => Diagram;
  return new Constructor({ container, moddleExtensions: { onething: onethingModdle } });
}

/** A new process with a start event, one user task and an end event, drawn. */
export function newProcessXml(id: string, name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:onething="${ONETHING_NS}" id="defs_${id}" targetNamespace="https://onething.dev/processes">
  <bpmn:process id="${id}" name="${name.replace(/[<&"]/g, '')}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="review" name="" onething:candidateRole="official" onething:candidateOrg="\${gov.district}" onething:timeLimit="5wd"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram_${id}">
    <bpmndi:BPMNPlane id="plane_${id}" bpmnElement="${id}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="review_di" bpmnElement="review"><dc:Bounds x="240" y="80" width="100" height="80"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="392" y="102" width="36" height="36"/></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120"/><di:waypoint x="240" y="120"/></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120"/><di:waypoint x="392" y="120"/></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** A date and time in Beijing time, in the UI language. */
export function formatTime(iso: string | null, lang: string): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}
