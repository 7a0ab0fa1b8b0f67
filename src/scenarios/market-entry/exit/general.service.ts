import { AppError, assertNoFieldErrors, type FieldError } from '../../../kernel/errors.ts';
import { validateIdNumber } from '../../../kernel/id-number.ts';
import { maskIdNumber, maskName } from '../../../kernel/masking.ts';
import type { Actor } from '../../../platform/identity/identity.types.ts';
import { REPORT_MESSAGE } from './exit-processes.ts';
import { OPEN_STATUSES, type ExitCase } from './exit.repository.ts';
import type { ExitDeps, ExitService } from './exit.service.ts';
import { localDay } from './notice.ts';

/** The liquidation group filed to start general deregistration (清算组备案). */
export interface GeneralApplication {
  uscc?: string;
  /** Why the company dissolves (《公司法》第二百二十九条). */
  cause: 'resolution' | 'articles' | 'merger' | 'revoked' | 'court';
  /** The day the cause arose (the shareholders' resolution, the revocation…), `YYYY-MM-DD`. */
  causeDate: string;
  liquidators: Array<{ name: string; idNumber: string; leader: boolean }>;
}

/** The liquidation report filed after the creditor notice. */
export interface LiquidationReport {
  summary: string;
  debtsSettled: boolean;
  taxCleared: boolean;
  employeesSettled: boolean;
}

const CAUSES = ['resolution', 'articles', 'merger', 'revoked', 'court'];

/**
 * 一般注销: the liquidation group is filed (the registration authority reviews it), the 45-day creditor
 * notice runs, the liquidation report is filed, an official decides (special cases with a reason), then "1+N".
 */
export function createGeneralExitService(deps: ExitDeps, exit: ExitService) {
  const { platform, repo } = deps;
  return {
    /** Files the liquidation group and opens the case; ID numbers are validated and kept masked. */
    async apply(actor: Actor, input: GeneralApplication): Promise<ExitCase> {
      const company = await exit.companyFor(actor, input.uscc, 'deregistration');
      const errors: FieldError[] = [];
      const today = localDay(platform.clock.now());
      if (!CAUSES.includes(input.cause)) errors.push({ field: 'body.cause', rule: 'enum', message: `解散事由须为 ${CAUSES.join(', ')} 之一` });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.causeDate ?? '') || input.causeDate > today) errors.push({ field: 'body.causeDate', rule: 'date', message: '解散事由发生日期须为不晚于今天的日期' });
      const liquidators = input.liquidators ?? [];
      if (liquidators.length < 1 || liquidators.length > 15) errors.push({ field: 'body.liquidators', rule: 'count', message: '清算组成员为 1–15 人' });
      if (liquidators.filter((l) => l.leader).length !== 1) errors.push({ field: 'body.liquidators', rule: 'leader', message: '清算组须有且仅有一名负责人' });
      liquidators.forEach((l, i) => {
        if (!l.name || l.name.trim().length < 2 || l.name.length > 50) errors.push({ field: `body.liquidators.${i}.name`, rule: 'length', message: '姓名为 2–50 个字' });
        const id = validateIdNumber(l.idNumber ?? '', today);
        if (!id.ok) errors.push({ field: `body.liquidators.${i}.idNumber`, rule: id.errors[0].check, message: `身份证号码无效：${id.errors[0].message}` });
      });
      if (company.status === 'deregistered') errors.push({ field: 'uscc', rule: 'register.status', message: '企业已注销' });
      assertNoFieldErrors(errors);
      if ((await repo.casesOf(company.uscc)).some((c) => OPEN_STATUSES.includes(c.status)))
        throw new AppError('conflict', '已有一件注销正在办理 (a deregistration of this company is under way)');
      return exit.open(actor, company, 'general', {
        noticeDays: null, title: `一般注销：${company.name}`,
        details: { cause: input.cause, causeDate: input.causeDate, liquidators: liquidators.map((l) => ({ name: maskName(l.name.trim()), idNumber: maskIdNumber(l.idNumber.toUpperCase()), leader: l.leader })) },
      });
    },

    /** Files the liquidation report after the creditor notice; the official's decision follows. */
    async fileReport(actor: Actor, caseId: string, report: LiquidationReport): Promise<ExitCase> {
      const c = await repo.findCase(caseId);
      if (!c || c.kind !== 'general' || !(await exit.readable(actor, c)) || !['enterprise', 'agent'].includes(actor.role)) throw new AppError('not_found', `No deregistration case ${caseId}`);
      const errors: FieldError[] = [];
      if (!report.summary || report.summary.trim().length < 10 || report.summary.length > 4000) errors.push({ field: 'body.summary', rule: 'length', message: '清算报告摘要为 10–4000 个字' });
      for (const key of ['debtsSettled', 'taxCleared', 'employeesSettled'] as const)
        if (report[key] !== true) errors.push({ field: `body.${key}`, rule: 'const', message: '清算报告须确认债务已清偿、税款已清缴、职工已安置' });
      assertNoFieldErrors(errors);
      if (c.status !== 'report') throw new AppError('conflict', c.status === 'creditor_notice' ? `债权人公告期至 ${c.noticeEndsAt} 届满，届满后方可报送清算报告` : `case ${caseId} is not waiting for the liquidation report`);
      const at = platform.clock.now().toISOString();
      const moved = await repo.transition(undefined, caseId, ['report'], 'decision', at, { details: { report: { ...report, summary: report.summary.trim(), filedAt: at } } });
      if (!moved) throw new AppError('conflict', `case ${caseId} is not waiting for the liquidation report`);
      const hit = await platform.workflow.engine.correlateMessage(REPORT_MESSAGE, caseId, { report: { filedAt: at } });
      if (hit.length === 0) {
        await repo.transition(undefined, caseId, ['decision'], 'report', at);
        throw new AppError('conflict', `case ${caseId} is not waiting for the liquidation report`);
      }
      await platform.audit.record({ actor, action: 'market.exit.general.report', target: caseId });
      return moved;
    },
  };
}
