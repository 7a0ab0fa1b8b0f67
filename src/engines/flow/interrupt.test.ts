import { describe, expect, it } from 'vitest';
import { importBpmn } from './bpmn-import.ts';
import { applyEvent, newInstanceState } from './events.ts';
import { bpmnXml, chain, flow } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

const ctx = { now: new Date('2026-03-02T01:00:00Z'), time: { calendar: weekendOnlyCalendar, utcOffsetMinutes: 0 }, actor: null };
const startOf = async (xml: string) => {
  const p = await importBpmn(xml);
  const s = newInstanceState({ id: 'fi_1', definitionId: 'd', key: p.key, version: 1, startedAt: ctx.now.toISOString() });
  const { history } = applyEvent(s, p, { type: 'start', variables: {}, startNodeId: p.startNodeId! }, ctx);
  return { s, history };
};

// Branches of a split still on their way when another branch's error (or terminate end) ends their scope.
describe('a scope interrupted while a split is under way', () => {
  it('leaves the branches not yet run where the interruption put them: nowhere', async () => {
    // As Camunda 7's BoundaryErrorEventTest.testConcurrentExecutionsInterruptedOnDestroyScope: the fork's first
    // branch throws at once; its second, not run yet, must not create a task in the subprocess that is gone.
    const { s, history } = await startOf(bpmnXml(`<startEvent id="s"/>
      <subProcess id="sub"><startEvent id="ss"/><parallelGateway id="fork"/>
        <endEvent id="boom"><errorEventDefinition errorRef="err"/></endEvent><userTask id="inner"/><endEvent id="se"/>
        ${chain('ss', 'fork')}${flow('toBoom', 'fork', 'boom')}${flow('toInner', 'fork', 'inner')}${chain('inner', 'se')}</subProcess>
      <boundaryEvent id="caught" attachedToRef="sub"><errorEventDefinition/></boundaryEvent>
      <userTask id="after"/><endEvent id="e"/>${chain('s', 'sub', 'e')}${chain('caught', 'after')}`, { extra: '<error id="err" errorCode="123"/>' }));
    expect([...s.tasks.values()].map((t) => t.elementId)).toEqual(['after']);
    expect([...s.tokens.values()].map((t) => t.elementId)).toEqual(['after']);
    expect(history.some((h) => h.kind === 'enter' && h.elementId === 'inner')).toBe(false);
  });

  it('stops the other branches at a terminate end event', async () => {
    const { s } = await startOf(bpmnXml(`<startEvent id="s"/><parallelGateway id="fork"/>
      <endEvent id="stop"><terminateEventDefinition/></endEvent><userTask id="never"/><endEvent id="e"/>
      ${chain('s', 'fork')}${flow('a', 'fork', 'stop')}${flow('b', 'fork', 'never')}${chain('never', 'e')}`));
    expect(s.status).toBe('completed');
    expect([...s.tasks.keys()]).toEqual([]);
  });
});
