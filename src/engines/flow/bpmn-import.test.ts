import { describe, expect, it } from 'vitest';
import { checkBpmn, importBpmn, BpmnImportError } from './bpmn-import.ts';
import { exportBpmn } from './bpmn-export.ts';
import { bpmnXml, chain, flow } from './test-support.ts';

// A file as Camunda Modeler writes it: collaboration, lanes, annotations, groups, data, vendor extensions, diagram.
const modelerFile = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:ot="https://onething.dev/schema/bpmn/1.0"
  id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.0.0">
  <bpmn:collaboration id="Collab"><bpmn:participant id="Pool" name="Bureau" processRef="licence" /></bpmn:collaboration>
  <bpmn:category id="Cat"><bpmn:categoryValue id="CatV" value="phase 1" /></bpmn:category>
  <bpmn:process id="licence" name="Licence" isExecutable="true" camunda:historyTimeToLive="180">
    <bpmn:laneSet id="Lanes"><bpmn:lane id="LaneClerk" name="clerk"><bpmn:flowNodeRef>review</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:dataObjectReference id="DocRef" dataObjectRef="Doc" /><bpmn:dataObject id="Doc" />
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="review" name="Review" ot:timeLimit="20wd" camunda:assignee="demo">
      <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="x">1</camunda:inputParameter></camunda:inputOutput>
        <ot:formSchema>{"type":"object","required":["ok"]}</ot:formSchema></bpmn:extensionElements>
      <bpmn:dataInputAssociation id="DIA"><bpmn:sourceRef>DocRef</bpmn:sourceRef></bpmn:dataInputAssociation>
    </bpmn:userTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <bpmn:textAnnotation id="Note"><bpmn:text>legal limit: 20 working days</bpmn:text></bpmn:textAnnotation>
    <bpmn:association id="Assoc" sourceRef="review" targetRef="Note" />
    <bpmn:group id="Grp" categoryValueRef="CatV" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="Collab">
    <bpmndi:BPMNShape id="review_di" bpmnElement="review"><dc:Bounds x="10" y="10" width="100" height="80" /></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

describe('BPMN import', () => {
  it('imports a modeler file, keeping what has no behaviour and reading our extensions under any prefix', async () => {
    const p = await importBpmn(modelerFile);
    expect(p.key).toBe('licence');
    expect(Object.keys(p.nodes).sort()).toEqual(['end', 'review', 'start']);
    expect(p.nodes.review.userTask).toMatchObject({ candidateRoles: ['clerk'], timeLimit: { unit: 'wd', days: 20 }, form: { required: ['ok'] } });
    expect(p.nodes.start.outgoing).toEqual(['f1']);
  });

  it('rejects elements with behaviour it does not run, naming id, type and line', async () => {
    const xml = bpmnXml(`<startEvent id="s"/>
      <scriptTask id="script1"/>
      <complexGateway id="cx"/>
      <intermediateCatchEvent id="sig"><signalEventDefinition/></intermediateCatchEvent>
      <serviceTask id="svc"/>
      <userTask id="ut" onething:timeLimit="soon"/>
      ${chain('s', 'script1')}${flow('fc', 'ut', 'svc', 'amount >')}`);
    const { problems } = await checkBpmn(xml);
    const byId = Object.fromEntries(problems.map((p) => [p.id, p]));
    expect(byId.script1).toMatchObject({ type: 'bpmn:ScriptTask', line: 6 });
    expect(byId.cx).toMatchObject({ type: 'bpmn:ComplexGateway', line: 7 });
    expect(byId.sig.type).toBe('bpmn:IntermediateCatchEvent');
    expect(byId.svc.message).toContain('onething:handler');
    expect(byId.ut.message).toContain('"soon" is not a duration');
    expect(byId.fc.message).toContain('expression');
    await expect(importBpmn(xml)).rejects.toBeInstanceOf(BpmnImportError);
  });

  it('accepts event-based gateways only before timer and message catch events', async () => {
    const { problems } = await checkBpmn(bpmnXml(`<startEvent id="s"/><eventBasedGateway id="g"/><userTask id="t"/><endEvent id="e"/>
      <intermediateCatchEvent id="w"><timerEventDefinition><timeDuration>P1D</timeDuration></timerEventDefinition></intermediateCatchEvent>
      ${chain('s', 'g', 't', 'e')}${flow('fw', 'g', 'w')}${flow('fw2', 'w', 'e')}`));
    expect(problems.map((p) => [p.id, p.message])).toEqual([['g', '"t" follows an event-based gateway, so it must be a timer or message catch event or a receive task']]);
  });

  it('reads onething:async on service tasks: true or false, anything else reported', async () => {
    const { problems } = await checkBpmn(bpmnXml(`<startEvent id="s"/><serviceTask id="a" onething:handler="h" onething:async="true"/>
      <serviceTask id="b" onething:handler="h" onething:async="false"/><serviceTask id="c" onething:handler="h"/><sendTask id="d" onething:handler="h" onething:async="yes"/>
      <endEvent id="e"/>${chain('s', 'a', 'b', 'c', 'd', 'e')}`));
    expect(problems.map((p) => [p.id, p.message])).toEqual([['d', 'onething:async must be "true" or "false"']]);
    expect(problems[0]).toMatchObject({ type: 'bpmn:SendTask', line: 6 }); // bpmnXml's wrapper takes four lines
    const ok = await importBpmn(bpmnXml(`<startEvent id="s"/><serviceTask id="a" onething:handler="h" onething:async="true"/><serviceTask id="b" onething:handler="h" onething:async="false"/>
      <endEvent id="e"/>${chain('s', 'a', 'b', 'e')}`));
    expect([ok.nodes.a.async, ok.nodes.b.async]).toEqual([true, undefined]);
  });

  it('accepts bounded, unbounded and dated timer cycles; rejects malformed ones', async () => {
    const { process, problems } = await checkBpmn(bpmnXml(`<startEvent id="s"/><userTask id="t"/><endEvent id="e"/>${chain('s', 't', 'e')}
      <boundaryEvent id="ok" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R2/2wd</timeCycle></timerEventDefinition></boundaryEvent>
      <boundaryEvent id="hourly" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R/PT1H</timeCycle></timerEventDefinition></boundaryEvent>
      <boundaryEvent id="dated" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R3/2026-12-01T09:00:00/P1D</timeCycle></timerEventDefinition></boundaryEvent>
      <boundaryEvent id="until" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R/PT1H/2026-12-31T18:00:00+08:00</timeCycle></timerEventDefinition></boundaryEvent>
      <boundaryEvent id="stops" attachedToRef="t"><timerEventDefinition><timeCycle>R2/PT1H</timeCycle></timerEventDefinition></boundaryEvent>
      <boundaryEvent id="bad" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>every hour</timeCycle></timerEventDefinition></boundaryEvent>
      <boundaryEvent id="zero" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R0/PT1H</timeCycle></timerEventDefinition></boundaryEvent>
      <boundaryEvent id="baddate" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R3/2026-13-45T09:00:00/P1D</timeCycle></timerEventDefinition></boundaryEvent>
      <endEvent id="x"/>${['ok', 'hourly', 'dated', 'until', 'stops', 'bad', 'zero', 'baddate'].map((b) => flow(`f_${b}`, b, 'x')).join('')}`));
    expect(problems.map((p) => p.id).sort()).toEqual(['bad', 'baddate', 'zero']);
    expect(problems.every((p) => p.line > 0 && p.type === 'bpmn:BoundaryEvent')).toBe(true);
    expect(process!.nodes.hourly.timer).toEqual({ duration: { unit: 'ms', ms: 3_600_000 }, unbounded: true });
    expect(process!.nodes.dated.timer).toEqual({ duration: { unit: 'ms', ms: 86_400_000 }, cycle: 3, cycleStart: '2026-12-01T09:00:00' });
    expect(process!.nodes.until.timer).toMatchObject({ unbounded: true, cycleEnd: '2026-12-31T18:00:00+08:00' });
    expect(process!.nodes.stops.timer).toMatchObject({ cycle: 2 });
  });

  it('accepts an instantiating event-based gateway at the start of a process, and only there', async () => {
    const gatewayProcess = (extra = '', attrs = 'instantiate="true"') => bpmnXml(`<eventBasedGateway id="g" ${attrs}/>
      <intermediateCatchEvent id="a"><messageEventDefinition messageRef="mA"/></intermediateCatchEvent>
      <receiveTask id="b" messageRef="mB"/>
      <intermediateCatchEvent id="late"><timerEventDefinition><timeDuration>P5D</timeDuration></timerEventDefinition></intermediateCatchEvent>
      <endEvent id="e"/>${flow('ga', 'g', 'a')}${flow('gb', 'g', 'b')}${flow('gl', 'g', 'late')}${chain('a', 'e')}${flow('be', 'b', 'e')}${flow('le', 'late', 'e')}${extra}`,
    { extra: '<message id="mA" name="applied"/><message id="mB" name="paid"/>' });
    const ok = await importBpmn(gatewayProcess());
    expect(ok.startNodeId).toBe('g');
    expect(ok.messageStarts).toEqual({ applied: 'a', paid: 'b' });
    const withStart = await checkBpmn(gatewayProcess(`<startEvent id="s"/>${flow('sg', 's', 'g')}`));
    expect(withStart.problems.map((p) => [p.id, p.type, p.message])).toEqual([
      ['g', 'bpmn:EventBasedGateway', 'a process with an instantiating event-based gateway cannot also have a none start event ("s")'],
      ['g', 'bpmn:EventBasedGateway', 'an instantiating event-based gateway has no incoming flows'],
    ]);
    expect(withStart.problems[0].line).toBe(5);
    const parallel = await checkBpmn(gatewayProcess('', 'instantiate="true" eventGatewayType="Parallel"'));
    expect(parallel.problems.map((p) => p.id)).toContain('g');
  });

  it('runs the one process with flow elements of a collaboration, and names every candidate when several could run', async () => {
    const pools = (second: string, executable = '') => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <collaboration id="C"><participant id="P1" processRef="main"/><participant id="P2" processRef="other"/></collaboration>
  <process id="main" isExecutable="false"${executable}><startEvent id="s"/><endEvent id="e"/><sequenceFlow id="f" sourceRef="s" targetRef="e"/></process>
  <process id="other" isExecutable="false">${second}</process>
</definitions>`;
    expect((await importBpmn(pools(''))).key).toBe('main'); // a black-box pool's empty process
    const { problems } = await checkBpmn(pools('<startEvent id="s2"/>'));
    expect(problems.map((p) => [p.id, p.type, p.line])).toEqual([['main', 'bpmn:Process', 4], ['other', 'bpmn:Process', 5]]);
    expect(problems[0].message).toContain('isExecutable="true"');
  });

  it('reports a rejected element once, not again through the flows, boundary events and start it takes away', async () => {
    const { problems } = await checkBpmn(bpmnXml(`<startEvent id="s"><timerEventDefinition><timeCycle>R/PT1H</timeCycle></timerEventDefinition></startEvent>
      <scriptTask id="js"/><boundaryEvent id="late" attachedToRef="js"><timerEventDefinition><timeDuration>P1D</timeDuration></timerEventDefinition></boundaryEvent>
      <receiveTask id="wait"/><endEvent id="e"/>${chain('s', 'js', 'wait', 'e')}${flow('fl', 'late', 'e')}`));
    expect(problems.map((p) => [p.id, p.line])).toEqual([['s', 5], ['js', 6], ['wait', 7]]);
    expect(problems[2].message).toBe('needs a messageRef naming a bpmn:message');
  });

  it('reads conditions as JUEL #{…} and Camunda 8 FEEL =… write them, and rejects script conditions', async () => {
    const cond = (id: string, body: string, lang = '') => `<sequenceFlow id="${id}" sourceRef="g" targetRef="e"><conditionExpression xsi:type="tFormalExpression"${lang}>${body}</conditionExpression></sequenceFlow>`;
    const { process, problems } = await checkBpmn(bpmnXml(`<startEvent id="s"/><exclusiveGateway id="g"/><endEvent id="e"/>${chain('s', 'g')}
      ${cond('juel', '#{!approved}')}${cond('feel', '=status = "a=b" and amount &gt;= 10')}${cond('js', 'x &gt; 1', ' language="javascript"')}`));
    expect(problems.map((p) => [p.id, p.message])).toEqual([['js', 'conditions in script language "javascript" are not supported (write the condition in the engine\'s expression language)']]);
    expect(process!.flows.juel.condition).toEqual({ t: 'un', op: '!', a: { t: 'var', name: 'approved' } });
    expect(process!.flows.feel.condition).toMatchObject({ t: 'bin', op: '&&', a: { t: 'bin', op: '==', b: { t: 'lit', v: 'a=b' } }, b: { op: '>=' } });
  });

  it('rejects references that name nothing (an error or message that is not defined, a flow to a missing element)', async () => {
    const { problems } = await checkBpmn(bpmnXml(`<startEvent id="s"/><userTask id="t"/><endEvent id="e"><errorEventDefinition errorRef="noSuchError"/></endEvent>
      <boundaryEvent id="b" attachedToRef="t"><messageEventDefinition messageRef="noSuchMessage"/></boundaryEvent>
      ${chain('s', 't', 'e')}${flow('lost', 'b', 'gone')}`));
    expect(problems.map((p) => [p.id, p.message])).toEqual([
      ['e', 'errorRef "noSuchError" names no bpmn:error of the file'],
      ['b', 'messageRef "noSuchMessage" names no bpmn:message of the file'],
      ['lost', 'targetRef "gone" names no element of the file'],
    ]);
  });

  it('reads event definitions an event refers to with eventDefinitionRef', async () => {
    const { process, problems } = await checkBpmn(bpmnXml(`<startEvent id="s"/><intermediateCatchEvent id="wait"><eventDefinitionRef>day</eventDefinitionRef></intermediateCatchEvent>
      <intermediateThrowEvent id="shout"><eventDefinitionRef>sig</eventDefinitionRef></intermediateThrowEvent><endEvent id="e"/>${chain('s', 'wait', 'shout', 'e')}`,
    { extra: '<timerEventDefinition id="day"><timeDuration>P1D</timeDuration></timerEventDefinition><signalEventDefinition id="sig"/>' }));
    expect(problems.map((p) => [p.id, p.type, p.message])).toEqual([['shout', 'bpmn:IntermediateThrowEvent', 'throw event with bpmn:SignalEventDefinition']]);
    expect(process!.nodes.wait.timer).toEqual({ duration: { unit: 'ms', ms: 86_400_000 } });
  });

  it('reports broken XML with its line', async () => {
    const { problems } = await checkBpmn('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">\n<process id="p">\n</definitions>');
    expect(problems).toHaveLength(1);
    expect(problems[0].type).toBe('xml');
  });

  it('needs a start event, handlers and a catchable attachment', async () => {
    const { problems } = await checkBpmn(bpmnXml(`<userTask id="t"/><boundaryEvent id="b" attachedToRef="t" onething:limitShare="0.5"><timerEventDefinition/></boundaryEvent>`));
    expect(problems.map((p) => p.id).sort()).toEqual(['b', 'p']);
  });

  it('exports back to BPMN XML that imports to the same process, extensions and diagram kept', async () => {
    const out = await exportBpmn(modelerFile);
    expect(out).toContain('camunda:inputOutput');
    expect(out).toContain('BPMNShape');
    expect(out).toContain('timeLimit="20wd"');
    expect(await importBpmn(out)).toEqual(await importBpmn(modelerFile));
  });
});
