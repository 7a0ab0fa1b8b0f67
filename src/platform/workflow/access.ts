import { AppError } from '../../kernel/errors.ts';
import type { Role } from '../../kernel/roles.ts';
import type { TaskRow } from '../../engines/flow/index.ts';
import type { Actor } from '../identity/identity.types.ts';
import { OrgDirectory } from './org-directory.ts';
import type { InstanceListScope, InstanceRecord } from './workflow.repository.ts';

/** Roles that handle tasks and read instances of their area. */
export const STAFF_ROLES: readonly Role[] = ['official', 'department_officer', 'platform_admin'];
/** Roles that apply for one things and rate them. */
export const APPLICANT_ROLES: readonly Role[] = ['enterprise', 'agent'];

/** Refuses (403) unless the actor holds one of the roles. */
export function requireRoles(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) throw new AppError('auth.forbidden', `${what} needs one of the roles: ${roles.join(', ')}`);
}

/** Which instances an actor may list: admins all, applicants their org's, officials their division's and those routed to their org. */
export function instanceScopeOf(actor: Actor): InstanceListScope | null {
  if (actor.role === 'platform_admin') return { kind: 'all' };
  if (APPLICANT_ROLES.includes(actor.role)) return { kind: 'applicant', orgId: actor.org.id };
  if (actor.role === 'official' || actor.role === 'department_officer') {
    const prefix = OrgDirectory.divisionPrefixOf(actor.org);
    // Without a division an official sees only what was routed to their org: a prefix no code has.
    return { kind: 'division', prefix: prefix ?? '#', orgCode: actor.org.code };
  }
  return null;
}

/** Whether the actor may read an instance (diagram, state, tasks); `routedToOrg` says whether a task of it went to the actor's org. */
export function canReadInstance(actor: Actor, instance: InstanceRecord, routedToOrg: boolean): boolean {
  const scope = instanceScopeOf(actor);
  if (!scope) return false;
  if (scope.kind === 'all') return true;
  if (scope.kind === 'applicant') return instance.applicantOrgId === actor.org.id;
  return routedToOrg || (instance.districtCode !== null && instance.districtCode.startsWith(scope.prefix));
}

/** Whether the task is the actor's to work on: assigned to them, or unassigned and routed to their org and role. */
export function isCandidate(actor: Actor, task: Pick<TaskRow, 'assignee' | 'candidateOrg' | 'candidateRoles'>): boolean {
  if (task.assignee) return task.assignee === actor.userId;
  return task.candidateOrg === actor.org.code && (task.candidateRoles.length === 0 || task.candidateRoles.includes(actor.role));
}

/** Refuses (403) unless the actor may work on the task (claimed tasks: only their assignee). */
export function requireCandidate(actor: Actor, task: Pick<TaskRow, 'id' | 'assignee' | 'candidateOrg' | 'candidateRoles'>): void {
  if (isCandidate(actor, task)) return;
  if (task.assignee) throw new AppError('auth.forbidden', `task ${task.id} is assigned to another user`);
  throw new AppError('auth.forbidden', `task ${task.id} is not routed to your organisation and role`);
}
