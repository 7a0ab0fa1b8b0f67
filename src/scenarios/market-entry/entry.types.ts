/** A natural person named in an application; the identity number is a Chinese resident ID (GB 11643). */
export interface PersonInput {
  name: string;
  idNumber: string;
  phone?: string;
}

/** A shareholder (股东) and the capital subscribed, in yuan. */
export interface ShareholderInput extends PersonInput {
  subscribedYuan: number;
}

/** The positions an application names; exactly one legal representative. */
export const OFFICER_POSITIONS = ['legal_rep', 'director', 'supervisor', 'manager', 'finance'] as const;

/** An officer (法定代表人, 董事, 监事, 经理, 财务负责人). */
export interface OfficerInput extends PersonInput {
  position: (typeof OFFICER_POSITIONS)[number];
}

/** The registered address: district and street (GB/T 2260 + statistical town code) and the rest in words. */
export interface AddressInput {
  districtCode: string;
  townCode: string;
  detail: string;
}

/** One "one thing" entry application: registration facts, people, address, scope and the chosen licences. */
export interface EntryInput {
  name: string;
  legalForm: string;
  registeredCapitalYuan: number;
  address: AddressInput;
  scopeCodes: string[];
  /** Chosen catalogue items besides the business licence. */
  items: string[];
  shareholders: ShareholderInput[];
  officers: OfficerInput[];
  /** The applicant signs the written commitment (告知承诺书) the commitment items are granted on. */
  commitment?: boolean;
  /** An agent files for a company: the authorisation it acts under (hook for the agents' module). */
  actingFor?: string;
}

/** A change of a registered company (变更登记): any of address, scope, officers, with the licences it affects. */
export interface ChangeInput {
  uscc: string;
  address?: AddressInput;
  scopeCodes?: string[];
  officers?: OfficerInput[];
  /** Licences the applicant adds to what the change needs. */
  items?: string[];
  commitment?: boolean;
  actingFor?: string;
}

/** One item as the flow carries it: decided how, by whom, within what. */
export interface FlowItem {
  code: string;
  name: string;
  department: string;
  departmentName: string;
  mode: 'automatic' | 'commitment' | 'review';
  /** Legal limit in working days (0: at once). */
  limit: number;
  /** Organisation code the item is routed to. */
  org: string;
  /** True when the department has no office in the district or city: the district's one-stop window takes it. */
  window: boolean;
  /** Prerequisite item codes. */
  requires: string[];
}

/** The state of an application. */
export type ApplicationStatus = 'running' | 'issued' | 'refused';

/** An application as stored. */
export interface ApplicationRecord {
  id: string;
  kind: 'entry' | 'change';
  status: ApplicationStatus;
  applicantOrgId: string;
  applicantUserId: string;
  actingFor: string | null;
  uscc: string | null;
  name: string;
  districtCode: string;
  items: FlowItem[];
  form: EntryInput | (ChangeInput & { before: Record<string, unknown> });
  instanceId: string | null;
  submittedAt: string;
  finishedAt: string | null;
  outcome: ApplicationOutcome | null;
}

/** What an application ended with. */
export interface ApplicationOutcome {
  uscc: string | null;
  certificates: string[];
  refused: { code: string; opinion: string | null }[];
}

/** The content a certificate states; its canonical JSON is hashed and the hash recorded for the evidence log. */
export interface CertificateContent {
  certificateNo: string;
  kind: 'business_licence' | 'permit';
  uscc: string;
  companyName: string;
  itemCode: string;
  itemName: string;
  department: string;
  departmentName: string;
  issuedAt: string;
  applicationId: string;
  legalRepName: string;
  address: string;
  registeredCapitalYuan: number;
  scopeText: string;
}
