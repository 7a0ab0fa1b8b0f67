import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import { auditMigrations } from './audit.migrations.ts';
import { createAuditService } from './audit.service.ts';

/** Ids from a list, in order (a repeated id makes its insert fail on the primary key). */
function listedIds(list: string[]): IdGenerator {
  let i = 0;
  return { next: () => list[i++] } as IdGenerator;
}

for (const dialect of testDialects()) {
  describe(`audit log group commit on ${dialect.name}`, () => {
    let database: Database | undefined;
    afterEach(async () => database?.close());

    async function open(ids: IdGenerator) {
      database = await dialect.open();
      await migrateToLatest(database, auditMigrations);
      return createAuditService({ database, clock: createFixedClock('2026-03-01T08:00:00.000Z'), ids });
    }

    it('commits every row recorded at once, each before its caller goes on', async () => {
      const audit = await open(listedIds(Array.from({ length: 40 }, (_, i) => `aud-${String(i).padStart(3, '0')}`)));
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          await audit.record({ actor: null, action: 'registry.portrait.read', target: `t${i}` });
          // Acknowledged: the row is in the log now.
          const found = await audit.search({ action: 'registry.portrait.read', page: 1, pageSize: 200 });
          expect(found.items.some((e) => e.target === `t${i}`)).toBe(true);
        }),
      );
      expect((await audit.search({ page: 1, pageSize: 200 })).total).toBe(40);
    });

    it('refuses only the row that cannot be written when a group fails', async () => {
      const audit = await open(listedIds(['aud-1', 'aud-2', 'aud-1', 'aud-4']));
      const outcomes = await Promise.allSettled(['a', 'b', 'c', 'd'].map((target) => audit.record({ actor: null, action: 'x.read', target })));
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      const rows = await audit.search({ page: 1, pageSize: 10 });
      expect(rows.items.map((e) => e.target).sort()).toEqual(['a', 'b', 'd']);
    });

    // PGlite has one session for everything: a query during an open transaction runs inside it
    // (its driver does not hold other queries back), so this holds on SQLite and PostgreSQL only.
    it.skipIf(dialect.name === 'pglite')('keeps a record out of another write’s transaction that rolls back while it is written', async () => {
      const audit = await open(listedIds(['aud-1', 'aud-2']));
      let recorded: Promise<void> | undefined;
      const db = database!.kysely as unknown as Kysely<{ audit_log: { id: string; at: string; action: string } }>;
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.insertInto('audit_log').values({ id: 'aud-x', at: '2026-03-01T08:00:00.000Z', action: 'rolled.back' }).execute();
          // Recorded outside the transaction while it is open; its group is written before the rollback.
          recorded = audit.record({ actor: null, action: 'x.read', target: 'kept' });
          await new Promise((resolve) => setTimeout(resolve, 30));
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await recorded;
      const rows = await audit.search({ page: 1, pageSize: 10 });
      expect(rows.items.map((e) => e.target)).toEqual(['kept']);
    });
  });
}
