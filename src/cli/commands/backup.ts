import type { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../../api/config.ts';
import { nativeSqliteHandle, openDatabase } from '../../db/index.ts';
import { processIo } from '../context.ts';

const PG_ROUTE = [
  'On PostgreSQL, back up and restore with the server’s own tools:',
  '  pg_dump --format=custom --file=onething.dump "$DATABASE_URL"',
  '  pg_restore --clean --if-exists --dbname="$DATABASE_URL" onething.dump',
];

function isPostgres(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** `onething backup FILE` and `onething restore FILE`. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'where to write the backup')
    .description('Back up the database: SQLite online backup to one file; on PostgreSQL, pg_dump')
    .action(async (file: string) => {
      const config = loadConfig();
      const target = resolve(file);
      if (isPostgres(config.databaseUrl)) {
        const run = spawnSync('pg_dump', ['--format=custom', `--file=${target}`, config.databaseUrl!], { stdio: 'inherit' });
        if (run.error || run.status !== 0) {
          for (const line of PG_ROUTE) processIo.err(line);
          process.exitCode = 1;
          return;
        }
        processIo.out(`backup written to ${target} (pg_dump custom format)`);
        return;
      }
      const database = await openDatabase(config.databaseUrl, config.dataDir);
      try {
        const handle = nativeSqliteHandle(database);
        if (!handle) throw new Error('backup works on SQLite files and PostgreSQL servers');
        mkdirSync(dirname(target), { recursive: true });
        // better-sqlite3's backup() uses SQLite's online backup API: consistent while the server runs.
        await handle.backup(target);
        processIo.out(`backup written to ${target}`);
      } finally {
        await database.close();
      }
    });

  program
    .command('restore')
    .argument('<file>', 'a file written by `onething backup`')
    .description('Restore the database from a backup (stop the server first)')
    .action(async (file: string) => {
      const config = loadConfig();
      const source = resolve(file);
      if (!existsSync(source)) {
        processIo.err(`restore: no file ${source}`);
        process.exitCode = 1;
        return;
      }
      if (isPostgres(config.databaseUrl)) {
        const run = spawnSync('pg_restore', ['--clean', '--if-exists', `--dbname=${config.databaseUrl}`, source], { stdio: 'inherit' });
        if (run.error || run.status !== 0) {
          for (const line of PG_ROUTE) processIo.err(line);
          process.exitCode = 1;
          return;
        }
        processIo.out('restored with pg_restore');
        return;
      }
      // Check the backup opens and is intact before it replaces anything.
      const check = await openDatabase(`sqlite:${source}`);
      try {
        const handle = nativeSqliteHandle(check)!;
        const result = handle.pragma('integrity_check', { simple: true });
        if (result !== 'ok') throw new Error(`restore: ${source} fails the integrity check: ${String(result)}`);
      } finally {
        await check.close();
      }
      const target = config.databaseUrl?.startsWith('sqlite:') ? resolve(config.databaseUrl.slice(7)) : join(config.dataDir, 'onething.db');
      mkdirSync(dirname(target), { recursive: true });
      for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
      copyFileSync(source, target);
      processIo.out(`restored ${target} from ${source}`);
    });
}
