import { apiGet, apiPost, ApiError } from '../../api/client.ts';
import type { WarningLevel } from '../../../../src/kernel/time-limit.ts';

/** An organisation as the flow API shows it. */
export interface OrgRef {
  code: string;
  name: string;
  nameEn: string;
}

/** A process of the catalogue. */
export interface ProcessSummary {
  key: string;
  name: string | null;
  latestVersion: number;
  versions: number;
  owner: OrgRef | null;
  internal: boolean;
  canEdit: boolean;
  running: number | null;
  completed: number | null;
}

/** A problem the server found in a BPMN file. */
export interface BpmnProblem {
  id: string;
  type: string;
  line: number;
  message: string;
}

/** What a server-side check found. */
export interface CheckResult {
  ok: boolean;
  key: string | null;
  name: string | null;
  problems: BpmnProblem[];
  /** Elements that import but never run (no path from a start event reaches them). */
  notes: BpmnProblem[];
}

/** A JSON Schema of a task form, as far as the form renderer reads it. */
export interface FormSchema {
  type?: string;
  required?: string[];
  properties?: Record<string, { type?: string | string[]; title?: string; enum?: unknown[]; minLength?: number; maxLength?: number; minimum?: number; maximum?: number }>;
}

/** One task of the officials' inbox. */
export interface InboxItem {
  id: string;
  instanceId: string;
  elementId: string;
  name: string | null;
  processKey: string;
  processName: string;
  title: string;
  applicantName: string;
  state: 'open' | 'suspended';
  warning: WarningLevel;
  createdAt: string;
  dueAt: string | null;
  org: OrgRef | null;
  assignee: { id: string; name: string } | null;
  mine: boolean;
  form: FormSchema | null;
  correction: { id: string; reason: string; requestedAt: string } | null;
}

/** An application as lists show it. */
export interface InstanceSummary {
  id: string;
  key: string;
  processName: string;
  version: number;
  title: string;
  applicantName?: string;
  status: 'running' | 'completed' | 'cancelled' | 'failed';
  startedAt: string;
  endedAt: string | null;
  /** The application's own time limit (progress only). */
  dueAt?: string | null;
  warning?: WarningLevel | null;
}

/** The instance view. */
export interface InstanceView {
  instance: InstanceSummary;
  xml: string;
  activeNodeIds: string[];
  completedNodeIds: string[];
  completedFlowIds: string[];
  tasks: { id: string; elementId: string; name: string | null; state: string; warning: WarningLevel; org: OrgRef | null; createdAt: string; dueAt: string | null; completedAt: string | null }[];
  variables: Record<string, unknown> | null;
}

/** The applicant's progress. */
export interface Progress {
  instance: InstanceSummary;
  steps: { elementId: string; name: string; kind: string; org: OrgRef | null; state: 'active' | 'suspended' | 'done' | 'cancelled'; startedAt: string; deadline: string | null; finishedAt: string | null }[];
  corrections: { id: string; reason: string; requestedAt: string; answer: string | null; answeredAt: string | null }[];
  rating: { score: number; comment: string | null; ratedAt: string } | null;
  canRate: boolean;
}

/** The BPMN XML of a process version (latest by default). */
export async function fetchXml(key: string, version?: number): Promise<string> {
  const response = await fetch(`/api/flow/definitions/${encodeURIComponent(key)}/xml${version ? `?version=${version}` : ''}`, { credentials: 'same-origin' });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(response.status, problem.code ?? `http.${response.status}`, problem.message ?? response.statusText);
  }
  return response.text();
}

/** The flow API calls the pages use. */
export const flowApi = {
  definitions: () => apiGet<{ items: ProcessSummary[] }>('/api/flow/definitions'),
  versions: (key: string) => apiGet<{ items: { version: number; createdAt: string; uploadedBy: string | null }[] }>(`/api/flow/definitions/${encodeURIComponent(key)}/versions`),
  check: (xml: string) => apiPost<CheckResult>('/api/flow/definitions/check', { xml }),
  upload: (xml: string) => apiPost<{ key: string; version: number; name: string | null; created: boolean }>('/api/flow/definitions', { xml }),
  start: (key: string, body: { title: string; note?: string }) => apiPost<{ instanceId: string; version: number }>(`/api/flow/definitions/${encodeURIComponent(key)}/instances`, body),
  instances: () => apiGet<{ items: InstanceSummary[] }>('/api/flow/instances'),
  instance: (id: string) => apiGet<InstanceView>(`/api/flow/instances/${encodeURIComponent(id)}`),
  progress: (id: string) => apiGet<Progress>(`/api/flow/instances/${encodeURIComponent(id)}/progress`),
  rate: (id: string, score: number, comment: string) => apiPost<{ score: number }>(`/api/flow/instances/${encodeURIComponent(id)}/rating`, comment ? { score, comment } : { score }),
  answer: (id: string, correctionId: string, answer: string) => apiPost<void>(`/api/flow/instances/${encodeURIComponent(id)}/corrections/${encodeURIComponent(correctionId)}/answer`, { answer }),
  inbox: () => apiGet<{ items: InboxItem[] }>('/api/flow/inbox'),
  claim: (taskId: string) => apiPost<void>(`/api/flow/tasks/${encodeURIComponent(taskId)}/claim`),
  complete: (taskId: string, data: Record<string, unknown>) => apiPost<void>(`/api/flow/tasks/${encodeURIComponent(taskId)}/complete`, { data }),
  delegate: (taskId: string, to: string) => apiPost<void>(`/api/flow/tasks/${encodeURIComponent(taskId)}/delegate`, { to }),
  /** Policy units, for business-rule tasks (only published ones can be named). */
  units: () => apiGet<{ items: { id: string; title: { zh: string; en: string }; publishedVersion: number | null }[] }>('/api/rules/units'),
  returnTask: (taskId: string, reason: string) => apiPost<{ correctionId: string }>(`/api/flow/tasks/${encodeURIComponent(taskId)}/return`, { reason }),
};

/** The name of an org in the UI language. */
export function orgName(org: OrgRef | null, lang: string): string {
  if (!org) return '';
  return lang.startsWith('zh') ? org.name : org.nameEn;
}
