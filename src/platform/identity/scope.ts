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

/**
 * The prefix of a GB/T 2260 code that every code inside it shares: 330000 → 33, 330100 → 3301,
 * 330106 → 330106; 9-digit town codes are their own prefix.
 */
export function divisionPrefix(code: string): { column: 'district' | 'town'; prefix: string } {
  if (code.length === 9) return { column: 'town', prefix: code };
  if (code.endsWith('0000')) return { column: 'district', prefix: code.slice(0, 2) };
  if (code.endsWith('00')) return { column: 'district', prefix: code.slice(0, 4) };
  return { column: 'district', prefix: code };
}

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
      return { kind: 'division', divisionCode: code, ...divisionPrefix(code) };
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
