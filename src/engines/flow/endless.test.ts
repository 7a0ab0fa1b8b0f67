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

  it('lets a cycle through a task go round as often as it is sent back', async () => {
    await engine.deploy(bpmnXml(`<startEvent id="s"/><userTask id="fix"/><exclusiveGateway id="ok" default="done"/><endEvent id="e"/>
      ${chain('s', 'fix', 'ok')}${flow('again', 'ok', 'fix', '${!fixed}')}${flow('done', 'ok', 'e')}`, { id: 'corrections' }));
    const id = await engine.start('corrections');
    for (let i = 0; i < 3; i++) await engine.completeTask((await engine.listTasks({ instanceId: id }))[0].id, { fixed: false });
    await engine.completeTask((await engine.listTasks({ instanceId: id }))[0].id, { fixed: true });
    expect((await engine.getInstance(id))!.status).toBe('completed');
  });
});
