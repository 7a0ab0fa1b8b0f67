import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createIdGenerator, createSequentialIds } from '../../kernel/ids.ts';
import { createFlowEngine, type FlowEngine } from './engine.ts';
import { BpmnError } from './handlers.ts';
import { flowMigrations } from './migrations.ts';
import { replayHistory } from './replay.ts';
import { bpmnXml, chain, flow, typicalProcessXml } from './test-support.ts';
import { weekendOnlyCalendar } from './time.ts';

for (const dialect of testDialects()) {
  describe(`flow engine on ${dialect.name}`, () => {
    let database: Database;
    let engine: FlowEngine;
    const clock = createFixedClock('2026-03-02T01:00:00Z'); // a Monday
    const calls: string[] = [];
    let failuresLeft = 0;

    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, flowMigrations);
      engine = createFlowEngine({
        database, clock, ids: createSequentialIds(), calendar: weekendOnlyCalendar, maxAttempts: 2, retryDelayMs: 1000,
        handlers: {
          intake: (ctx) => { calls.push(`intake:${ctx.idempotencyKey}`); return { received: true }; },
          double: (ctx) => ({ result: Number(ctx.variables.item) * 2 }),
          reject: () => { throw new BpmnError('REJECTED', 'not eligible'); },
          flaky: () => { if (failuresLeft-- > 0) throw new Error('bank unavailable'); return { paid: true }; },
        },
        rules: (decision, vars) => (decision === 'eligibility' ? { eligible: Number(vars.employees) >= 10 } : null),
        forms: { amountForm: { type: 'object', required: ['amount'], properties: { amount: { type: 'integer', minimum: 1 } } } },
      });
    });
    afterAll(async () => database.close());

    const deploy = (body: string, id: string, extra?: string, attrs?: Record<string, string>) => engine.deploy(bpmnXml(body, { id, extra, attrs }));
    const openTasks = (instanceId: string) => engine.listTasks({ instanceId });
    const statusOf = async (id: string) => (await engine.getInstance(id))!.status;

    it('runs the typical process: service task, parallel user tasks, join, end', async () => {
      await engine.deploy(typicalProcessXml('typ'));
      const id = await engine.start('typ', { variables: { applicant: 'A' }, businessKey: 'case-1' });
      // The service task ran in the start's transaction (synchronous continuation): the start reached the user tasks.
      expect(await engine.drain()).toBe(0);
      const tasks = await openTasks(id);
      expect(tasks.map((t) => t.elementId).sort()).toEqual(['checkA', 'checkB']);
      expect(tasks[0].dueAt).toBe('2026-03-09T01:00:00.000Z'); // 5 working days after Monday
      await engine.completeTask(tasks[0].id, { ok: true }, 'u1');
      expect(await statusOf(id)).toBe('running');
      await engine.completeTask(tasks[1].id, { ok2: true }, 'u2');
      const done = (await engine.getInstance(id))!;
      expect(done.status).toBe('completed');
      expect(done.variables).toEqual({ applicant: 'A', received: true, ok: true, ok2: true });
      expect([...done.tokens.keys()]).toHaveLength(0);
      expect(calls.filter((c) => c.startsWith('intake:'))).toHaveLength(1);
      const timeline = await engine.timeline(id);
      expect(timeline.map((s) => [s.elementId, s.state])).toEqual([['intake', 'done'], ['checkA', 'done'], ['checkB', 'done']]);
      expect(timeline[1]).toMatchObject({ deadline: '2026-03-09T01:00:00.000Z', finishedAt: '2026-03-02T01:00:00.000Z' });
      expect(timeline.find((s) => s.elementId === 'checkB')!.actor).toBe('u2');
    });

    it('routes an exclusive gateway by condition and default flow', async () => {
      await deploy(`<startEvent id="s"/><exclusiveGateway id="g" default="fdef"/><task id="big"/><manualTask id="small"/><endEvent id="e1"/><endEvent id="e2"/>
        ${flow('f0', 's', 'g')}${flow('fbig', 'g', 'big', '${amount > 100}')}${flow('fdef', 'g', 'small')}${chain('big', 'e1')}${chain('small', 'e2')}`, 'xor');
      const a = await engine.start('xor', { variables: { amount: 500 } });
      const b = await engine.start('xor', { variables: { amount: 5 } });
      const entered = async (id: string) => (await engine.history(id)).filter((h) => h.kind === 'enter').map((h) => h.elementId);
      expect(await entered(a)).toContain('big');
      expect(await entered(b)).toEqual(['s', 'g', 'small', 'e2']);
      expect(await statusOf(a)).toBe('completed');
    });

    it('joins an inclusive gateway only when every chosen branch arrived', async () => {
      await deploy(`<startEvent id="s"/><inclusiveGateway id="split"/><userTask id="tax"/><userTask id="land"/><userTask id="housing"/><inclusiveGateway id="join"/><endEvent id="e"/>
        ${flow('f0', 's', 'split')}${flow('ft', 'split', 'tax', "contains(depts, 'tax')")}${flow('fl', 'split', 'land', "contains(depts, 'land')")}${flow('fh', 'split', 'housing', "contains(depts, 'housing')")}
        ${flow('ft2', 'tax', 'join')}${flow('fl2', 'land', 'join')}${flow('fh2', 'housing', 'join')}${chain('join', 'e')}`, 'incl');
      const id = await engine.start('incl', { variables: { depts: ['tax', 'housing'] } });
      const tasks = await openTasks(id);
      expect(tasks.map((t) => t.elementId).sort()).toEqual(['housing', 'tax']);
      await engine.completeTask(tasks[0].id, {});
      expect(await statusOf(id)).toBe('running');
      await engine.completeTask(tasks[1].id, {});
      expect(await statusOf(id)).toBe('completed');
    });

    it('fans out parallel multi-instance user tasks and collects their outputs', async () => {
      await deploy(`<startEvent id="s"/><userTask id="review" onething:candidateOrg="\${item}">
          <multiInstanceLoopCharacteristics onething:collection="depts" onething:elementVariable="item" onething:outputCollection="opinions" onething:outputElement="opinion"/></userTask>
        <endEvent id="e"/>${chain('s', 'review', 'e')}`, 'mi');
      const id = await engine.start('mi', { variables: { depts: ['tax', 'land', 'housing'] } });
      const tasks = await openTasks(id);
      expect(tasks.map((t) => t.candidateOrg).sort()).toEqual(['housing', 'land', 'tax']);
      expect((await engine.listTasks({ orgs: ['land'] })).filter((t) => t.instanceId === id)).toHaveLength(1);
      for (const t of [...tasks].reverse()) await engine.completeTask(t.id, { opinion: `ok-${t.candidateOrg}` });
      const done = (await engine.getInstance(id))!;
      expect(done.status).toBe('completed');
      expect(done.variables.opinions).toEqual(['ok-tax', 'ok-land', 'ok-housing']);
      expect((await engine.timeline(id)).map((s) => `${s.org}:${s.state}`)).toEqual(['tax:done', 'land:done', 'housing:done']);
    });

    it('runs a sequential multi-instance service task one item at a time', async () => {
      // onething:async="true": each item's call is a job of its own, never run in the step that reaches it.
      await deploy(`<startEvent id="s"/><serviceTask id="calc" onething:handler="double" onething:async="true">
          <multiInstanceLoopCharacteristics isSequential="true" onething:collection="nums" onething:outputCollection="doubled" onething:outputElement="result"/></serviceTask>
        <endEvent id="e"/>${chain('s', 'calc', 'e')}`, 'seqmi');
      const id = await engine.start('seqmi', { variables: { nums: [1, 2, 3] } });
      expect(await engine.runDueJobs()).toBe(1);
      expect([...(await engine.getInstance(id))!.jobs.keys()]).toHaveLength(1);
      await engine.drain();
      expect((await engine.getInstance(id))!.variables.doubled).toEqual([2, 4, 6]);
    });

    it('runs embedded subprocesses; a terminate end inside ends only the subprocess', async () => {
      await deploy(`<startEvent id="s"/>
        <subProcess id="sub"><startEvent id="ss"/><parallelGateway id="fork"/><userTask id="inner"/><endEvent id="term"><terminateEventDefinition/></endEvent>
          ${chain('ss', 'fork')}${flow('fi', 'fork', 'inner')}${flow('ft', 'fork', 'term')}</subProcess>
        <userTask id="after"/><endEvent id="e"/>${chain('s', 'sub', 'after', 'e')}`, 'subp');
      const id = await engine.start('subp');
      const tasks = await openTasks(id);
      expect(tasks.map((t) => t.elementId)).toEqual(['after']);
      expect((await engine.listTasks({ instanceId: id, states: ['cancelled'] })).map((t) => t.elementId)).toEqual(['inner']);
    });

    it('calls a versioned definition; running instances keep their version', async () => {
      const child = (task: string) => deploy(`<startEvent id="cs"/><userTask id="${task}"/><endEvent id="ce"/>${chain('cs', task, 'ce')}`, 'child');
      const v1 = await child('v1task');
      await deploy(`<startEvent id="s"/><callActivity id="call" calledElement="child" onething:outputs="answer"/><endEvent id="e"/>${chain('s', 'call', 'e')}`, 'parent');
      const id = await engine.start('parent', { variables: { q: 1 } });
      const v2 = await child('v2task');
      expect(v2.version).toBe(v1.version + 1);
      const [task] = await engine.listTasks({ states: ['open'] }).then((ts) => ts.filter((t) => t.instanceId.startsWith(id)));
      expect(task.elementId).toBe('v1task');
      const childState = (await engine.getInstance(task.instanceId))!;
      expect(childState.version).toBe(v1.version);
      expect(childState.variables).toEqual({ q: 1 });
      await engine.completeTask(task.id, { answer: 42, noise: 1 });
      const parent = (await engine.getInstance(id))!;
      expect(parent.status).toBe('completed');
      expect(parent.variables).toEqual({ q: 1, answer: 42 });
    });

    it('cancels called instances with their parent, and takes a child\'s uncaught error at the call activity', async () => {
      await deploy(`<startEvent id="cs"/><userTask id="inner"/><exclusiveGateway id="cg" default="ok"/><endEvent id="fail"><errorEventDefinition errorRef="eBad"/></endEvent><endEvent id="ce"/>
        ${chain('cs', 'inner', 'cg')}${flow('bad', 'cg', 'fail', 'bad == true')}${flow('ok', 'cg', 'ce')}`, 'kid', '<error id="eBad" errorCode="BAD"/>');
      await deploy(`<startEvent id="s"/><callActivity id="call" calledElement="kid"/><boundaryEvent id="oops" attachedToRef="call"><errorEventDefinition/></boundaryEvent>
        <userTask id="repair"/><endEvent id="e"/><endEvent id="e2"/>${chain('s', 'call', 'e')}${chain('oops', 'repair', 'e2')}`, 'mom');
      const a = await engine.start('mom');
      const [kidTask] = (await engine.listTasks()).filter((t) => t.instanceId.startsWith(`${a}.`));
      await engine.cancelInstance(a, 'withdrawn', 'applicant');
      expect(await statusOf(a)).toBe('cancelled');
      expect(await statusOf(kidTask.instanceId)).toBe('cancelled');
      expect((await engine.listTasks({ instanceId: kidTask.instanceId, states: ['cancelled'] })).map((t) => t.id)).toEqual([kidTask.id]);

      const b = await engine.start('mom');
      const [kidTask2] = (await engine.listTasks()).filter((t) => t.instanceId.startsWith(`${b}.`));
      await engine.completeTask(kidTask2.id, { bad: true });
      expect(await statusOf(kidTask2.instanceId)).toBe('failed');
      expect((await openTasks(b)).map((t) => t.elementId)).toEqual(['repair']);
      expect(await engine.exportDefinition('mom')).toContain('calledElement="kid"');
    });

    it('fires intermediate timers on time, and boundary timers interrupting or not', async () => {
      await deploy(`<startEvent id="s"/><intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>PT2H</timeDuration></timerEventDefinition></intermediateCatchEvent>
        <userTask id="work"/>
        <boundaryEvent id="remind" attachedToRef="work" cancelActivity="false"><timerEventDefinition><timeDuration>1wd</timeDuration></timerEventDefinition></boundaryEvent>
        <boundaryEvent id="expire" attachedToRef="work"><timerEventDefinition><timeDuration>3wd</timeDuration></timerEventDefinition></boundaryEvent>
        <userTask id="escalated"/><endEvent id="e"/><endEvent id="e2"/><endEvent id="e3"/>
        ${chain('s', 'wait', 'work', 'e')}${chain('remind', 'e2')}${chain('expire', 'escalated', 'e3')}`, 'timers');
      clock.set('2026-03-06T01:00:00Z'); // Friday
      const id = await engine.start('timers');
      clock.advance(3_600_000);
      expect(await engine.runDueJobs()).toBe(0);
      clock.advance(3_600_000);
      expect(await engine.runDueJobs()).toBe(1);
      expect((await openTasks(id)).map((t) => t.elementId)).toEqual(['work']);
      clock.set('2026-03-09T03:00:00Z'); // Monday: one working day later
      expect(await engine.runDueJobs()).toBe(1);
      expect((await openTasks(id)).map((t) => t.elementId)).toEqual(['work']);
      clock.set('2026-03-11T03:00:00Z'); // Wednesday: three working days later
      await engine.runDueJobs();
      expect((await openTasks(id)).map((t) => t.elementId)).toEqual(['escalated']);
      expect(await engine.runDueJobs()).toBe(0);
    });

    it('delivers messages by correlation key, and starts processes by message', async () => {
      await deploy(`<startEvent id="s"/><receiveTask id="bank" messageRef="msgPaid" onething:correlationKey="\${orderNo}"/>
        <intermediateCatchEvent id="court" onething:correlationKey="c-\${orderNo}"><messageEventDefinition messageRef="msgRuling"/></intermediateCatchEvent><endEvent id="e"/>
        ${chain('s', 'bank', 'court', 'e')}`, 'msg', '<message id="msgPaid" name="paid"/><message id="msgRuling" name="ruling"/>');
      const a = await engine.start('msg', { variables: { orderNo: 'A1' } });
      const b = await engine.start('msg', { variables: { orderNo: 'B2' } });
      expect(await engine.correlateMessage('paid', 'B2', { amount: 7 })).toEqual([b]);
      expect((await engine.getInstance(a))!.subscriptions).not.toEqual({});
      await expect(engine.correlateMessage('ruling', 'c-A1')).rejects.toMatchObject({ code: 'flow.message.unmatched' });
      await engine.correlateMessage('ruling', 'c-B2', { verdict: 'won' });
      expect((await engine.getInstance(b))!.variables).toEqual({ orderNo: 'B2', amount: 7, verdict: 'won' });
      expect(await statusOf(b)).toBe('completed');

      await deploy(`<startEvent id="ms"><messageEventDefinition messageRef="m1"/></startEvent><userTask id="t"/>${chain('ms', 't')}`, 'bymsg', '<message id="m1" name="application"/>');
      const [started] = await engine.correlateMessage('application', 'K-9', { who: 'x' });
      expect((await engine.getInstance(started))!.businessKey).toBe('K-9');
    });

    it('catches BPMN errors from handlers and from error end events', async () => {
      await deploy(`<startEvent id="s"/><serviceTask id="check" onething:handler="reject"/>
        <boundaryEvent id="caught" attachedToRef="check"><errorEventDefinition errorRef="errRejected"/></boundaryEvent>
        <subProcess id="sub"><startEvent id="ss"/><endEvent id="boom"><errorEventDefinition errorRef="errOther"/></endEvent>${chain('ss', 'boom')}</subProcess>
        <boundaryEvent id="anyError" attachedToRef="sub"><errorEventDefinition/></boundaryEvent>
        <userTask id="fixIt"/><endEvent id="e"/><endEvent id="e2"/>
        ${chain('s', 'check', 'e')}${chain('caught', 'sub', 'e2')}${chain('anyError', 'fixIt')}`, 'errs',
      '<error id="errRejected" errorCode="REJECTED"/><error id="errOther" errorCode="OTHER"/>');
      const id = await engine.start('errs');
      await engine.drain();
      expect((await openTasks(id)).map((t) => t.elementId)).toEqual(['fixIt']);
      const kinds = (await engine.history(id)).map((h) => `${h.kind}:${h.elementId}`);
      expect(kinds).toContain('enter:caught');
      expect(kinds).toContain('enter:anyError');
    });

    it('runs the service tasks a step reaches in its transaction, but leaves async ones and unknown handlers to the worker', async () => {
      await deploy(`<startEvent id="s"/><serviceTask id="a" onething:handler="intake"/><serviceTask id="b" onething:handler="intake" onething:async="true"/>
        <serviceTask id="c" onething:handler="elsewhere"/><userTask id="u"/><endEvent id="e"/>${chain('s', 'a', 'b', 'c', 'u', 'e')}`, 'cont');
      const id = await engine.start('cont');
      const jobsOf = async () => [...(await engine.getInstance(id))!.jobs.values()].map((j) => [j.elementId, j.state]);
      expect(await jobsOf()).toEqual([['b', 'ready']]); // `a` ran with the start: one transaction, its own input
      expect((await engine.history(id)).filter((h) => h.input).map((h) => h.kind)).toEqual(['in:start', 'in:jobDone']);
      expect(await engine.runDueJobs()).toBe(1); // `b`, a step of its own; `c` has no handler here
      expect(await jobsOf()).toEqual([['c', 'ready']]);
      // An engine with the handler (a worker) runs it, and its step reaches the user task.
      const worker = createFlowEngine({ database, clock, ids: createSequentialIds(), calendar: weekendOnlyCalendar, handlers: { elsewhere: () => ({ there: true }) } });
      expect(await worker.runDueJobs()).toBe(1);
      expect((await openTasks(id)).map((t) => t.elementId)).toEqual(['u']);
      expect((await engine.getInstance(id))!.variables).toMatchObject({ received: true, there: true });
    });

    it('evaluates business-rule tasks with the injected rules evaluator', async () => {
      await deploy(`<startEvent id="s"/><businessRuleTask id="rule" onething:decision="eligibility" onething:resultVariable="decision"/>
        <exclusiveGateway id="g"/><endEvent id="yes"/><endEvent id="no"/>
        ${chain('s', 'rule', 'g')}${flow('fy', 'g', 'yes', 'decision.eligible')}${flow('fn', 'g', 'no', '!decision.eligible')}`, 'rules');
      const id = await engine.start('rules', { variables: { employees: 12 } });
      await engine.drain();
      expect((await engine.history(id)).some((h) => h.kind === 'enter' && h.elementId === 'yes')).toBe(true);
    });

    it('retries failing handlers with the same idempotency key, then raises an incident', async () => {
      await deploy(`<startEvent id="s"/><sendTask id="pay" onething:handler="flaky"/><endEvent id="e"/>${chain('s', 'pay', 'e')}`, 'retry');
      failuresLeft = 1;
      // The handler's first call is the start's continuation: it fails, and the start commits without it, with
      // the failed attempt recorded and the retry left to the worker.
      const id = await engine.start('retry');
      expect(await engine.runDueJobs()).toBe(0); // the retry is not due yet
      const job = [...(await engine.getInstance(id))!.jobs.values()][0];
      expect(job.attempts).toBe(1);
      expect(job.lastError).toContain('bank unavailable');
      clock.advance(1000);
      await engine.runDueJobs();
      expect(await statusOf(id)).toBe('completed');

      failuresLeft = 5;
      const id2 = await engine.start('retry');
      await engine.runDueJobs();
      clock.advance(1000);
      await engine.runDueJobs();
      expect([...(await engine.getInstance(id2))!.jobs.values()][0].state).toBe('failed');
      expect((await engine.history(id2)).some((h) => h.kind === 'incident')).toBe(true);
    });

    it('moves working-day limits and warnings while a task waits for a correction', async () => {
      await deploy(`<startEvent id="s"/><userTask id="approve" onething:timeLimit="5wd" onething:warnAt="0.6" onething:formKey="amountForm"/>
        <boundaryEvent id="late" attachedToRef="approve" cancelActivity="false" onething:limitShare="1"><timerEventDefinition/></boundaryEvent>
        <userTask id="supervise"/><endEvent id="e"/>${chain('s', 'approve', 'e')}${chain('late', 'supervise')}`, 'limits');
      clock.set('2026-03-02T02:00:00Z'); // Monday
      const id = await engine.start('limits');
      const [task] = await openTasks(id);
      expect(task.dueAt).toBe('2026-03-09T02:00:00.000Z');
      clock.set('2026-03-03T02:00:00Z');
      await engine.suspendTask(task.id, 'correction');
      clock.set('2026-03-06T02:00:00Z'); // three working days later
      expect(await engine.runDueJobs()).toBe(0);
      await engine.resumeTask(task.id);
      const [moved] = await openTasks(id);
      expect(moved.dueAt).toBe('2026-03-12T02:00:00.000Z');
      clock.set('2026-03-10T02:00:00Z'); // 3 of 5 active working days used: yellow
      await engine.runDueJobs();
      expect((await openTasks(id))[0].warning).toBe('yellow');
      clock.set('2026-03-12T02:00:00Z');
      await engine.runDueJobs();
      const tasks = await openTasks(id);
      expect(tasks.find((t) => t.elementId === 'approve')!.warning).toBe('red');
      expect(tasks.map((t) => t.elementId).sort()).toEqual(['approve', 'supervise']);
      await expect(engine.completeTask(task.id, { amount: 0 })).rejects.toMatchObject({ code: 'validation.failed' });
      await engine.completeTask(task.id, { amount: 3 });
    });

    it('keeps an inbox by role and assignee; claim and delegate', async () => {
      await deploy(`<laneSet><lane id="l1" name="clerk"><flowNodeRef>t</flowNodeRef></lane></laneSet>
        <startEvent id="s"/><userTask id="t" onething:candidateOrg="district-\${district}"/><endEvent id="e"/>${chain('s', 't', 'e')}`, 'inbox');
      const id = await engine.start('inbox', { variables: { district: '330102' } });
      const [task] = await engine.listTasks({ roles: ['clerk'], orgs: ['district-330102'] }).then((ts) => ts.filter((t) => t.instanceId === id));
      expect(task.candidateRoles).toEqual(['clerk']);
      expect((await engine.listTasks({ roles: ['judge'], orgs: ['district-330102'] })).filter((t) => t.instanceId === id)).toHaveLength(0);
      await engine.claimTask(task.id, 'alice');
      await expect(engine.claimTask(task.id, 'bob')).rejects.toMatchObject({ code: 'flow.task.claimed' });
      await engine.delegateTask(task.id, 'bob', 'alice');
      expect((await engine.listTasks({ assignee: 'bob' })).map((t) => t.id)).toContain(task.id);
      await expect(engine.completeTask(task.id, {}, 'alice')).rejects.toMatchObject({ code: 'flow.task.notAssignee' });
      await engine.completeTask(task.id, {}, 'bob');
      expect(await statusOf(id)).toBe('completed');
    });

    it('migrates running instances to a new version, waiting tasks and timers included; a dry run reports first', async () => {
      const v1 = `<startEvent id="s"/><exclusiveGateway id="g"/><userTask id="review"/><intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>P1D</timeDuration></timerEventDefinition></intermediateCatchEvent><endEvent id="e"/>
        ${flow('f0', 's', 'g')}${flow('fr', 'g', 'review', 'path == "task"')}${flow('fw', 'g', 'wait', 'path == "timer"')}${chain('review', 'e')}${flow('fw2', 'wait', 'e')}`;
      await deploy(v1, 'mig');
      const atTask = await engine.start('mig', { variables: { path: 'task' } });
      const atTimer = await engine.start('mig', { variables: { path: 'timer' } });
      await deploy(`<startEvent id="s"/><exclusiveGateway id="g"/><userTask id="check"/><userTask id="sign"/><endEvent id="e"/>
        ${flow('f0', 's', 'g')}${flow('fr', 'g', 'check')}${chain('check', 'sign', 'e')}`, 'mig');
      const dry = await engine.migrateInstances('mig', 1, 2, { mapping: { review: 'check' }, dryRun: true });
      expect(dry.movable).toBe(1);
      expect(dry.blocked).toEqual([{ instanceId: atTimer, reasons: expect.arrayContaining([expect.stringContaining('"wait"')]) }]);
      expect((await engine.getInstance(atTask))!.version).toBe(1);
      const real = await engine.migrateInstances('mig', 1, 2, { mapping: { review: 'check' } });
      expect(real.movable).toBe(1);
      const moved = (await engine.getInstance(atTask))!;
      expect(moved.version).toBe(2);
      const [task] = await openTasks(atTask);
      expect(task.elementId).toBe('check');
      await engine.completeTask(task.id, {});
      expect((await openTasks(atTask)).map((t) => t.elementId)).toEqual(['sign']);
      expect((await engine.getInstance(atTimer))!.version).toBe(1);
    });

    // `locks`: every job's instance taken with SKIP LOCKED; `claims`: the worker that made a job ready runs it unlocked.
    it.skipIf(dialect.name !== 'postgres').each(['locks', 'claims'])('shares due jobs between concurrent workers without running one twice (%s)', async (mode) => {
      const seen = new Map<string, number>();
      const make = (workerId: string) => createFlowEngine({
        database, clock, ids: createIdGenerator(), calendar: weekendOnlyCalendar, jobClaims: mode === 'claims' && { workerId },
        handlers: { count: async (ctx) => { seen.set(ctx.jobId, (seen.get(ctx.jobId) ?? 0) + 1); await new Promise((r) => setTimeout(r, 2)); } },
      });
      const [w1, w2] = [make('w1'), make('w2')];
      await w1.deploy(bpmnXml(`<startEvent id="s"/><serviceTask id="a" onething:handler="count"/><serviceTask id="b" onething:handler="count"/><endEvent id="e"/>${chain('s', 'a', 'b', 'e')}`, { id: 'shared' }));
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push(await w1.start('shared', { businessKey: `w-${mode}-${i}` }));
      await Promise.all([w1.drain(), w2.drain(), w1.drain()]);
      await Promise.all([w1.drain(), w2.drain()]);
      expect(seen.size).toBe(40);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      for (const id of ids) expect(await statusOf(id)).toBe('completed');
    });

    it('stores any text as it was given (quotes, backslashes, unicode), whichever writer runs', async () => {
      const odd = `O'Brien \\ "quoted" '' -- ; \n 中文 \u{1F600} $$ E'x'`;
      await deploy(`<startEvent id="s"/><userTask id="t" onething:candidateOrg="\${org}"/><endEvent id="e"/>${chain('s', 't', 'e')}`, 'texts');
      const id = await engine.start('texts', { variables: { odd, org: odd, nested: { list: [odd, 1, null] } }, businessKey: odd });
      const state = (await engine.getInstance(id))!;
      expect(state.variables).toEqual({ odd, org: odd, nested: { list: [odd, 1, null] } });
      expect(state.businessKey).toBe(odd);
      const [task] = await openTasks(id);
      expect(task.candidateOrg).toBe(odd);
      await engine.completeTask(task.id, { answer: odd }, odd);
      expect((await engine.getInstance(id))!.variables.answer).toBe(odd);
      expect((await engine.history(id)).at(-1)!.actor).toBe(odd);
    });

    it('waits at an event-based gateway for the first of a message and a timer; the other wait ends', async () => {
      await deploy(`<startEvent id="s"/><eventBasedGateway id="g"/>
        <intermediateCatchEvent id="paid" onething:correlationKey="\${order}"><messageEventDefinition messageRef="msgPaid"/></intermediateCatchEvent>
        <intermediateCatchEvent id="timeout"><timerEventDefinition><timeDuration>P2D</timeDuration></timerEventDefinition></intermediateCatchEvent>
        <userTask id="ship"/><endEvent id="late"/><endEvent id="e"/>
        ${chain('s', 'g')}${flow('fp', 'g', 'paid')}${flow('ft', 'g', 'timeout')}${chain('paid', 'ship', 'e')}${chain('timeout', 'late')}`,
      'evgw', '<message id="msgPaid" name="paid"/>');
      clock.set('2026-03-02T02:00:00Z');
      const byMessage = await engine.start('evgw', { variables: { order: 'o-1' } });
      const byTimer = await engine.start('evgw', { variables: { order: 'o-2' } });
      const waiting = (await engine.getInstance(byMessage))!;
      expect([...waiting.jobs.values()].map((j) => j.elementId)).toEqual(['timeout']);
      expect([...waiting.subscriptions.values()].map((x) => x.elementId)).toEqual(['paid']);
      expect(await engine.correlateMessage('paid', 'o-1', { amount: 5 })).toEqual([byMessage]);
      const paid = (await engine.getInstance(byMessage))!;
      expect([...paid.jobs.keys()]).toHaveLength(0);
      expect((await openTasks(byMessage)).map((t) => t.elementId)).toEqual(['ship']);
      expect(paid.variables.amount).toBe(5);
      clock.set('2026-03-04T02:00:00Z');
      expect(await engine.runDueJobs()).toBe(1); // only byTimer's timer is still pending
      const timedOut = (await engine.getInstance(byTimer))!;
      expect(timedOut.status).toBe('completed');
      expect([...timedOut.subscriptions.keys()]).toHaveLength(0);
      await expect(engine.correlateMessage('paid', 'o-2')).rejects.toMatchObject({ code: 'flow.message.unmatched' });
      expect((await engine.timeline(byTimer)).map((step) => [step.elementId, step.state])).toEqual([['timeout', 'done']]);
    });

    it('repeats a timer cycle on a non-interrupting boundary event while the task waits', async () => {
      await deploy(`<startEvent id="s"/><userTask id="t"/><endEvent id="e"/>
        <boundaryEvent id="remind" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R3/PT1H</timeCycle></timerEventDefinition></boundaryEvent>
        <endEvent id="reminded"/>${chain('s', 't', 'e')}${chain('remind', 'reminded')}`, 'cycle');
      clock.set('2026-03-02T02:00:00Z');
      const id = await engine.start('cycle');
      const fired: number[] = [];
      for (const at of ['03:00', '03:30', '04:00', '05:00', '06:00']) {
        clock.set(`2026-03-02T${at}:00Z`);
        fired.push(await engine.runDueJobs());
      }
      expect(fired).toEqual([1, 0, 1, 1, 0]);
      expect((await engine.history(id)).filter((h) => h.kind === 'enter' && h.elementId === 'remind')).toHaveLength(3);
      await engine.completeTask((await openTasks(id))[0].id, {});
      expect(await statusOf(id)).toBe('completed');
    });

    it('enforces an instance time limit: yellow, red, and its clock stops while a task waits for a correction', async () => {
      await deploy(`<startEvent id="s"/><userTask id="handle" onething:candidateOrg="dept-a"/><endEvent id="e"/>${chain('s', 'handle', 'e')}`, 'ilimit',
        undefined, { timeLimit: '4wd', warnAt: '0.5' });
      clock.set('2026-03-02T02:00:00Z'); // Monday
      const id = await engine.start('ilimit');
      expect((await engine.getInstance(id))!.limit).toMatchObject({ dueAt: '2026-03-06T02:00:00.000Z', warning: 'none' });
      const [task] = await openTasks(id);
      clock.set('2026-03-03T02:00:00Z');
      await engine.suspendTask(task.id, 'correction');
      clock.set('2026-03-05T02:00:00Z'); // two working days stood still
      expect(await engine.runDueJobs()).toBe(0);
      await engine.resumeTask(task.id);
      expect((await engine.getInstance(id))!.limit).toMatchObject({ dueAt: '2026-03-10T02:00:00.000Z', suspendedAt: null });
      clock.set('2026-03-06T02:00:00Z'); // 2 of 4 active working days used: yellow
      expect(await engine.runDueJobs()).toBe(1);
      expect((await engine.listInstanceWarnings({ key: 'ilimit' })).map((w) => [w.id, w.warning])).toEqual([[id, 'yellow']]);
      clock.set('2026-03-10T02:00:00Z');
      expect(await engine.runDueJobs()).toBe(1);
      expect((await engine.getInstance(id))!.limit!.warning).toBe('red');
      expect((await engine.history(id)).filter((h) => h.kind === 'warning').map((h) => (h.data as { level: string }).level)).toEqual(['yellow', 'red']);
      clock.set('2026-03-11T02:00:00Z');
      await engine.completeTask(task.id, {});
      const done = (await engine.getInstance(id))!;
      expect(done.status).toBe('completed');
      expect([...done.jobs.keys()]).toHaveLength(0);
      expect(await engine.listInstanceWarnings({ key: 'ilimit' })).toEqual([]);
      const [byDefinition] = await engine.handlingStats({ groupBy: 'definition', key: 'ilimit' });
      // Monday to the next Wednesday is 7 working days, of which 2 (Wednesday, Thursday) stood still with the applicant.
      expect(byDefinition).toMatchObject({ key: 'ilimit', group: null, finished: 1, avgWorkingDays: 5, avgSuspendedWorkingDays: 2, overdue: 1, open: 0 });
      expect(byDefinition.avgHours).toBe(9 * 24 - 48); // 9 calendar days less the 2 suspended days
      const [byOrg] = await engine.handlingStats({ groupBy: 'org', key: 'ilimit' });
      expect(byOrg).toMatchObject({ group: 'dept-a', finished: 1, medianWorkingDays: 5, avgSuspendedWorkingDays: 2, overdue: 0 });
      expect(await engine.handlingStats({ groupBy: 'org', key: 'ilimit', orgs: ['dept-b'] })).toEqual([]);
      expect(await engine.handlingStats({ groupBy: 'step', key: 'ilimit', from: '2026-03-12T00:00:00Z' })).toEqual([]);
    });

    it('fails a step whose template gives an object or a list where text belongs, writing nothing', async () => {
      await deploy(`<startEvent id="s"/><userTask id="t" onething:candidateOrg="\${org}" onething:assignee="\${who}"/><endEvent id="e"/>${chain('s', 't', 'e')}`, 'texts');
      await deploy(`<startEvent id="s"/><receiveTask id="r" messageRef="m" onething:correlationKey="\${key}"/><endEvent id="e"/>${chain('s', 'r', 'e')}`, 'keyed', '<message id="m" name="paid"/>');
      const instances = async () => (await database.kysely.selectFrom('flow_instances').select('id').execute()).length;
      const before = await instances();
      for (const [key, variables, what] of [
        ['texts', { org: { code: 'tax' }, who: 'ann' }, 'candidate organisation of t: the template gave an object, not text'],
        ['texts', { org: 'tax', who: ['ann', 'bob'] }, 'assignee of t: the template gave a list, not text'],
        ['keyed', { key: { no: 1 } }, 'correlation key of r: the template gave an object, not text'],
      ] as const) {
        await expect(engine.start(key, { variables })).rejects.toMatchObject({ code: 'flow.template.notText', message: what });
      }
      expect(await instances()).toBe(before);
      // Numbers and text render as before.
      const id = await engine.start('texts', { variables: { org: 'tax', who: 7 } });
      expect((await openTasks(id)).map((t) => [t.candidateOrg, t.assignee])).toEqual([['tax', '7']]);
    });

    it('group commit: concurrent steps share transactions, each call returns after its commit, a bad step fails alone', async () => {
      const grouped = createFlowEngine({
        database, clock, ids: createIdGenerator(), calendar: weekendOnlyCalendar, groupCommit: { maxBatch: 8 },
        handlers: { intake: () => ({ received: true }) },
        forms: { amountForm: { type: 'object', required: ['amount'], properties: { amount: { type: 'integer', minimum: 1 } } } },
      });
      await deploy(`<startEvent id="s"/><serviceTask id="a" onething:handler="intake"/><userTask id="t" onething:formKey="amountForm"/><endEvent id="e"/>${chain('s', 'a', 't', 'e')}`, 'grouped');
      const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => grouped.start('grouped', { businessKey: `g-${i}` })));
      expect(new Set(ids).size).toBe(20);
      // The service task each start reached ran inline, in the start's transaction.
      expect(await grouped.runDueJobs()).toBe(0);
      expect((await grouped.history(ids[0])).filter((h) => h.input).map((h) => h.kind)).toEqual(['in:start', 'in:jobDone']);
      const tasks = (await grouped.listTasks({ states: ['open'] })).filter((t) => ids.includes(t.instanceId));
      expect(tasks).toHaveLength(20);
      const outcomes = await Promise.allSettled(tasks.map((t, i) => grouped.completeTask(t.id, { amount: i === 5 ? 0 : i + 1 })));
      expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
      expect((outcomes[5] as PromiseRejectedResult).reason).toMatchObject({ code: 'validation.failed' });
      const statuses = await Promise.all(ids.map(statusOf));
      expect(statuses.filter((st) => st === 'completed')).toHaveLength(19);
      expect(statuses.filter((st) => st === 'running')).toHaveLength(1);
    });

    it('replays every recorded history to the state its rows hold, items in the same order', async () => {
      const rows = await database.kysely.selectFrom('flow_instances').select('id').execute();
      expect(rows.length).toBeGreaterThan(10);
      for (const { id } of rows) {
        const stored = (await engine.getInstance(id))!;
        const history = await engine.history(id);
        const first = (history[0].data as { type: string }).type === 'start' ? await engine.getDefinition(stored.key, 1) : undefined;
        const versions = await Promise.all([1, 2, 3].map((v) => engine.getDefinition(stored.key, v)));
        const migrated = history.some((h) => h.kind === 'in:migrate');
        const def = migrated ? first! : (await engine.getDefinition(stored.key, stored.version))!;
        const replayed = replayHistory(def, stored, history, { calendar: weekendOnlyCalendar, utcOffsetMinutes: 0 }, versions.filter((v) => v !== undefined));
        const liveTasks = new Map([...replayed.tasks].filter(([, t]) => t.state === 'open' || t.state === 'suspended'));
        expect({ ...replayed, tasks: liveTasks }).toEqual(stored);
        // Items read from their rows come in the order the instance made them, as they were in memory.
        for (const field of ['tokens', 'jobs', 'subscriptions'] as const) expect([...stored[field].keys()]).toEqual([...replayed[field].keys()]);
        expect([...stored.tasks.keys()]).toEqual([...liveTasks.keys()]);
      }
    });
  });
}
