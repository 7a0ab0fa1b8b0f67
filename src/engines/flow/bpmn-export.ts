import { createModdle } from './bpmn-schema.ts';

/**
 * Writes a definition's BPMN back as formatted XML through bpmn-moddle: every
 * element, diagram and vendor extension of the imported file is kept.
 * @example const xml = await exportBpmn(definition.xml);
 */
export async function exportBpmn(xml: string): Promise<string> {
  const moddle = createModdle();
  const { rootElement } = await moddle.fromXML(xml);
  return (await moddle.toXML(rootElement, { format: true })).xml;
}
