import * as bpmnModdle from 'bpmn-moddle';

/** The XML namespace of our extension attributes, e.g. `onething:candidateRole`. */
export const ONETHING_NS = 'https://onething.dev/schema/bpmn/1.0';

const attr = (name: string) => ({ name, isAttr: true, type: 'String' });

/**
 * The moddle package that gives our extension attributes their types, so they
 * survive import and export whatever prefix a file binds to the namespace.
 */
export const onethingModdlePackage = {
  name: 'onething',
  uri: ONETHING_NS,
  prefix: 'onething',
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    {
      name: 'Tasking',
      isAbstract: true,
      extends: ['bpmn:UserTask', 'bpmn:Lane', 'bpmn:Process'],
      properties: ['candidateRole', 'candidateOrg', 'assignee', 'formKey', 'timeLimit', 'warnAt'].map(attr),
    },
    {
      name: 'Handling',
      isAbstract: true,
      extends: ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:EndEvent', 'bpmn:IntermediateThrowEvent'],
      properties: ['handler', 'decision', 'resultVariable', 'async'].map(attr),
    },
    {
      name: 'Correlating',
      isAbstract: true,
      extends: ['bpmn:ReceiveTask', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent', 'bpmn:StartEvent'],
      properties: ['correlationKey', 'limitShare'].map(attr),
    },
    {
      name: 'Looping',
      isAbstract: true,
      extends: ['bpmn:MultiInstanceLoopCharacteristics'],
      properties: ['collection', 'elementVariable', 'outputCollection', 'outputElement'].map(attr),
    },
    { name: 'Calling', isAbstract: true, extends: ['bpmn:CallActivity'], properties: ['version', 'inputs', 'outputs'].map(attr) },
    { name: 'FormSchema', superClass: ['Element'], properties: [{ name: 'body', isBody: true, type: 'String' }] },
  ],
};

/** A moddle element as bpmn-moddle returns it: typed properties plus `$type` and `$attrs`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModdleElement = { $type: string; id: string; $attrs?: Record<string, string>; [key: string]: any };

interface ModdleLike {
  fromXML(xml: string): Promise<{ rootElement: ModdleElement; warnings: Array<{ message: string; element?: ModdleElement }> }>;
  toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>;
}

const BpmnModdleClass = (bpmnModdle as unknown as { BpmnModdle: new (packages: Record<string, unknown>) => ModdleLike }).BpmnModdle;

/** A BPMN moddle that knows our extension namespace. */
export function createModdle(): ModdleLike {
  return new BpmnModdleClass({ onething: onethingModdlePackage });
}
