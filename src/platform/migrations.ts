import type { ModuleMigration } from '../db/index.ts';
import { auditMigrations } from './audit/audit.migrations.ts';
import { identityMigrations } from './identity/identity.migrations.ts';
import { registryMigrations, registryMirrorMigrations } from './registry/registry.migrations.ts';

/** Every migration of the platform modules and the engines they use. */
export const platformMigrations: readonly ModuleMigration[] = [...identityMigrations, ...auditMigrations, ...registryMigrations, ...registryMirrorMigrations];
