import { createHash } from 'node:crypto';
import { divisionPrefix } from '../../../kernel/divisions.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../../kernel/errors.ts';
import type { Actor } from '../../../platform/identity/identity.types.ts';
import type { PlatformServices } from '../../../platform/platform.ts';
import type { EnterpriseRecord } from '../../../platform/registry/enterprise.types.ts';
import { resolveAttributes } from '../../../platform/registry/mirror-read.ts';
import { createWorkflowRepository } from '../../../platform/workflow/workflow.repository.ts';
import type { LicenceCatalogue } from '../catalogue-model.ts';
import type { PermitsRepository } from '../permits.repository.ts';
import { permitsToCancel, startCaseInstance } from './case-start.ts';
import { checkSimplifiedEligibility, type ExitCondition } from './eligibility.ts';
import { EXIT_PROCESS, OBJECTION_MESSAGE } from './exit-processes.ts';
import { OPEN_STATUSES, type ExitCase, type ExitKind, type ExitRepository } from './exit.repository.ts';
import { localDay, NOTICE_DAYS, noticeEnd } from './notice.ts';

/** Who may act for a company in a matter: its own users, or an agent holding a valid authorisation. */
export interface ActingRights {
  assertMayAct(actor: Actor, uscc: string, scope: 'deregistration' | 'registration' | 'change' | 'licence'): Promise<void>;
}

/** The shared parts every exit service needs. */
export interface ExitDeps {
  platform: PlatformServices;
  repo: ExitRepository;
  permits: PermitsRepository;
  catalogue: () => Promise<LicenceCatalogue>;
  rights: ActingRights;
  /** Deploys the processes once (the first case of a platform). */
  ready: () => Promise<void>;
}

/** An online objection to a public notice. */
export interface ObjectionInput {
  name: string;
  contact: string;
  reason: string;
}

const STAFF = ['official', 'department_officer', 'platform_admin'];
const EXIT_KEYS = new Set<string>(Object.values(EXIT_PROCESS));
const CONTACT = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|[^\s@]+@[^\s@]+\.[^\s@]+)$/;

/** The case as its readers see it: public notice facts for all, objections and details for the applicant and staff. */
export function publicNoticeOf(c: ExitCase) {
  return {
    noticeNo: c.noticeNo, kind: c.kind, uscc: c.uscc, companyName: c.companyName, districtCode: c.districtCode,
    startsAt: c.noticeStartsAt, endsAt: c.noticeEndsAt, status: c.status,
    promise: c.kind === 'simplified' ? '全体投资人承诺：企业不存在未结清清算费用、职工工资、社会保险费用、法定补偿金、应缴纳税款及其他未了结债务。' : null,
  };
}

/**
 * The company's side of exit and the shared reads: the eligibility check for 简易注销, applying (the
 * case, its 20-day public notice, and the flow instance whose timer ends it), online objections
 * (anyone, no login), the public list of notices, and the case view.
 */
export function createExitService(deps: ExitDeps) {
  const { platform, repo } = deps;
  const workflowRepo = createWorkflowRepository(platform.database);

  /** The company the actor acts for: its own, or (agents) the one named under a valid authorisation. */
  async function companyFor(actor: Actor, uscc: string | undefined, scope: 'deregistration'): Promise<EnterpriseRecord> {
    let target: string;
    if (actor.role === 'enterprise') {
      if (!actor.enterpriseUscc) throw new AppError('auth.forbidden', 'Your account belongs to no company');
      if (uscc && uscc !== actor.enterpriseUscc) throw new AppError('auth.forbidden', 'You may act only for your own company (or through an authorised agent)');
      target = actor.enterpriseUscc;
    } else if (actor.role === 'agent') {
      if (!uscc) throw new AppError('validation.failed', 'Name the company', { errors: [{ field: 'body.uscc', rule: 'required', message: 'An agent names the company it acts for' }] });
      await deps.rights.assertMayAct(actor, uscc, scope);
      target = uscc;
    } else throw new AppError('auth.forbidden', 'Deregistration is applied for by the company or its authorised agent');
    const company = await platform.enterpriseRepository.get({ kind: 'all' }, target);
    if (!company) throw new AppError('not_found', `No enterprise ${target}`);
    return company;
  }

  /** The facts of the eligibility check, read from the mirror, the workflow module and the exit cases. */
  async function factsOf(company: EnterpriseRecord) {
    const now = platform.clock.now();
    const catalogue = await platform.registry.catalogue.load();
    const records = await platform.registry.values.recordsOf(company.uscc, now.toISOString());
    const attributes = resolveAttributes(catalogue, records, localDay(now), company);
    const org = await platform.identity.findOrgByCode(company.uscc);
    const running = org ? await workflowRepo.listInstances({ kind: 'applicant', orgId: org.id }, { status: 'running' }, 50) : [];
    const open = (await repo.casesOf(company.uscc)).find((c) => OPEN_STATUSES.includes(c.status));
    return {
      enterprise: company, attributes,
      runningApplications: running.filter((r) => !EXIT_KEYS.has(r.key)).map((r) => ({ title: r.title, startedAt: r.startedAt })),
      openCase: open ? { kind: open.kind, createdAt: open.createdAt } : null,
    };
  }

  async function check(actor: Actor, company: EnterpriseRecord) {
    const result = checkSimplifiedEligibility(await factsOf(company));
    await platform.audit.record({ actor, action: 'market.exit.check', target: company.uscc, purpose: 'simplified deregistration eligibility', details: { eligible: result.eligible, failed: result.conditions.filter((c) => !c.passed).map((c) => c.code) } });
    return { uscc: company.uscc, name: company.name, ...result };
  }

  /** Who may read a case: the company (and its agents), staff of the district (or above), platform administrators. */
  async function readable(actor: Actor, c: ExitCase): Promise<boolean> {
    if (actor.role === 'platform_admin') return true;
    if (actor.role === 'enterprise') return actor.enterpriseUscc === c.uscc;
    if (actor.role === 'agent') return actor.org.id === c.openedOrgId;
    if (!STAFF.includes(actor.role)) return false;
    const prefix = actor.org.divisionCode ? divisionPrefix(actor.org.divisionCode) : null;
    return prefix !== null && c.districtCode.startsWith(prefix);
  }

  /** Opens a case with its notice and starts its process; the case is removed again when the start fails. */
  async function open(actor: Actor, company: EnterpriseRecord, kind: ExitKind, opts: { noticeDays: number | null; details: Record<string, unknown>; title: string }): Promise<ExitCase> {
    await deps.ready();
    const now = platform.clock.now();
    const at = now.toISOString();
    const id = platform.ids.next('exit');
    const endsAt = opts.noticeDays === null ? null : noticeEnd(now, opts.noticeDays).toISOString();
    // 注销公告编号: kind letter, district, publication date, the case id's tail.
    const noticeNo = endsAt ? `${kind === 'forced' ? 'QZ' : 'JY'}${company.districtCode}${localDay(now).replace(/-/g, '')}${id.slice(-6).toUpperCase()}` : null;
    const c: ExitCase = {
      id, kind, uscc: company.uscc, companyName: company.name, districtCode: company.districtCode, instanceId: null,
      status: kind === 'general' ? 'filing' : 'notice', statusReason: null, noticeNo, noticeStartsAt: endsAt ? at : null, noticeEndsAt: endsAt,
      details: opts.details, openedBy: actor.userId, openedOrgId: actor.org.id, createdAt: at, updatedAt: at, closedAt: null,
    };
    await repo.insertCase(undefined, c);
    try {
      const catalogue = await deps.catalogue();
      const valid = await deps.permits.ofCompany(company.uscc);
      const { instanceId } = await startCaseInstance(platform, actor, EXIT_PROCESS[kind], company, {
        title: opts.title, businessKey: id, variables: (routing) => ({ caseId: id, noticeNo, noticeEndsAt: endsAt, permits: permitsToCancel(valid, catalogue, routing) }),
      });
      await repo.setInstance(id, instanceId);
      c.instanceId = instanceId;
    } catch (err) {
      await repo.deleteCase(id);
      throw err;
    }
    await platform.audit.record({ actor, action: `market.exit.${kind}.open`, target: id, details: { uscc: company.uscc, noticeNo, noticeEndsAt: endsAt } });
    return c;
  }

  return {
    companyFor,
    factsOf,
    readable,
    open,

    /** The eligibility check of 简易注销 for the actor's company (or an agent's client): every condition with its source and date. */
    async checkSimplified(actor: Actor, uscc?: string): Promise<{ uscc: string; name: string; eligible: boolean; conditions: ExitCondition[] }> {
      return check(actor, await companyFor(actor, uscc, 'deregistration'));
    },

    /**
     * Applies for 简易注销: refused with every failed condition (`market.exit.ineligible`, one field error
     * per condition); otherwise the 20-day public notice starts and the process waits for its end.
     */
    async applySimplified(actor: Actor, input: { uscc?: string; commitment: boolean }): Promise<ExitCase> {
      const company = await companyFor(actor, input.uscc, 'deregistration');
      if (input.commitment !== true) assertNoFieldErrors([{ field: 'body.commitment', rule: 'const', message: '需全体投资人签署承诺书 (the investors’ commitment is required)' }]);
      const result = await check(actor, company);
      if (!result.eligible) {
        const failed = result.conditions.filter((c) => !c.passed);
        throw new AppError('market.exit.ineligible', `简易注销条件不满足：${failed.map((c) => c.label).join('；')}`, {
          errors: failed.map((c) => ({ field: 'uscc', rule: c.code, message: `${c.label}：${c.finding}（来源 ${c.source}${c.date ? `，${c.date}` : ''}）` })),
          conditions: result.conditions,
        });
      }
      return open(actor, company, 'simplified', { noticeDays: NOTICE_DAYS.simplified, details: { eligibility: result.conditions }, title: `简易注销：${company.name}` });
    },

    /**
     * An online objection to a running notice (anyone, no login): name, contact (mobile, landline or
     * e-mail) and a reason of 10–1000 characters. The objection stops the case (simplified: the
     * applicant is told to use general deregistration) and ends the waiting process.
     */
    async object(noticeNo: string, input: ObjectionInput, source: { ip: string }): Promise<{ noticeNo: string; status: string; message: string }> {
      const errors: FieldError[] = [];
      const name = input.name?.trim() ?? '';
      const contact = input.contact?.trim() ?? '';
      const reason = input.reason?.trim() ?? '';
      if (name.length < 2 || name.length > 100) errors.push({ field: 'body.name', rule: 'length', message: '异议人名称为 2–100 个字' });
      if (!CONTACT.test(contact)) errors.push({ field: 'body.contact', rule: 'format', message: '联系方式须为手机号、固定电话或电子邮箱' });
      if (reason.length < 10 || reason.length > 1000) errors.push({ field: 'body.reason', rule: 'length', message: '异议理由为 10–1000 个字' });
      assertNoFieldErrors(errors);
      const c = await repo.findByNotice(noticeNo);
      if (!c || !c.noticeEndsAt) throw new AppError('not_found', `No notice ${noticeNo}`);
      const at = platform.clock.now().toISOString();
      if (c.status !== 'notice' || at >= c.noticeEndsAt) throw new AppError('market.exit.notice_closed', `公示已结束 (notice ${noticeNo} is no longer open to objections)`);
      const sourceHash = createHash('sha256').update(`${source.ip}|${contact}`).digest('hex');
      if ((await repo.objectionsOf(c.id)).some((o) => o.sourceHash === sourceHash))
        throw new AppError('conflict', 'You have already objected to this notice');
      const statusReason = c.kind === 'simplified' ? `公示期内收到异议，简易注销终止，请依法通过一般注销程序办理。异议理由：${reason}` : `公示期内收到异议，强制注销终止。异议理由：${reason}`;
      await repo.transaction(async (trx) => {
        await repo.insertObjection(trx, { id: platform.ids.next('obj'), caseId: c.id, name, contact, reason, sourceHash, createdAt: at });
        const moved = await repo.transition(trx, c.id, ['notice'], 'objected', at, { reason: statusReason, closed: true });
        if (!moved) throw new AppError('market.exit.notice_closed', `公示已结束 (notice ${noticeNo} is no longer open to objections)`);
        await platform.audit.record({ actor: null, action: 'market.exit.objection', target: c.id, ip: source.ip, details: { noticeNo } }, trx);
      });
      const hit = await platform.workflow.engine.correlateMessage(OBJECTION_MESSAGE, noticeNo, { objection: { reason, at } });
      if (hit.length === 0 && c.instanceId) {
        // The notice's timer won the race: the process had moved on, so the objection cannot stop it.
        const state = await platform.workflow.engine.getInstance(c.instanceId);
        if (state?.status === 'running') throw new AppError('market.exit.notice_closed', `notice ${noticeNo} is no longer waiting for objections`);
      }
      return { noticeNo, status: 'objected', message: c.kind === 'simplified' ? '异议已受理，该企业简易注销程序终止' : '异议已受理，强制注销程序终止' };
    },

    /** The notices open to objection now, soonest end first (public). */
    async publicNotices(limit = 100) {
      return (await repo.runningNotices(platform.clock.now().toISOString(), Math.min(limit, 500))).map(publicNoticeOf);
    },

    /** One notice with its outcome (public): objections are counted, never shown. */
    async publicNotice(noticeNo: string) {
      const c = await repo.findByNotice(noticeNo);
      if (!c) throw new AppError('not_found', `No notice ${noticeNo}`);
      return { ...publicNoticeOf(c), objections: (await repo.objectionsOf(c.id)).length, open: c.status === 'notice' && platform.clock.now().toISOString() < (c.noticeEndsAt ?? '') };
    },

    /** A case with its notice, objections, eligibility and the permits' state (applicant, agent, staff). */
    async view(actor: Actor, id: string) {
      const c = await repo.findCase(id);
      if (!c || !(await readable(actor, c))) throw new AppError('not_found', `No deregistration case ${id}`);
      const [objections, permits, company] = await Promise.all([repo.objectionsOf(id), deps.permits.ofCompany(c.uscc, true), platform.enterpriseRepository.get({ kind: 'all' }, c.uscc)]);
      return {
        ...c, companyStatus: company?.status ?? null,
        objections: objections.map((o) => ({ id: o.id, name: o.name, reason: o.reason, createdAt: o.createdAt })),
        permits: permits.map((p) => ({ certificateNo: p.certificateNo, itemCode: p.itemCode, department: p.department, status: p.status, cancelledAt: p.cancelledAt })),
        advice: c.status === 'objected' && c.kind === 'simplified' ? '简易注销已因异议终止，请通过一般注销程序（清算组备案、债权人公告、清算报告）办理。' : null,
      };
    },

    /** Cases the actor may see: its company's, its agency's, or its district's (staff). */
    async list(actor: Actor, filter: { kind?: ExitKind; status?: ExitCase['status']; limit?: number }) {
      const limit = Math.min(filter.limit ?? 100, 500);
      if (actor.role === 'enterprise' && actor.enterpriseUscc) return (await repo.casesOf(actor.enterpriseUscc)).filter((c) => (!filter.kind || c.kind === filter.kind) && (!filter.status || c.status === filter.status));
      if (actor.role === 'agent') return (await repo.list({ districtPrefix: null, ...filter, limit: 5000 })).filter((c) => c.openedOrgId === actor.org.id).slice(0, limit);
      if (actor.role === 'platform_admin') return repo.list({ districtPrefix: null, ...filter, limit });
      if (!STAFF.includes(actor.role) || !actor.org.divisionCode) throw new AppError('auth.forbidden', 'Your role sees no deregistration cases');
      return repo.list({ districtPrefix: divisionPrefix(actor.org.divisionCode), ...filter, limit });
    },
  };
}

/** The exit service's interface. */
export type ExitService = ReturnType<typeof createExitService>;
