import type { Role } from '../../../src/kernel/roles.ts';

/** The kinds of organisation a user can belong to. */
export type OrgKind = 'province' | 'city' | 'district' | 'town' | 'department' | 'court' | 'enterprise' | 'institution';

/** The signed-in user, as GET /api/auth/me returns it. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  org: { id: string; name: string; nameEn: string; kind: OrgKind; divisionCode: string | null };
  enterpriseUscc: string | null;
}

/** Size classes of the 2011 SME thresholds. */
export type SizeClass = 'large' | 'medium' | 'small' | 'micro';

/** Registration status of an enterprise. */
export type EnterpriseStatus = 'active' | 'abnormal' | 'deregistered';

/** One row of the enterprise list. Money is integer fen. */
export interface EnterpriseSummary {
  uscc: string;
  name: string;
  districtCode: string;
  districtName: string;
  townCode: string;
  townName: string;
  industryCode: string;
  industryName: string;
  sizeClass: SizeClass;
  registeredAt: string;
  registeredCapitalFen: number;
  employees: number;
  revenueFen: number;
  status: EnterpriseStatus;
}

/** One enterprise with its address, patents and (masked) legal representative. */
export interface EnterpriseDetail extends EnterpriseSummary {
  address: string;
  patents: { invention: number; utility: number; design: number };
  legalRepresentative: { name: string; idNumber: string; phone: string };
}

/** A page of a server-side paged list. */
export interface Page<T> {
  items: T[];
  total: number;
  page?: number;
  pageSize?: number;
}

/** A division (province, city, district, town). */
export interface Division {
  code: string;
  name: string;
  level: string;
}

/** Enterprise counts per child division of the caller's division. */
export interface EnterprisesByDistrict {
  division: { code: string; name: string };
  items: { code: string; name: string; enterprises: number; active: number; smallAndMicro: number }[];
}

/** One audit record. */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  orgId: string | null;
  action: string;
  target: string;
  purpose: string | null;
  personal: boolean;
}

/** One user account, as the admin list shows it. */
export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgName: string;
}
