import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../index.ts';
import { startCheckpointer } from './sqlite-checkpointer.ts';

describe('SQLite checkpointer thread', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
    dirs.push(dir);
    return join(dir, 'db.sqlite');
  };
  const row = 'x'.repeat(3000); // about a page per commit

  /** Commits `rounds` × `perRound` one-row transactions on a WAL connection without automatic checkpoints; the WAL file's largest size. */
  async function write(db: BetterSqlite3.Database, file: string, rounds: number, perRound: number): Promise<number> {
    const insert = db.prepare('insert into notes (body) values (?)');
    let largest = 0;
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < perRound; i++) insert.run(row);
      largest = Math.max(largest, statSync(`${file}-wal`).size);
      await sleep(5);
    }
    return largest;
  }
  const open = (file: string) => {
    const db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('create table if not exists notes (id integer primary key, body text not null)');
    return db;
  };

  it('keeps the WAL of steady commits bounded, restarting it, while nothing is lost', async () => {
    // Without a checkpointer the WAL holds every page written: the yardstick.
    const plainFile = fresh();
    const plain = open(plainFile);
    const unbounded = await write(plain, plainFile, 20, 100);
    plain.close();

    const file = fresh();
    const db = open(file);
    const checkpointer = startCheckpointer(file, { restartAt: 200, intervalMs: 2 });
    await checkpointer.stats(); // the thread is up
    const largest = await write(db, file, 20, 100);
    const stats = await checkpointer.stats();
    await checkpointer.close();
    expect(stats.restarts).toBeGreaterThan(0);
    expect(largest).toBeLessThan(unbounded / 3);
    expect((db.prepare('select count(*) as n from notes').get() as { n: number }).n).toBe(2000);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    // The last connection closed checkpointed the rest and removed the WAL: the thread had closed its own first.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = new BetterSqlite3(file, { readonly: true });
    expect((again.prepare('select count(*) as n from notes').get() as { n: number }).n).toBe(2000);
    again.close();
  });

  it('runs with every SQLite file the platform opens and stops with it', async () => {
    const file = fresh();
    const database = await openDatabase(`sqlite:${file}`);
    await sql`create table notes (id integer primary key, body text not null)`.execute(database.kysely);
    for (let i = 0; i < 50; i++) await sql`insert into notes (body) values (${row})`.execute(database.kysely);
    await database.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
