import { loadConfig, type Config } from '../api/config.ts';
import { migrateToLatest, openDatabase, type Database } from '../db/index.ts';
import { createPlatformServices, type PlatformServices } from '../platform/platform.ts';
import { allMigrations } from '../scenarios/index.ts';

/** Opens and migrates the configured database for a CLI command. */
export async function openPlatformDatabase(config: Readonly<Config> = loadConfig()): Promise<{ database: Database; services: PlatformServices; config: Readonly<Config>; close(): Promise<void> }> {
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  try {
    await migrateToLatest(database, allMigrations);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { database, services: createPlatformServices({ database }), config, close: () => database.close() };
}

/** Writes to stdout and stderr; injected so commands can be tested. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
