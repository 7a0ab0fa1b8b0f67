import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createTestPlatform, type TestPlatform } from '../testing/test-platform.ts';
import type { Actor } from '../identity/identity.types.ts';

const pdf = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`));
const DAY = 86_400_000;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Refs = Kysely<any>;
/** A promise and the function that settles it: one side of a test waits on what the other does. */
function gate(): { passed: Promise<void>; open: () => void } {
  let open!: () => void;
  const passed = new Promise<void>((resolve) => (open = resolve));
  return { passed, open };
}

// The purge and a module referencing uploads: a module's own table of references (`test_refs`) stands for the claims'.
for (const dialect of testDialects()) {
  describe(`the purge of uploads nothing references (${dialect.name})`, () => {
    let database: Database;
    let t: TestPlatform;
    let company: Actor;
    const files = () => t.services.files;
    const exists = async (id: string) => (await files().find([id])).length === 1;
    const upload = async (name: string) => (await files().upload(company, { name, bytes: pdf(name) })).id;
    const later = (days: number) => t.clock.set(new Date(t.clock.now().getTime() + days * DAY).toISOString());

    beforeAll(async () => {
      database = await dialect.open();
      t = await createTestPlatform(database);
      company = await t.services.identity.actorForUserId((await t.services.identity.findUserByUsername('company'))!.id);
      await sql`create table test_refs (file_id text not null)`.execute(database.kysely);
      files().referencedBy(async (trx: Refs, ids) => new Set((await trx.selectFrom('test_refs').select('file_id').where('file_id', 'in', [...ids]).execute()).map((r) => r.file_id as string)));
    }, 60_000);
    afterAll(async () => database?.close());

    it('deletes only what is past the retention and unreferenced; lockExisting names the files still there', async () => {
      const kept = await upload('kept.pdf');
      const dropped = await upload('dropped.pdf');
      await database.kysely.insertInto('test_refs' as never).values({ file_id: kept } as never).execute();
      later(10);
      const young = await upload('young.pdf');
      later(25);
      // 35 days after the first two, 25 after the third: the retention is 30.
      expect(await files().purgeUnreferenced()).toMatchObject({ files: 1, blobs: 1 });
      expect([await exists(kept), await exists(dropped), await exists(young)]).toEqual([true, false, true]);
      expect(await database.kysely.transaction().execute((trx) => files().lockExisting(trx as unknown as Kysely<unknown>, [kept, dropped, young, 'fil_none']))).toEqual(expect.arrayContaining([kept, young]));
      expect(await database.kysely.transaction().execute((trx) => files().lockExisting(trx as unknown as Kysely<unknown>, [dropped]))).toEqual([]);
      // A shorter retention, asked for: the young one goes too.
      expect(await files().purgeUnreferenced({ retentionDays: 7 })).toMatchObject({ files: 1 });
      expect(await exists(young)).toBe(false);
      await expect(files().purgeUnreferenced({ retentionDays: 1.5 })).rejects.toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'retentionDays', rule: 'integer.range' }] } });
    });

    // Two connections at once: only the PostgreSQL server's pool has them (SQLite and PGlite run one transaction at a time).
    it.runIf(dialect.name === 'postgres')('never deletes a file a transaction references while the purge runs', async () => {
      // A module's transaction locks its file first, references it, and commits while the purge waits for the lock.
      const first = await upload('first.pdf');
      later(31);
      const release = gate();
      const locked = gate();
      const module = database.kysely.transaction().execute(async (trx) => {
        expect(await files().lockExisting(trx as unknown as Kysely<unknown>, [first])).toEqual([first]);
        locked.open();
        await release.passed;
        await trx.insertInto('test_refs' as never).values({ file_id: first } as never).execute();
      });
      await locked.passed;
      let purged: { files: number } | undefined;
      const purge = files().purgeUnreferenced().then((r) => (purged = r));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(purged).toBeUndefined();
      release.open();
      await module;
      expect(await purge).toMatchObject({ files: 0 });
      expect(await exists(first)).toBe(true);

      // The purge locks first: the module's lock waits, then finds the file gone and may refuse the reference.
      const second = await upload('second.pdf');
      later(31);
      const inPurge = gate();
      const resume = gate();
      files().referencedBy(async () => {
        inPurge.open();
        await resume.passed;
        return new Set();
      });
      const purge2 = files().purgeUnreferenced();
      await inPurge.passed;
      let found: string[] | undefined;
      const module2 = database.kysely.transaction().execute(async (trx) => {
        found = await files().lockExisting(trx as unknown as Kysely<unknown>, [second]);
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(found).toBeUndefined();
      resume.open();
      expect(await purge2).toMatchObject({ files: 1 });
      await module2;
      expect(found).toEqual([]);
    });
  });
}
