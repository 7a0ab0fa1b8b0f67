// The flow journey in real Chromium against the real server (in-process, in-memory SQLite, the
// demo city with its processes): an official edits and saves a process in the designer, a
// company applies, the official handles the task from the inbox with its form, the other steps
// are handled through the services, and the company follows the timeline and rates the service.
import { expect, it } from 'vitest';
import { browserSuite, POLL, useJourney } from './harness.ts';

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
    await form.getByTestId('field-accepted').click();
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
});
