import { fenToYuanString } from '../../kernel/money.ts';
import type { Finding, SupervisionCap, SupervisionSettings } from './supervision.types.ts';

const formatYuan = (fen: number) => fenToYuanString(Math.round(fen));

/** A claim as the detectors see it. */
export interface ClaimFacts {
  id: string;
  unitId: string;
  uscc: string;
  amountFen: number;
  districtCode: string;
}

/** The q-quantile (0..1) of numbers, linear between order statistics (R type 7). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
}

/**
 * (a) Overlapping units beyond a combined cap: for every cap group the claim's unit belongs to (by
 * category or id), the company's active claims on the group's units summed; above the cap → a finding.
 */
export function overlapFindings(claim: ClaimFacts, companyClaims: readonly ClaimFacts[], caps: readonly SupervisionCap[], categoryOf: (unitId: string) => string | null): Finding[] {
  const out: Finding[] = [];
  const inGroup = (cap: SupervisionCap, unitId: string) => cap.unitIds.includes(unitId) || (categoryOf(unitId) !== null && cap.categories.includes(categoryOf(unitId)!));
  for (const cap of caps) {
    if (!inGroup(cap, claim.unitId)) continue;
    const members = companyClaims.filter((c) => inGroup(cap, c.unitId));
    if (!members.some((c) => c.id === claim.id)) members.push(claim);
    const total = members.reduce((s, c) => s + c.amountFen, 0);
    if (members.length < 2 || total <= cap.capFen) continue;
    out.push({
      kind: 'overlap_cap', subject: cap.id, dedupeKey: `overlap_cap|${claim.uscc}|${cap.id}`,
      reason: {
        zh: `同一企业在「${cap.title}」下申领 ${members.length} 项政策，合计 ${formatYuan(total)} 元，超过合并上限 ${formatYuan(cap.capFen)} 元`,
        en: `The company claims ${members.length} units of “${cap.title}” totalling ${formatYuan(total)} yuan, above the combined cap of ${formatYuan(cap.capFen)} yuan`,
      },
      evidence: { capId: cap.id, capTitle: cap.title, capFen: cap.capFen, totalFen: total, claims: members.map((c) => ({ id: c.id, unitId: c.unitId, amountFen: c.amountFen })) },
    });
  }
  return out;
}

const LISTS: { key: string; zh: string; en: string }[] = [
  { key: 'abnormal_list', zh: '经营异常名录', en: 'abnormal-operation list' },
  { key: 'dishonest_list', zh: '失信被执行人名单', en: 'list of dishonest judgement debtors' },
  { key: 'serious_violation_list', zh: '严重违法失信名单', en: 'serious violation list' },
];

/** (b) A claim by a company on the abnormal-operation, dishonesty or serious-violation list (one finding per list). */
export function creditListFindings(flags: Record<string, { value: unknown; source: string; since: string } | undefined>): Finding[] {
  return LISTS.flatMap((l) => {
    const f = flags[l.key];
    if (!f || f.value !== true) return [];
    return [{
      kind: 'credit_list' as const, subject: l.key,
      reason: { zh: `申领企业列入${l.zh}（${f.source}，${f.since} 起）`, en: `The claiming company is on the ${l.en} (${f.source}, since ${f.since})` },
      evidence: { list: l.key, source: f.source, since: f.since },
    }];
  });
}

/** One attribute the mirror changed shortly before a claim, and whether the old value left the company ineligible. */
export interface AttributeChange {
  key: string;
  label: { zh: string; en: string };
  before: unknown;
  after: unknown;
  arrivedAt: string;
  source: string;
  /** The unit's result with the old value in place of the new one. */
  eligibleWithBefore: boolean;
  whyNotBefore: { zh: string; en: string }[];
}

/**
 * (c) Values that changed within the window before the claim *in the direction that made the
 * company eligible*: with the value it had before, the unit would not have held.
 */
export function attributeChangeFindings(changes: readonly AttributeChange[], windowDays: number, claimAt: string): Finding[] {
  return changes.filter((c) => !c.eligibleWithBefore).map((c) => ({
    kind: 'attribute_change' as const, subject: c.key,
    reason: {
      zh: `${c.label.zh}在申领前 ${windowDays} 天内由 ${show(c.before)} 变为 ${show(c.after)}（${c.source}，${c.arrivedAt.slice(0, 10)} 到达），按原值不符合条件`,
      en: `${c.label.en} changed from ${show(c.before)} to ${show(c.after)} within ${windowDays} days before the claim (${c.source}, arrived ${c.arrivedAt.slice(0, 10)}); with the old value the company was not eligible`,
    },
    evidence: { key: c.key, before: c.before, after: c.after, arrivedAt: c.arrivedAt, source: c.source, claimAt, windowDays, whyNotBefore: c.whyNotBefore },
  }));
}

function show(v: unknown): string {
  if (Array.isArray(v)) return show(v[0]);
  return v === null || v === undefined ? '无' : String(v);
}

/** (d) The receiving account is used by several companies' claims. */
export function sharedAccountFindings(account: { number: string; bank: string }, companies: readonly { uscc: string; claimId: string }[], min: number): Finding[] {
  const usccs = [...new Set(companies.map((c) => c.uscc))].sort();
  if (usccs.length < min) return [];
  const masked = `****${account.number.slice(-4)}`;
  return [{
    kind: 'shared_account', subject: `${account.bank}:${account.number}`,
    reason: { zh: `收款账户 ${masked}（行号 ${account.bank}）被 ${usccs.length} 家企业共用`, en: `Receiving account ${masked} (bank ${account.bank}) is shared by ${usccs.length} companies` },
    evidence: { bank: account.bank, accountTail: account.number.slice(-4), companies: usccs, claims: companies.map((c) => c.claimId) },
  }];
}

/** Median and MAD-based modified z-score of `x` against `others` (Iglewicz and Hoaglin 1993). */
export function modifiedZ(x: number, others: readonly number[]): { median: number; mad: number; z: number } {
  const median = quantile(others, 0.5);
  const mad = quantile(others.map((v) => Math.abs(v - median)), 0.5);
  const z = mad > 0 ? (0.6745 * (x - median)) / mad : x > median ? Infinity : 0;
  return { median, mad, z };
}

/**
 * (e) An official approving, in their own district (the claim's company lies in their division), an amount far above the unit's other claims:
 * above their 99th percentile and with a modified z-score above the threshold.
 */
export function outlierFindings(claim: ClaimFacts, others: readonly number[], approver: { userId: string; name: string; divisionCode: string | null; ownDistrict: boolean }, s: Pick<SupervisionSettings, 'outlierMinSample' | 'outlierZ'>): Finding[] {
  if (!approver.ownDistrict || others.length < s.outlierMinSample) return [];
  const p99 = quantile(others, 0.99);
  const { median, mad, z } = modifiedZ(claim.amountFen, others);
  if (!(claim.amountFen > p99 && z > s.outlierZ)) return [];
  const zText = Number.isFinite(z) ? z.toFixed(1) : '∞';
  return [{
    kind: 'official_outlier', subject: approver.userId,
    reason: {
      zh: `本辖区官员 ${approver.name} 批准的金额 ${formatYuan(claim.amountFen)} 元远高于该政策其他申领（P99 ${formatYuan(p99)} 元，中位数 ${formatYuan(median)} 元，修正 z 值 ${zText}）`,
      en: `Official ${approver.name} of the same district approved ${formatYuan(claim.amountFen)} yuan, far above the unit's other claims (p99 ${formatYuan(p99)}, median ${formatYuan(median)}, modified z ${zText})`,
    },
    evidence: { approver: approver.userId, approverDivision: approver.divisionCode, amountFen: claim.amountFen, p99Fen: p99, medianFen: median, madFen: mad, z: Number.isFinite(z) ? z : null, sample: others.length },
  }];
}
