import { createModdle } from './bpmn-schema.ts';

/**
 * Writes a definition's BPMN back as formatted XML through bpmn-moddle: every
 * element, diagram and vendor extension of the imported file is kept. A file
 * bpmn-moddle reads but cannot write again (an extension element in no namespace,
 * `<Grid xmlns="">`, as a Signavio export of W4's diagram styles has) is given
 * back as it was imported.
 * @example const xml = await exportBpmn(definition.xml);
 */
export async function exportBpmn(xml: string): Promise<string> {
  const moddle = createModdle();
  const { rootElement } = await moddle.fromXML(xml);
  try {
    return (await moddle.toXML(rootElement, { format: true })).xml;
  } catch {
    return xml;
  }
}
