import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database, SqlFamily } from './database.ts';

/**
 * One schema change of one module. `name` orders it: `NNNN_module_what`, where the
 * number blocks are 0100 identity, 0200 audit, 0300 registry, 0400 ledger, 0500 rules,
 * 0600 flow, 1000+ platform services and scenarios.
 */
export interface ModuleMigration {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  up(db: Kysely<any>, family: SqlFamily): Promise<void>;
}

/** Runs every migration not yet applied, in name order, and returns the names it ran. */
export async function migrateToLatest(database: Database, migrations: readonly ModuleMigration[]): Promise<string[]> {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.name)) throw new Error(`Duplicate migration name ${m.name}`);
    seen.add(m.name);
  }
  const provider: MigrationProvider = {
    async getMigrations() {
      const record: Record<string, Migration> = {};
      for (const m of migrations) record[m.name] = { up: (db) => m.up(db, database.family) };
      return record;
    },
  };
  // Modules add migrations independently, so a new one may sort before one already applied.
  // The migration bookkeeping tables live in the connection's own schema: without this, Kysely finds
  // them in any schema on the server and skips creating its own (seen with one schema per test).
  const migrator = new Migrator({
    db: database.kysely,
    provider,
    allowUnorderedMigrations: true,
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Before migrating, Kysely's migrator lists every table on the server (its introspector), which fails when
  // another session drops a schema meanwhile — as parallel test files do with theirs — with "schema … does not
  // exist", "relation … does not exist", "column … does not exist" or a catalog cache miss about that schema's
  // objects. Such a failure comes before anything ran (no results: the migrations run after the listing, in one
  // transaction): list again.
  for (let attempt = 1; error && !results && attempt < 8 && VANISHED.has(String((error as { code?: unknown }).code)); attempt++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The column type for raw bytes in each family. */
export function binaryType(family: SqlFamily): 'blob' | 'bytea' {
  return family === 'sqlite' ? 'blob' : 'bytea';
}

/** PostgreSQL's errors for objects that vanished under a catalog listing: invalid_schema_name, undefined_table, undefined_column, internal_error (cache lookup failed). */
const VANISHED = new Set(['3F000', '42P01', '42703', 'XX000']);
