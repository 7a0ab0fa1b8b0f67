import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { AppError } from '../../kernel/errors.ts';
import { createWorkflowFixture, testProcessXml, type WorkflowFixture } from './workflow.testing.ts';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

for (const dialect of testDialects()) {
  describe(`workflow services on ${dialect.name}`, () => {
    let database: Database;
    let f: WorkflowFixture;
    const wf = () => f.t.services.workflow;

    beforeAll(async () => {
      database = await dialect.open();
      f = await createWorkflowFixture(database);
    });
    afterAll(async () => database?.close());

    it('refuses a file with problems, naming each element with its type and line', async () => {
      const bad = testProcessXml()
        .replace('candidateRole="department_officer" onething:candidateOrg="${dept.amr}"', 'candidateRole="inspector" onething:candidateOrg="${dept.nosuch}"')
        .replace('<bpmn:endEvent id="end"', '<bpmn:scriptTask id="script1"/>\n    <bpmn:endEvent id="end"');
      const checked = await wf().definitions.check(f.actors.xihuOfficial, bad);
      expect(checked.ok).toBe(false);
      expect(checked.problems).toEqual(expect.arrayContaining([
        expect.objectContaining({ id: 'amr', type: 'bpmn:UserTask', message: expect.stringContaining('"inspector"') }),
        expect.objectContaining({ id: 'amr', message: expect.stringContaining('dept.nosuch') }),
        expect.objectContaining({ id: 'script1', type: 'bpmn:ScriptTask' }),
      ]));
      const line = bad.split('\n').findIndex((l) => l.includes('id="script1"')) + 1;
      expect(checked.problems.find((p) => p.id === 'script1')?.line).toBe(line);
      const error = await failure(wf().definitions.upload(f.actors.xihuOfficial, bad));
      expect(error.code).toBe('flow.import.invalid');
      expect((error.details as { errors: { field: string }[] }).errors[0].field).toBe('xml');
      expect((await failure(wf().definitions.upload(f.actors.company, testProcessXml()))).code).toBe('auth.forbidden');
    });

    it('versions a process per owning organisation', async () => {
      const v1 = await wf().definitions.upload(f.actors.xihuOfficial, testProcessXml());
      expect(v1).toMatchObject({ key: 'joint_review', version: 1, created: true });
      expect(await wf().definitions.upload(f.actors.xihuOfficial, testProcessXml())).toMatchObject({ version: 1, created: false });
      expect((await failure(wf().definitions.upload(f.actors.binjiangOfficial, testProcessXml('决定')))).code).toBe('auth.forbidden');
      const list = await wf().definitions.list(f.actors.xihuOfficial);
      expect(list.find((p) => p.key === 'joint_review')).toMatchObject({ latestVersion: 1, canEdit: true, owner: { code: '330106' } });
      expect((await wf().definitions.list(f.actors.binjiangOfficial)).find((p) => p.key === 'joint_review')?.canEdit).toBe(false);
      expect((await wf().definitions.list(f.actors.company)).find((p) => p.key === 'joint_review')).toMatchObject({ running: null });
    });

    let instanceId = '';
    it('starts an application routed to the applicant district’s government and departments', async () => {
      expect((await failure(wf().instances.start(f.actors.xihuOfficial, 'joint_review', { title: '申请' }))).code).toBe('auth.forbidden');
      expect((await failure(wf().instances.start(f.actors.company, 'joint_review', { title: 'x', variables: { dept: 1 } }))).details).toMatchObject({
        errors: [{ field: 'title', rule: 'length' }, { field: 'variables.dept', rule: 'reserved' }],
      });
      ({ instanceId } = await wf().instances.start(f.actors.company, 'joint_review', { title: '开办餐馆：测试', note: '一楼' }));
      const inbox = await wf().tasks.inbox(f.actors.xihuOfficial);
      const task = inbox.find((i) => i.instanceId === instanceId)!;
      // 2 working days from Monday 10:00 Beijing time: Wednesday 10:00.
      expect(task).toMatchObject({ name: '受理', org: { code: '330106', name: '西湖区' }, dueAt: '2026-03-04T02:00:00.000Z', warning: 'none', mine: true, title: '开办餐馆：测试' });
      expect(task.form).toMatchObject({ required: ['ok'] });
      expect((await wf().tasks.inbox(f.actors.cityOfficial)).some((i) => i.instanceId === instanceId)).toBe(false);
      expect((await wf().tasks.inbox(f.actors.binjiangOfficial)).some((i) => i.instanceId === instanceId)).toBe(false);
      expect((await failure(wf().tasks.inbox(f.actors.company))).code).toBe('auth.forbidden');
    });

    it('completes a task only for its candidates, with form data valid against its schema', async () => {
      const taskId = (await wf().tasks.inbox(f.actors.xihuOfficial)).find((i) => i.instanceId === instanceId)!.id;
      expect((await failure(wf().tasks.complete(f.actors.binjiangOfficial, taskId, { ok: true }))).code).toBe('auth.forbidden');
      const invalid = await failure(wf().tasks.complete(f.actors.xihuOfficial, taskId, { ok: 'yes' }));
      expect(invalid.code).toBe('validation.failed');
      expect((invalid.details as { errors: { field: string; rule: string }[] }).errors).toEqual([expect.objectContaining({ field: 'data.ok', rule: 'type' })]);
      await wf().tasks.claim(f.actors.xihuOfficial, taskId);
      await wf().tasks.complete(f.actors.xihuOfficial, taskId, { ok: true });
      const audited = await f.t.services.audit.search({ action: 'flow.task.complete', page: 1, pageSize: 10 });
      expect(audited.items).toEqual([expect.objectContaining({ actorName: 'xihu-official', target: taskId })]);
      const amrTask = (await wf().tasks.inbox(f.actors.xihuAmr)).find((i) => i.instanceId === instanceId)!;
      expect(amrTask).toMatchObject({ name: '市场监管核查', org: { code: '330106-amr' } });
      expect((await wf().tasks.inbox(f.actors.xihuTax)).map((i) => i.name)).toContain('税务核查');
    });

    it('delegates within the organisation and returns a task for correction with its clock stopped', async () => {
      const task = (await wf().tasks.inbox(f.actors.xihuAmr)).find((i) => i.instanceId === instanceId)!;
      expect((await failure(wf().tasks.delegate(f.actors.xihuAmr, task.id, 'xihu-tax'))).details).toMatchObject({ errors: [{ field: 'to', rule: 'candidate' }] });
      await wf().tasks.delegate(f.actors.xihuAmr, task.id, 'xihu-amr2');
      expect((await wf().tasks.inbox(f.actors.xihuAmr2)).find((i) => i.id === task.id)).toMatchObject({ mine: true, assignee: { name: '钱敏' } });
      expect((await failure(wf().tasks.complete(f.actors.xihuAmr, task.id, {}))).code).toBe('auth.forbidden');

      const { correctionId } = await wf().tasks.returnForCorrection(f.actors.xihuAmr2, task.id, '请补充平面图');
      let progress = await wf().instances.progress(f.actors.company, instanceId);
      expect(progress.steps.find((s) => s.elementId === 'amr')?.state).toBe('suspended');
      expect(progress.corrections).toEqual([expect.objectContaining({ id: correctionId, reason: '请补充平面图', answer: null })]);
      // With the applicant for a week (5 working days): the deadline moves by 5 working days.
      f.t.clock.advance(7 * 86_400_000);
      await wf().instances.answerCorrection(f.actors.company, instanceId, correctionId, '已补充');
      expect((await failure(wf().instances.answerCorrection(f.actors.company, instanceId, correctionId, '再次'))).code).toBe('conflict');
      const resumed = (await wf().tasks.inbox(f.actors.xihuAmr2)).find((i) => i.id === task.id)!;
      expect(resumed.state).toBe('open');
      expect(resumed.dueAt).toBe('2026-03-16T02:00:00.000Z');
      progress = await wf().instances.progress(f.actors.company, instanceId);
      expect(progress.corrections[0]).toMatchObject({ answer: '已补充' });
      await wf().tasks.complete(f.actors.xihuAmr2, task.id, {});
    });

    it('shows the instance to its applicant and the officials of its area only', async () => {
      const view = await wf().instances.view(f.actors.xihuOfficial, instanceId);
      expect(view.activeNodeIds).toEqual(['join', 'tax']); // a token waits at the join for the tax check
      expect(view.completedNodeIds).toEqual(expect.arrayContaining(['start', 'accept', 'split', 'amr']));
      expect(view.completedFlowIds).toEqual(expect.arrayContaining(['f1', 'f2', 'f3', 'f5']));
      expect(view.xml).toContain('joint_review');
      expect(view.variables).toMatchObject({ title: '开办餐馆：测试', gov: { district: '330106' }, dept: { amr: '330106-amr', tax: '330106-tax' } });
      expect((await wf().instances.view(f.actors.company, instanceId)).variables).toBeNull();
      await wf().instances.view(f.actors.cityOfficial, instanceId);
      await wf().instances.view(f.actors.xihuTax, instanceId);
      expect((await failure(wf().instances.view(f.actors.binjiangOfficial, instanceId))).code).toBe('not_found');
      expect((await failure(wf().instances.view(f.actors.bank, instanceId))).code).toBe('not_found');
      expect((await failure(wf().instances.list(f.actors.bank, {}))).code).toBe('auth.forbidden');
      expect((await failure(wf().instances.progress(f.actors.xihuOfficial, instanceId))).code).toBe('not_found');
      expect((await wf().instances.list(f.actors.company, {})).map((i) => i.id)).toEqual([instanceId]);
      expect((await wf().instances.list(f.actors.binjiangOfficial, {})).map((i) => i.id)).toEqual([]);
    });

    it('keeps running instances on their version when a new one is uploaded', async () => {
      expect(await wf().definitions.upload(f.actors.xihuOfficial, testProcessXml('审批决定'))).toMatchObject({ version: 2, created: true });
      expect((await wf().definitions.versions(f.actors.xihuOfficial, 'joint_review')).map((v) => v.version)).toEqual([2, 1]);
      const taxTask = (await wf().tasks.inbox(f.actors.xihuTax)).find((i) => i.instanceId === instanceId)!;
      await wf().tasks.complete(f.actors.xihuTax, taxTask.id, {});
      const approve = (await wf().tasks.inbox(f.actors.xihuOfficial)).find((i) => i.instanceId === instanceId)!;
      expect(approve).toMatchObject({ name: '审批', processKey: 'joint_review' });
      expect((await wf().instances.view(f.actors.xihuOfficial, instanceId)).instance.version).toBe(1);
      const timeline = (await wf().instances.progress(f.actors.company, instanceId)).steps;
      expect(timeline.map((s) => [s.name, s.state])).toEqual([['受理', 'done'], ['市场监管核查', 'done'], ['税务核查', 'done'], ['审批', 'active']]);
      expect(timeline[3].deadline).not.toBeNull();
    });

    it('takes a rating once the application is done; a bad one opens a follow-up task for the owner', async () => {
      expect((await failure(wf().instances.rate(f.actors.company, instanceId, { score: 5 }))).code).toBe('flow.instance.notCompleted');
      const approve = (await wf().tasks.inbox(f.actors.xihuOfficial)).find((i) => i.instanceId === instanceId)!;
      await wf().tasks.complete(f.actors.xihuOfficial, approve.id, {});
      const progress = await wf().instances.progress(f.actors.company, instanceId);
      expect(progress).toMatchObject({ instance: { status: 'completed' }, canRate: true });
      expect((await failure(wf().instances.rate(f.actors.company, instanceId, { score: 2 }))).details).toMatchObject({ errors: [{ field: 'comment', rule: 'required' }] });
      expect((await failure(wf().instances.rate(f.actors.xihuOfficial, instanceId, { score: 5 }))).code).toBe('not_found');
      const rated = await wf().instances.rate(f.actors.company, instanceId, { score: 2, comment: '等待时间太长' });
      expect(rated.followUpInstanceId).toBeTruthy();
      expect((await failure(wf().instances.rate(f.actors.company, instanceId, { score: 4 }))).code).toBe('conflict');
      const followUp = (await wf().tasks.inbox(f.actors.xihuOfficial)).find((i) => i.instanceId === rated.followUpInstanceId)!;
      expect(followUp).toMatchObject({ name: '差评回访整改', processKey: 'onething_rating_followup', org: { code: '330106' } });
      expect((await wf().instances.progress(f.actors.company, instanceId))).toMatchObject({ rating: { score: 2, comment: '等待时间太长' }, canRate: false });
      // The follow-up is no application of the company's.
      expect((await wf().instances.list(f.actors.company, {})).map((i) => i.id)).toEqual([instanceId]);
    });

    it('reports handling days within the caller’s organisations only', async () => {
      const byOrg = await wf().statistics.handling(f.actors.xihuOfficial, { groupBy: 'org', key: 'joint_review' });
      expect(byOrg.map((r) => r.org?.code).sort()).toEqual(['330106', '330106-amr', '330106-tax']);
      // The market check waited a week with the applicant (5 working days, its clock stopped) and was handled on
      // the day it came back: no handling day counted, the 5 shown as suspended.
      expect(byOrg.find((r) => r.group === '330106-amr')).toMatchObject({ finished: 1, open: 0, org: { name: '西湖区市场监督管理局' }, avgWorkingDays: 0, avgSuspendedWorkingDays: 5 });
      const bySteps = await wf().statistics.handling(f.actors.xihuAmr, { groupBy: 'step' });
      expect(bySteps.map((r) => r.stepName)).toEqual(['市场监管核查']);
      expect(await wf().statistics.handling(f.actors.binjiangOfficial, { groupBy: 'org' })).toEqual([]);
      expect((await wf().statistics.handling(f.actors.xihuOfficial, { groupBy: 'definition' })).map((r) => r.key)).toEqual(['joint_review']);
      expect(await wf().statistics.handling(f.actors.binjiangOfficial, { groupBy: 'definition' })).toEqual([]);
      expect((await wf().statistics.handling(f.actors.admin, { groupBy: 'definition' })).map((r) => r.key).sort()).toEqual(['joint_review', 'onething_rating_followup']);
      expect((await failure(wf().statistics.handling(f.actors.company, { groupBy: 'org' }))).code).toBe('auth.forbidden');
    });
  });
}
