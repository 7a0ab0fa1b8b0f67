import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { createFlowEngine, type FlowEngine } from './engine.ts';
import { flowMigrations } from './migrations.ts';
import { checkBpmn } from './bpmn-import.ts';
import { endlessCycles } from './endless.ts';
import { bpmnXml, chain, flow } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

const INVOICE = bpmnXml(`<startEvent id="s"/>
<task id="approve"/><task id="review"/><exclusiveGateway id="ok"/><endEvent id="e"/>
${chain('s', 'approve', 'review', 'ok')}${flow('yes', 'ok', 'approve')}${flow('no', 'ok', 'e')}`, { id: 'invoice' });

// A step runs until every token waits; a cycle with nothing to wait at would run until the process ran out of memory
// (an invoice process drawn in GenMyModel, from the BPMN MIWG test suite, did: approve → review → "yes" → approve).
describe('a step that never reaches a wait state', () => {
  let database: Database;
  let engine: FlowEngine;

  beforeAll(async () => {
    database = openSqlite(':memory:');
    await migrateToLatest(database, flowMigrations);
    engine = createFlowEngine({ database, clock: createFixedClock('2026-03-02T01:00:00Z'), ids: createSequentialIds(), calendar: weekendOnlyCalendar });
  });
  afterAll(async () => database.close());

  // The runtime's guard, for definitions compiled before the import rejected them (`compiled` is stored at deploy).
  const deployUnchecked = async (xml: string, key: string) => {
    const { process, problems } = await checkBpmn(xml);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^endless cycle /)]);
    await database.kysely.insertInto('flow_definitions').values({ id: `fdef_${key}`, key, version: 1, name: key, xml, compiled: JSON.stringify({ ...process!, key }), created_at: '2026-03-02T01:00:00.000Z' }).execute();
  };
  const instances = async () => (await database.kysely.selectFrom('flow_instances').select('id').execute()).length;

  it('is rejected at import, naming the cycle', async () => {
    // Exclusive gateways take their first flow whose condition holds; this one has none, so "yes" always.
    const { problems } = await checkBpmn(INVOICE);
    expect(problems).toEqual([{ id: 'approve', type: 'bpmn:Task', line: 6, message: expect.stringContaining('endless cycle approve → review → ok → approve: a token reaching it goes round') }]);
    await expect(engine.deploy(INVOICE)).rejects.toMatchObject({ code: 'flow.import.invalid' });
    // Named in the order a token goes round, from the element written first; a parallel split's flows all count.
    const reordered = bpmnXml(`<startEvent id="s"/><parallelGateway id="fork"/><task id="z"/><task id="a"/><endEvent id="e"/>
      ${chain('s', 'a', 'fork')}${flow('out', 'fork', 'e')}${flow('back', 'fork', 'z')}${flow('za', 'z', 'a')}`, { id: 'reordered' });
    expect(endlessCycles((await checkBpmn(reordered)).process!)).toEqual([['fork', 'z', 'a']]);
    // A condition on the way out, or a wait on the way round, and it is not.
    expect((await checkBpmn(INVOICE.replace('<task id="review"/>', '<userTask id="review"/>'))).problems).toEqual([]);
    expect(endlessCycles((await checkBpmn(INVOICE.replace('<sequenceFlow id="yes" sourceRef="ok" targetRef="approve"/>', '<sequenceFlow id="yes" sourceRef="ok" targetRef="approve"><conditionExpression>${again}</conditionExpression></sequenceFlow>'))).process!)).toEqual([]);
  });

  it('fails at run time with the element it kept entering, and writes nothing', async () => {
    await deployUnchecked(INVOICE, 'invoice');
    await expect(engine.start('invoice')).rejects.toMatchObject({ code: 'flow.step.endless', details: { elementId: expect.stringMatching(/^(approve|review|ok)$/) } });
    expect(await instances()).toBe(0);
  });

  it('fails a cycle through a parallel split, which leaves a token behind each time round', async () => {
    await deployUnchecked(bpmnXml(`<startEvent id="s"/><task id="again"/><parallelGateway id="fork"/><endEvent id="e"/>
      ${chain('s', 'again', 'fork')}${flow('back', 'fork', 'again')}${flow('out', 'fork', 'e')}`, { id: 'forks' }), 'forks');
    await expect(engine.start('forks')).rejects.toMatchObject({ code: 'flow.step.endless' });
    expect(await instances()).toBe(0);
  });

  it("stops a step past the engine's step limit: a cycle whose split sends a new token round each time, which no element's count catches", async () => {
    // The split's first flow keeps the token (it ends); the second takes a new one round: every entry is a new token's.
    await deployUnchecked(bpmnXml(`<startEvent id="s"/><task id="again"/><parallelGateway id="fork"/><endEvent id="e"/>
      ${chain('s', 'again', 'fork')}${flow('out', 'fork', 'e')}${flow('back', 'fork', 'again')}`, { id: 'spawns' }), 'spawns');
    const limited = createFlowEngine({ database, clock: createFixedClock('2026-03-02T01:00:00Z'), ids: createSequentialIds(), calendar: weekendOnlyCalendar, stepLimit: 20_000 });
    await expect(limited.start('spawns')).rejects.toMatchObject({ code: 'flow.step.endless', message: expect.stringContaining('entered 20000 elements without waiting') });
    expect(await instances()).toBe(0);
  });

  it('stops a multi-instance loop too large for one step, and runs one within the limit', async () => {
    // Each item's body enters three elements.
    await engine.deploy(bpmnXml(`<startEvent id="s"/><subProcess id="each"><multiInstanceLoopCharacteristics onething:collection="items"/>
      <startEvent id="bs"/><task id="b"/><endEvent id="be"/>${chain('bs', 'b', 'be')}</subProcess><endEvent id="e"/>
      ${chain('s', 'each', 'e')}`, { id: 'fanout' }));
    const limited = createFlowEngine({ database, clock: createFixedClock('2026-03-02T01:00:00Z'), ids: createSequentialIds(), calendar: weekendOnlyCalendar, stepLimit: 1000 });
    await expect(limited.start('fanout', { variables: { items: Array.from({ length: 600 }, (_, i) => i) } }))
      .rejects.toMatchObject({ code: 'flow.step.endless', details: { elementId: expect.stringMatching(/^b/) } });
    expect(await instances()).toBe(0);
    const id = await limited.start('fanout', { variables: { items: Array.from({ length: 300 }, (_, i) => i) } });
    expect((await limited.getInstance(id))!.status).toBe('completed');
    expect(() => createFlowEngine({ database, clock: createFixedClock('2026-03-02T01:00:00Z'), ids: createSequentialIds(), calendar: weekendOnlyCalendar, stepLimit: 0 }))
      .toThrow(expect.objectContaining({ code: 'flow.options.invalid', details: { field: 'stepLimit' } }));
  });

  it('lets a cycle through a task go round as often as it is sent back', async () => {
    await engine.deploy(bpmnXml(`<startEvent id="s"/><userTask id="fix"/><exclusiveGateway id="ok" default="done"/><endEvent id="e"/>
      ${chain('s', 'fix', 'ok')}${flow('again', 'ok', 'fix', '${!fixed}')}${flow('done', 'ok', 'e')}`, { id: 'corrections' }));
    const id = await engine.start('corrections');
    for (let i = 0; i < 3; i++) await engine.completeTask((await engine.listTasks({ instanceId: id }))[0].id, { fixed: false });
    await engine.completeTask((await engine.listTasks({ instanceId: id }))[0].id, { fixed: true });
    expect((await engine.getInstance(id))!.status).toBe('completed');
  });
});
