// Where things are in a BPMN file, for problems that name their line: elements by id, elements written without an
// id, and the first error of a file that is not well-formed XML.
import { SaxesParser } from 'saxes';
import type { ModdleElement } from './bpmn-schema.ts';

/**
 * Where and why a file that bpmn-moddle could not read is broken: the first error a strict XML parser (saxes) finds,
 * with its line; else (well-formed XML that is not BPMN) moddle's message at its line, or at the root element's.
 */
export function xmlProblem(xml: string, moddleMessage: string): { line: number; message: string } {
  const parser = new SaxesParser();
  let found: { line: number; message: string } | undefined;
  let rootLine: number | undefined;
  parser.on('error', (e) => {
    const m = /^(\d+):\d+: ([\s\S]*)$/.exec(e.message);
    found ??= m ? { line: Number(m[1]), message: m[2].replace(/\.$/, '') } : { line: parser.line, message: e.message };
  });
  parser.on('opentag', () => {
    rootLine ??= parser.line;
  });
  try {
    parser.write(xml).close();
  } catch {
    // saxes throws on its first error unless an error handler is set: the handler above took it.
  }
  if (found) return found;
  const m = /line: (\d+)/.exec(moddleMessage);
  return { line: m ? Number(m[1]) : (rootLine ?? 1), message: moddleMessage.split('\n')[0] };
}

/**
 * Gives each flow element written without an id (BPMN makes ids optional; Camunda 7 runs a sequence flow without
 * one) an id no file can have (`#` is not allowed in one): `sequenceFlow#2` for the file's second such sequence
 * flow. Returns the line of each by that id, and of each process without an id by the process, which is not given
 * one (its id is its key: the import asks for it).
 */
export function nameUnnamed(root: ModdleElement, xml: string): Map<string | ModdleElement, number> {
  const lines = new Map<string | ModdleElement, number>();
  const counts = new Map<string, number>();
  const startTags = new Map<string, number[]>();
  // The lines of the start tags named `local` (any prefix) that have no id, in document order, as moddle reads them.
  const lineOfNth = (local: string, n: number) => {
    let found = startTags.get(local);
    if (!found) {
      found = [];
      const re = new RegExp(`<(?:[\\w.-]+:)?${local}(?=[\\s/>])([^>]*)>`, 'g');
      const lineAt = lineCounter(xml);
      for (let m = re.exec(xml); m; m = re.exec(xml)) if (!/\sid\s*=/.test(m[1])) found.push(lineAt(m.index));
      startTags.set(local, found);
    }
    return found[n - 1] ?? 0;
  };
  const name = (el: ModdleElement) => {
    const local = el.$type.slice(el.$type.indexOf(':') + 1).replace(/^./, (c: string) => c.toLowerCase());
    const n = (counts.get(local) ?? 0) + 1;
    counts.set(local, n);
    const id = `${local}#${n}`;
    lines.set(id, lineOfNth(local, n));
    return id;
  };
  // Depth first in document order, without recursion: a file may nest subprocesses thousands deep (the importer
  // refuses more than MAX_NESTING levels, with this element's line).
  const visit = (container: ModdleElement) => {
    const stack: Array<{ els: ModdleElement[]; i: number }> = [{ els: container.flowElements ?? [], i: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.i === top.els.length) {
        stack.pop();
        continue;
      }
      const el = top.els[top.i++];
      if (!el.id) el.id = name(el);
      if (el.flowElements) stack.push({ els: el.flowElements, i: 0 });
    }
  };
  for (const p of root.rootElements ?? []) {
    if (p.$type !== 'bpmn:Process') continue;
    if (!p.id) lines.set(p, lines.get(name(p))!);
    visit(p);
  }
  return lines;
}

/** The line (1-based) of each offset asked for, offsets asked in increasing order: one pass over the text in all. */
function lineCounter(xml: string): (offset: number) => number {
  let line = 1;
  let at = 0;
  return (offset) => {
    for (; at < offset; at++) if (xml.charCodeAt(at) === 10) line++;
    return line;
  };
}

/** The line of the element with each id in the XML (1-based; 0 when not found or no id). */
export function lineFinder(xml: string): (id: string | undefined) => number {
  const lines = new Map<string, number>();
  const re = /\sid\s*=\s*["']([^"']+)["']/g;
  const lineAt = lineCounter(xml);
  for (let m = re.exec(xml); m; m = re.exec(xml)) if (!lines.has(m[1])) lines.set(m[1], lineAt(m.index));
  return (id) => (id ? lines.get(id) ?? 0 : 0);
}
