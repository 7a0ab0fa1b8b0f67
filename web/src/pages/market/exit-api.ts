import { apiGet, apiPost } from '../../api/client.ts';

/** One condition of simplified deregistration as the API answers it. */
export interface ExitCondition { code: string; label: string; passed: boolean; finding: string | null; source: string; date: string | null }
/** A public notice. */
export interface PublicNotice { noticeNo: string; kind: string; uscc: string; companyName: string; startsAt: string; endsAt: string; status: string }
/** A case as its readers see it. */
export interface ExitCaseView {
  id: string; kind: string; uscc: string; companyName: string; status: string; statusReason: string | null; noticeNo: string | null; noticeEndsAt: string | null;
  createdAt: string; companyStatus?: string | null; advice?: string | null;
  permits?: Array<{ certificateNo: string; itemCode: string; department: string; status: string; cancelledAt: string | null }>;
}
/** One department's load. */
export interface DepartmentLoad {
  org: { code: string; name: string }; open: number; suspended: number; yellow: number; red: number; avgLimitUsed: number | null; finished: number; avgWorkingDays: number | null; overdue: number;
}
/** The headline figures. */
export interface Figures { applications: number; completed: number; itemsHandled: number; companiesServed: number; fullyAutomatic: number; fullyAutomaticShare: number; exits: Array<{ kind: string; status: string; n: number }> }
/** An agent under supervision. */
export interface AgentRow {
  id: string; name: string; uscc: string; status: string;
  figures: { filings: number; returned: number; returnRate: number; avgHoursToCorrect: number | null; complaints: number; clients: number };
  flags: Array<{ rule: string; message: string }>;
}

/** A candidate for forced deregistration. */
export interface ForcedCandidate { uscc: string; name: string; districtCode: string; registeredAt: string; reasons: Array<{ rule: string; facts: string[] }> }
/** A signed authorisation of an agent. */
export interface Authorisation { id: string; agentId: string; uscc: string; scope: string[]; validFrom: string; validUntil: string; signerName: string; signature: string; status: string; createdAt: string }

/** The exit API calls of the pages. */
export const exitApi = {
  eligibility: (uscc?: string) => apiGet<{ uscc: string; name: string; eligible: boolean; conditions: ExitCondition[] }>('/api/market/exit/eligibility', { uscc }),
  applySimplified: (commitment: boolean, uscc?: string) => apiPost<ExitCaseView>('/api/market/exit/simplified', uscc ? { commitment, uscc } : { commitment }),
  cases: () => apiGet<ExitCaseView[]>('/api/market/exit/cases'),
  caseView: (id: string) => apiGet<ExitCaseView>(`/api/market/exit/cases/${encodeURIComponent(id)}`),
  notices: () => apiGet<PublicNotice[]>('/api/public/market/exit/notices'),
  object: (noticeNo: string, body: { name: string; contact: string; reason: string }) => apiPost<{ status: string; message: string }>(`/api/public/market/exit/notices/${encodeURIComponent(noticeNo)}/objections`, body),
  general: (body: { cause: string; causeDate: string; liquidators: Array<{ name: string; idNumber: string; leader: boolean }> }) => apiPost<ExitCaseView>('/api/market/exit/general', body),
  report: (id: string, body: { summary: string; debtsSettled: boolean; taxCleared: boolean; employeesSettled: boolean }) => apiPost<ExitCaseView>(`/api/market/exit/cases/${encodeURIComponent(id)}/report`, body),
  candidates: (inactiveYears: number) => apiGet<ForcedCandidate[]>('/api/market/exit/forced/candidates', { inactiveYears }),
  openForced: (uscc: string, note: string) => apiPost<ExitCaseView>('/api/market/exit/forced', { uscc, note }),
  agents: () => apiGet<Array<{ id: string; name: string; uscc: string; status: string }>>('/api/market/agents'),
  registerAgent: (body: { name: string; uscc: string; phone: string; address: string }) => apiPost<{ id: string }>('/api/market/agents', body),
  authorisations: () => apiGet<Authorisation[]>('/api/market/agents/authorisations'),
  authorise: (body: { agentId: string; scope: string[]; validFrom: string; validUntil: string; signerName: string }) => apiPost<Authorisation>('/api/market/agents/authorisations', body),
  revoke: (id: string) => apiPost<void>(`/api/market/agents/authorisations/${encodeURIComponent(id)}/revoke`),
  departments: () => apiGet<DepartmentLoad[]>('/api/market/monitoring/departments'),
  figures: () => apiGet<Figures>('/api/market/monitoring/figures'),
  supervision: () => apiGet<AgentRow[]>('/api/market/agents/supervision'),
};

/** A local date and time for tables. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }) : '—';
}
