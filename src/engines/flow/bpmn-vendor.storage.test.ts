import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { createFlowEngine, type FlowEngine } from './engine.ts';
import { BpmnError } from './handlers.ts';
import { flowMigrations } from './migrations.ts';
import { weekendOnlyCalendar } from './time.ts';

/** A process as Camunda Modeler 8 writes it: no onething attributes, every executable setting in zeebe elements. */
function camunda8Xml(id: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn"
  exporter="Camunda Modeler" exporterVersion="5.20.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.4.0">
  <bpmn:process id="${id}" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>`;
}

const flows = (...pairs: Array<[string, string, string, string?]>) =>
  pairs.map(([fid, from, to, condition]) => condition
    ? `<bpmn:sequenceFlow id="${fid}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression>${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${fid}" sourceRef="${from}" targetRef="${to}"/>`).join('\n');

// Order handling: a job worker checks stock (an error boundary catches "out of stock"), a DMN decision rates the
// order, each item is packed by a multi-instance job, a clerk group approves, and a called process ships it.
const orderXml = camunda8Xml('order', `
    <bpmn:startEvent id="received"/>
    <bpmn:serviceTask id="check"><bpmn:extensionElements><zeebe:taskDefinition type="check-inventory"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:boundaryEvent id="noStock" attachedToRef="check"><bpmn:errorEventDefinition errorRef="outOfStock"/></bpmn:boundaryEvent>
    <bpmn:businessRuleTask id="rate"><bpmn:extensionElements><zeebe:calledDecision decisionId="risk" resultVariable="risk"/></bpmn:extensionElements></bpmn:businessRuleTask>
    <bpmn:serviceTask id="pack">
      <bpmn:extensionElements><zeebe:taskDefinition type="pack-item"/></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="true">
        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="sku" outputCollection="parcels" outputElement="=parcel"/></bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:serviceTask>
    <bpmn:exclusiveGateway id="risky" default="low"/>
    <bpmn:userTask id="approve"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="clerk, supervisor"/><zeebe:formDefinition formKey="camunda-forms:bpmn:approval"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:callActivity id="ship"><bpmn:extensionElements><zeebe:calledElement processId="shipping" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity>
    <bpmn:endEvent id="shipped"/>
    <bpmn:endEvent id="cancelled"/>
    ${flows(['f1', 'received', 'check'], ['f2', 'check', 'rate'], ['f3', 'rate', 'pack'], ['f4', 'pack', 'risky'],
    ['high', 'risky', 'approve', '=risk.level = "high"'], ['low', 'risky', 'ship'], ['f5', 'approve', 'ship'], ['f6', 'ship', 'shipped'], ['f7', 'noStock', 'cancelled'])}`)
  .replace('<bpmn:process ', '<bpmn:error id="outOfStock" errorCode="OUT_OF_STOCK"/>\n  <bpmn:process ');

const shippingXml = camunda8Xml('shipping', `
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="label"><bpmn:extensionElements><zeebe:taskDefinition type="print-label"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="e"/>
    ${flows(['g1', 's', 'label'], ['g2', 'label', 'e'])}`);

for (const dialect of testDialects()) {
  describe(`a Camunda 8 file on the flow engine (${dialect.name})`, () => {
    let database: Database;
    let engine: FlowEngine;

    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, flowMigrations);
      engine = createFlowEngine({
        database, clock: createFixedClock('2026-03-02T01:00:00Z'), ids: createSequentialIds(), calendar: weekendOnlyCalendar,
        handlers: {
          'check-inventory': (ctx) => {
            if ((ctx.variables.items as string[]).includes('unicorn')) throw new BpmnError('OUT_OF_STOCK', 'no unicorns');
            return { inStock: true };
          },
          'pack-item': (ctx) => ({ parcel: `box:${String(ctx.variables.sku)}` }),
          'print-label': () => ({ labelNo: 'L-1' }),
        },
        rules: (decision, vars) => (decision === 'risk' ? { level: Number(vars.total) > 1000 ? 'high' : 'low' } : null),
        // The file's form, given a JSON Schema under its key.
        forms: { 'camunda-forms:bpmn:approval': { type: 'object', required: ['approved'], properties: { approved: { type: 'boolean' } } } },
      });
      await engine.deploy(shippingXml);
      await engine.deploy(orderXml);
    });
    afterAll(async () => database?.close());

    it('runs job types as handlers, the decision, the multi-instance, the candidate groups and the called process', async () => {
      const id = await engine.start('order', { variables: { items: ['a', 'b'], total: 5000 } });
      await engine.drain(); // the business-rule task is a job of its own
      const tasks = await engine.listTasks({ instanceId: id });
      expect(tasks.map((t) => [t.elementId, t.candidateRoles])).toEqual([['approve', ['clerk', 'supervisor']]]);
      // The groups are the task's candidate roles: a supervisor's inbox has it, a courier's does not.
      expect((await engine.listTasks({ roles: ['supervisor'] })).map((t) => t.id)).toContain(tasks[0].id);
      expect((await engine.listTasks({ roles: ['courier'] })).map((t) => t.id)).not.toContain(tasks[0].id);
      // Completed against the form its zeebe:formDefinition names.
      expect(tasks[0].formKey).toBe('camunda-forms:bpmn:approval');
      await expect(engine.completeTask(tasks[0].id, { approved: 'yes' }, 'usr_1'))
        .rejects.toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'data.approved', rule: 'type' }] } });
      await engine.completeTask(tasks[0].id, { approved: true }, 'usr_1');
      const done = (await engine.getInstance(id))!;
      expect(done.status).toBe('completed');
      expect(done.variables).toMatchObject({ inStock: true, risk: { level: 'high' }, parcels: ['box:a', 'box:b'], approved: true });
      // propagateAllChildVariables="false": the called process's variables stay there.
      expect(done.variables).not.toHaveProperty('labelNo');
      const entered = (await engine.history(id)).filter((h) => h.kind === 'enter').map((h) => h.elementId);
      expect(entered).toContain('ship');
      expect(entered).toContain('shipped');
    });

    it('takes the default flow without the approval when the decision says low, and the error boundary on a BpmnError', async () => {
      const low = await engine.start('order', { variables: { items: ['a'], total: 10 } });
      await engine.drain();
      expect((await engine.getInstance(low))!.status).toBe('completed');
      expect((await engine.history(low)).some((h) => h.kind === 'enter' && h.elementId === 'approve')).toBe(false);
      const failed = await engine.start('order', { variables: { items: ['unicorn'], total: 10 } });
      await engine.drain();
      const entered = (await engine.history(failed)).filter((h) => h.kind === 'enter').map((h) => h.elementId);
      expect(entered).toContain('cancelled');
      expect(entered).not.toContain('rate');
    });

    it('sets a Camunda 7 initiator variable to the user who starts the instance, unless the start gives it', async () => {
      await engine.deploy(`<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="t">
  <process id="leave" isExecutable="true">
    <startEvent id="s" camunda:initiator="employee"/><userTask id="adjust" camunda:assignee="\${employee}"/><endEvent id="e"/>
    ${flows(['a', 's', 'adjust'], ['b', 'adjust', 'e'])}
  </process>
</definitions>`);
      const own = await engine.start('leave', { actor: 'usr_9' });
      expect((await engine.getInstance(own))!.variables).toEqual({ employee: 'usr_9' });
      expect((await engine.listTasks({ instanceId: own }))[0].assignee).toBe('usr_9');
      const given = await engine.start('leave', { actor: 'usr_9', variables: { employee: 'usr_2' } });
      expect((await engine.listTasks({ instanceId: given }))[0].assignee).toBe('usr_2');
      const nobody = await engine.start('leave');
      expect((await engine.getInstance(nobody))!.variables).toEqual({});
    });
  });
}

/** A process as Camunda Modeler 7 writes it: settings in camunda attributes and elements. */
function camunda7Xml(id: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.20.0">
  <bpmn:process id="${id}" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>`;
}

for (const dialect of testDialects()) {
  describe(`Camunda 7 loop cardinalities and call activity variables on the flow engine (${dialect.name})`, () => {
    let database: Database;
    let engine: FlowEngine;
    const visits: Array<{ loopCounter: unknown; hasItem: boolean }> = [];

    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, flowMigrations);
      engine = createFlowEngine({
        database, clock: createFixedClock('2026-03-02T01:00:00Z'), ids: createSequentialIds(), calendar: weekendOnlyCalendar,
        handlers: { visit: (ctx) => void visits.push({ loopCounter: ctx.variables.loopCounter, hasItem: 'item' in ctx.variables }) },
      });
    });
    afterAll(async () => database?.close());

    const assignees = async (id: string) => (await engine.listTasks({ instanceId: id })).map((t) => t.assignee).sort();

    it('runs a parallel loopCardinality loop: that many instances at once, each with its loopCounter', async () => {
      await engine.deploy(camunda7Xml('sign', `
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="signOff" camunda:assignee="\${loopCounter}">
      <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">\${signers}</bpmn:loopCardinality>
        <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">\${nrOfCompletedInstances == nrOfInstances - 1}</bpmn:completionCondition>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:endEvent id="e"/>
    ${flows(['f1', 's', 'signOff'], ['f2', 'signOff', 'e'])}`));
      const id = await engine.start('sign', { variables: { signers: 3 } });
      expect(await assignees(id)).toEqual(['0', '1', '2']);
      const tasks = await engine.listTasks({ instanceId: id });
      await engine.completeTask(tasks[0].id, {});
      expect((await engine.getInstance(id))!.status).toBe('running');
      // nrOfInstances is the cardinality: two of three signatures complete the loop, the third task is cancelled.
      await engine.completeTask(tasks[1].id, {});
      expect((await engine.getInstance(id))!.status).toBe('completed');
      expect((await engine.listTasks({ instanceId: id, states: ['cancelled'] })).map((t) => t.id)).toEqual([tasks[2].id]);
      // A cardinality of zero runs no instance.
      expect((await engine.getInstance(await engine.start('sign', { variables: { signers: 0 } })))!.status).toBe('completed');
    });

    it('runs a sequential loopCardinality loop one instance at a time, with no element variable', async () => {
      await engine.deploy(camunda7Xml('rounds', `
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="count" camunda:type="external" camunda:topic="visit">
      <bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
    </bpmn:serviceTask>
    <bpmn:userTask id="round" camunda:assignee="\${loopCounter}">
      <bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopCardinality>=rounds</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:endEvent id="e"/>
    ${flows(['f1', 's', 'count'], ['f2', 'count', 'round'], ['f3', 'round', 'e'])}`));
      visits.length = 0;
      const id = await engine.start('rounds', { variables: { rounds: '2' } }); // a string of digits counts, as in Camunda 7
      await engine.drain();
      expect(visits).toEqual([{ loopCounter: 0, hasItem: false }, { loopCounter: 1, hasItem: false }, { loopCounter: 2, hasItem: false }]);
      for (const expected of ['0', '1']) {
        const open = await engine.listTasks({ instanceId: id });
        expect(open.map((t) => t.assignee)).toEqual([expected]);
        await engine.completeTask(open[0].id, {});
      }
      const done = (await engine.getInstance(id))!;
      expect(done.status).toBe('completed');
      expect(done.variables).toEqual({ rounds: '2' });
    });

    it('fails a start whose cardinality is no count, as it fails one whose collection is no list', async () => {
      await engine.deploy(camunda7Xml('badCount', `
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="t"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>\${n}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
    <bpmn:endEvent id="e"/>
    ${flows(['f1', 's', 't'], ['f2', 't', 'e'])}`));
      await engine.deploy(camunda7Xml('badList', `
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="t"><bpmn:multiInstanceLoopCharacteristics camunda:collection="\${list}"/></bpmn:userTask>
    <bpmn:endEvent id="e"/>
    ${flows(['f1', 's', 't'], ['f2', 't', 'e'])}`));
      await expect(engine.start('badList', { variables: { list: 'abc' } })).rejects.toMatchObject({ name: 'FlowError', code: 'flow.multiInstance.notList' });
      for (const n of [-1, 2.5, 'three', null, true])
        await expect(engine.start('badCount', { variables: { n } })).rejects.toMatchObject({ name: 'FlowError', code: 'flow.multiInstance.badCardinality' });
    });

    it('runs a collection with a cardinality: the cardinality counts, each instance gets its element', async () => {
      await engine.deploy(camunda7Xml('firstTwo', `
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="t" camunda:assignee="\${reviewer}">
      <bpmn:multiInstanceLoopCharacteristics camunda:collection="\${reviewers}" camunda:elementVariable="reviewer"><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:endEvent id="e"/>
    ${flows(['f1', 's', 't'], ['f2', 't', 'e'])}`));
      const id = await engine.start('firstTwo', { variables: { reviewers: ['ann', 'bob', 'cy'] } });
      expect(await assignees(id)).toEqual(['ann', 'bob']);
      await expect(engine.start('firstTwo', { variables: { reviewers: ['ann'] } })).rejects.toMatchObject({ code: 'flow.multiInstance.badCardinality' });
    });

    it('passes the variables camunda:in names to a called process and takes back those camunda:out names', async () => {
      await engine.deploy(camunda7Xml('assessment', `
    <bpmn:startEvent id="cs"/><bpmn:userTask id="assess"/><bpmn:endEvent id="ce"/>
    ${flows(['c1', 'cs', 'assess'], ['c2', 'assess', 'ce'])}`));
      await engine.deploy(camunda7Xml('application', `
    <bpmn:startEvent id="s"/>
    <bpmn:callActivity id="mapped" calledElement="assessment">
      <bpmn:extensionElements><camunda:in source="applicant" target="applicant"/><camunda:out source="score" target="score"/></bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:callActivity id="everything" calledElement="assessment">
      <bpmn:extensionElements><camunda:in variables="all"/><camunda:out variables="all"/></bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:callActivity id="nothing" calledElement="assessment" camunda:calledElementBinding="latest"/>
    <bpmn:endEvent id="e"/>
    ${flows(['f1', 's', 'mapped'], ['f2', 'mapped', 'everything'], ['f3', 'everything', 'nothing'], ['f4', 'nothing', 'e'])}`));
      const id = await engine.start('application', { variables: { applicant: 'A-1', secret: 's' } });
      const childTask = async () => (await engine.listTasks({ states: ['open'] })).find((t) => t.instanceId.startsWith(`${id}.`))!;

      const first = await childTask();
      expect((await engine.getInstance(first.instanceId))!.variables).toEqual({ applicant: 'A-1' });
      await engine.completeTask(first.id, { score: 7, note: 'kept in the child' });
      expect((await engine.getInstance(id))!.variables).toEqual({ applicant: 'A-1', secret: 's', score: 7 });

      const second = await childTask();
      expect((await engine.getInstance(second.instanceId))!.variables).toEqual({ applicant: 'A-1', secret: 's', score: 7 });
      await engine.completeTask(second.id, { score: 8, extra: true });
      expect((await engine.getInstance(id))!.variables).toEqual({ applicant: 'A-1', secret: 's', score: 8, extra: true });

      // A Camunda 7 call activity without camunda:in / camunda:out passes nothing either way, as in Camunda 7.
      const third = await childTask();
      expect((await engine.getInstance(third.instanceId))!.variables).toEqual({});
      await engine.completeTask(third.id, { score: 99 });
      const done = (await engine.getInstance(id))!;
      expect(done.status).toBe('completed');
      expect(done.variables).toEqual({ applicant: 'A-1', secret: 's', score: 8, extra: true });
    });
  });
}
