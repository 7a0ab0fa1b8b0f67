// bpmn-moddle ships types for its model but none for its entry point.
declare module 'bpmn-moddle' {
  export const BpmnModdle: new (packages?: Record<string, unknown>) => unknown;
}
