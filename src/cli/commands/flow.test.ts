import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlowCheck } from './flow.ts';

const dir = mkdtempSync(join(tmpdir(), 'flow-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const head = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">`;
const good = `${head}
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" name="Review" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
const bad = `${head}
    <bpmn:startEvent id="start" />
    <bpmn:complexGateway id="cx" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="cx" />
    <bpmn:sequenceFlow id="f2" sourceRef="cx" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

function io() {
  const lines: string[] = [];
  return { lines, out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
}

describe('onething flow check', () => {
  it('exits 0 for a file the engine can import and run', async () => {
    const file = join(dir, 'good.bpmn');
    writeFileSync(file, good);
    const out = io();
    expect(await runFlowCheck([file], out)).toBe(0);
    expect(out.lines[0]).toMatch(/ok — process "p"/);
  });

  it('notes the elements no flow leads to, and still exits 0', async () => {
    const file = join(dir, 'island.bpmn');
    // `approve` and the second end event were drawn but never connected: they import and never run.
    writeFileSync(file, good.replace('<bpmn:endEvent id="end" />', '<bpmn:endEvent id="end" />\n    <bpmn:userTask id="approve" />\n    <bpmn:endEvent id="end2" />\n    <bpmn:sequenceFlow id="f3" sourceRef="approve" targetRef="end2" />'));
    const out = io();
    expect(await runFlowCheck([file], out)).toBe(0);
    expect(out.lines).toEqual([
      `${file}: ok — process "p" with 5 elements`,
      '  note, line 7: bpmn:UserTask "approve": no path from a start event reaches it: it never runs',
      '  note, line 8: bpmn:EndEvent "end2": no path from a start event reaches it: it never runs',
    ]);
  });

  it('exits 1 naming each unsupported element with id, type and line', async () => {
    const file = join(dir, 'bad.bpmn');
    writeFileSync(file, bad);
    const out = io();
    expect(await runFlowCheck([file], out)).toBe(1);
    expect(out.lines.join('\n')).toMatch(/line 5: bpmn:ComplexGateway "cx"/);
  });

  it('prints the problems in file order', async () => {
    const file = join(dir, 'order.bpmn');
    // The script task is reported as it is read, the gateway without an outgoing flow once every flow is known.
    writeFileSync(file, `${head}
    <bpmn:startEvent id="start" />
    <bpmn:exclusiveGateway id="dead" />
    <bpmn:scriptTask id="js" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="dead" />
  </bpmn:process>
</bpmn:definitions>`);
    const out = io();
    expect(await runFlowCheck([file], out)).toBe(1);
    expect(out.lines.slice(1).map((l) => /^ {2}line (\d+)/.exec(l)?.[1])).toEqual(['5', '6']);
  });

  it('reads a file in the encoding it declares: UTF-16 from Windows tools (kernel/xml-text.test.ts has the rest)', async () => {
    const utf16 = join(dir, 'utf16.bpmn');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good.replace('UTF-8', 'UTF-16'), 'utf16le')]));
    const out = io();
    expect(await runFlowCheck([utf16], out)).toBe(0);
    expect(out.lines).toEqual([expect.stringMatching(/utf16\.bpmn: ok — process "p"/)]);
  });

  it('exits 1 when a file cannot be read', async () => {
    expect(await runFlowCheck([join(dir, 'missing.bpmn')], io())).toBe(1);
  });
});
