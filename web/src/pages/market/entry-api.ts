import { apiGet, apiPost } from '../../api/client.ts';

/** A person on an entry application (ID numbers come back masked). */
export interface PersonForm {
  name: string;
  idNumber: string;
  phone?: string;
}

/** The entry application the wizard submits. */
export interface EntryForm {
  name: string;
  legalForm: string;
  registeredCapitalYuan: number;
  address: { districtCode: string; townCode: string; detail: string };
  scopeCodes: string[];
  items: string[];
  shareholders: (PersonForm & { subscribedYuan: number })[];
  officers: (PersonForm & { position: 'legal_rep' | 'director' | 'supervisor' | 'manager' | 'finance' })[];
  commitment: boolean;
}

/** One item of an application with where it went. */
export interface FlowItemView {
  code: string;
  name: string;
  department: string;
  departmentName: string;
  mode: 'automatic' | 'commitment' | 'review';
  limit: number;
  org: string;
  window: boolean;
}

/** An application in the list. */
export interface ApplicationSummary {
  id: string;
  kind: 'entry' | 'change';
  status: 'running' | 'issued' | 'refused';
  name: string;
  uscc: string | null;
  instanceId: string | null;
  submittedAt: string;
  finishedAt: string | null;
  items: { code: string; name: string; mode: string; departmentName: string }[];
  certificates: number;
}

/** A certificate of an application. */
export interface CertificateView {
  certificateNo: string;
  kind: 'business_licence' | 'permit';
  itemCode: string;
  itemName: string;
  departmentName: string;
  issuedAt: string;
  status: 'valid' | 'cancelled';
  contentHash: string;
  logIndex: number | null;
}

/** A step of the flow's timeline. */
export interface ProgressStep {
  elementId: string;
  name: string;
  kind: string;
  org: { code: string; name: string } | null;
  state: 'active' | 'suspended' | 'done' | 'cancelled';
  startedAt: string;
  deadline: string | null;
  finishedAt: string | null;
}

/** One application in full. */
export interface ApplicationDetail extends Omit<ApplicationSummary, 'items' | 'certificates'> {
  items: FlowItemView[];
  outcome: { uscc: string | null; certificates: string[]; refused: { code: string }[] } | null;
  certificates: CertificateView[];
  progress: { steps: ProgressStep[]; corrections: { id: string; reason: string; requestedAt: string; answer: string | null; answeredAt: string | null }[] } | null;
}

/** An open correction request. */
export interface OpenCorrection {
  applicationId: string;
  applicationName: string;
  id: string;
  reason: string;
  requestedAt: string;
}

/** The entry API as the wizard and the applications page use it. */
export const entryApi = {
  submit: (form: EntryForm) => apiPost<{ id: string; instanceId: string; items: FlowItemView[] }>('/api/market/applications', form),
  list: () => apiGet<ApplicationSummary[]>('/api/market/applications'),
  get: (id: string) => apiGet<ApplicationDetail>(`/api/market/applications/${encodeURIComponent(id)}`),
  corrections: () => apiGet<OpenCorrection[]>('/api/market/corrections'),
  answer: (applicationId: string, correctionId: string, answer: string) =>
    apiPost<void>(`/api/market/applications/${encodeURIComponent(applicationId)}/corrections/${encodeURIComponent(correctionId)}/answer`, { answer }),
  nameCheck: (name: string, legalForm: string, districtCode: string) =>
    apiPost<{ acceptable: boolean; problems: { rule: string; message: string; basis: string }[] }>('/api/market/name-checks', { name, legalForm, districtCode }),
  pdfUrl: (no: string) => `/api/market/certificates/${encodeURIComponent(no)}/pdf`,
  verifyUrl: (no: string) => `/market/verify/${encodeURIComponent(no)}`,
};
