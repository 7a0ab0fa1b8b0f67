import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeSqliteCommittedReader, nativeSqliteHandle, openDatabase, type Database } from '../index.ts';

describe('SQLite committed reads', () => {
  const opened: Array<{ database: Database; dir?: string }> = [];
  afterEach(async () => {
    for (const { database, dir } of opened.splice(0)) {
      await database.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
  const count = (database: Database) => (nativeSqliteCommittedReader(database)!.prepare('select count(*) as n from notes').get() as { n: number }).n;

  it('do not see the rows of a transaction open on the main connection, and see them once it commits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'committed-read-'));
    const database = await openDatabase(`sqlite:${join(dir, 'db.sqlite')}`);
    opened.push({ database, dir });
    await sql`create table notes (id integer primary key, body text not null)`.execute(database.kysely);
    await sql`insert into notes (body) values ('before')`.execute(database.kysely);
    expect(nativeSqliteCommittedReader(database)).toBe(nativeSqliteHandle(database)); // no transaction: the main handle
    await database.kysely.transaction().execute(async (trx) => {
      await sql`insert into notes (body) values ('inside')`.execute(trx);
      expect(nativeSqliteCommittedReader(database)).not.toBe(nativeSqliteHandle(database));
      expect(count(database)).toBe(1);
      expect((nativeSqliteHandle(database)!.prepare('select count(*) as n from notes').get() as { n: number }).n).toBe(2);
    });
    expect(count(database)).toBe(2);
    await database.kysely.transaction().execute(async (trx) => {
      await sql`insert into notes (body) values ('rolled back')`.execute(trx);
      expect(count(database)).toBe(2);
      throw new Error('roll back');
    }).catch(() => undefined);
    expect(count(database)).toBe(2);
  });

  it('use the one connection of an in-memory database', async () => {
    const database = await openDatabase('sqlite::memory:');
    opened.push({ database });
    await sql`create table notes (id integer primary key, body text not null)`.execute(database.kysely);
    await database.kysely.transaction().execute(async (trx) => {
      await sql`insert into notes (body) values ('inside')`.execute(trx);
      expect(nativeSqliteCommittedReader(database)).toBe(nativeSqliteHandle(database));
    });
  });
});

describe('SQLite rows through Kysely', () => {
  it('are the objects better-sqlite3 makes: columns in order, every type, a repeated name taking the later value', async () => {
    const database = await openDatabase('sqlite::memory:');
    try {
      await sql`create table t (id integer primary key, body text, score real, data blob, "odd ""name"" \` x" text)`.execute(database.kysely);
      await sql`insert into t values (1, 'a', 1.5, x'00ff', 'q'), (2, null, null, null, '__proto__')`.execute(database.kysely);
      const query = 'select id, body, score, data, "odd ""name"" ` x", body as id, 7 as "constructor" from t order by t.rowid';
      const expected = nativeSqliteHandle(database)!.prepare(query).all();
      const rows = (await sql.raw(query).execute(database.kysely)).rows;
      expect(rows).toEqual(expected);
      expect(rows.map((r) => Object.keys(r as object))).toEqual(expected.map((r) => Object.keys(r as object)));
      expect(rows[0]).toEqual({ id: 'a', body: 'a', score: 1.5, data: Buffer.from([0, 255]), 'odd "name" ` x': 'q', constructor: 7 });
      // Streamed rows too; and a column named __proto__ stays a column, as better-sqlite3 makes it.
      const streamed = [];
      for await (const r of database.kysely.selectFrom('t').select(['id', 'body']).orderBy('id').stream()) streamed.push(r);
      expect(streamed).toEqual([{ id: 1, body: 'a' }, { id: 2, body: null }]);
      const proto = (await sql.raw('select "odd ""name"" ` x" as "__proto__" from t order by id').execute(database.kysely)).rows;
      expect(proto).toEqual(nativeSqliteHandle(database)!.prepare('select "odd ""name"" ` x" as "__proto__" from t order by id').all());
      // Writes still answer their changes.
      expect((await database.kysely.updateTable('t' as never).set({ body: 'b' } as never).executeTakeFirst()).numUpdatedRows).toBe(2n);
    } finally {
      await database.close();
    }
  });
});
