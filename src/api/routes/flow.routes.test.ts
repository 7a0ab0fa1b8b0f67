import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/index.ts';
import { TEST_PASSWORD } from '../../platform/testing/test-platform.ts';
import { createWorkflowFixture, testProcessXml, type WorkflowFixture } from '../../platform/workflow/workflow.testing.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

describe('flow API (inject)', () => {
  let database: Database;
  let f: WorkflowFixture;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};
  const users = ['xihu-official', 'binjiang-official', 'xihu-amr', 'xihu-tax', 'company'];

  beforeAll(async () => {
    database = await openDatabase('sqlite::memory:');
    f = await createWorkflowFixture(database);
    app = await buildApp({ services: f.t.services, config: loadConfig({}) });
    for (const [i, username] of users.entries()) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress: `10.6.0.${i + 1}` });
      cookies[username] = `onething_session=${response.cookies.find((c) => c.name === 'onething_session')!.value}`;
    }
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: who ? { cookie: cookies[who] } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('uploads, checks, lists and serves versions of a process', async () => {
    expect((await call(null, 'GET', '/api/flow/definitions')).statusCode).toBe(401);
    const broken = testProcessXml().replace('onething:candidateOrg="${dept.tax}"', 'onething:candidateOrg="330999-tax"');
    const refused = await call('xihu-official', 'POST', '/api/flow/definitions', { xml: broken });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'flow.import.invalid', details: { problems: [{ id: 'tax', type: 'bpmn:UserTask', line: expect.any(Number) }], errors: [{ field: 'xml', rule: 'bpmn' }] } });
    const checked = await call('xihu-official', 'POST', '/api/flow/definitions/check', { xml: broken });
    expect(checked.json()).toMatchObject({ ok: false, key: 'joint_review', problems: [{ id: 'tax', message: expect.stringContaining('330999-tax') }] });
    expect((await call('xihu-official', 'POST', '/api/flow/definitions', {})).json()).toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'body.xml', rule: 'required' }] } });
    // A task drawn and never connected: the file passes, with a note that it never runs.
    const island = testProcessXml().replace('</bpmn:process>', '<bpmn:task id="island" name="孤立" /></bpmn:process>');
    expect((await call('xihu-official', 'POST', '/api/flow/definitions/check', { xml: island })).json()).toMatchObject({
      ok: true, problems: [], notes: [{ id: 'island', type: 'bpmn:Task', line: expect.any(Number), message: expect.stringContaining('never runs') }],
    });
    expect((await call('xihu-official', 'POST', '/api/flow/definitions/check', { xml: testProcessXml() })).json()).toMatchObject({ ok: true, notes: [] });

    const created = await call('xihu-official', 'POST', '/api/flow/definitions', { xml: testProcessXml() });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ key: 'joint_review', version: 1, name: '联合审查', created: true });
    expect((await call('xihu-official', 'POST', '/api/flow/definitions', { xml: testProcessXml() })).statusCode).toBe(200);
    expect((await call('binjiang-official', 'POST', '/api/flow/definitions', { xml: testProcessXml('x') })).statusCode).toBe(403);
    expect((await call('company', 'POST', '/api/flow/definitions', { xml: testProcessXml() })).statusCode).toBe(403);

    const list = await call('company', 'GET', '/api/flow/definitions');
    expect(list.json().items).toEqual([expect.objectContaining({ key: 'joint_review', latestVersion: 1, canEdit: false, owner: { code: '330106', name: '西湖区', nameEn: 'Xihu' } })]);
    expect((await call('xihu-official', 'GET', '/api/flow/definitions/joint_review/versions')).json().items).toEqual([expect.objectContaining({ version: 1 })]);
    expect((await call('company', 'GET', '/api/flow/definitions/joint_review/versions')).statusCode).toBe(403);
    const xml = await call('company', 'GET', '/api/flow/definitions/joint_review/xml?version=1');
    expect(xml.headers['content-type']).toContain('application/xml');
    expect(xml.body).toBe(testProcessXml());
    expect((await call('company', 'GET', '/api/flow/definitions/nosuch/xml')).statusCode).toBe(404);
  });

  let instanceId = '';
  it('checks and uploads a file of more than 200,000 characters (read on a thread of its own) as any other', async () => {
    // Kept and ignored: a text annotation of 250,000 characters.
    const large = testProcessXml('审批', 'large_review').replace('</bpmn:process>', `<bpmn:textAnnotation id="pad"><bpmn:text>${'备注'.repeat(125_000)}</bpmn:text></bpmn:textAnnotation></bpmn:process>`);
    expect(large.length).toBeGreaterThan(200_000);
    expect((await call('xihu-official', 'POST', '/api/flow/definitions/check', { xml: large })).json()).toMatchObject({ ok: true, key: 'large_review', problems: [], notes: [] });
    const broken = large.replace('onething:candidateOrg="${dept.tax}"', 'onething:candidateOrg="330999-tax"');
    expect((await call('xihu-official', 'POST', '/api/flow/definitions', { xml: broken })).json()).toMatchObject({ code: 'flow.import.invalid', details: { problems: [{ id: 'tax', type: 'bpmn:UserTask' }] } });
    const created = await call('xihu-official', 'POST', '/api/flow/definitions', { xml: large });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ key: 'large_review', version: 1, name: '联合审查', created: true });
  });

  it('starts an application and lets the district official complete its first task with the form', async () => {
    expect((await call('company', 'POST', '/api/flow/definitions/joint_review/instances', {})).json().details.errors).toEqual([expect.objectContaining({ field: 'body.title', rule: 'required' })]);
    const started = await call('company', 'POST', '/api/flow/definitions/joint_review/instances', { title: '开办餐馆：湖畔小馆' });
    expect(started.statusCode).toBe(201);
    instanceId = started.json().instanceId;
    const inbox = (await call('xihu-official', 'GET', '/api/flow/inbox')).json().items;
    expect(inbox).toEqual([expect.objectContaining({ instanceId, name: '受理', dueAt: '2026-03-04T02:00:00.000Z', warning: 'none', form: expect.objectContaining({ required: ['ok'] }) })]);
    const taskId = inbox[0].id as string;
    expect((await call('binjiang-official', 'GET', '/api/flow/inbox')).json().items).toEqual([]);
    expect((await call('xihu-official', 'POST', '/api/flow/tasks/bad id/claim')).statusCode).toBe(400);
    expect((await call('binjiang-official', 'POST', `/api/flow/tasks/${taskId}/claim`)).statusCode).toBe(403);
    expect((await call('xihu-official', 'POST', `/api/flow/tasks/${taskId}/claim`)).statusCode).toBe(204);
    const invalid = await call('xihu-official', 'POST', `/api/flow/tasks/${taskId}/complete`, { data: { ok: 'yes' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().details.errors).toEqual([expect.objectContaining({ field: 'data.ok', rule: 'type' })]);
    expect((await call('xihu-official', 'POST', `/api/flow/tasks/${taskId}/complete`, { data: { ok: true } })).statusCode).toBe(204);
    expect((await call('xihu-official', 'POST', `/api/flow/tasks/${taskId}/complete`, { data: { ok: true } })).statusCode).toBe(404);
  });

  it('returns a task for correction, takes the applicant’s answer and shows the progress to the applicant only', async () => {
    const task = (await call('xihu-amr', 'GET', '/api/flow/inbox')).json().items[0];
    const returned = await call('xihu-amr', 'POST', `/api/flow/tasks/${task.id}/return`, { reason: '请补充平面图' });
    expect(returned.statusCode).toBe(201);
    expect((await call('xihu-amr', 'GET', '/api/flow/inbox')).json().items[0]).toMatchObject({ state: 'suspended', correction: { reason: '请补充平面图' } });
    const progress = await call('company', 'GET', `/api/flow/instances/${instanceId}/progress`);
    expect(progress.json()).toMatchObject({ instance: { status: 'running', title: '开办餐馆：湖畔小馆' }, corrections: [{ reason: '请补充平面图', answer: null }], canRate: false });
    expect(progress.json().steps.map((s: { name: string; state: string; org: { name: string } }) => [s.name, s.state, s.org.name])).toEqual([
      ['受理', 'done', '西湖区'], ['市场监管核查', 'suspended', '西湖区市场监督管理局'], ['税务核查', 'active', '西湖区税务局'],
    ]);
    expect((await call('xihu-official', 'GET', `/api/flow/instances/${instanceId}/progress`)).statusCode).toBe(404);
    const answer = await call('company', 'POST', `/api/flow/instances/${instanceId}/corrections/${returned.json().correctionId}/answer`, { answer: '已补充' });
    expect(answer.statusCode).toBe(204);
    expect((await call('xihu-amr', 'GET', '/api/flow/inbox')).json().items[0].state).toBe('open');
  });

  it('serves the instance view with its diagram and highlighted nodes, scoped', async () => {
    const view = await call('xihu-official', 'GET', `/api/flow/instances/${instanceId}`);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ activeNodeIds: ['amr', 'tax'], completedNodeIds: ['accept', 'split', 'start'], instance: { version: 1 }, variables: { title: '开办餐馆：湖畔小馆' } });
    expect(view.json().xml).toContain('bpmndi:BPMNDiagram');
    expect((await call('company', 'GET', `/api/flow/instances/${instanceId}`)).json().variables).toBeNull();
    expect((await call('binjiang-official', 'GET', `/api/flow/instances/${instanceId}`)).statusCode).toBe(404);
    expect((await call('company', 'GET', '/api/flow/instances')).json().items).toEqual([expect.objectContaining({ id: instanceId, processName: '联合审查', status: 'running' })]);
  });

  it('rates a completed application; a bad rating needs a comment and opens a follow-up', async () => {
    expect((await call('company', 'POST', `/api/flow/instances/${instanceId}/rating`, { score: 5 })).statusCode).toBe(409);
    for (const who of ['xihu-amr', 'xihu-tax', 'xihu-official']) {
      const task = (await call(who, 'GET', '/api/flow/inbox')).json().items.find((i: { instanceId: string }) => i.instanceId === instanceId);
      expect((await call(who, 'POST', `/api/flow/tasks/${task.id}/complete`, { data: {} })).statusCode).toBe(204);
    }
    expect((await call('company', 'POST', `/api/flow/instances/${instanceId}/rating`, { score: 7 })).json().details.errors[0]).toMatchObject({ field: 'body.score', rule: 'maximum' });
    expect((await call('company', 'POST', `/api/flow/instances/${instanceId}/rating`, { score: 1 })).json().details.errors[0]).toMatchObject({ field: 'comment', rule: 'required' });
    const rated = await call('company', 'POST', `/api/flow/instances/${instanceId}/rating`, { score: 1, comment: '太慢' });
    expect(rated.statusCode).toBe(201);
    expect((await call('company', 'POST', `/api/flow/instances/${instanceId}/rating`, { score: 5 })).statusCode).toBe(409);
    const stats = await call('xihu-official', 'GET', '/api/flow/statistics?groupBy=step&key=joint_review');
    expect(stats.json().items.map((r: { stepName: string }) => r.stepName).sort()).toEqual(['受理', '审批', '市场监管核查', '税务核查'].sort());
    expect((await call('xihu-official', 'GET', '/api/flow/statistics?groupBy=town')).statusCode).toBe(400);
    expect((await call('company', 'GET', '/api/flow/statistics?groupBy=org')).statusCode).toBe(403);
    const followUp = (await call('xihu-official', 'GET', '/api/flow/inbox')).json().items;
    expect(followUp).toEqual([expect.objectContaining({ instanceId: rated.json().followUpInstanceId, name: '差评回访整改' })]);
  });
});
