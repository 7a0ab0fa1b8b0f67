import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import type { PolicyUnit } from '../../engines/rules/index.ts';
import type { Actor } from '../identity/identity.types.ts';
import { createRegistryFixture, type RegistryFixture } from '../registry/registry.testing.ts';
import { createBulkInsert, type BulkInsert } from './bulk-rows.ts';
import { lifecycleDb } from './lifecycle.repository.ts';
import { inboxChannel } from './notify.ts';
import { createPushService } from './push.service.ts';

/** An apply-free unit every 西湖区 company of the fixture is eligible for (three of them). */
const unit = (id: string): PolicyUnit => ({
  id, version: 1, title: { zh: `续推政策 ${id}`, en: `Resumed policy ${id}` }, scope: ['330106'], category: '奖补', validFrom: '2025-01-01',
  eligibility: { '>=': [{ var: 'employees' }, 0] }, benefit: { fixed: 50_000 },
});

for (const dialect of testDialects()) {
  describe(`a publication stopped half-way (${dialect.name})`, () => {
    let database: Database;
    let fx: RegistryFixture;

    /** A push service as a new process would build it: one company per transaction, `bulk` as given. */
    function pushService(bulk: BulkInsert, actorOf?: (userId: string) => Promise<Actor>) {
      const s = fx.services;
      const store = lifecycleDb(database);
      return createPushService({
        store, units: s.policy.units, evaluation: s.policy.evaluation, budget: s.policyLifecycle.budget, bulk, enterprises: s.enterpriseRepository,
        audit: s.audit, channels: [inboxChannel(store.db, s.clock, s.ids)], clock: s.clock, ids: s.ids, actorOf, chunk: 1,
      });
    }

    /** Publishes `id` and stops the process after the first company's transaction: the state a kill -9 leaves. */
    async function publishAndStop(id: string): Promise<string> {
      const admin = fx.actor('admin');
      await fx.services.policy.units.save(admin, unit(id));
      const line = await fx.services.policyLifecycle.budget.createLine(admin, { title: `${id} 资金`, capFen: 10_000_000 });
      await fx.services.policyLifecycle.budget.setSettings(admin, id, { mode: 'apply_free', budgetLineId: line.id });
      const real = createBulkInsert(database);
      let calls = 0;
      // Each company's transaction writes pushes, notices and claims: the fourth call is the second company's push.
      const dying: BulkInsert = async (trx, table, columns, count) => {
        if (++calls === 4) throw new Error('killed');
        return real(trx, table, columns, count);
      };
      const first = pushService(dying);
      const p = await first.publish(admin, id, 1);
      await first.idle();
      // The job's catch wrote "failed"; a killed process would have left the row running.
      await database.kysely.updateTable('policy_publications' as never).set({ status: 'running', error: null, finished_at: null } as never).where('id' as never, '=', p.id as never).execute();
      return p.id;
    }

    const count = async (table: string, where: string, value: string) =>
      Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(where)} = ${value}`.execute(database.kysely)).rows[0].n);

    beforeAll(async () => {
      database = await dialect.open();
      fx = await createRegistryFixture(database);
      await fx.services.policyLifecycle.ready();
    }, 60_000);
    afterAll(async () => { await database?.close(); });

    it('resumes on restart as its publisher: every eligible company pushed, told and given a claim exactly once', async () => {
      const id = await publishAndStop('resumed-award');
      expect(await count('policy_pushes', 'unit_id', 'resumed-award')).toBe(1);

      const next = pushService(createBulkInsert(database), async (userId) => {
        if (userId !== fx.actor('admin').userId) throw new Error(`no user ${userId}`);
        return fx.actor('admin');
      });
      await next.recover();
      await next.idle();
      const p = await next.get(fx.actor('admin'), id);
      expect(p).toMatchObject({ status: 'done', eligible: 3, pushes: 3, claims: 3, error: null });
      expect(await count('policy_pushes', 'unit_id', 'resumed-award')).toBe(3);
      expect(await count('policy_claims', 'unit_id', 'resumed-award')).toBe(3);
      const notices = (await database.kysely.selectFrom('policy_notifications' as never).select('uscc' as never).where('ref_id' as never, '=', 'resumed-award@1' as never).execute()) as { uscc: string }[];
      expect(notices.map((n) => n.uscc).sort()).toEqual(fx.xihu.map((e) => e.uscc).sort());
      const audit = await fx.services.audit.search({ action: 'policy.publish.resume', page: 1, pageSize: 50 });
      expect(audit.items.map((a) => a.target)).toContain('resumed-award@1');
    });

    it('is marked failed, naming why, when its publisher cannot be resolved', async () => {
      const id = await publishAndStop('orphan-award');
      const next = pushService(createBulkInsert(database));
      await next.recover();
      await next.idle();
      expect(await next.get(fx.actor('admin'), id)).toMatchObject({ status: 'failed', error: 'interrupted: the server stopped during the push', pushes: null });
      expect(await count('policy_pushes', 'unit_id', 'orphan-award')).toBe(1);
    });
  });
}
