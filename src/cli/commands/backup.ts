import type { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfig, type Config } from '../../api/config.ts';
import { checkSqliteBackup, nativeSqliteHandle, openDatabase } from '../../db/index.ts';
import { processIo, type CliIo } from '../context.ts';

const PG_ROUTE = [
  'On PostgreSQL, back up and restore with the server’s own tools:',
  '  pg_dump --format=custom --file=onething.dump "$DATABASE_URL"',
  '  pg_restore --clean --if-exists --dbname="$DATABASE_URL" onething.dump',
];

function isPostgres(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

type Settings = Pick<Config, 'databaseUrl' | 'dataDir'>;

/** Backs up the configured database to `file`; returns the exit code (0 written, 1 not). */
export async function runBackup(file: string, config: Settings = loadConfig(), io: CliIo = processIo): Promise<number> {
  const target = resolve(file);
  if (isPostgres(config.databaseUrl)) {
    const run = spawnSync('pg_dump', ['--format=custom', `--file=${target}`, config.databaseUrl!], { stdio: 'inherit' });
    if (run.error || run.status !== 0) {
      for (const line of PG_ROUTE) io.err(line);
      return 1;
    }
    io.out(`backup written to ${target} (pg_dump custom format)`);
    return 0;
  }
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  try {
    const handle = nativeSqliteHandle(database);
    if (!handle) {
      io.err('backup: works on SQLite files and PostgreSQL servers');
      return 1;
    }
    mkdirSync(dirname(target), { recursive: true });
    // better-sqlite3's backup() uses SQLite's online backup API: consistent while the server runs.
    await handle.backup(target);
    io.out(`backup written to ${target}`);
    return 0;
  } finally {
    await database.close();
  }
}

/**
 * Replaces the configured SQLite database with a backup (the server stopped); returns the exit code. The backup is
 * copied beside the database and the copy checked, read-only (checkSqliteBackup): a file that is no database, a
 * damaged one, or an SQLite file of something else is refused with the reason, and nothing is replaced.
 */
export async function runRestore(file: string, config: Settings = loadConfig(), io: CliIo = processIo): Promise<number> {
  const source = resolve(file);
  if (!existsSync(source)) {
    io.err(`restore: no file ${source}`);
    return 1;
  }
  if (isPostgres(config.databaseUrl)) {
    const run = spawnSync('pg_restore', ['--clean', '--if-exists', `--dbname=${config.databaseUrl}`, source], { stdio: 'inherit' });
    if (run.error || run.status !== 0) {
      for (const line of PG_ROUTE) io.err(line);
      return 1;
    }
    io.out('restored with pg_restore');
    return 0;
  }
  const target = config.databaseUrl?.startsWith('sqlite:') ? resolve(config.databaseUrl.slice(7)) : join(config.dataDir, 'onething.db');
  mkdirSync(dirname(target), { recursive: true });
  // The copy is checked, not the backup (SQLite opens a WAL file's -shm beside it even read-only), and then renamed
  // over the database in one step.
  const copy = `${target}.restoring`;
  const removeSidecars = (file: string) => {
    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
  };
  removeSidecars(copy);
  copyFileSync(source, copy);
  const check = checkSqliteBackup(copy);
  removeSidecars(copy);
  if (!check.ok) {
    rmSync(copy, { force: true });
    io.err(`restore: ${source} is not a backup to restore: ${check.reason}; nothing was replaced`);
    return 1;
  }
  removeSidecars(target);
  renameSync(copy, target);
  io.out(`restored ${target} from ${source}`);
  return 0;
}

/** `onething backup FILE` and `onething restore FILE`. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'where to write the backup')
    .description('Back up the database: SQLite online backup to one file; on PostgreSQL, pg_dump')
    .action(async (file: string) => {
      process.exitCode = await runBackup(file);
    });

  program
    .command('restore')
    .argument('<file>', 'a file written by `onething backup`')
    .description('Restore the database from a backup (stop the server first)')
    .action(async (file: string) => {
      process.exitCode = await runRestore(file);
    });
}
