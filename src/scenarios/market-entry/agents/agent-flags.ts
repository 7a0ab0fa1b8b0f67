import { maskAddress, maskPhone } from '../../../kernel/masking.ts';
import type { EnterpriseRecord } from '../../../platform/registry/enterprise.types.ts';

/** An agent's supervision figures, computed from the workflow module's records. */
export interface AgentFigures {
  filings: number;
  /** Filings sent back for correction at least once. */
  returned: number;
  /** returned / filings (0 when there are none). */
  returnRate: number;
  /** Mean hours from a correction request to its answer (null when none was answered). */
  avgHoursToCorrect: number | null;
  complaints: number;
  clients: number;
}

/** A suspicious pattern, with the data that shows it (personal data masked). */
export interface AgentFlag {
  rule: 'address.shared' | 'phone.reused' | 'complaints' | 'returns.high';
  message: string;
  companies: string[];
}

/** Thresholds: a flag is raised at these counts. */
export const FLAG_THRESHOLDS = { companiesPerAddress: 3, companiesPerPhone: 3, complaints: 3, returnRate: 0.5, minFilingsForRate: 5 } as const;

function groups(clients: readonly EnterpriseRecord[], key: (e: EnterpriseRecord) => string): Map<string, EnterpriseRecord[]> {
  const out = new Map<string, EnterpriseRecord[]>();
  for (const e of clients) {
    const k = key(e).replace(/\s+/g, '');
    if (!k) continue;
    out.set(k, [...(out.get(k) ?? []), e]);
  }
  return out;
}

/**
 * Suspicious patterns among an agent's clients and record: many companies registered at one address
 * (集中登记地址), one phone number reused by the legal representatives of several companies, repeated
 * complaints, and a high share of filings returned for correction.
 */
export function agentFlags(clients: readonly EnterpriseRecord[], figures: AgentFigures): AgentFlag[] {
  const flags: AgentFlag[] = [];
  for (const [address, list] of groups(clients, (e) => e.address)) {
    if (list.length >= FLAG_THRESHOLDS.companiesPerAddress)
      flags.push({ rule: 'address.shared', message: `${list.length} 家企业登记在同一地址（${maskAddress(address)}）`, companies: list.map((e) => e.uscc) });
  }
  for (const [phone, list] of groups(clients, (e) => e.legalRepPhone)) {
    if (list.length >= FLAG_THRESHOLDS.companiesPerPhone)
      flags.push({ rule: 'phone.reused', message: `${list.length} 家企业的法定代表人使用同一电话号码（${maskPhone(phone)}）`, companies: list.map((e) => e.uscc) });
  }
  if (figures.complaints >= FLAG_THRESHOLDS.complaints) flags.push({ rule: 'complaints', message: `收到 ${figures.complaints} 件投诉`, companies: [] });
  if (figures.filings >= FLAG_THRESHOLDS.minFilingsForRate && figures.returnRate > FLAG_THRESHOLDS.returnRate)
    flags.push({ rule: 'returns.high', message: `退回补正率 ${(figures.returnRate * 100).toFixed(0)}%（${figures.returned}/${figures.filings}）`, companies: [] });
  return flags;
}
