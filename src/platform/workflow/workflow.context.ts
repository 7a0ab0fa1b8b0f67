import type { FlowDefinition, FlowEngine } from '../../engines/flow/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { Actor, Org } from '../identity/identity.types.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import { OrgDirectory } from './org-directory.ts';
import type { WorkflowRepository } from './workflow.repository.ts';
import type { WorkflowDecisions } from './decisions.ts';

/** What the workflow services share: the engine, the module's rows, identity and time. */
export interface WorkflowContext {
  engine: FlowEngine;
  repo: WorkflowRepository;
  identity: Pick<IdentityService, 'listOrgs' | 'findOrgById' | 'findUserByUsername' | 'actorForUserId'>;
  enterprises: Pick<EnterpriseRepository, 'get'>;
  clock: Clock;
  ids: IdGenerator;
  handlerNames: ReadonlySet<string>;
  /** Policy units for business-rule tasks (absent: the platform runs without the policy module). */
  decisions?: WorkflowDecisions;
  /** Where writes are recorded with their instance or task (the HTTP hook records only the route). */
  audit?: Pick<AuditService, 'record'>;
  /** A deployed definition (versions never change, so they are cached). */
  definition(key: string, version: number): Promise<FlowDefinition>;
  /** The org tree, read afresh. */
  orgs(): Promise<OrgDirectory>;
}

/** Records a workflow write in the audit log, when the context has one. */
export async function audit(ctx: WorkflowContext, actor: Actor, action: string, target: string, details?: unknown): Promise<void> {
  await ctx.audit?.record({ actor, action: `flow.${action}`, target, details });
}

/** Builds the shared context with a definition cache. */
export function createWorkflowContext(deps: Omit<WorkflowContext, 'definition' | 'orgs'>): WorkflowContext {
  const cache = new Map<string, FlowDefinition>();
  return {
    ...deps,
    async definition(key, version) {
      const id = `${key}@${version}`;
      let def = cache.get(id);
      if (!def) {
        def = await deps.engine.getDefinition(key, version);
        if (!def) throw new AppError('not_found', `process ${key} version ${version} does not exist`);
        cache.set(id, def);
      }
      return def;
    },
    orgs: () => OrgDirectory.load(deps.identity),
  };
}

/** An organisation as the workflow API shows it (code and both names). */
export interface OrgRef {
  code: string;
  name: string;
  nameEn: string;
}

/** The API form of an org code, or a bare reference when the code names no org. */
export function orgRef(orgs: OrgDirectory, code: string | null): OrgRef | null {
  if (!code) return null;
  const org: Org | undefined = orgs.byCode.get(code);
  return org ? { code, name: org.name, nameEn: org.nameEn } : { code, name: code, nameEn: code };
}

/** The instance an engine task id belongs to (`fi_x.t3` → `fi_x`). */
export function instanceOfTask(taskId: string): string {
  const dot = taskId.lastIndexOf('.');
  if (dot <= 0) throw new AppError('validation.failed', `task id ${taskId} is malformed`, { errors: [{ field: 'taskId', rule: 'pattern', message: 'A task id looks like <instance>.t<n>' }] });
  return taskId.slice(0, dot);
}
