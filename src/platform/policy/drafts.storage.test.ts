import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { createRegistryFixture, type RegistryFixture } from '../registry/registry.testing.ts';
import type { PolicyDraftServices } from './drafts.services.ts';

/** A draft document for 西湖区 enterprises with at least `staff` employees, and one author test. */
function doc(id: string, staff: number, expectEligibleAt: number) {
  return {
    id, version: 1, title: { zh: '西湖区稳岗奖励', en: 'Xihu hiring award' }, source: { document: '西政办〔2026〕1号', article: '第三条' }, category: '奖补',
    scope: ['330106'], validFrom: '2026-01-01', eligibility: { '>=': [{ var: 'employees' }, staff] }, benefit: { fixed: 500_000 },
    tests: [{ name: 'big enough', facts: { employees: expectEligibleAt, district: '330106' }, eligible: true, amount: 500_000 }],
  };
}

/** The error thrown by `fn`, as `{ code, errors }`. */
async function failure(fn: () => Promise<unknown>): Promise<{ code: string; errors: FieldError[] }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { code: string; details?: { errors?: FieldError[] } };
    return { code: err.code, errors: err.details?.errors ?? [] };
  }
  throw new Error('expected a failure');
}

for (const dialect of testDialects()) {
  describe(`policy drafts and public comment (${dialect.name})`, () => {
    let database: Database;
    let fx: RegistryFixture;
    let pd: PolicyDraftServices;

    beforeAll(async () => {
      database = await dialect.open();
      fx = await createRegistryFixture(database);
      pd = fx.services.policyDrafts;
      await fx.services.policyLifecycle.ready();
    }, 60_000);
    afterAll(async () => {
      await fx?.services.policyLifecycle.push.idle();
      await database?.close();
    });

    it('keeps a blank draft apart from the versions, autosaves with an optimistic revision and names each problem', async () => {
      const tax = fx.actor('xihuTax');
      const d = await pd.drafts.create(tax, { unitId: 'xihu-hiring-award' });
      expect(d).toMatchObject({ unitId: 'xihu-hiring-award', baseVersion: null, revision: 1, status: 'editing', orgId: tax.org.id });
      expect(d.document).toMatchObject({ id: 'xihu-hiring-award', version: 1, scope: ['330106'] });
      expect(d.problems).toContainEqual(expect.objectContaining({ field: '/eligibility/and', rule: 'expr.arity' }));
      expect(await fx.services.policy.units.list()).not.toContainEqual(expect.objectContaining({ id: 'xihu-hiring-award' }));

      const saved = await pd.drafts.save(tax, d.id, { document: doc('xihu-hiring-award', 10, 40), revision: 1 });
      expect(saved).toMatchObject({ revision: 2, problems: [] });
      // A save from the old revision (another tab) is refused, naming the current one.
      expect(await failure(() => pd.drafts.save(tax, d.id, { document: doc('xihu-hiring-award', 5, 40), revision: 1 }))).toMatchObject({ code: 'conflict', errors: [{ field: 'revision', rule: 'revision.current' }] });
      expect(await failure(() => pd.drafts.save(tax, d.id, { document: doc('other-id', 5, 40), revision: 2 }))).toMatchObject({ code: 'validation.failed', errors: [{ field: 'document/id', rule: 'draft.unitId' }] });
      const typo = { ...doc('xihu-hiring-award', 10, 40), eligibility: { '>=': [{ var: 'employes' }, 10] } };
      expect((await pd.drafts.save(tax, d.id, { document: typo, revision: 2 })).problems).toContainEqual(expect.objectContaining({ field: '/eligibility/>=/0/var', rule: 'attribute.unknown' }));
      expect(await failure(() => pd.drafts.create(tax, { unitId: 'Bad Id' }))).toMatchObject({ code: 'validation.failed', errors: [{ field: 'unitId', rule: 'unitId.pattern' }] });
    });

    it('refuses other organisations, officials without the writer role and companies', async () => {
      const tax = fx.actor('xihuTax');
      const d = await pd.drafts.create(tax, { unitId: 'xihu-private-draft' });
      expect((await failure(() => pd.drafts.get(fx.actor('xihuMarket'), d.id))).code).toBe('not_found');
      expect((await failure(() => pd.drafts.save(fx.actor('xihuMarket'), d.id, { document: doc('xihu-private-draft', 1, 1), revision: 1 }))).code).toBe('not_found');
      expect((await failure(() => pd.drafts.publish(fx.actor('xihuMarket'), d.id, { revision: 1 }))).code).toBe('not_found');
      expect((await failure(() => pd.drafts.create(fx.actor('company'), { unitId: 'company-draft' }))).code).toBe('auth.forbidden');
      expect((await failure(() => pd.drafts.create(fx.actor('xihuOfficial'), { unitId: 'official-draft' }))).code).toBe('auth.forbidden');
      expect((await pd.drafts.list(fx.actor('xihuMarket'))).map((x) => x.id)).not.toContain(d.id);
      expect((await pd.drafts.list(tax)).map((x) => x.id)).toContain(d.id);
      expect((await pd.drafts.list(fx.actor('admin'))).map((x) => x.id)).toContain(d.id);
      expect((await failure(() => pd.drafts.discard(fx.actor('xihuMarket'), d.id))).code).toBe('not_found');
      expect(await pd.drafts.discard(tax, d.id)).toMatchObject({ status: 'discarded' });
      expect(await failure(() => pd.drafts.save(tax, d.id, { document: doc('xihu-private-draft', 1, 1), revision: 1 }))).toMatchObject({ code: 'conflict', errors: [{ rule: 'draft.editing' }] });
    });

    it('publishes only when valid with passing tests, through the release path; a new draft supersedes the version in force', async () => {
      const tax = fx.actor('xihuTax');
      const life = fx.services.policyLifecycle;
      const line = await life.budget.createLine(tax, { title: '稳岗奖励资金', capFen: 100_000_000 });
      const d = await pd.drafts.create(tax, { unitId: 'xihu-stable-jobs' });
      // The author test expects 5 employees to be enough, but the threshold is 10: nothing is frozen.
      const failing = await pd.drafts.save(tax, d.id, { document: doc('xihu-stable-jobs', 10, 5), revision: 1 });
      expect(await failure(() => pd.drafts.publish(tax, d.id, { revision: failing.revision }))).toMatchObject({ code: 'validation.failed', errors: [{ field: '/tests/0', rule: 'test.failed' }] });
      expect(await fx.services.policy.repository.getUnit('xihu-stable-jobs')).toBeUndefined();
      const good = await pd.drafts.save(tax, d.id, { document: doc('xihu-stable-jobs', 10, 40), revision: failing.revision });
      expect(await failure(() => pd.drafts.publish(tax, d.id, { revision: good.revision, mode: 'manual' }))).toMatchObject({ code: 'validation.failed', errors: [{ field: 'budgetLineId', rule: 'settings.pair' }] });
      // Another organisation's budget line is refused before anything is written: no version 1 is saved.
      const foreign = await life.budget.createLine(fx.actor('xihuMarket'), { title: '别的部门的资金', capFen: 1 });
      expect(await failure(() => pd.drafts.publish(tax, d.id, { revision: good.revision, mode: 'manual', budgetLineId: foreign.id }))).toMatchObject({ code: 'validation.failed', errors: [{ field: 'budgetLineId', rule: 'budgetLine.known' }] });
      expect(await fx.services.policy.repository.getUnit('xihu-stable-jobs')).toBeUndefined();

      const { draft, publication } = await pd.drafts.publish(tax, d.id, { revision: good.revision, mode: 'manual', budgetLineId: line.id });
      expect(draft).toMatchObject({ status: 'published', publishedVersion: 1 });
      await life.push.idle();
      expect(await life.push.get(tax, publication.id)).toMatchObject({ status: 'done', unitId: 'xihu-stable-jobs', version: 1, eligible: 3 });
      expect(await life.budget.settings('xihu-stable-jobs')).toMatchObject({ mode: 'manual', budgetLineId: line.id });
      expect((await failure(() => pd.drafts.save(tax, d.id, { document: doc('xihu-stable-jobs', 1, 40), revision: draft.revision }))).errors[0]).toMatchObject({ rule: 'draft.editing' });

      // Drafting the unit again starts from the version in force; publishing it supersedes it and keeps the history.
      const next = await pd.drafts.create(tax, { unitId: 'xihu-stable-jobs' });
      expect(next).toMatchObject({ baseVersion: 1, document: { version: 2 } });
      const edited = await pd.drafts.save(tax, next.id, { document: { ...doc('xihu-stable-jobs', 1, 40), version: 2 }, revision: 1 });
      await pd.drafts.publish(tax, next.id, { revision: edited.revision });
      await life.push.idle();
      expect(await fx.services.policy.repository.getUnit('xihu-stable-jobs')).toMatchObject({ latestVersion: 2, publishedVersion: 2 });
      expect((await fx.services.policy.units.versions('xihu-stable-jobs')).map((v) => v.version)).toEqual([1, 2]);
      // Another organisation cannot draft a unit it does not own.
      expect((await failure(() => pd.drafts.create(fx.actor('xihuMarket'), { unitId: 'xihu-stable-jobs' }))).code).toBe('auth.forbidden');
    });

    it('public comment: opened on a valid text, read in plain language, commented by companies, answered, closed', async () => {
      const tax = fx.actor('xihuTax');
      const company = fx.actor('company');
      const d = await pd.drafts.create(tax, { unitId: 'xihu-consulted' });
      expect(await failure(() => pd.comments.open(tax, d.id, { closesOn: '2026-04-01' }))).toMatchObject({ code: 'validation.failed', errors: [expect.objectContaining({ field: '/eligibility/and'.replace(/^/, 'document'), rule: 'expr.arity' })] });
      const valid = await pd.drafts.save(tax, d.id, { document: doc('xihu-consulted', 10, 40), revision: 1 });
      expect(await failure(() => pd.comments.open(tax, d.id, { closesOn: '2026-03-01' }))).toMatchObject({ errors: [{ field: 'closesOn', rule: 'date.future' }] });
      expect(await failure(() => pd.comments.open(tax, d.id, { closesOn: '2026-12-31' }))).toMatchObject({ errors: [{ field: 'closesOn', rule: 'date.maxPeriod' }] });
      expect((await failure(() => pd.comments.open(fx.actor('xihuMarket'), d.id, { closesOn: '2026-04-01' }))).code).toBe('not_found');
      await pd.comments.open(tax, d.id, { closesOn: '2026-04-01' });
      // The text under comment is frozen, and cannot be published while the period runs.
      expect((await failure(() => pd.drafts.save(tax, d.id, { document: doc('xihu-consulted', 5, 40), revision: valid.revision }))).errors[0]).toMatchObject({ rule: 'draft.commentOpen' });
      expect((await failure(() => pd.drafts.publish(tax, d.id, { revision: valid.revision }))).errors[0]).toMatchObject({ rule: 'draft.commentOpen' });

      const listed = await pd.comments.list();
      expect(listed.find((c) => c.draftId === d.id)).toMatchObject({ title: { zh: '西湖区稳岗奖励' }, period: { closesOn: '2026-04-01', open: true }, comments: 0 });
      const read = await pd.comments.get(d.id);
      expect(JSON.stringify(read.plain)).toContain('从业人数 ≥ 10 人');
      expect(read.plain?.benefit?.zh).toContain('定额');

      expect((await failure(() => pd.comments.comment(fx.actor('xihuOfficial'), d.id, { body: '意见' }))).code).toBe('auth.forbidden');
      expect(await failure(() => pd.comments.comment(company, d.id, { body: '   ' }))).toMatchObject({ errors: [{ field: 'body', rule: 'required' }] });
      const c = await pd.comments.comment(company, d.id, { body: '建议将门槛降到 5 人，小微企业更多受益。' });
      expect(c).toMatchObject({ uscc: fx.xihu[0].uscc, answer: null });
      expect((await failure(() => pd.comments.answer(fx.actor('xihuMarket'), c.id, { text: '不是我们的' }))).code).toBe('not_found');
      await pd.comments.answer(tax, c.id, { text: '感谢意见，门槛将结合预算测算后调整。' });
      expect((await pd.comments.list()).find((x) => x.draftId === d.id)?.comments).toBe(1);
      await pd.comments.close(tax, d.id);
      expect(await failure(() => pd.comments.comment(company, d.id, { body: '晚了' }))).toMatchObject({ code: 'conflict', errors: [{ rule: 'draft.commentOpen' }] });
      const after = await pd.comments.get(d.id);
      expect(after.period).toMatchObject({ open: false, closedAt: expect.any(String) });
      expect(after.comments).toEqual([expect.objectContaining({ body: '建议将门槛降到 5 人，小微企业更多受益。', answer: expect.objectContaining({ text: '感谢意见，门槛将结合预算测算后调整。' }) })]);
      // After the period the author edits again.
      expect((await pd.drafts.save(tax, d.id, { document: doc('xihu-consulted', 5, 40), revision: valid.revision })).revision).toBe(valid.revision + 1);
      expect((await failure(() => pd.comments.get('pdr_nope'))).code).toBe('not_found');
    });
  });
}
