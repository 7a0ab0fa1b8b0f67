import type { Command } from 'commander';
import { migrateToLatest, openDatabase } from '../../db/index.ts';
import { loadConfig } from '../../api/config.ts';
import { allMigrations } from '../../scenarios/index.ts';
import { processIo } from '../context.ts';

/** `onething migrate`: apply pending database migrations. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (start does this too)')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase(config.databaseUrl, config.dataDir);
      try {
        const ran = await migrateToLatest(database, allMigrations);
        processIo.out(ran.length ? `applied: ${ran.join(', ')}` : 'database is up to date');
      } finally {
        await database.close();
      }
    });
}
