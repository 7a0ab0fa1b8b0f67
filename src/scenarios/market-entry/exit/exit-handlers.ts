import type { Kysely } from 'kysely';
import type { ServiceHandler } from '../../../engines/flow/index.ts';
import type { PlatformServices } from '../../../platform/platform.ts';
import type { PermitsRepository, PermitTables } from '../permits.repository.ts';
import { EXIT_HANDLERS } from './exit-processes.ts';
import type { ExitRepository } from './exit.repository.ts';
import { NOTICE_DAYS, noticeEnd } from './notice.ts';

const caseIdOf = (variables: Readonly<Record<string, unknown>>) => String(variables.caseId ?? '');

/**
 * The service tasks of the deregistration processes. Each runs inside the flow step's transaction
 * (`ctx.db`), so the register, the permits, the case and the audit record change together with the
 * step or not at all.
 */
export function createExitHandlers(deps: { platform: PlatformServices; repo: ExitRepository; permits: PermitsRepository }): Record<string, ServiceHandler> {
  const { platform, repo, permits } = deps;
  const record = (db: Kysely<unknown>, action: string, target: string, details: unknown) => platform.audit.record({ actor: null, action: `market.exit.${action}`, target, details }, db);
  return {
    /** "1+N": the registration is cancelled (status deregistered) and every valid permit of the company with it. */
    async [EXIT_HANDLERS.cancel](ctx) {
      const db = ctx.db as Kysely<unknown>;
      const id = caseIdOf(ctx.variables);
      const found = await repo.findCase(id, db);
      if (!found) throw new Error(`deregistration case ${id} does not exist`);
      const at = ctx.now.toISOString();
      const reason = found.kind === 'simplified' ? '简易注销' : found.kind === 'general' ? '一般注销' : '依职权强制注销';
      await platform.enterpriseRepository.updateCore(found.uscc, { status: 'deregistered' }, db);
      const cancelled = await permits.cancel(db as Kysely<PermitTables>, found.uscc, at, `企业${reason}，证照随营业执照一并注销`);
      const decision = found.kind === 'general' ? { decision: { approved: true, reason: ctx.variables.reason ?? null, special: ctx.variables.special === true } } : {};
      const moved = await repo.transition(db, id, ['notice', 'decision'], 'cancelling', at, { reason: null, details: { cancelledPermitIds: cancelled, deregisteredAt: at, ...decision } });
      if (!moved) throw new Error(`deregistration case ${id} is not waiting for cancellation`);
      await record(db, 'cancel', id, { uscc: found.uscc, kind: found.kind, permits: cancelled.length });
      return { cancelledPermitIds: cancelled, deregisteredAt: at };
    },
    /** Every department has confirmed: the case is closed. */
    async [EXIT_HANDLERS.close](ctx) {
      const db = ctx.db as Kysely<unknown>;
      const id = caseIdOf(ctx.variables);
      await repo.transition(db, id, ['cancelling'], 'closed', ctx.now.toISOString(), { closed: true });
      await record(db, 'close', id, {});
    },
    /** General deregistration: the filing is accepted, the 45-day creditor notice starts now. */
    async [EXIT_HANDLERS.creditorNotice](ctx) {
      const db = ctx.db as Kysely<unknown>;
      const id = caseIdOf(ctx.variables);
      const endsAt = noticeEnd(ctx.now, NOTICE_DAYS.creditors).toISOString();
      await repo.transition(db, id, ['filing'], 'creditor_notice', ctx.now.toISOString(), { notice: { startsAt: ctx.now.toISOString(), endsAt } });
      return { creditorNoticeEndsAt: endsAt };
    },
    /** The creditor notice ended: the liquidation report may be filed. */
    async [EXIT_HANDLERS.reportDue](ctx) {
      await repo.transition(ctx.db as Kysely<unknown>, caseIdOf(ctx.variables), ['creditor_notice'], 'report', ctx.now.toISOString());
    },
    /** Refused (the filing, or the official's decision), with the reason given. */
    async [EXIT_HANDLERS.reject](ctx) {
      const db = ctx.db as Kysely<unknown>;
      const id = caseIdOf(ctx.variables);
      const reason = String(ctx.variables.approved === false ? ctx.variables.reason ?? '' : ctx.variables.opinion ?? '') || '不予注销';
      await repo.transition(db, id, ['filing', 'decision'], 'rejected', ctx.now.toISOString(), { reason, closed: true, details: { decision: { approved: false, reason, special: ctx.variables.special === true } } });
      await record(db, 'reject', id, { reason });
    },
  };
}
