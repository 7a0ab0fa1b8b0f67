// The flow journey in real Chromium against the real server (in-process, in-memory SQLite, the
// demo city with its processes): an official edits and saves a process in the designer, a
// company applies, the official handles the task from the inbox with its form, the other steps
// are handled through the services, and the company follows the timeline and rates the service.
// Last, the working-day calendar time limits are counted on: the platform administrator enters a made-up 2027
// notice, first with a weekday as a make-up working day (refused at that field), then correctly; an official
// reads it without the means to change it.
import { expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { importBpmn } from '../../src/engines/flow/index.ts';
import { browserSuite, POLL, switchOn, useJourney, watchPage } from './harness.ts';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:onething="https://onething.dev/schema/bpmn/1.0"';

/**
 * Version 1 of a process whose multi-instance task, repeating reminder, message wait, business-rule
 * task, call activity, error boundary event and service task the journey then reconfigures in the designer's panel: drawn (with a diagram) so bpmn-js shows it.
 */
function panelProcessXml(): string {
  const shapes: Array<[id: string, x: number, y: number, w: number, h: number]> = [
    ['start', 100, 182, 36, 36], ['rule', 180, 160, 100, 80], ['gw', 330, 175, 50, 50], ['review', 430, 80, 100, 80], ['remind', 492, 142, 36, 36],
    ['reminded', 600, 232, 36, 36], ['call', 600, 80, 100, 80], ['failed', 662, 142, 36, 36], ['end', 780, 102, 36, 36], ['failedEnd', 780, 232, 36, 36],
    ['wait', 452, 282, 36, 36], ['issue', 520, 340, 100, 80], ['end2', 700, 362, 36, 36],
  ];
  const flows: Array<[id: string, from: string, to: string]> = [
    ['f1', 'start', 'rule'], ['f2', 'rule', 'gw'], ['toYes', 'gw', 'review'], ['toNo', 'gw', 'wait'], ['f3', 'review', 'call'], ['f6', 'call', 'end'], ['f7', 'failed', 'failedEnd'], ['f4', 'remind', 'reminded'], ['f5', 'wait', 'issue'], ['f8', 'issue', 'end2'],
  ];
  const at = new Map(shapes.map(([id, x, y, w, h]) => [id, { x: x + w / 2, y: y + h / 2 }]));
  const io = (id: string) => flows.filter((f) => f[2] === id).map((f) => `<bpmn:incoming>${f[0]}</bpmn:incoming>`).join('') + flows.filter((f) => f[1] === id).map((f) => `<bpmn:outgoing>${f[0]}</bpmn:outgoing>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs_panel" targetNamespace="https://onething.dev/processes">
  <bpmn:message id="msg_m1" name="m1"/>
  <bpmn:process id="designer_panel" name="设计器属性测试" isExecutable="true">
    <bpmn:startEvent id="start">${io('start')}</bpmn:startEvent>
    <bpmn:businessRuleTask id="rule" name="资格判定" onething:decision="cn-sme-size-class">${io('rule')}</bpmn:businessRuleTask>
    <bpmn:exclusiveGateway id="gw" default="toNo">${io('gw')}</bpmn:exclusiveGateway>
    <bpmn:userTask id="review" name="部门会审" onething:candidateRole="official" onething:candidateOrg="\${gov.district}" onething:timeLimit="5wd">${io('review')}
      <bpmn:multiInstanceLoopCharacteristics onething:collection="\${depts}" onething:elementVariable="dept"/></bpmn:userTask>
    <bpmn:boundaryEvent id="remind" attachedToRef="review" cancelActivity="false">${io('remind')}<bpmn:timerEventDefinition><bpmn:timeDuration>1wd</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:endEvent id="reminded">${io('reminded')}</bpmn:endEvent>
    <bpmn:callActivity id="call" name="办理子流程" calledElement="open_restaurant">${io('call')}</bpmn:callActivity>
    <bpmn:boundaryEvent id="failed" attachedToRef="call">${io('failed')}<bpmn:errorEventDefinition/></bpmn:boundaryEvent>
    <bpmn:endEvent id="failedEnd">${io('failedEnd')}</bpmn:endEvent>
    <bpmn:endEvent id="end">${io('end')}</bpmn:endEvent>
    <bpmn:intermediateCatchEvent id="wait" name="等待回执">${io('wait')}<bpmn:messageEventDefinition messageRef="msg_m1"/></bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="issue" name="发证" onething:handler="issueLicence">${io('issue')}</bpmn:serviceTask>
    <bpmn:endEvent id="end2">${io('end2')}</bpmn:endEvent>
    ${flows.map(([id, from, to]) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${id === 'toYes' ? '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">check.eligible</bpmn:conditionExpression>' : ''}</bpmn:sequenceFlow>`).join('\n    ')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram_panel"><bpmndi:BPMNPlane id="plane_panel" bpmnElement="designer_panel">
    ${shapes.map(([id, x, y, w, h]) => `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${y}" width="${w}" height="${h}"/></bpmndi:BPMNShape>`).join('\n    ')}
    ${flows.map(([id, from, to]) => `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}"><di:waypoint x="${at.get(from)!.x}" y="${at.get(from)!.y}"/><di:waypoint x="${at.get(to)!.x}" y="${at.get(to)!.y}"/></bpmndi:BPMNEdge>`).join('\n    ')}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

// The browser's clock: late November, when next year's notice is usually out but not yet entered. Only the page's
// warning depends on today; the server checks the year entered against the years covered, not against the date.
const TODAY = new Date('2026-11-27T10:00:00+08:00');

/** Types a date into an antd picker input and confirms it (Enter), as a user typing instead of clicking would. */
async function typeDate(input: Locator, date: string): Promise<void> {
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

browserSuite('flow journey in the browser', () => {
  const journey = useJourney();
  const session = (username: string) => journey.session(username);
  const actorOf = (username: string) => journey.actorOf(username);

  it('designs, applies, handles from the inbox, follows the timeline and rates', async () => {
    const errors: string[] = [];
    // The official opens the designer, edits a task's name and saves a new version.
    const official = await session('xihu-official');
    official.on('pageerror', (error) => errors.push(error.message));
    await official.goto(`${journey.platform.url}/flow/designer`);
    await official.getByTestId('designer-canvas').and(official.locator('[data-ready="yes"]')).waitFor();
    await official.getByTestId('designer-process').click();
    await official.locator('.ant-select-item-option').filter({ hasText: '开办餐馆一件事 (v1)' }).click();
    const acceptShape = official.locator('[data-element-id="accept"]').first();
    await acceptShape.waitFor();
    expect(await official.locator('[data-element-id="check_fire"]').count()).toBeGreaterThan(0);
    // bpmn-js draws its bpmn.io logo in the canvas; its licence requires it to stay.
    expect(await official.locator('.bjs-powered-by').count()).toBe(1);
    await acceptShape.click();
    expect(await official.getByTestId('prop-form').inputValue()).toContain('"accepted"');
    await official.getByTestId('prop-name').fill('受理审查（综合窗口）');
    await official.getByTestId('designer-check').click();
    await official.getByTestId('designer-check-result').getByText('校验通过').waitFor();
    await official.getByTestId('designer-save').click();
    await official.getByText('已保存为第 2 版').waitFor();
    const versions = await journey.platform.services.workflow.definitions.versions(await actorOf('xihu-official'), 'open_restaurant');
    expect(versions.map((v) => v.version)).toEqual([2, 1]);

    // The company applies.
    const company = await session('enterprise');
    company.on('pageerror', (error) => errors.push(error.message));
    await company.goto(`${journey.platform.url}/flow/progress`);
    await company.getByTestId('apply-process').click();
    await company.locator('.ant-select-item-option').filter({ hasText: '开办餐馆一件事' }).click();
    await company.getByTestId('apply-title').fill('开办餐馆：浏览器测试小馆');
    await company.getByTestId('apply-submit').click();
    await expect.poll(() => company.getByTestId('progress-title').textContent(), POLL).toBe('开办餐馆：浏览器测试小馆');
    await company.getByTestId('progress-step').filter({ hasText: '受理审查（综合窗口）' }).waitFor();
    const instanceId = new URL(company.url()).searchParams.get('id')!;

    // The official sees it in the inbox with its deadline and handles it with the form.
    await official.goto(`${journey.platform.url}/flow/inbox`);
    const row = official.getByTestId('inbox-table').locator('tr.ant-table-row').filter({ hasText: '开办餐馆：浏览器测试小馆' });
    await row.waitFor();
    expect(await row.getByTestId('task-deadline').textContent()).toMatch(/\d{4}\/\d{2}\/\d{2}/);
    expect(await row.getByTestId('task-warning').textContent()).toBe('正常');
    await row.getByTestId('task-complete').click();
    const form = official.getByTestId('task-form');
    await form.getByTestId('field-opinion').fill('材');
    await official.getByRole('button', { name: '提交' }).click();
    await form.getByText('至少 2 个字').waitFor();
    await switchOn(form.getByTestId('field-accepted'));
    await form.getByTestId('field-opinion').fill('材料齐全，予以受理');
    await official.getByRole('button', { name: '提交' }).click();
    await official.getByText('已办结该环节').waitFor();
    await expect.poll(() => row.count(), POLL).toBe(0);

    // The departments' checks and the approval, through the services.
    const { tasks } = journey.platform.services.workflow;
    for (const username of ['amr-officer', 'health-officer', 'fire-officer', 'xihu-official']) {
      const actor = await actorOf(username);
      const task = (await tasks.inbox(actor)).find((t) => t.instanceId === instanceId)!;
      const data = task.elementId === 'approve' ? { approved: true, opinion: '同意' } : { passed: true, opinion: '符合要求' };
      await tasks.complete(actor, task.id, data);
    }

    // The instance view shows the diagram with completed nodes marked.
    await official.goto(`${journey.platform.url}/flow/instance?id=${instanceId}`);
    await official.locator('[data-testid="instance-diagram"][data-rendered="yes"]').waitFor();
    expect(await official.locator('.djs-element.flow-completed').count()).toBeGreaterThan(5);

    // The company sees the finished timeline (the worker has issued the licence) and rates the service.
    await expect.poll(async () => (await journey.platform.services.workflow.engine.getInstance(instanceId))?.status, POLL).toBe('completed');
    await company.reload();
    await expect.poll(() => company.getByTestId('progress-status').textContent(), POLL).toBe('已办结');
    const steps = await company.getByTestId('progress-step').allTextContents();
    expect(steps.map((s) => s.split('已完成')[0])).toEqual(['受理审查（综合窗口）', '食品经营许可核查', '公共场所卫生核查', '消防安全检查', '联合审批决定', '发放证照']);
    expect(steps[0]).toContain('西湖区');
    expect(steps[0]).toContain('时限');
    await company.getByTestId('rating-score').locator('li').nth(4).click();
    await company.getByTestId('rating-comment').fill('全程网办，很方便');
    await company.getByTestId('rating-submit').click();
    await company.getByTestId('rating-done').waitFor();
    expect(errors).toEqual([]);
  }, 90_000);

  it('configures multi-instance, a repeating timer, a message, a business-rule task, a call, an error and an asynchronous service task in the panel; the saved version runs', async () => {
    const errors: string[] = [];
    const officialActor = await actorOf('xihu-official');
    const { workflow } = journey.platform.services;
    expect(await workflow.definitions.upload(officialActor, panelProcessXml())).toMatchObject({ key: 'designer_panel', version: 1 });
    const page = await session('xihu-official');
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${journey.platform.url}/flow/designer`);
    await page.getByTestId('designer-canvas').and(page.locator('[data-ready="yes"]')).waitFor();
    await page.getByTestId('designer-process').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '设计器属性测试 (v1)' }).click();
    const option = (text: string) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first();
    const shape = (id: string) => page.locator(`.djs-element[data-element-id="${id}"]`).first();
    await shape('review').waitFor();

    // Multi-instance: sequential, over another collection.
    await shape('review').click({ position: { x: 20, y: 20 } });
    expect(await page.getByTestId('prop-mi-collection').inputValue()).toBe('${depts}');
    await page.getByTestId('prop-mi-mode').click();
    await option('依次').click();
    await page.getByTestId('prop-mi-collection').fill('${departments}');

    // The boundary timer: from one working day to every two hours, without bound.
    await shape('remind').click({ position: { x: 10, y: 10 } }); // away from its outgoing flow, drawn from its centre
    expect(await page.getByTestId('prop-timer-amount').inputValue()).toBe('1');
    await page.getByTestId('prop-timer-kind').click();
    await option('周期重复').click();
    await page.getByTestId('prop-timer-amount').fill('2');
    await page.getByTestId('prop-timer-unit').click();
    await option('小时').click();

    // The message wait: another message name and a correlation key.
    await shape('wait').click({ position: { x: 28, y: 8 } }); // away from the flows drawn through its centre (in from the upper left, out to the lower right)
    expect(await page.getByTestId('prop-message-name').inputValue()).toBe('m1');
    await page.getByTestId('prop-message-name').fill('receipt');
    await page.getByTestId('prop-message-name').press('Enter');
    await page.getByTestId('prop-message-key').fill('${title}');

    // The business-rule task: a published unit, its verdict into `check`.
    await shape('rule').click({ position: { x: 20, y: 20 } });
    await page.getByTestId('prop-rule-unit').click();
    await option('cn-cit-small-low-profit').click();
    await page.getByTestId('prop-rule-result').fill('check');

    // The call activity: the called process stays, pinned to version 1, passing the title in and the licence back.
    await shape('call').click({ position: { x: 20, y: 20 } });
    await expect.poll(() => page.getByTestId('prop-call-process').textContent(), POLL).toContain('open_restaurant');
    await page.getByTestId('prop-call-version').click();
    await option('第 1 版').click();
    await page.getByTestId('prop-call-inputs').fill('title, depts');
    await page.getByTestId('prop-call-outputs').fill('licence');

    // The error boundary event on it catches only a rejection.
    await shape('failed').click({ position: { x: 10, y: 10 } }); // away from its outgoing flow
    await page.getByTestId('prop-error-code').fill('REJECTED');
    await page.getByTestId('prop-error-code').press('Enter');

    // The service task after the message: a job of its own rather than part of the step that reaches it.
    await shape('issue').click({ position: { x: 80, y: 20 } }); // the upper right: its flows run to and from its centre
    expect(await page.getByTestId('prop-async').isChecked()).toBe(false);
    await page.getByTestId('prop-async').check();

    await page.getByTestId('designer-save').click();
    await page.getByText('已保存为第 2 版').waitFor();
    const saved = await importBpmn((await workflow.engine.getDefinition('designer_panel', 2))!.xml);
    expect(saved.nodes.review.multiInstance).toMatchObject({ sequential: true, elementVariable: 'dept', collection: { t: 'var', name: 'departments' } });
    expect(saved.nodes.remind.timer).toEqual({ duration: { unit: 'ms', ms: 7_200_000 }, unbounded: true });
    expect(saved.nodes.wait.message).toMatchObject({ name: 'receipt', correlationKey: [{ t: 'var', name: 'title' }] });
    expect(saved.nodes.rule).toMatchObject({ decision: 'cn-cit-small-low-profit', resultVariable: 'check' });
    expect(saved.nodes.call.call).toEqual({ key: 'open_restaurant', version: 1, inputs: ['title', 'depts'], outputs: ['licence'] });
    expect(saved.nodes.failed).toMatchObject({ errorCode: 'REJECTED', boundary: { attachedTo: 'call', type: 'error' } });
    expect(saved.nodes.issue).toMatchObject({ handler: 'issueLicence', async: true });

    // It runs: the worker evaluates the unit for the applicant and the gateway routes on the verdict.
    const company = await actorOf('enterprise');
    const { instanceId } = await workflow.instances.start(company, 'designer_panel', { title: '属性测试申请', variables: { departments: ['330106-amr'] } });
    await expect.poll(async () => ((await workflow.engine.getInstance(instanceId))?.variables.check as { unit?: string } | undefined)?.unit, POLL).toBe('cn-cit-small-low-profit');
    const state = (await workflow.engine.getInstance(instanceId))!;
    const eligible = (state.variables.check as { eligible: boolean }).eligible;
    if (eligible) expect([...state.tokens.values()].map((t) => t.elementId)).toContain('review');
    else expect([...state.subscriptions.values()].map((s) => [s.messageName, s.correlationKey])).toEqual([['receipt', '属性测试申请']]);
    expect(errors).toEqual([]);
  }, 90_000);

  it('opens a file drawn in Camunda Modeler 8, shows the check, and saves it as a new process with its settings read', async () => {
    const errors: string[] = [];
    const page = await session('xihu-official');
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${journey.platform.url}/flow/designer`);
    await page.getByTestId('designer-canvas').and(page.locator('[data-ready="yes"]')).waitFor();
    await page.getByTestId('designer-file').setInputFiles({ name: 'permit.bpmn', mimeType: 'application/xml', buffer: Buffer.from(camunda8FileXml) });
    await page.locator('[data-element-id="decide"]').first().waitFor();
    await page.getByTestId('designer-check-result').getByText('校验通过').waitFor();
    await page.getByTestId('designer-save').click();
    await page.getByText('已保存为第 1 版').waitFor();
    const saved = (await journey.platform.services.workflow.engine.getDefinition('c8_permit', 1))!;
    expect(saved.process.nodes.decide.userTask!.candidateRoles).toEqual(['department_officer']);
    expect(saved.process.nodes.notify).toMatchObject({ kind: 'serviceTask', handler: 'issueLicence' });

    // The same drawn for Camunda 7, its service task marked camunda:asyncBefore: the panel shows it runs as a job of its own.
    await page.getByTestId('designer-file').setInputFiles({ name: 'permit7.bpmn', mimeType: 'application/xml', buffer: Buffer.from(camunda7FileXml) });
    await page.getByTestId('designer-check-result').getByText('校验通过').waitFor();
    // Its due date is a Java expression the engine does not read: the check passes and says so.
    await page.getByTestId('designer-check-result').getByText('1 条提示：文件可以导入和运行，请查看未生效的部分').waitFor();
    expect(await page.getByTestId('designer-note').textContent()).toContain('camunda:dueDate="${dateTime().plusDays(3).toDate()}" is not read');
    await page.locator('[data-element-id="notify"]').first().click({ position: { x: 80, y: 20 } });
    await expect.poll(() => page.getByTestId('prop-async').isChecked(), POLL).toBe(true);
    await page.getByTestId('designer-save').click();
    // The first save's message may still show: wait for the definition itself.
    await expect.poll(async () => (await journey.platform.services.workflow.engine.getDefinition('c7_permit', 1))?.process.nodes, POLL)
      .toMatchObject({ notify: { handler: 'issueLicence', async: true }, decide: { userTask: { candidateRoles: ['department_officer'] } } });
    expect(errors).toEqual([]);
  }, 90_000);

  // Last: the calendar it enters counts for the rest of the platform's life.
  it('enters next year’s holiday notice, refused first for a weekday made a working day', async () => {
    const page = await journey.session('admin');
    const seen = watchPage(page);
    await page.clock.setFixedTime(TODAY);
    try {
      await page.getByTestId('side-nav').getByText('工作日历').waitFor();
      await page.goto(`${journey.platform.url}/calendar`);
      const coverage = page.getByTestId('calendar-coverage');
      await expect.poll(() => coverage.textContent(), POLL).toBe('日历覆盖 2019-01-01 至 2026-12-31');
      const row = (year: number) => page.getByTestId('calendar-years').locator(`tr[data-row-key="${year}"]`);
      expect(await row(2026).getByTestId('calendar-source').textContent()).toBe('已内置');
      expect(await row(2026).textContent()).toContain('国办发明电〔2025〕7号');
      expect(await row(2026).textContent()).toContain('春节：2026-02-15 至 2026-02-23，共 9 天');
      expect(await page.getByTestId('calendar-uncovered').textContent()).toContain('2027年节假日安排尚未录入：跨入2027年的期限按周一至周五计算');

      // The form starts at the next year, with last year's holidays named and their dates to enter.
      await page.getByTestId('calendar-enter').click();
      const form = page.getByTestId('calendar-form');
      await form.waitFor();
      expect(await form.getByTestId('calendar-form-year').inputValue()).toBe('2027');
      await form.getByTestId('calendar-notice-0').locator('input').fill('国办发明电〔2026〕99号 国务院办公厅关于2027年部分节假日安排的通知');
      const holidays = form.locator('[data-testid^="calendar-holiday-"]');
      expect(await holidays.count()).toBe(7);
      // The last one removed until one is left: a click that lands while the list re-renders on a loaded machine is
      // tried again (CI once kept two after six clicks), and one on a row already gone times out harmlessly.
      await expect.poll(async () => {
        const n = await holidays.count();
        if (n > 1) await form.getByTestId(`calendar-holiday-${n - 1}`).getByTestId('calendar-remove').click({ timeout: 2_000 }).catch(() => undefined);
        return holidays.count();
      }, POLL).toBe(1);
      const newYear = form.getByTestId('calendar-holiday-0');
      expect(await newYear.locator('input').first().inputValue()).toBe('元旦');
      await typeDate(newYear.getByPlaceholder('开始日期'), '2027-01-01');
      await typeDate(newYear.getByPlaceholder('结束日期'), '2027-01-03');
      // 2027-01-06 is a Wednesday: a working day already, which no notice makes a make-up day.
      await form.getByTestId('calendar-add-workday').click();
      const workday = form.getByTestId('calendar-workday-0');
      await typeDate(workday.getByPlaceholder('调休上班日期'), '2027-01-06');
      await page.getByTestId('calendar-form-save').click();
      await workday.getByText('该日本是工作日：调休上班日须为周六或周日').waitFor();
      expect(await page.getByTestId('calendar-saved').count()).toBe(0);

      // A Saturday instead.
      await typeDate(workday.getByPlaceholder('调休上班日期'), '2027-01-09');
      await expect.poll(() => workday.locator('.ant-form-item-explain-error').count(), POLL).toBe(0);
      await page.getByTestId('calendar-form-save').click();
      await page.getByTestId('calendar-saved').getByText('2027年节假日安排已保存，日历现覆盖至 2027-12-31。').waitFor();
      // Running flows' working-day deadlines past New Year's Day were counted again on it, or none had one.
      expect(await page.getByTestId('calendar-saved').textContent()).toMatch(/已按新安排重新计算 \d+ 件在办事项的 \d+ 个工作日期限|没有在办事项的工作日期限因本次安排而变动/);
      await expect.poll(() => form.count(), POLL).toBe(0);
      await expect.poll(() => coverage.textContent(), POLL).toBe('日历覆盖 2019-01-01 至 2027-12-31');
      await expect.poll(() => row(2027).getByTestId('calendar-source').textContent(), POLL).toBe('已录入');
      expect(await row(2027).textContent()).toContain('元旦：2027-01-01 至 2027-01-03，共 3 天');
      expect(await page.getByTestId('calendar-uncovered').count()).toBe(0);
      const stored = journey.platform.services.workflow.holidays.list().years.find((y) => y.year === 2027);
      expect(stored).toMatchObject({ source: 'entered', holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], workdays: ['2027-01-09'] });

      // Amending fills the form with the year as it stands, its year fixed.
      await row(2027).getByTestId('calendar-amend').click();
      await form.waitFor();
      expect(await form.getByTestId('calendar-form-year').isDisabled()).toBe(true);
      expect(await form.getByTestId('calendar-holiday-0').getByPlaceholder('开始日期').inputValue()).toBe('2027-01-01');
      expect(await form.getByTestId('calendar-workday-0').getByPlaceholder('调休上班日期').inputValue()).toBe('2027-01-09');
    } catch (error) {
      throw new Error(`${(error as Error).message}; the page: ${seen.join('; ') || 'nothing seen'}; at ${page.url()}`, { cause: error });
    } finally {
      await page.context().close();
    }

    // An official reads the calendar, now to the end of 2027, and has nothing to enter it with.
    const official = await journey.session('xihu-official');
    await official.goto(`${journey.platform.url}/calendar`);
    await expect.poll(() => official.getByTestId('calendar-coverage').textContent(), POLL).toBe('日历覆盖 2019-01-01 至 2027-12-31');
    await official.getByTestId('calendar-years').locator('tr[data-row-key="2027"]').waitFor();
    expect(await official.getByTestId('calendar-enter').count()).toBe(0);
    expect(await official.getByTestId('calendar-amend').count()).toBe(0);
    await official.context().close();
  }, 60_000);
});

/**
 * A process as Camunda Modeler 8 saves it (zeebe settings, its diagram), with the one setting the platform needs that
 * Camunda has no word for: the organisation whose officers see the task (onething:candidateOrg).
 */
const camunda8FileXml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:onething="https://onething.dev/schema/bpmn/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_c8" targetNamespace="http://bpmn.io/schema/bpmn"
  exporter="Camunda Modeler" exporterVersion="5.20.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.4.0">
  <bpmn:process id="c8_permit" name="许可核查（外部建模）" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="decide" name="核查决定" onething:candidateOrg="\${dept.amr}">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="department_officer" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:serviceTask id="notify" name="告知申请人">
      <bpmn:extensionElements><zeebe:taskDefinition type="issueLicence" /></bpmn:extensionElements>
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="notify" />
    <bpmn:sequenceFlow id="f3" sourceRef="notify" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram_c8"><bpmndi:BPMNPlane id="plane_c8" bpmnElement="c8_permit">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="decide_di" bpmnElement="decide"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="notify_di" bpmnElement="notify"><dc:Bounds x="400" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="562" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="400" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="500" y="120" /><di:waypoint x="562" y="120" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

/** The same process as Camunda Modeler 7 saves it: an external task whose topic names the handler, marked asyncBefore. */
const camunda7FileXml = camunda8FileXml
  .replace('xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"', 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"')
  .replace('modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.4.0"', 'modeler:executionPlatform="Camunda Platform" modeler:executionPlatformVersion="7.20.0"')
  .replaceAll('c8_permit', 'c7_permit')
  .replace('<bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="department_officer" /></bpmn:extensionElements>', '')
  .replace('onething:candidateOrg="${dept.amr}"', 'onething:candidateOrg="${dept.amr}" camunda:candidateGroups="department_officer" camunda:dueDate="${dateTime().plusDays(3).toDate()}"')
  .replace('<bpmn:serviceTask id="notify" name="告知申请人">', '<bpmn:serviceTask id="notify" name="告知申请人" camunda:type="external" camunda:topic="issueLicence" camunda:asyncBefore="true">')
  .replace('<bpmn:extensionElements><zeebe:taskDefinition type="issueLicence" /></bpmn:extensionElements>', '');
