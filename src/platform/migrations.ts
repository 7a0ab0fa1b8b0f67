import type { ModuleMigration } from '../db/index.ts';
import { ledgerMigrations } from '../engines/ledger/index.ts';
import { auditMigrations } from './audit/audit.migrations.ts';
import { evidenceMigrations } from './evidence/evidence.migrations.ts';
import { fileMigrations } from './files/files.migrations.ts';
import { identityMigrations } from './identity/identity.migrations.ts';
import { policyMigrations } from './policy/policy.migrations.ts';
import { policyLifecycleMigrations } from './policy/policy-lifecycle.migrations.ts';
import { policyDraftMigrations } from './policy/drafts.migrations.ts';
import { policyOversightMigrations } from './policy/oversight.migrations.ts';
import { claimCertificateMigrations } from './policy/claim-certificates.migrations.ts';
import { forMeIndexMigrations } from './policy/for-me-indexes.migrations.ts';
import { registryMigrations, registryMirrorMigrations } from './registry/registry.migrations.ts';
import { flowMigrations } from '../engines/flow/index.ts';
import { workflowMigrations } from './workflow/workflow.migrations.ts';

/** Every migration of the platform modules and the engines they use. */
export const platformMigrations: readonly ModuleMigration[] = [...identityMigrations, ...auditMigrations, ...registryMigrations, ...registryMirrorMigrations, ...ledgerMigrations, ...evidenceMigrations, ...flowMigrations, ...workflowMigrations, ...policyMigrations, ...policyLifecycleMigrations, ...policyDraftMigrations, ...policyOversightMigrations, ...claimCertificateMigrations, ...forMeIndexMigrations, ...fileMigrations];
