import type { Role } from '../../kernel/roles.ts';

/** Kinds of organisation in the tree: government levels, departments, courts, companies, institutions. */
export const ORG_KINDS = ['province', 'city', 'district', 'town', 'department', 'court', 'enterprise', 'institution'] as const;
/** One of `ORG_KINDS`. */
export type OrgKind = (typeof ORG_KINDS)[number];

/** An organisation: a node of the tree province → city → district → town, or a body attached to one. */
export interface Org {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  kind: OrgKind;
  parentId: string | null;
  /** The administrative division the organisation acts for (its data scope), if any. */
  divisionCode: string | null;
}

/** A user account (without its password hash). */
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  enterpriseUscc: string | null;
  disabled: boolean;
}

/** Who is acting: the signed-in user with the organisation facts every scope decision needs. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  org: Org;
  enterpriseUscc: string | null;
  sessionId: string | null;
  ip: string | null;
}
