import { describe, expect, it } from 'vitest';
import { checkBpmn, importBpmn, BpmnImportError, MAX_NESTING } from './bpmn-import.ts';
import { exportBpmn } from './bpmn-export.ts';
import { bpmnXml, chain, flow } from './test-support.ts';
import { MAX_DURATION } from './time.ts';

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

  it("checks a task's inline form schema at import: it compiles, fetches nothing, and no pattern can take exponential time", async () => {
    const task = (id: string, schema: string) => `<userTask id="${id}"><extensionElements><onething:formSchema>${schema}</onething:formSchema></extensionElements></userTask>`;
    const ids = ['fine', 'notJson', 'badType', 'remote', 'nested', 'keys', 'unclosed'];
    const { problems } = await checkBpmn(bpmnXml(`<startEvent id="s"/>
      ${task('fine', '{"type":"object","required":["uscc"],"properties":{"uscc":{"type":"string","pattern":"^[0-9A-HJ-NPQRTUWXY]{2}\\\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$"}}}')}
      ${task('notJson', '{not json')}
      ${task('badType', '{"type":"nonsense"}')}
      ${task('remote', '{"$ref":"https://example.org/form.json"}')}
      ${task('nested', '{"type":"object","properties":{"name":{"type":"string","pattern":"^(a+)+$"}}}')}
      ${task('keys', '{"type":"object","patternProperties":{"^(\\\\w+\\\\s?)*$":{"type":"string"}}}')}
      ${task('unclosed', '{"type":"string","pattern":"[unclosed"}')}
      <endEvent id="e"/>${chain('s', ...ids, 'e')}`));
    expect(problems.map((p) => [p.id, p.message])).toEqual([
      ['notJson', 'onething:formSchema must hold a JSON Schema'],
      ['badType', expect.stringMatching(/^onething:formSchema: the form schema does not compile: schema is invalid: data\/type /)],
      ['remote', 'onething:formSchema: the form schema does not compile: can\'t resolve reference https://example.org/form.json from id #'],
      ['nested', 'onething:formSchema: the form schema\'s pattern "^(a+)+$" repeats a repetition: matching it can take exponential time on a crafted answer (write it without nested quantifiers)'],
      ['keys', expect.stringContaining('pattern "^(\\w+\\s?)*$" repeats a repetition')],
      ['unclosed', expect.stringContaining('pattern "[unclosed" is not a regular expression')],
    ]);
  });

  it('refuses time limits and timers longer than a hundred years, which no date or calendar holds', async () => {
    const { problems } = await checkBpmn(bpmnXml(`<startEvent id="s"/>
      <userTask id="longest" onething:timeLimit="${MAX_DURATION.wd}wd"/><userTask id="wd" onething:timeLimit="${MAX_DURATION.wd + 1}wd"/><userTask id="days" onething:timeLimit="P36526D"/>
      <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>P99999999999D</timeDuration></timerEventDefinition></intermediateCatchEvent>
      <endEvent id="e"/>${chain('s', 'longest', 'wd', 'days', 'wait', 'e')}
      <boundaryEvent id="cycle" attachedToRef="longest" cancelActivity="false"><timerEventDefinition><timeCycle>R/P40000D</timeCycle></timerEventDefinition></boundaryEvent>
      <endEvent id="x"/>${flow('fc', 'cycle', 'x')}`));
    expect(problems.map((p) => [p.id, p.message])).toEqual([
      ['wd', `"${MAX_DURATION.wd + 1}wd" is longer than a hundred years (25000 working days, 36525 days)`],
      ['days', '"P36526D" is longer than a hundred years (25000 working days, 36525 days)'],
      ['wait', '"P99999999999D" is longer than a hundred years (25000 working days, 36525 days)'],
      ['cycle', 'timer cycle "R/P40000D": its interval is longer than a hundred years'],
    ]);
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

  it('names flow elements written without an id, and says where they are', async () => {
    // BPMN makes ids optional, and Camunda 7 runs a sequence flow without one (its own test resources have several).
    const xml = bpmnXml(`<startEvent id="s"/><exclusiveGateway id="g" default="toE"/><endEvent id="e"/><endEvent id="other"/>
<sequenceFlow sourceRef="s" targetRef="g"/>
<sequenceFlow sourceRef="g" targetRef="other"><conditionExpression>bean.call()</conditionExpression></sequenceFlow>
<sequenceFlow id="toE" sourceRef="g" targetRef="e"/>`);
    const { problems, process } = await checkBpmn(xml);
    expect(problems).toEqual([{ id: 'sequenceFlow#2', type: 'bpmn:SequenceFlow', line: 7, message: expect.stringContaining('bean.call()') }]);
    expect(process!.nodes.s.outgoing).toEqual(['sequenceFlow#1']);
    const fixed = await importBpmn(xml.replace('bean.call()', 'ok'));
    expect(fixed.flows['sequenceFlow#2']).toMatchObject({ source: 'g', target: 'other', condition: { t: 'var', name: 'ok' } });
    // A process's id is its key: without one, the import asks for it.
    expect((await checkBpmn(bpmnXml('<startEvent id="s"/>').replace('<process id="p"', '<process'))).problems).toEqual([
      { id: '', type: 'bpmn:Process', line: 4, message: 'the process needs an id: it is the key it is started and versioned by' },
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
    expect(problems).toEqual([{ id: '', type: 'xml', line: 3, message: 'unexpected close tag' }]);
    const at = async (xml: string) => (await checkBpmn(xml)).problems.map((p) => [p.type, p.line]);
    expect(await at('<?xml version="1.0"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">\n<process id="p">\n<task <<\n</definitions>')).toEqual([['xml', 4]]);
    expect(await at('<not xml')).toEqual([['xml', 1]]);
    expect(await at('')).toEqual([['xml', 1]]);
    // Well-formed, but not BPMN: at the root element.
    expect(await at('<?xml version="1.0"?>\n\n<notes/>')).toEqual([['xml', 3]]);
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

  it('exports a file with an extension element in no namespace as it was imported', async () => {
    // As in a Signavio export of W4 diagram styles (BPMN MIWG test suite, A.2.1): bpmn-moddle reads it as ns0:Grid,
    // and cannot write that prefix back.
    const xml = bpmnXml('<startEvent id="s"/><endEvent id="e"/><sequenceFlow id="f" sourceRef="s" targetRef="e"/>')
      .replace('isExecutable="true">', 'isExecutable="true"><extensionElements><style xmlns="urn:example:style"><Grid xmlns="" spacing="15"/></style></extensionElements>');
    expect((await checkBpmn(xml)).problems).toEqual([]);
    expect(await exportBpmn(xml)).toBe(xml);
  });
});

// Vendor namespaces, bound to prefixes other than the usual ones: the importer matches them by URI.
const VENDORS = {
  c7: 'http://camunda.org/schema/1.0/bpmn',
  zb: 'http://camunda.org/schema/zeebe/1.0',
  fl: 'http://flowable.org/bpmn',
  ac: 'http://activiti.org/bpmn',
};

/** A process body in a document that declares the onething namespace and every vendor namespace under VENDORS' prefixes. */
function vendorXml(body: string, extra = ''): string {
  const ns = Object.entries(VENDORS).map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`).join('');
  return bpmnXml(body, { extra }).replace('<definitions ', `<definitions${ns} `);
}

/** The problems of a file as `[id, message]` pairs. */
describe('BPMN import of deeply nested files', () => {
  it('reads subprocesses and lanes 100 deep and refuses the 101st level by id and line, at any depth without overflowing', async () => {
    const subprocesses = (n: number) => bpmnXml(`<startEvent id="s"/>\n${Array.from({ length: n }, (_, i) => `<subProcess id="sp${i}"><startEvent id="in${i}"/><sequenceFlow sourceRef="in${i}" targetRef="${i + 1 < n ? `sp${i + 1}` : 'last'}"/>\n`).join('')}<endEvent id="last"/>${'</subProcess>'.repeat(n)}<endEvent id="e"/>${chain('s', 'sp0', 'e')}`);
    const fine = await checkBpmn(subprocesses(MAX_NESTING));
    expect(fine.problems).toEqual([]);
    expect(fine.process!.nodes.last.scope).toBe(`sp${MAX_NESTING - 1}`);
    for (const n of [MAX_NESTING + 1, 20_000]) {
      const xml = subprocesses(n);
      const lineOf = (text: string) => xml.slice(0, xml.indexOf(text)).split('\n').length;
      const { problems } = await checkBpmn(xml);
      expect(problems).toEqual([{ id: `sp${MAX_NESTING}`, type: 'bpmn:SubProcess', line: lineOf(`id="sp${MAX_NESTING}"`), message: `subprocesses nested more than ${MAX_NESTING} deep are not supported` }]);
    }
    const lanes = (n: number) => bpmnXml(`<laneSet id="ls">${Array.from({ length: n }, (_, i) => `<lane id="l${i}" name="r${i}"><flowNodeRef>t</flowNodeRef><childLaneSet id="c${i}">`).join('')}${'</childLaneSet></lane>'.repeat(n)}</laneSet>
      <startEvent id="s"/><userTask id="t"/><endEvent id="e"/>${chain('s', 't', 'e')}`);
    expect((await checkBpmn(lanes(MAX_NESTING))).process!.nodes.t.userTask!.candidateRoles).toEqual([`r${MAX_NESTING - 1}`]);
    expect((await problemsOf(lanes(5000)))).toEqual([[`l${MAX_NESTING}`, `lanes nested more than ${MAX_NESTING} deep are not supported`]]);
  });
});

async function problemsOf(xml: string): Promise<Array<[string, string]>> {
  return (await checkBpmn(xml)).problems.map((p) => [p.id, p.message]);
}

describe('BPMN import of vendor settings', () => {
  it('reads a handler from Camunda 7 external tasks, Flowable external workers and Camunda 8 job types; ours first', async () => {
    const p = await importBpmn(vendorXml(`<startEvent id="s"/>
      <serviceTask id="c7" c7:type="external" c7:topic="charge"/>
      <sendTask id="fl" fl:type="external-worker" fl:topic="notify"/>
      <serviceTask id="zb"><extensionElements><zb:taskDefinition type="ship-items" retries="3"/></extensionElements></serviceTask>
      <serviceTask id="ours" onething:handler="mine" c7:class="org.example.Ignored"><extensionElements><zb:taskDefinition type="theirs"/></extensionElements></serviceTask>
      <intermediateThrowEvent id="tell"><extensionElements><zb:taskDefinition type="tell"/></extensionElements><messageEventDefinition messageRef="m"/></intermediateThrowEvent>
      <endEvent id="e"/>${chain('s', 'c7', 'fl', 'zb', 'ours', 'tell', 'e')}`, '<message id="m" name="told"/>'));
    expect(['c7', 'fl', 'zb', 'ours', 'tell'].map((id) => p.nodes[id].handler)).toEqual(['charge', 'notify', 'ship-items', 'mine', 'tell']);
    expect(p.nodes.tell.kind).toBe('serviceTask');
  });

  it('reads camunda:asyncBefore and Flowable / Activiti async as onething:async on service, send and business-rule tasks; ours first', async () => {
    const p = await importBpmn(vendorXml(`<startEvent id="s" c7:asyncBefore="true"/>
      <serviceTask id="c7" c7:type="external" c7:topic="charge" c7:asyncBefore="true"/>
      <sendTask id="fl" fl:type="external-worker" fl:topic="notify" fl:async="true"/>
      <serviceTask id="ac" onething:handler="h" ac:async="true"/>
      <businessRuleTask id="rule" onething:decision="unit" c7:asyncBefore="true"/>
      <serviceTask id="after" onething:handler="h" c7:asyncAfter="true" c7:asyncBefore="false"/>
      <serviceTask id="ours" onething:handler="h" onething:async="false" c7:asyncBefore="true"/>
      <userTask id="u" c7:asyncBefore="true"/>
      <endEvent id="e"/>${chain('s', 'c7', 'fl', 'ac', 'rule', 'after', 'ours', 'u', 'e')}`));
    expect(['c7', 'fl', 'ac', 'rule', 'after', 'ours'].map((id) => p.nodes[id].async ?? false)).toEqual([true, true, true, true, false, false]);
    // Elsewhere an asynchronous continuation is only a transaction boundary: a step ends at each wait state anyway.
    expect(p.nodes.u.async).toBeUndefined();
    expect(p.nodes.s.async).toBeUndefined();
  });

  it('matches vendor namespaces by URI: a camunda prefix bound elsewhere is not read, one bound to Activiti is', async () => {
    const xml = (uri: string) => bpmnXml(`<startEvent id="s"/><userTask id="t" camunda:candidateGroups="clerk"/><endEvent id="e"/>${chain('s', 't', 'e')}`)
      .replace('<definitions ', `<definitions xmlns:camunda="${uri}" `);
    expect((await importBpmn(xml('https://example.org/not-camunda'))).nodes.t.userTask!.candidateRoles).toEqual([]);
    expect((await importBpmn(xml(VENDORS.ac))).nodes.t.userTask!.candidateRoles).toEqual(['clerk']);
    // A declaration on the element itself counts too.
    const local = await importBpmn(bpmnXml(`<startEvent id="s"/><serviceTask id="a" xmlns:x="${VENDORS.c7}" x:type="external" x:topic="t1"/><endEvent id="e"/>${chain('s', 'a', 'e')}`));
    expect(local.nodes.a.handler).toBe('t1');
  });

  it('keeps rejecting Java-bound and built-in implementations, saying why and what to write instead', async () => {
    const problems = await problemsOf(vendorXml(`<startEvent id="s"/>
      <serviceTask id="cls" c7:class="org.example.Charge"/>
      <serviceTask id="bean" c7:delegateExpression="\${chargeService}"/>
      <serviceTask id="expr" c7:expression="#{svc.go(x)}"/>
      <serviceTask id="flc" fl:class="org.example.F"/>
      <sendTask id="acc" ac:class="org.example.A"/>
      <serviceTask id="mail" ac:type="mail"/>
      <serviceTask id="notopic" c7:type="external"/>
      <serviceTask id="feel"><extensionElements><zb:taskDefinition type="=kind"/></extensionElements></serviceTask>
      <serviceTask id="mapped" c7:type="external" c7:topic="t"><extensionElements><c7:inputOutput><c7:inputParameter name="a">1</c7:inputParameter></c7:inputOutput></extensionElements></serviceTask>
      <serviceTask id="zmapped"><extensionElements><zb:taskDefinition type="t"/><zb:ioMapping><zb:input source="=a" target="b"/></zb:ioMapping></extensionElements></serviceTask>
      <serviceTask id="headers"><extensionElements><zb:taskDefinition type="t"/><zb:taskHeaders><zb:header key="k" value="v"/></zb:taskHeaders></extensionElements></serviceTask>
      <serviceTask id="none"/>
      <endEvent id="e"/>${chain('s', 'cls', 'bean', 'expr', 'flc', 'acc', 'mail', 'notopic', 'feel', 'mapped', 'zmapped', 'headers', 'none', 'e')}`));
    const java = ' names Java code, which this engine cannot run: register a handler and name it with onething:handler';
    const external = ' (or make it an external task: camunda:type="external" camunda:topic="…")';
    expect(problems).toEqual([
      ['cls', `c7:class="org.example.Charge"${java}${external}`],
      ['bean', `c7:delegateExpression="\${chargeService}"${java}${external}`],
      ['expr', `c7:expression="#{svc.go(x)}"${java}${external}`],
      ['flc', `fl:class="org.example.F"${java}`],
      ['acc', `ac:class="org.example.A"${java}`],
      ['mail', 'ac:type="mail" is a built-in task of activiti, which this engine does not have: register a handler and name it with onething:handler'],
      ['notopic', 'c7:type="external" needs a topic (camunda:topic) naming the handler'],
      ['feel', 'zeebe:taskDefinition type "=kind" is a FEEL expression; the engine needs the handler\'s name: write it, or onething:handler'],
      ['mapped', 'camunda:inputOutput is not supported: variables pass unmapped (remove the mapping, or map in the handler)'],
      ['zmapped', 'zeebe:ioMapping is not supported: variables pass unmapped (remove the mapping, or map in the handler)'],
      ['headers', 'zeebe:taskHeaders are not passed to handlers: register a handler per header set and name it with onething:handler'],
      ['none', 'needs onething:handler naming a registered handler (or camunda:type="external" with camunda:topic, or zeebe:taskDefinition type)'],
    ]);
  });

  it('reads user task assignment from potentialOwner, humanPerformer, Camunda 7, Flowable, Activiti and Camunda 8', async () => {
    const owner = (id: string, kind: string, text: string) => `<userTask id="${id}"><${kind}><resourceAssignmentExpression><formalExpression>${text}</formalExpression></resourceAssignmentExpression></${kind}></userTask>`;
    const ids = ['po', 'flg', 'hp', 'hpvar', 'res', 'c7', 'fl', 'ac', 'zb', 'zbvar', 'both', 'ours', 'laned'];
    const p = await importBpmn(vendorXml(`<laneSet id="ls"><lane id="lane" name="registry"><flowNodeRef>laned</flowNodeRef><flowNodeRef>ac</flowNodeRef></lane></laneSet>
      <startEvent id="s"/>
      ${owner('po', 'potentialOwner', 'management, accountancy')}
      ${owner('flg', 'potentialOwner', 'group(management)')}
      ${owner('hp', 'humanPerformer', 'kermit')}
      ${owner('hpvar', 'humanPerformer', '${employeeName}')}
      <userTask id="res"><potentialOwner><resourceRef>approver</resourceRef></potentialOwner></userTask>
      <userTask id="c7" c7:candidateGroups="clerk, auditor" c7:assignee="demo"/>
      <userTask id="fl" fl:candidateGroups="sales" fl:assignee="#{owner}"/>
      <userTask id="ac" ac:assignee="fozzie"/>
      <userTask id="zb"><extensionElements><zb:assignmentDefinition candidateGroups="tax, land" assignee="lisa"/></extensionElements></userTask>
      <userTask id="zbvar"><extensionElements><zb:assignmentDefinition assignee="=applicant.officer"/></extensionElements></userTask>
      <userTask id="both" c7:candidateGroups="clerk">${owner('x', 'potentialOwner', 'auditor').replace(/<\/?userTask[^>]*>/g, '')}</userTask>
      <userTask id="ours" onething:candidateRole="chief" onething:assignee="boss" c7:candidateGroups="\${groups}" c7:assignee="\${nobody()}"/>
      <userTask id="laned"/>
      <endEvent id="e"/>${chain('s', ...ids, 'e')}`, '<resource id="approver" name="Approver"/>'));
    const assignment = (id: string) => [p.nodes[id].userTask!.candidateRoles, p.nodes[id].userTask!.assignee];
    expect(Object.fromEntries(ids.map((id) => [id, assignment(id)]))).toEqual({
      po: [['management', 'accountancy'], undefined],
      flg: [['management'], undefined],
      hp: [[], ['kermit']],
      hpvar: [[], [{ t: 'var', name: 'employeeName' }]],
      res: [['Approver'], undefined],
      c7: [['clerk', 'auditor'], ['demo']],
      fl: [['sales'], [{ t: 'var', name: 'owner' }]],
      ac: [['registry'], ['fozzie']], // no roles of its own: its lane's
      zb: [['tax', 'land'], ['lisa']],
      zbvar: [[], [{ t: 'get', obj: { t: 'var', name: 'applicant' }, key: { t: 'lit', v: 'officer' } }]],
      both: [['auditor', 'clerk'], undefined],
      ours: [['chief'], ['boss']],
      laned: [['registry'], undefined],
    });
  });

  it('rejects assignments it cannot evaluate when it creates the task, and candidate users, rather than let anyone take the task', async () => {
    const problems = await problemsOf(vendorXml(`<startEvent id="s" fl:initiator="employee.name"/>
      <userTask id="expr" c7:candidateGroups="\${managersOf(dept)}"/>
      <userTask id="feel"><extensionElements><zb:assignmentDefinition candidateGroups="=[&quot;a&quot;]"/></extensionElements></userTask>
      <userTask id="call" fl:assignee="\${ldap.managerOf(employee)}"/>
      <userTask id="builtin" c7:assignee="\${execution.processBusinessKey}"/>
      <userTask id="placeholder" ac:assignee="$INITIATOR"/>
      <userTask id="users" c7:candidateUsers="kermit, gonzo"/>
      <userTask id="zusers"><extensionElements><zb:assignmentDefinition candidateUsers="kermit"/></extensionElements></userTask>
      <userTask id="owner"><potentialOwner><resourceAssignmentExpression><formalExpression>user(kermit), group(management)</formalExpression></resourceAssignmentExpression></potentialOwner></userTask>
      <userTask id="many"><humanPerformer><resourceAssignmentExpression><formalExpression>kermit, gonzo</formalExpression></resourceAssignmentExpression></humanPerformer></userTask>
      <userTask id="usersOk" c7:candidateUsers="kermit" onething:assignee="kermit"/>
      <endEvent id="e"/>${chain('s', 'expr', 'feel', 'call', 'builtin', 'placeholder', 'users', 'zusers', 'owner', 'many', 'usersOk', 'e')}`));
    const cannot = 'is an expression the engine cannot evaluate when it creates the task';
    const noUsers = 'the engine has no candidate users; write onething:assignee for one user, or onething:candidateRole for roles';
    expect(problems).toEqual([
      ['s', 'fl:initiator="employee.name" must name a variable'],
      ['expr', `c7:candidateGroups "\${managersOf(dept)}" ${cannot}: list the roles (onething:candidateRole="a, b")`],
      ['feel', `zeebe:assignmentDefinition candidateGroups "=["a"]" ${cannot}: list the roles (onething:candidateRole="a, b")`],
      ['call', `fl:assignee "\${ldap.managerOf(employee)}" ${cannot}: write a user id, a variable ("\${applicant}"), or onething:assignee`],
      ['builtin', `c7:assignee "\${execution.processBusinessKey}" ${cannot}: write a user id, a variable ("\${applicant}"), or onething:assignee`],
      ['placeholder', `ac:assignee "$INITIATOR" ${cannot}: write a user id, a variable ("\${applicant}"), or onething:assignee`],
      ['users', `c7:candidateUsers "kermit, gonzo": ${noUsers}`],
      ['zusers', `zeebe:assignmentDefinition candidateUsers "kermit": ${noUsers}`],
      ['owner', `PotentialOwner "user(kermit), group(management)" names user "kermit": ${noUsers}`],
      ['many', 'HumanPerformer "kermit, gonzo" must name one user'],
    ]);
    const { problems: withLines } = await checkBpmn(vendorXml(`<startEvent id="s"/><userTask id="t" c7:candidateGroups="\${g}"/><endEvent id="e"/>${chain('s', 't', 'e')}`));
    expect(withLines[0]).toMatchObject({ id: 't', type: 'bpmn:UserTask', line: 5 });
  });

  it("reads a user task's form key from Camunda 7, Flowable, Activiti and Camunda 8; ours first; an expression not at all", async () => {
    const ids = ['c7', 'fl', 'ac', 'zbkey', 'zbid', 'ours', 'expr', 'feel', 'none'];
    const p = await importBpmn(vendorXml(`<startEvent id="s"/>
      <userTask id="c7" c7:formKey="embedded:app:forms/approve.html"/>
      <userTask id="fl" fl:formKey="approveForm"/>
      <userTask id="ac" ac:formKey=" leaveRequest "/>
      <userTask id="zbkey"><extensionElements><zb:formDefinition formKey="camunda-forms:bpmn:userTaskForm_1"/></extensionElements></userTask>
      <userTask id="zbid"><extensionElements><zb:formDefinition formId="invoice-approval"/></extensionElements></userTask>
      <userTask id="ours" onething:formKey="licenceForm" c7:formKey="theirs"/>
      <userTask id="expr" c7:formKey="\${formOf(kind)}"/>
      <userTask id="feel"><extensionElements><zb:formDefinition formKey="=formKey"/></extensionElements></userTask>
      <userTask id="none"/>
      <endEvent id="e"/>${chain('s', ...ids, 'e')}`));
    expect(Object.fromEntries(ids.map((id) => [id, p.nodes[id].userTask!.formKey]))).toEqual({
      c7: 'embedded:app:forms/approve.html', fl: 'approveForm', ac: 'leaveRequest', zbkey: 'camunda-forms:bpmn:userTaskForm_1', zbid: 'invoice-approval',
      ours: 'licenceForm', expr: undefined, feel: undefined, none: undefined,
    });
  });

  it("reads a user task's due date as its time limit where it is an ISO 8601 duration; ours first; a date or an expression not at all", async () => {
    const ids = ['fl', 'c7', 'ac', 'ours', 'date', 'expr', 'years', 'none'];
    const p = await importBpmn(vendorXml(`<startEvent id="s"/>
      <userTask id="fl" fl:dueDate="PT48H"/>
      <userTask id="c7" c7:dueDate=" P3D "/>
      <userTask id="ac" ac:dueDate="P1DT12H" onething:warnAt="0.5"/>
      <userTask id="ours" onething:timeLimit="5wd" fl:dueDate="PT1H"/>
      <userTask id="date" c7:dueDate="2027-01-15T12:00:00"/>
      <userTask id="expr" c7:dueDate="\${dateTime().plusDays(2).toDate()}"/>
      <userTask id="years" fl:dueDate="P1Y"/>
      <userTask id="none"/>
      <endEvent id="e"/>${chain('s', ...ids, 'e')}`));
    const hour = 3_600_000;
    expect(Object.fromEntries(ids.map((id) => [id, p.nodes[id].userTask!.timeLimit]))).toEqual({
      fl: { unit: 'ms', ms: 48 * hour }, c7: { unit: 'ms', ms: 72 * hour }, ac: { unit: 'ms', ms: 36 * hour }, ours: { unit: 'wd', days: 5 },
      date: undefined, expr: undefined, years: undefined, none: undefined,
    });
    expect(p.nodes.ac.userTask!.warnAt).toBe(0.5);
  });

  it('notes the vendor settings it leaves unread (a due date as a date or an expression, a form key as an expression, asyncAfter, zeebe:taskSchedule)', async () => {
    const { problems, notes } = await checkBpmn(vendorXml(`<startEvent id="s" c7:asyncAfter="true"/>
      <userTask id="date" c7:dueDate="2027-01-15T12:00:00"/>
      <userTask id="expr" fl:dueDate="\${dateTime().plusDays(2).toDate()}" c7:formKey="\${formOf(kind)}"/>
      <userTask id="sched"><extensionElements><zb:taskSchedule dueDate="=now() + duration(&quot;P2D&quot;)"/></extensionElements></userTask>
      <userTask id="read" c7:dueDate="P3D" c7:formKey="approve" c7:asyncAfter="false"/>
      <userTask id="ours" onething:timeLimit="5wd" c7:dueDate="\${later}"/>
      <endEvent id="e"/>${chain('s', 'date', 'expr', 'sched', 'read', 'ours', 'e')}`));
    expect(problems).toEqual([]);
    expect(notes!.map((n) => [n.id, n.line, n.message.slice(0, n.message.indexOf(' is '))])).toEqual([
      ['s', 5, 'c7:asyncAfter="true"'],
      ['date', 6, 'c7:dueDate="2027-01-15T12:00:00"'],
      ['expr', 7, 'c7:formKey="${formOf(kind)}"'],
      ['expr', 7, 'fl:dueDate="${dateTime().plusDays(2).toDate()}"'],
      ['sched', 8, 'zeebe:taskSchedule'],
    ]);
  });

  it('reads multi-instance collections from Camunda 7, Flowable and Camunda 8', async () => {
    const mi = (id: string, loop: string) => `<serviceTask id="${id}" onething:handler="h">${loop}</serviceTask>`;
    const p = await importBpmn(vendorXml(`<startEvent id="s"/>
      ${mi('c7', '<multiInstanceLoopCharacteristics c7:collection="${orders}" c7:elementVariable="order"/>')}
      ${mi('fl', '<multiInstanceLoopCharacteristics isSequential="true" fl:collection="depts" fl:elementVariable="dept"/>')}
      ${mi('zb', '<multiInstanceLoopCharacteristics><extensionElements><zb:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=result"/></extensionElements></multiInstanceLoopCharacteristics>')}
      ${mi('ours', '<multiInstanceLoopCharacteristics onething:collection="mine" c7:collection="theirs"/>')}
      <endEvent id="e"/>${chain('s', 'c7', 'fl', 'zb', 'ours', 'e')}`));
    expect(p.nodes.c7.multiInstance).toMatchObject({ collection: { t: 'var', name: 'orders' }, elementVariable: 'order', sequential: false });
    expect(p.nodes.fl.multiInstance).toMatchObject({ collection: { t: 'var', name: 'depts' }, elementVariable: 'dept', sequential: true });
    expect(p.nodes.zb.multiInstance).toMatchObject({ collection: { t: 'var', name: 'items' }, elementVariable: 'item', outputCollection: 'results', outputElement: 'result' });
    expect(p.nodes.ours.multiInstance!.collection).toEqual({ t: 'var', name: 'mine' });
    const problems = await problemsOf(vendorXml(`<startEvent id="s"/>
      ${mi('out', '<multiInstanceLoopCharacteristics><extensionElements><zb:loopCharacteristics inputCollection="=items" outputCollection="r" outputElement="={a: x}"/></extensionElements></multiInstanceLoopCharacteristics>')}
      ${mi('counts', '<multiInstanceLoopCharacteristics><extensionElements><zb:loopCharacteristics inputCollection="=items"/></extensionElements><completionCondition>=numberOfCompletedInstances &gt;= 2</completionCondition></multiInstanceLoopCharacteristics>')}
      <endEvent id="e"/>${chain('s', 'out', 'counts', 'e')}`));
    expect(problems).toEqual([
      ['out', 'zeebe:loopCharacteristics outputElement "={a: x}" is an expression; the engine gathers a variable: write its name'],
      ['counts', 'completionCondition "=numberOfCompletedInstances >= 2": write nrOfInstances and nrOfCompletedInstances (Camunda 8\'s numberOf… counters are not set here)'],
    ]);
  });

  it('reads Camunda 8 called elements and Camunda 7 version bindings of call activities', async () => {
    const p = await importBpmn(vendorXml(`<startEvent id="s"/>
      <callActivity id="zb"><extensionElements><zb:calledElement processId="child" propagateAllChildVariables="false"/></extensionElements></callActivity>
      <callActivity id="zbAll"><extensionElements><zb:calledElement processId="child" bindingType="latest"/></extensionElements></callActivity>
      <callActivity id="c7" calledElement="child" c7:calledElementBinding="version" c7:calledElementVersion="3"/>
      <callActivity id="ours" calledElement="child" onething:version="2" onething:outputs="a" c7:calledElementBinding="version" c7:calledElementVersion="3"/>
      <endEvent id="e"/>${chain('s', 'zb', 'zbAll', 'c7', 'ours', 'e')}`));
    expect(p.nodes.zb.call).toEqual({ key: 'child', version: 'latest', inputs: undefined, outputs: [] });
    expect(p.nodes.zbAll.call).toEqual({ key: 'child', version: 'latest', inputs: undefined, outputs: undefined });
    expect(p.nodes.c7.call).toMatchObject({ key: 'child', version: 3 });
    expect(p.nodes.ours.call).toMatchObject({ key: 'child', version: 2, outputs: ['a'] });
    const problems = await problemsOf(vendorXml(`<startEvent id="s"/>
      <callActivity id="feel"><extensionElements><zb:calledElement processId="=childId"/></extensionElements></callActivity>
      <callActivity id="deployment"><extensionElements><zb:calledElement processId="child" bindingType="deployment"/></extensionElements></callActivity>
      <callActivity id="mapped"><extensionElements><zb:calledElement processId="child"/><zb:ioMapping><zb:input source="=a" target="b"/></zb:ioMapping></extensionElements></callActivity>
      <callActivity id="tag" calledElement="child" c7:calledElementBinding="versionTag"/>
      <callActivity id="pinned" calledElement="child" onething:version="4" c7:calledElementBinding="versionTag"/>
      <callActivity id="nothing"/>
      <endEvent id="e"/>${chain('s', 'feel', 'deployment', 'mapped', 'tag', 'pinned', 'nothing', 'e')}`));
    expect(problems).toEqual([
      ['feel', 'zeebe:calledElement processId "=childId" is a FEEL expression; the engine needs the process id: write it in calledElement'],
      ['deployment', 'zeebe:calledElement bindingType "deployment" is not supported: the engine calls the latest version, or the one onething:version pins'],
      ['mapped', 'zeebe:ioMapping is not supported: variables pass unmapped (use onething:inputs / onething:outputs to limit them)'],
      ['tag', 'c7:calledElementBinding="versionTag" is not supported: the engine calls the latest version, or the one onething:version pins'],
      ['nothing', 'needs calledElement naming the process key (or zeebe:calledElement processId)'],
    ]);
  });

  it('reads business-rule decisions from Camunda 8 and Camunda 7; rejects rules run by workers or Java', async () => {
    const p = await importBpmn(vendorXml(`<startEvent id="s"/>
      <businessRuleTask id="zb"><extensionElements><zb:calledDecision decisionId="eligibility" resultVariable="decision"/></extensionElements></businessRuleTask>
      <businessRuleTask id="c7" c7:decisionRef="fees" c7:resultVariable="fee"/>
      <businessRuleTask id="ours" onething:decision="mine" c7:decisionRef="theirs" c7:resultVariable="r"/>
      <endEvent id="e"/>${chain('s', 'zb', 'c7', 'ours', 'e')}`));
    expect(['zb', 'c7', 'ours'].map((id) => [p.nodes[id].decision, p.nodes[id].resultVariable])).toEqual([['eligibility', 'decision'], ['fees', 'fee'], ['mine', undefined]]);
    const problems = await problemsOf(vendorXml(`<startEvent id="s"/>
      <businessRuleTask id="feel"><extensionElements><zb:calledDecision decisionId="=which" resultVariable="r"/></extensionElements></businessRuleTask>
      <businessRuleTask id="mapped" c7:decisionRef="fees" c7:mapDecisionResult="singleEntry"/>
      <businessRuleTask id="worker"><extensionElements><zb:taskDefinition type="rules"/></extensionElements></businessRuleTask>
      <businessRuleTask id="java" c7:class="org.example.Rules"/>
      <endEvent id="e"/>${chain('s', 'feel', 'mapped', 'worker', 'java', 'e')}`));
    expect(problems).toEqual([
      ['feel', 'zeebe:calledDecision decisionId "=which" is a FEEL expression; the engine needs the decision\'s name: write it, or onething:decision'],
      ['mapped', 'c7:mapDecisionResult="singleEntry" is not supported: the result variable holds what the rules evaluator returns'],
      ['worker', 'zeebe:taskDefinition makes the rule a job for a worker: name the decision with onething:decision (the rules evaluator runs it), or make it a service task'],
      ['java', 'c7:class="org.example.Rules" runs the rule in camunda\'s code, which this engine cannot run: name the decision with onething:decision (the rules evaluator runs it)'],
    ]);
  });
});


describe('BPMN import of loop cardinality and Camunda 7 call activity variables', () => {
  const task = (id: string, loop: string) => `<serviceTask id="${id}" onething:handler="h">${loop}</serviceTask>`;

  it('reads loopCardinality as the number of instances, written as a number, ${…}, #{…} or FEEL =…', async () => {
    const p = await importBpmn(vendorXml(`<startEvent id="s"/>
      ${task('num', '<multiInstanceLoopCharacteristics><loopCardinality>3</loopCardinality></multiInstanceLoopCharacteristics>')}
      ${task('juel', '<multiInstanceLoopCharacteristics isSequential="true"><loopCardinality xsi:type="tFormalExpression">${n}</loopCardinality></multiInstanceLoopCharacteristics>')}
      ${task('deferred', '<multiInstanceLoopCharacteristics><loopCardinality>#{n + 1}</loopCardinality></multiInstanceLoopCharacteristics>')}
      ${task('feel', '<multiInstanceLoopCharacteristics><loopCardinality>=len(items)</loopCardinality></multiInstanceLoopCharacteristics>')}
      ${task('both', '<multiInstanceLoopCharacteristics c7:collection="${orders}" c7:elementVariable="order"><loopCardinality>2</loopCardinality></multiInstanceLoopCharacteristics>')}
      ${task('ours', '<multiInstanceLoopCharacteristics onething:collection="mine"><loopCardinality>${k}</loopCardinality><loopDataInputRef>nowhere</loopDataInputRef></multiInstanceLoopCharacteristics>')}
      <endEvent id="e"/>${chain('s', 'num', 'juel', 'deferred', 'feel', 'both', 'ours', 'e')}`));
    expect(p.nodes.num.multiInstance).toEqual({ sequential: false, cardinality: { t: 'lit', v: 3 }, elementVariable: 'item', outputCollection: undefined, outputElement: undefined, completionCondition: undefined });
    expect(p.nodes.num.multiInstance).not.toHaveProperty('collection');
    expect(p.nodes.juel.multiInstance).toMatchObject({ sequential: true, cardinality: { t: 'var', name: 'n' } });
    expect(p.nodes.deferred.multiInstance!.cardinality).toMatchObject({ t: 'bin', op: '+' });
    expect(p.nodes.feel.multiInstance!.cardinality).toMatchObject({ t: 'call' });
    // A collection and a cardinality: the cardinality counts, the collection gives each instance its element.
    expect(p.nodes.both.multiInstance).toMatchObject({ collection: { t: 'var', name: 'orders' }, cardinality: { t: 'lit', v: 2 }, elementVariable: 'order' });
    expect(p.nodes.ours.multiInstance).toMatchObject({ collection: { t: 'var', name: 'mine' }, cardinality: { t: 'var', name: 'k' } });
  });

  it('rejects a cardinality that is no count, and loops over standard data inputs or into standard data outputs, naming id, type and line', async () => {
    const xml = vendorXml(`<startEvent id="s"/>
      ${task('half', '<multiInstanceLoopCharacteristics><loopCardinality>2.5</loopCardinality></multiInstanceLoopCharacteristics>')}
      ${task('text', '<multiInstanceLoopCharacteristics><loopCardinality>"three"</loopCardinality></multiInstanceLoopCharacteristics>')}
      ${task('empty', '<multiInstanceLoopCharacteristics><loopCardinality> </loopCardinality></multiInstanceLoopCharacteristics>')}
      ${task('script', '<multiInstanceLoopCharacteristics><loopCardinality xsi:type="tFormalExpression" language="groovy">n * 2</loopCardinality></multiInstanceLoopCharacteristics>')}
      ${task('zb', '<multiInstanceLoopCharacteristics><extensionElements><zb:loopCharacteristics inputCollection="=items"/></extensionElements><loopCardinality>2</loopCardinality></multiInstanceLoopCharacteristics>')}
      ${task('dataIn', '<multiInstanceLoopCharacteristics><loopDataInputRef>list</loopDataInputRef><inputDataItem id="one" name="x"/></multiInstanceLoopCharacteristics>')}
      ${task('item', '<multiInstanceLoopCharacteristics><inputDataItem id="two"/></multiInstanceLoopCharacteristics>')}
      ${task('bare', '<multiInstanceLoopCharacteristics/>')}
      ${task('dataOut', '<multiInstanceLoopCharacteristics onething:collection="xs"><loopDataOutputRef>results</loopDataOutputRef><outputDataItem id="three" name="r"/></multiInstanceLoopCharacteristics>')}
      ${task('gathered', '<multiInstanceLoopCharacteristics onething:collection="xs" onething:outputCollection="rs" onething:outputElement="r"><outputDataItem id="four"/></multiInstanceLoopCharacteristics>')}
      <endEvent id="e"/>${chain('s', 'half', 'text', 'empty', 'script', 'zb', 'dataIn', 'item', 'bare', 'dataOut', 'gathered', 'e')}`);
    const dataInputs = 'multi-instance over loopDataInputRef / inputDataItem is not supported: name the list with onething:collection (or camunda:collection) and its element with onething:elementVariable, or give a loopCardinality';
    expect(await problemsOf(xml)).toEqual([
      ['half', 'loopCardinality "2.5" must be a non-negative integer'],
      ['text', 'loopCardinality ""three"" must be a non-negative integer'],
      ['empty', 'loopCardinality is empty: write the number of instances (3, or an expression such as ${n})'],
      ['empty', 'multi-instance needs onething:collection (or camunda:collection, or zeebe:loopCharacteristics inputCollection) or a loopCardinality'],
      ['script', 'loop cardinalities in script language "groovy" are not supported (write the cardinality in the engine\'s expression language)'],
      ['zb', 'loopCardinality with zeebe:loopCharacteristics: Camunda 8 runs one instance per element of inputCollection, this engine would run loopCardinality instances; remove loopCardinality'],
      ['dataIn', dataInputs],
      ['item', dataInputs],
      ['bare', 'multi-instance needs onething:collection (or camunda:collection, or zeebe:loopCharacteristics inputCollection) or a loopCardinality'],
      // Gathered results need the list named; where it is, the standard output item is left alone.
      ['dataOut', 'multi-instance output through loopDataOutputRef / outputDataItem is not supported: name the list to gather into with onething:outputCollection and the variable gathered with onething:outputElement'],
    ]);
    const { problems } = await checkBpmn(xml);
    expect(problems.find((p) => p.id === 'dataIn')).toMatchObject({ type: 'bpmn:ServiceTask', line: 11 });
  });

  it('reads camunda:in / camunda:out as the variables passed; a Camunda 7 call activity passes only what they list', async () => {
    const p = await importBpmn(vendorXml(`<startEvent id="s"/>
      <callActivity id="named" calledElement="child"><extensionElements><c7:in source="a" target="a"/><c7:in source="b" target="b"/><c7:out source="r" target="r"/></extensionElements></callActivity>
      <callActivity id="all" calledElement="child"><extensionElements><c7:in variables="all"/><c7:in source="a" target="a"/><c7:out variables="all" local="false"/></extensionElements></callActivity>
      <callActivity id="inOnly" calledElement="child"><extensionElements><c7:in source="a" target="a"/></extensionElements></callActivity>
      <callActivity id="bound" calledElement="child" c7:calledElementBinding="latest"/>
      <callActivity id="plain" calledElement="child"/>
      <callActivity id="ours" calledElement="child" onething:inputs="x" onething:outputs="y"><extensionElements><c7:in source="a" target="renamed"/><c7:out sourceExpression="\${1}" target="z"/></extensionElements></callActivity>
      <callActivity id="oursIn" calledElement="child" onething:inputs="x"><extensionElements><c7:out source="r" target="r"/></extensionElements></callActivity>
      <callActivity id="none" calledElement="child" onething:inputs="" onething:outputs=" "/>
      <endEvent id="e"/>${chain('s', 'named', 'all', 'inOnly', 'bound', 'plain', 'ours', 'oursIn', 'none', 'e')}`));
    const passing = (id: string) => [p.nodes[id].call!.inputs, p.nodes[id].call!.outputs];
    expect(Object.fromEntries(['named', 'all', 'inOnly', 'bound', 'plain', 'ours', 'oursIn', 'none'].map((id) => [id, passing(id)]))).toEqual({
      named: [['a', 'b'], ['r']],
      all: [undefined, undefined], // variables="all": every variable, the engine's default
      inOnly: [['a'], []], // no camunda:out: nothing comes back, as in Camunda 7
      bound: [[], []], // a Camunda 7 call activity without camunda:in / camunda:out passes nothing
      plain: [undefined, undefined], // no Camunda 7 setting on it: the engine's default, all both ways
      ours: [['x'], ['y']],
      oursIn: [['x'], ['r']],
      none: [[], []], // written empty: nothing passes
    });
    // A file Camunda Modeler drew for Camunda 7 says so: its call activities pass only what camunda:in / camunda:out name.
    const drawn = (platform: string) => vendorXml(`<startEvent id="s"/><callActivity id="plain" calledElement="child"/><endEvent id="e"/>${chain('s', 'plain', 'e')}`)
      .replace('<definitions ', `<definitions xmlns:modeler="http://camunda.org/schema/modeler/1.0" modeler:executionPlatform="${platform}" `);
    expect((await importBpmn(drawn('Camunda Platform'))).nodes.plain.call).toMatchObject({ inputs: [], outputs: [] });
    expect((await importBpmn(drawn('Camunda Cloud'))).nodes.plain.call).toMatchObject({ inputs: undefined, outputs: undefined });
  });

  it('rejects camunda:in / camunda:out the engine cannot honour, saying what to write instead', async () => {
    const call = (id: string, ext: string, attrs = '') => `<callActivity id="${id}" calledElement="child"${attrs}><extensionElements>${ext}</extensionElements></callActivity>`;
    const xml = vendorXml(`<startEvent id="s"/>
      ${call('rename', '<c7:in source="a" target="b"/>')}
      ${call('renameOut', '<c7:out source="r" target="result"/>')}
      ${call('expr', '<c7:in sourceExpression="${a + 1}" target="b"/>')}
      ${call('key', '<c7:in businessKey="#{execution.processBusinessKey}"/>')}
      ${call('local', '<c7:in variables="all" local="true"/>')}
      ${call('some', '<c7:in variables="some"/>')}
      ${call('half', '<c7:out source="r"/>')}
      ${call('java', '', ' c7:variableMappingClass="org.example.Mapping"')}
      <endEvent id="e"/>${chain('s', 'rename', 'renameOut', 'expr', 'key', 'local', 'some', 'half', 'java', 'e')}`);
    expect(await problemsOf(xml)).toEqual([
      ['rename', 'camunda:in source="a" target="b" renames the variable, which the engine cannot do: pass it under one name (source="a" target="a") and read that name in the called process, or list the names in onething:inputs'],
      ['renameOut', 'camunda:out source="r" target="result" renames the variable, which the engine cannot do: pass it under one name (source="r" target="r") and read that name in the calling process, or list the names in onething:outputs'],
      ['expr', 'camunda:in sourceExpression="${a + 1}" target="b": sourceExpression is computed by Camunda\'s JUEL, which the engine does not run here: set a variable before the call and pass it with source and target alike'],
      ['key', 'camunda:in businessKey="#{execution.processBusinessKey}": the engine passes no business key to a called process: remove it, and pass the key as a variable (camunda:in source="…" target="…" with one name)'],
      ['local', 'camunda:in variables="all" local="true": local="true" is not supported: the engine passes the variables visible at the call activity; remove local, or list the names in onething:inputs'],
      ['some', 'camunda:in variables="some": variables must be "all", alone (or write source and target naming one variable)'],
      ['half', 'camunda:out source="r": needs source and target naming one variable (or variables="all")'],
      ['java', 'c7:variableMappingClass="org.example.Mapping" names Java code, which this engine cannot run: list the variables passed with camunda:in / camunda:out (source and target alike) or onething:inputs / onething:outputs'],
    ]);
    const { problems } = await checkBpmn(xml);
    expect(problems[0]).toMatchObject({ id: 'rename', type: 'bpmn:CallActivity', line: 6 });
  });
});
