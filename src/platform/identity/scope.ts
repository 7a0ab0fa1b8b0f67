import { divisionPrefix } from '../../kernel/divisions.ts';
import type { Actor } from './identity.types.ts';

/**
 * What part of the enterprise population an actor may read. Decided here and only here:
 * every query over enterprises applies the scope this returns.
 */
export type DataScope =
  | { kind: 'all' }
  /** Enterprises registered in a division: `prefix` matches the district code (6 digits) or town code (9). */
  | { kind: 'division'; divisionCode: string; column: 'district' | 'town'; prefix: string }
  | { kind: 'enterprise'; uscc: string }
  | { kind: 'none' };

/** The data scope of an actor over enterprise data. */
export function dataScopeOf(actor: Actor): DataScope {
  switch (actor.role) {
    case 'platform_admin':
      return { kind: 'all' };
    case 'enterprise':
    case 'agent':
      return actor.enterpriseUscc ? { kind: 'enterprise', uscc: actor.enterpriseUscc } : { kind: 'none' };
    case 'official':
    case 'department_officer':
    case 'judge':
    case 'court_clerk': {
      const code = actor.org.divisionCode;
      if (!code) return { kind: 'none' };
      const prefix = divisionPrefix(code);
      return { kind: 'division', divisionCode: code, column: prefix.length === 9 ? 'town' : 'district', prefix };
    }
    default:
      // Administrators, creditors, banks and notaries see enterprises only through their cases.
      return { kind: 'none' };
  }
}

/** Whether an enterprise located at (districtCode, townCode) falls inside a scope. */
export function isInScope(scope: DataScope, enterprise: { uscc: string; districtCode: string; townCode: string }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'enterprise':
      return scope.uscc === enterprise.uscc;
    case 'division':
      return (scope.column === 'town' ? enterprise.townCode : enterprise.districtCode).startsWith(scope.prefix);
  }
}
