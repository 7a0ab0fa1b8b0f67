import type { ModuleMigration } from '../db/index.ts';
import { platformMigrations } from '../platform/migrations.ts';

/** Every migration the running platform needs: platform modules, engines and scenarios. */
export const allMigrations: readonly ModuleMigration[] = [...platformMigrations];
