import { AppError, assertNoFieldErrors } from '../../../kernel/errors.ts';
import type { Actor } from '../../../platform/identity/identity.types.ts';
import { dataScopeOf } from '../../../platform/identity/scope.ts';
import type { AttributeState } from '../../../platform/registry/mirror-read.ts';
import type { EnterpriseRecord } from '../../../platform/registry/enterprise.types.ts';
import { resolveAttributes } from '../../../platform/registry/mirror-read.ts';
import { OPEN_STATUSES, type ExitCase } from './exit.repository.ts';
import type { ExitDeps, ExitService } from './exit.service.ts';
import { localDay, NOTICE_DAYS } from './notice.ts';

/** Why a company is a candidate for forced deregistration. */
export type ForcedReason = 'dishonest' | 'zombie' | 'shell';

/** One candidate with the facts that selected it. */
export interface ForcedCandidate {
  uscc: string;
  name: string;
  districtCode: string;
  registeredAt: string;
  reasons: Array<{ rule: ForcedReason; facts: string[] }>;
}

/** The selection's parameters: how many past years of no filings and no tax make a zombie. */
export interface ForcedRules {
  inactiveYears: number;
}

const truthy = (s: AttributeState | undefined) => s?.current.value === true;
const positive = (o: { value: unknown }) => (typeof o.value === 'number' && o.value > 0) || o.value === true;

/**
 * The rules of forced deregistration over the mirror (pure, one company): dishonest (失信: on the serious
 * violation list or a dishonest judgement debtor), zombie (僵尸: registered before the window and, in each of
 * the last `inactiveYears` years, no annual report, no tax paid and no insured employee), shell (空壳: on the
 * abnormal-operation list with no employees and no revenue in the register). Each reason lists its facts.
 */
export function selectForced(e: EnterpriseRecord, attributes: ReadonlyMap<string, AttributeState>, today: string, rules: ForcedRules): ForcedCandidate | null {
  if (e.status === 'deregistered') return null;
  const reasons: ForcedCandidate['reasons'] = [];
  const dishonest: string[] = [];
  for (const [key, label] of [['serious_violation_list', '列入严重违法失信名单'], ['dishonest_list', '失信被执行人']] as const) {
    const s = attributes.get(key);
    if (truthy(s)) dishonest.push(`${label}（${s!.current.source}，${s!.current.effective}）`);
  }
  if (dishonest.length) reasons.push({ rule: 'dishonest', facts: dishonest });
  const thisYear = Number(today.slice(0, 4));
  const window = Array.from({ length: rules.inactiveYears }, (_, i) => String(thisYear - 1 - i));
  const active = (key: string) => (attributes.get(key)?.series ?? []).filter((o) => o.period !== null && window.includes(o.period.slice(0, 4)) && positive(o));
  if (e.registeredAt < `${window[window.length - 1]}-01-01`) {
    const reports = active('annual_report_filed');
    const tax = active('tax_paid');
    const insured = active('insured_employees');
    if (reports.length === 0 && tax.length === 0 && insured.length === 0)
      reasons.push({ rule: 'zombie', facts: [`${window[window.length - 1]}–${window[0]} 年度未报送年报、无纳税记录、无参保人员`] });
  }
  const abnormal = attributes.get('abnormal_list');
  if (truthy(abnormal) && e.employees === 0 && e.revenueFen === 0)
    reasons.push({ rule: 'shell', facts: [`列入经营异常名录（${abnormal!.current.source}，${abnormal!.current.effective}）`, '登记从业人数为 0，营业收入为 0'] });
  return reasons.length ? { uscc: e.uscc, name: e.name, districtCode: e.districtCode, registeredAt: e.registeredAt, reasons } : null;
}

/** The authority's side: select candidates in its district, open a forced deregistration with its notice. */
export function createForcedExitService(deps: ExitDeps, exit: ExitService) {
  const { platform, repo } = deps;
  const requireAuthority = (actor: Actor) => {
    if (!['official', 'department_officer', 'platform_admin'].includes(actor.role)) throw new AppError('auth.forbidden', 'Forced deregistration is decided by the registration authority');
    if (actor.role === 'department_officer' && !actor.org.code.endsWith('-amr')) throw new AppError('auth.forbidden', 'Only the market regulation bureau opens forced deregistrations');
  };

  async function statesOf(e: EnterpriseRecord, catalogue: Awaited<ReturnType<typeof platform.registry.catalogue.load>>) {
    const now = platform.clock.now();
    return resolveAttributes(catalogue, await platform.registry.values.recordsOf(e.uscc, now.toISOString()), localDay(now), e);
  }

  return {
    /** Candidates in the actor's division (at most `limit` enterprises examined, by name), with the facts behind each. */
    async candidates(actor: Actor, rules: ForcedRules = { inactiveYears: 2 }, limit = 2000): Promise<ForcedCandidate[]> {
      requireAuthority(actor);
      if (!Number.isInteger(rules.inactiveYears) || rules.inactiveYears < 1 || rules.inactiveYears > 10)
        assertNoFieldErrors([{ field: 'query.inactiveYears', rule: 'range', message: 'inactiveYears is 1 to 10' }]);
      const scope = dataScopeOf(actor);
      if (scope.kind === 'none' || scope.kind === 'enterprise') throw new AppError('auth.forbidden', 'Your organisation covers no division');
      const { items } = await platform.enterpriseRepository.list(scope, {}, 1, limit);
      const catalogue = await platform.registry.catalogue.load();
      const today = localDay(platform.clock.now());
      const out: ForcedCandidate[] = [];
      for (const e of items) {
        const found = selectForced(e, await statesOf(e, catalogue), today, rules);
        if (found) out.push(found);
      }
      await platform.audit.record({ actor, action: 'market.exit.forced.select', target: scope.kind === 'division' ? scope.prefix : 'all', details: { examined: items.length, candidates: out.length, rules } });
      return out;
    },

    /** Opens a forced deregistration of a candidate: the rule is re-checked, the notice (60 days) starts. */
    async open(actor: Actor, uscc: string, input: { rules?: ForcedRules; note?: string }): Promise<ExitCase> {
      requireAuthority(actor);
      const company = await platform.enterpriseRepository.get(dataScopeOf(actor), uscc);
      if (!company) throw new AppError('not_found', `No enterprise ${uscc} in your division`);
      const found = selectForced(company, await statesOf(company, await platform.registry.catalogue.load()), localDay(platform.clock.now()), input.rules ?? { inactiveYears: 2 });
      if (!found) throw new AppError('validation.failed', 'The company meets no rule of forced deregistration', { errors: [{ field: 'uscc', rule: 'forced.rules', message: '该企业不符合失信、僵尸或空壳企业的强制注销条件' }] });
      if ((await repo.casesOf(uscc)).some((c) => OPEN_STATUSES.includes(c.status))) throw new AppError('conflict', 'A deregistration of this company is under way');
      return exit.open(actor, company, 'forced', { noticeDays: NOTICE_DAYS.forced, title: `强制注销：${company.name}`, details: { reasons: found.reasons, note: input.note ?? null } });
    },
  };
}
