import type { ModuleMigration } from '../db/index.ts';
import { platformMigrations } from '../platform/migrations.ts';
import { pledgeMigrations } from './data-ip-pledge/pledge.migrations.ts';
import { marketMigrations } from './market-entry/market.migrations.ts';
import { exitMigrations } from './market-entry/exit/exit.migrations.ts';
import { entryMigrations } from './market-entry/entry.migrations.ts';

/** Every migration the running platform needs: platform modules, engines and scenarios. */
export const allMigrations: readonly ModuleMigration[] = [...platformMigrations, ...pledgeMigrations, ...marketMigrations, ...entryMigrations, ...exitMigrations];
