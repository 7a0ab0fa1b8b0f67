import { describe, expect, it } from 'vitest';
import { testDialects } from '../../db/testing.ts';
import { useLoggedInApp } from './route-testing.ts';

const unitId = 'xihu-draft-award';
const document = {
  id: unitId, version: 1, title: { zh: '西湖区创业奖励', en: 'Xihu start-up award' }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
  eligibility: { and: [{ '>=': [{ var: 'employees' }, 1] }, { in: [{ var: 'industry' }, ['I65', 'C39']] }] }, benefit: { fixed: 300_000 },
  tests: [{ name: 'software firm', facts: { employees: 5, industry: 'I65', district: '330106' }, eligible: true, amount: 300_000 }],
};

for (const dialect of testDialects()) {
  describe(`policy drafting API (${dialect.name})`, () => {
    const api = useLoggedInApp(dialect, ['admin', 'xihu-official', 'xihu-tax', 'company'], '10.6.0');
    const { as } = api;

    it('drafts, autosaves, opens for comment, takes a company comment and an answer, publishes', async () => {
      expect((await api.app.inject({ method: 'POST', url: '/api/policy/drafts', headers: as('company'), payload: { unitId } })).statusCode).toBe(403);
      expect((await api.app.inject({ method: 'POST', url: '/api/policy/drafts', headers: as('xihu-official'), payload: { unitId } })).statusCode).toBe(403);
      expect((await api.app.inject({ method: 'POST', url: '/api/policy/drafts', payload: { unitId } })).statusCode).toBe(401);
      const missing = await api.app.inject({ method: 'POST', url: '/api/policy/drafts', headers: as('xihu-tax'), payload: {} });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().details.errors[0]).toMatchObject({ field: 'body.unitId', rule: 'required' });

      const created = await api.app.inject({ method: 'POST', url: '/api/policy/drafts', headers: as('xihu-tax'), payload: { unitId } });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      expect(created.json().problems.length).toBeGreaterThan(0);
      const attrs = await api.app.inject({ url: '/api/policy/attributes', headers: as('xihu-tax') });
      expect(attrs.json().items.find((a: { key: string }) => a.key === 'industry')).toMatchObject({ type: 'enum', values: expect.arrayContaining(['I65']) });

      const saved = await api.app.inject({ method: 'PUT', url: `/api/policy/drafts/${id}`, headers: as('xihu-tax'), payload: { document, revision: 1 } });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({ revision: 2, problems: [] });
      const stale = await api.app.inject({ method: 'PUT', url: `/api/policy/drafts/${id}`, headers: as('xihu-tax'), payload: { document, revision: 1 } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().details.errors[0]).toMatchObject({ field: 'revision', rule: 'revision.current' });
      expect((await api.app.inject({ url: `/api/policy/drafts/${id}`, headers: as('admin') })).statusCode).toBe(200);

      const period = await api.app.inject({ method: 'POST', url: `/api/policy/drafts/${id}/comment-period`, headers: as('xihu-tax'), payload: { closesOn: '2026-03-31' } });
      expect(period.statusCode).toBe(200);
      // Anyone reads what is under comment, without signing in.
      const list = await api.app.inject({ url: '/api/policy/consultations' });
      expect(list.statusCode).toBe(200);
      expect(list.json().items[0]).toMatchObject({ draftId: id, comments: 0, period: { open: true } });
      expect((await api.app.inject({ method: 'POST', url: `/api/policy/consultations/${id}/comments`, payload: { body: 'x' } })).statusCode).toBe(401);
      const comment = await api.app.inject({ method: 'POST', url: `/api/policy/consultations/${id}/comments`, headers: as('company'), payload: { body: '建议扩大行业范围。' } });
      expect(comment.statusCode).toBe(201);
      expect(comment.json()).toMatchObject({ companyName: '杭州西湖测试科技有限公司', answer: null });
      expect((await api.app.inject({ method: 'POST', url: `/api/policy/comments/${comment.json().id}/answer`, headers: as('company'), payload: { text: 'x' } })).statusCode).toBe(403);
      expect((await api.app.inject({ method: 'POST', url: `/api/policy/comments/${comment.json().id}/answer`, headers: as('xihu-tax'), payload: { text: '' } })).json().details.errors[0]).toMatchObject({ field: 'body.text', rule: 'minLength' });
      expect((await api.app.inject({ method: 'POST', url: `/api/policy/comments/${comment.json().id}/answer`, headers: as('xihu-tax'), payload: { text: '已采纳。' } })).statusCode).toBe(200);
      const read = await api.app.inject({ url: `/api/policy/consultations/${id}` });
      expect(read.json().comments[0]).toMatchObject({ body: '建议扩大行业范围。', answer: { text: '已采纳。' } });
      expect(read.json().comments[0].answer.by).toBeUndefined();
      expect(JSON.stringify(read.json().plain)).toContain('属于');

      expect((await api.app.inject({ method: 'POST', url: `/api/policy/drafts/${id}/publish`, headers: as('xihu-tax'), payload: { revision: 2 } })).statusCode).toBe(409);
      expect((await api.app.inject({ method: 'POST', url: `/api/policy/drafts/${id}/comment-period/close`, headers: as('xihu-tax') })).statusCode).toBe(200);
      const published = await api.app.inject({ method: 'POST', url: `/api/policy/drafts/${id}/publish`, headers: as('xihu-tax'), payload: { revision: 2 } });
      expect(published.statusCode).toBe(202);
      expect(published.json()).toMatchObject({ draft: { status: 'published', publishedVersion: 1 }, publication: { unitId, version: 1 } });
      await api.tp.services.policyLifecycle.push.idle();
      const audited = await api.tp.services.audit.search({ action: 'policy.draft.publish', page: 1, pageSize: 10 });
      expect(audited.items.map((e) => e.target)).toEqual([id]);
    });
  });
}
