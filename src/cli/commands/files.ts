// `onething files purge [--days N] [--json]`: deletes the uploads nothing references that are older than the retention
// (30 days unless --days says otherwise), as the running server does daily (docs/policy-lifecycle.md, "Uploaded copies").
import type { Command } from 'commander';
import { FILE_RETENTION_DAYS, FILE_RETENTION_MAX_DAYS } from '../../platform/files/files.service.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { openPlatformDatabase, processIo, type CliIo } from '../context.ts';

/** Runs the purge; returns the exit code (0 done, 2 a bad --days, nothing deleted). */
export async function runFilesPurge(services: Pick<PlatformServices, 'files'>, options: { days?: string; json?: boolean }, io: CliIo): Promise<0 | 2> {
  const text = options.days ?? String(FILE_RETENTION_DAYS);
  const days = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(days >= 1 && days <= FILE_RETENTION_MAX_DAYS)) {
    io.err(`--days: a whole number of days from 1 to ${FILE_RETENTION_MAX_DAYS}, not "${text.slice(0, 40)}"`);
    return 2;
  }
  const result = await services.files.purgeUnreferenced({ retentionDays: days });
  if (options.json) io.out(JSON.stringify({ retentionDays: days, ...result }));
  else io.out(`purged ${result.files} uploads older than ${days} days that nothing references (${result.blobs} contents, ${result.bytes} bytes)`);
  return 0;
}

/** Registers `onething files purge`. */
export function registerFilesCommand(program: Command): void {
  program
    .command('files')
    .description('uploaded files (copies of certificates)')
    .command('purge')
    .description(`delete the uploads older than the retention that nothing references, as the server does daily (default ${FILE_RETENTION_DAYS} days)`)
    .option('--days <n>', `retention in days (1–${FILE_RETENTION_MAX_DAYS}; default ${FILE_RETENTION_DAYS})`)
    .option('--json', 'print one JSON line')
    .action(async (options: { days?: string; json?: boolean }) => {
      const platform = await openPlatformDatabase();
      try {
        process.exitCode = await runFilesPurge(platform.services, options, processIo);
      } finally {
        await platform.close();
      }
    });
}
