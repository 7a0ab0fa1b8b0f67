import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, openSqlite } from '../../db/index.ts';
import { flowMigrations } from '../../engines/flow/index.ts';
import { runBackup, runRestore } from './backup.ts';

const dir = mkdtempSync(join(tmpdir(), 'onething-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = { databaseUrl: undefined, dataDir: join(dir, 'data') };

function io() {
  const lines: string[] = [];
  return { lines, out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
}
/** The definition keys in the configured database. */
async function keys(): Promise<string[]> {
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  try {
    return (await sql<{ key: string }>`select key from flow_definitions order by key`.execute(database.kysely)).rows.map((r) => r.key);
  } finally {
    await database.close();
  }
}
async function addDefinition(key: string): Promise<void> {
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  try {
    await migrateToLatest(database, flowMigrations);
    await sql`insert into flow_definitions (id, key, version, xml, compiled, created_at) values (${`fdef_${key}`}, ${key}, 1, '<x/>', '{}', '2026-11-27T00:00:00Z')`.execute(database.kysely);
  } finally {
    await database.close();
  }
}

describe('onething backup and restore (SQLite)', () => {
  it('restores what the backup held, and refuses a file that is no backup of this platform, replacing nothing', async () => {
    await addDefinition('before');
    const backup = join(dir, 'backups', 'onething.db');
    const out = io();
    expect(await runBackup(backup, config, out)).toBe(0);
    expect(out.lines).toEqual([`backup written to ${backup}`]);
    await addDefinition('after');
    expect(await keys()).toEqual(['after', 'before']);

    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is no database'.repeat(100));
    const other = join(dir, 'other.db');
    const foreign = openSqlite(other);
    await sql`create table notes (body text)`.execute(foreign.kysely);
    await foreign.close();
    const backupBytes = readFileSync(backup);
    for (const [file, reason] of [[junk, /file is not a database/], [other, /no onething database/], [join(dir, 'missing.db'), /no file/]] as const) {
      const refused = io();
      expect(await runRestore(file, config, refused)).toBe(1);
      expect(refused.lines.join('\n')).toMatch(reason);
      expect(await keys()).toEqual(['after', 'before']);
    }

    const restored = io();
    expect(await runRestore(backup, config, restored)).toBe(0);
    expect(await keys()).toEqual(['before']);
    // Checking the backup wrote nothing to it.
    expect(readFileSync(backup).equals(backupBytes)).toBe(true);
  });
});
