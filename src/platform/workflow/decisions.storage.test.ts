import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { AppError } from '../../kernel/errors.ts';
import { bpmnXml, chain, flow } from '../../engines/flow/test-support.ts';
import { replayHistory } from '../../engines/flow/index.ts';
import { chinaCalendar } from '../../kernel/calendar.ts';
import { platformCalendar } from './calendar.ts';
import { createWorkflowFixture, type WorkflowFixture } from './workflow.testing.ts';

/** A subsidy check: the rules engine decides, an exclusive gateway routes on its verdict. */
const subsidyXml = (unit: string) => bpmnXml(`<startEvent id="s"/>
  <businessRuleTask id="rule" name="小微企业资格判定" onething:decision="${unit}" onething:resultVariable="check"/>
  <exclusiveGateway id="gw" default="toRefuse"/>
  <userTask id="grant" name="核定优惠" onething:candidateRole="official" onething:candidateOrg="\${gov.district}"/>
  <userTask id="refuse" name="告知不符合" onething:candidateRole="official" onething:candidateOrg="\${gov.district}"/>
  <endEvent id="e1"/><endEvent id="e2"/>
  ${chain('s', 'rule', 'gw')}${flow('toGrant', 'gw', 'grant', '${check.eligible}')}${flow('toRefuse', 'gw', 'refuse')}${chain('grant', 'e1')}${chain('refuse', 'e2')}`,
{ id: 'subsidy_check', name: '小微企业优惠核定' });

for (const dialect of testDialects()) {
  describe(`business-rule tasks on ${dialect.name}`, () => {
    let database: Database;
    let f: WorkflowFixture;
    const wf = () => f.t.services.workflow;

    beforeAll(async () => {
      database = await dialect.open();
      f = await createWorkflowFixture(database);
    });
    afterAll(async () => database?.close());

    it('refuses a business-rule task naming no published policy unit, with its id, type and line', async () => {
      const xml = subsidyXml('no-such-unit');
      const error = await wf().definitions.upload(f.actors.xihuOfficial, xml).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('flow.import.invalid');
      const line = xml.split('\n').findIndex((l) => l.includes('id="rule"')) + 1;
      expect((error as AppError).details).toMatchObject({
        problems: [{ id: 'rule', type: 'bpmn:BusinessRuleTask', line, message: expect.stringContaining('no published policy unit "no-such-unit"') }],
      });
    });

    it('evaluates the unit for the applicant (mirror facts, form values filling gaps) and routes on the verdict', async () => {
      expect(await wf().definitions.upload(f.actors.xihuOfficial, subsidyXml('cn-cit-small-low-profit'))).toMatchObject({ key: 'subsidy_check', version: 1 });
      const small = await wf().instances.start(f.actors.company, 'subsidy_check', { title: '小微优惠：一', variables: { taxable_income: 1_000_000, total_assets: 5_000_000 } });
      const large = await wf().instances.start(f.actors.company, 'subsidy_check', { title: '小微优惠：二', variables: { taxable_income: 90_000_000_000, total_assets: 5_000_000 } });
      await wf().engine.drain();
      const one = (await wf().engine.getInstance(small.instanceId))!;
      expect(one.variables.check).toMatchObject({ unit: 'cn-cit-small-low-profit', version: 1, eligible: true, reasons: [], missing: [] });
      expect((one.variables.check as { amount: number }).amount).toBeGreaterThan(0);
      const two = (await wf().engine.getInstance(large.instanceId))!;
      expect(two.variables.check).toMatchObject({ eligible: false, amount: 0 });
      expect((two.variables.check as { reasons: string[] }).reasons.join()).toContain('应纳税所得额');
      const inbox = await wf().tasks.inbox(f.actors.xihuOfficial);
      expect(inbox.filter((t) => t.processKey === 'subsidy_check').map((t) => [t.instanceId, t.elementId]).sort()).toEqual(
        [[small.instanceId, 'grant'], [large.instanceId, 'refuse']].sort(),
      );
      // The mirror was read on the applicant's behalf, and audited as such.
      const audits = await database.kysely.selectFrom('audit_log' as never).selectAll().where('action' as never, '=', 'policy.evaluate' as never).execute() as { actor_id: string; purpose: string }[];
      expect(audits.filter((a) => a.purpose === 'flow.decision').map((a) => a.actor_id)).toEqual([f.actors.company.userId, f.actors.company.userId]);
      expect((await wf().engine.timeline(small.instanceId)).map((st) => [st.elementId, st.state])).toEqual([['rule', 'done'], ['grant', 'active']]);
      // The verdict is recorded as the job's input: the history replays to the stored state without the rules.
      const def = (await wf().engine.getDefinition('subsidy_check', 1))!;
      const replayed = replayHistory(def, one, await wf().engine.history(small.instanceId), { calendar: platformCalendar(chinaCalendar), utcOffsetMinutes: 480 });
      expect(replayed.variables).toEqual(one.variables);
      expect([...replayed.tokens.keys()]).toEqual([...one.tokens.keys()]);
    });

    it('a value that is no valid fact becomes an incident of the step, not a verdict', async () => {
      const bad = await wf().instances.start(f.actors.company, 'subsidy_check', { title: '小微优惠：三', variables: { taxable_income: 'a lot' } });
      for (let i = 0; i < 5; i++) {
        f.t.clock.advance(3_600_000);
        await wf().engine.drain();
      }
      const state = (await wf().engine.getInstance(bad.instanceId))!;
      const [job] = [...state.jobs.values()];
      expect(job).toMatchObject({ elementId: 'rule', state: 'failed' });
      expect(job.lastError).toContain('taxable_income');
      expect(state.variables.check).toBeUndefined();
    });
  });
}
