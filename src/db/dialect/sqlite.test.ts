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
