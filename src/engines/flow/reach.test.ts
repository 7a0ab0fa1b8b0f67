import { describe, expect, it } from 'vitest';
import { importBpmn } from './bpmn-import.ts';
import { unreachableNodes } from './reach.ts';
import { bpmnXml, chain } from './test-support.ts';

describe('unreachableNodes', () => {
  it('reaches along flows, into subprocesses, to boundary events and from message starts', async () => {
    const p = await importBpmn(bpmnXml(`
      <startEvent id="s"/><subProcess id="sub"><startEvent id="ss"/><userTask id="inner"/><endEvent id="se"/>${chain('ss', 'inner', 'se')}</subProcess>
      <boundaryEvent id="late" attachedToRef="sub"><timerEventDefinition><timeDuration>3wd</timeDuration></timerEventDefinition></boundaryEvent>
      <userTask id="chase"/><endEvent id="e"/><endEvent id="e2"/>
      <startEvent id="ms"><messageEventDefinition messageRef="m"/></startEvent><userTask id="byMessage"/>
      ${chain('s', 'sub', 'e')}${chain('late', 'chase', 'e2')}${chain('ms', 'byMessage', 'e')}`, { extra: '<message id="m" name="applied"/>' }));
    expect(unreachableNodes(p)).toEqual([]);
  });

  it('names what no path from a start event leads to, a loop among themselves included', async () => {
    const p = await importBpmn(bpmnXml(`
      <startEvent id="s"/><userTask id="a"/><endEvent id="e"/>
      <userTask id="island"/><exclusiveGateway id="g"/><userTask id="back"/>
      ${chain('s', 'a', 'e')}${chain('island', 'g', 'back', 'island')}`));
    expect(unreachableNodes(p).sort()).toEqual(['back', 'g', 'island']);
  });
});
