import type { AttributeState } from '../../../platform/registry/mirror-read.ts';
import type { EnterpriseRecord } from '../../../platform/registry/enterprise.types.ts';

/** One condition of simplified deregistration, checked from data: what it is, whether it holds, and where the fact came from. */
export interface ExitCondition {
  code: string;
  /** The rule in the applicant's words (中文). */
  label: string;
  passed: boolean;
  /** What the data says, in words (中文), when the condition fails. */
  finding: string | null;
  /** The department or system that holds the fact (`amr`, `tax`, `court`, `workflow`, `market_exit`). */
  source: string;
  /** The day the fact describes (a register value's day, a batch's day, an application's start). */
  date: string | null;
}

/** The applications and cases the check needs beside the mirror. */
export interface ExitFacts {
  enterprise: EnterpriseRecord;
  attributes: ReadonlyMap<string, AttributeState>;
  /** Applications of the company still running (title, start), other than deregistration itself. */
  runningApplications: ReadonlyArray<{ title: string; startedAt: string }>;
  /** A deregistration case of the company still under way. */
  openCase: { kind: string; createdAt: string } | null;
}

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : null);

/** A mirror flag that must not be set: fails when the current value is `true` (or a positive number). */
function flag(facts: ExitFacts, key: string, code: string, label: string, finding: (v: number | boolean) => string): ExitCondition {
  const state = facts.attributes.get(key);
  const value = state?.current.value;
  const set = value === true || (typeof value === 'number' && value > 0);
  return {
    code, label, passed: !set, finding: set ? finding(value as number | boolean) : null,
    source: state?.current.source ?? state?.spec.department ?? 'mirror', date: state ? state.current.effective : null,
  };
}

/**
 * The conditions of 简易注销 (《市场主体登记管理条例》第三十三条 and the SAMR/STA simplified-deregistration
 * guidance): no debts (or all settled), no unpaid tax or social insurance, no pending court case, not on
 * the abnormal-operation list or a credit blacklist, no application still running, and no other
 * deregistration under way. Each condition names its data source and the date of the fact.
 */
export function checkSimplifiedEligibility(facts: ExitFacts): { eligible: boolean; conditions: ExitCondition[] } {
  const e = facts.enterprise;
  const conditions: ExitCondition[] = [
    {
      code: 'register.status', label: '登记状态为存续', passed: e.status === 'active',
      finding: e.status === 'active' ? null : e.status === 'deregistered' ? '企业已注销' : '企业登记状态为异常', source: 'amr', date: e.registeredAt,
    },
    flag(facts, 'abnormal_list', 'credit.abnormal_list', '未被列入经营异常名录', () => '已被列入经营异常名录'),
    flag(facts, 'serious_violation_list', 'credit.serious_violation', '未被列入严重违法失信名单', () => '已被列入严重违法失信名单'),
    flag(facts, 'dishonest_list', 'credit.dishonest', '不是失信被执行人', () => '被列为失信被执行人'),
    flag(facts, 'tax_arrears', 'tax.arrears', '无欠税', () => '税务部门记录有欠税'),
    flag(facts, 'social_insurance_arrears', 'social_insurance.arrears', '无社保欠费', () => '社保部门记录有欠费'),
    flag(facts, 'total_liabilities', 'finance.debts', '无债权债务或已清偿完结', (v) => `负债总额 ${(Number(v) / 100).toLocaleString('zh-CN')} 元`),
    flag(facts, 'pending_court_cases', 'judicial.pending_cases', '无未结诉讼案件', (v) => `法院记录有 ${v} 件未结诉讼案件`),
    {
      code: 'workflow.running', label: '无未办结的许可或其他申请', passed: facts.runningApplications.length === 0,
      finding: facts.runningApplications.length ? `有 ${facts.runningApplications.length} 件申请尚未办结：${facts.runningApplications.map((a) => a.title).join('、')}` : null,
      source: 'workflow', date: day(facts.runningApplications[0]?.startedAt),
    },
    {
      code: 'exit.open_case', label: '无正在办理的注销', passed: facts.openCase === null,
      finding: facts.openCase ? `已有一件注销（${facts.openCase.kind}）正在办理` : null, source: 'market_exit', date: day(facts.openCase?.createdAt),
    },
  ];
  return { eligible: conditions.every((c) => c.passed), conditions };
}
