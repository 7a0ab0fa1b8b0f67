import { createHash } from 'node:crypto';
import { AppError, assertNoFieldErrors, type FieldError } from '../../../kernel/errors.ts';
import { validateUscc } from '../../../kernel/uscc.ts';
import type { Actor } from '../../../platform/identity/identity.types.ts';
import type { PlatformServices } from '../../../platform/platform.ts';
import { createWorkflowRepository } from '../../../platform/workflow/workflow.repository.ts';
import type { ExitRepository } from '../exit/exit.repository.ts';
import { agentFlags, type AgentFigures, type AgentFlag } from './agent-flags.ts';
import { AUTHORISATION_SCOPES, type Agent, type AgentsRepository, type Authorisation, type AuthorisationScope } from './agents.repository.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MOBILE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const STAFF = ['official', 'department_officer', 'platform_admin'];
/** An authorisation runs at most a year (委托书有效期). */
const MAX_DAYS = 366;

/**
 * Registration agents (委托代理): an agent organisation registers, companies sign authorisations (scope
 * and period), agents act only inside them, and the authority supervises their figures and flags.
 */
export function createAgentsService(deps: { platform: PlatformServices; repo: AgentsRepository; exits: ExitRepository }) {
  const { platform, repo } = deps;
  const workflowRepo = createWorkflowRepository(platform.database);
  const today = () => new Date(platform.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);

  async function figuresOf(agent: Agent): Promise<AgentFigures> {
    const instances = await workflowRepo.listInstances({ kind: 'applicant', orgId: agent.orgId }, {}, 10_000);
    const cases = (await deps.exits.list({ districtPrefix: null, limit: 100_000 })).filter((c) => c.openedOrgId === agent.orgId && c.instanceId);
    const ids = [...new Set([...instances.map((i) => i.instanceId), ...cases.map((c) => c.instanceId!)])];
    let returned = 0;
    const hours: number[] = [];
    for (const id of ids) {
      const corrections = await workflowRepo.listCorrections(id);
      if (corrections.length) returned++;
      for (const c of corrections) if (c.answeredAt) hours.push((Date.parse(c.answeredAt) - Date.parse(c.requestedAt)) / 3600_000);
    }
    const clients = new Set((await repo.authorisations({ agentId: agent.id })).map((a) => a.uscc));
    return {
      filings: ids.length, returned, returnRate: ids.length ? Math.round((returned / ids.length) * 1000) / 1000 : 0,
      avgHoursToCorrect: hours.length ? Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 10) / 10 : null,
      complaints: (await repo.complaints(agent.id)).length, clients: clients.size,
    };
  }

  return {
    /** Registers the actor's organisation as an agent (role agent; one registration per organisation). */
    async register(actor: Actor, input: { name: string; uscc: string; phone: string; address: string }): Promise<Agent> {
      if (actor.role !== 'agent') throw new AppError('auth.forbidden', 'Only agent accounts register as agents');
      const errors: FieldError[] = [];
      if (!input.name || input.name.trim().length < 4 || input.name.length > 100) errors.push({ field: 'body.name', rule: 'length', message: '机构名称为 4–100 个字' });
      const uscc = validateUscc(input.uscc ?? '');
      if (!uscc.ok) errors.push({ field: 'body.uscc', rule: uscc.errors[0].check, message: `统一社会信用代码无效：${uscc.errors[0].message}` });
      if (!MOBILE.test(input.phone ?? '')) errors.push({ field: 'body.phone', rule: 'format', message: '联系电话须为手机号或固定电话' });
      if (!input.address || input.address.trim().length < 5 || input.address.length > 200) errors.push({ field: 'body.address', rule: 'length', message: '办公地址为 5–200 个字' });
      assertNoFieldErrors(errors);
      if (await repo.agentOfOrg(actor.org.id)) throw new AppError('conflict', 'Your organisation is already registered as an agent');
      const agent: Agent = { id: platform.ids.next('agt'), orgId: actor.org.id, name: input.name.trim(), uscc: input.uscc, phone: input.phone, address: input.address.trim(), status: 'active', registeredBy: actor.userId, registeredAt: platform.clock.now().toISOString() };
      await repo.insertAgent(agent);
      await platform.audit.record({ actor, action: 'market.agent.register', target: agent.id, details: { uscc: agent.uscc } });
      return agent;
    },

    /** The agents (anyone signed in may pick one to authorise). */
    async list(): Promise<Array<Pick<Agent, 'id' | 'name' | 'uscc' | 'status'>>> {
      return (await repo.listAgents()).map((a) => ({ id: a.id, name: a.name, uscc: a.uscc, status: a.status }));
    },

    /**
     * The company signs an authorisation: the agent, the scope (registration, change, deregistration,
     * licence), the period (from today or later, at most a year), the signer's name. The signature is the
     * SHA-256 of the terms and the signing account, kept with them.
     */
    async authorise(actor: Actor, input: { agentId: string; scope: string[]; validFrom: string; validUntil: string; signerName: string }): Promise<Authorisation> {
      if (actor.role !== 'enterprise' || !actor.enterpriseUscc) throw new AppError('auth.forbidden', 'A company signs its own authorisations');
      const errors: FieldError[] = [];
      const scope = [...new Set(input.scope ?? [])];
      if (scope.length === 0) errors.push({ field: 'body.scope', rule: 'minItems', message: '至少选择一项委托事项' });
      scope.forEach((s, i) => { if (!AUTHORISATION_SCOPES.includes(s as AuthorisationScope)) errors.push({ field: `body.scope.${i}`, rule: 'enum', message: `委托事项须为 ${AUTHORISATION_SCOPES.join(', ')}` }); });
      if (!DAY.test(input.validFrom ?? '') || input.validFrom < today()) errors.push({ field: 'body.validFrom', rule: 'date', message: '委托起始日期不得早于今天' });
      if (!DAY.test(input.validUntil ?? '') || input.validUntil < input.validFrom) errors.push({ field: 'body.validUntil', rule: 'date', message: '委托截止日期不得早于起始日期' });
      else if ((Date.parse(input.validUntil) - Date.parse(input.validFrom)) / 86_400_000 > MAX_DAYS) errors.push({ field: 'body.validUntil', rule: 'maxPeriod', message: '委托期限不超过一年' });
      if (!input.signerName || input.signerName.trim().length < 2 || input.signerName.length > 50) errors.push({ field: 'body.signerName', rule: 'length', message: '签署人姓名为 2–50 个字' });
      assertNoFieldErrors(errors);
      const agent = await repo.findAgent(input.agentId);
      if (!agent) throw new AppError('not_found', `No agent ${input.agentId}`);
      if (agent.status !== 'active') throw new AppError('conflict', 'The agent is suspended');
      const at = platform.clock.now().toISOString();
      const terms = { agentId: agent.id, uscc: actor.enterpriseUscc, scope: [...scope].sort(), validFrom: input.validFrom, validUntil: input.validUntil, signedBy: actor.userId, signerName: input.signerName.trim(), at };
      const a: Authorisation = {
        id: platform.ids.next('auz'), agentId: agent.id, uscc: actor.enterpriseUscc, scope: terms.scope as AuthorisationScope[], validFrom: input.validFrom, validUntil: input.validUntil,
        signedBy: actor.userId, signerName: terms.signerName, signature: createHash('sha256').update(JSON.stringify(terms)).digest('hex'), status: 'active', createdAt: at, revokedAt: null,
      };
      await repo.insertAuthorisation(a);
      await platform.audit.record({ actor, action: 'market.agent.authorise', target: a.id, details: { agentId: agent.id, scope: a.scope, validFrom: a.validFrom, validUntil: a.validUntil } });
      return a;
    },

    /** The company revokes one of its authorisations. */
    async revoke(actor: Actor, id: string): Promise<void> {
      const a = await repo.findAuthorisation(id);
      if (!a || actor.role !== 'enterprise' || a.uscc !== actor.enterpriseUscc) throw new AppError('not_found', `No authorisation ${id}`);
      if (!(await repo.revoke(id, platform.clock.now().toISOString()))) throw new AppError('conflict', 'The authorisation is already revoked');
      await platform.audit.record({ actor, action: 'market.agent.revoke', target: id });
    },

    /** Authorisations the actor may see: a company's own, an agent's, or (staff) any agent's. */
    async authorisations(actor: Actor, agentId?: string): Promise<Authorisation[]> {
      if (actor.role === 'enterprise' && actor.enterpriseUscc) return repo.authorisations({ uscc: actor.enterpriseUscc, all: true });
      if (actor.role === 'agent') {
        const agent = await repo.agentOfOrg(actor.org.id);
        return agent ? repo.authorisations({ agentId: agent.id, all: true }) : [];
      }
      if (STAFF.includes(actor.role) && agentId) return repo.authorisations({ agentId, all: true });
      throw new AppError('auth.forbidden', 'Your role sees no authorisations');
    },

    /** Refuses unless the actor is an agent holding an active authorisation of the company, in force today, covering the scope. */
    async assertMayAct(actor: Actor, uscc: string, scope: AuthorisationScope): Promise<void> {
      const agent = actor.role === 'agent' ? await repo.agentOfOrg(actor.org.id) : undefined;
      if (!agent || agent.status !== 'active') throw new AppError('auth.forbidden', 'Register as an agent first');
      const day = today();
      const ok = (await repo.authorisations({ agentId: agent.id, uscc })).some((a) => a.scope.includes(scope) && a.validFrom <= day && day <= a.validUntil);
      if (!ok) throw new AppError('auth.forbidden', `没有 ${uscc} 的有效委托（事项 ${scope}） (no valid authorisation for this company and matter)`);
    },

    /** A complaint about an agent (a company or an official). */
    async complain(actor: Actor, agentId: string, input: { reason: string }): Promise<void> {
      if (actor.role !== 'enterprise' && !STAFF.includes(actor.role)) throw new AppError('auth.forbidden', 'Companies and officials file complaints');
      const reason = input.reason?.trim() ?? '';
      if (reason.length < 10 || reason.length > 1000) assertNoFieldErrors([{ field: 'body.reason', rule: 'length', message: '投诉理由为 10–1000 个字' }]);
      if (!(await repo.findAgent(agentId))) throw new AppError('not_found', `No agent ${agentId}`);
      const id = platform.ids.next('cpl');
      await repo.insertComplaint({ id, agentId, uscc: actor.enterpriseUscc, reason, filedBy: actor.userId, createdAt: platform.clock.now().toISOString() });
      await platform.audit.record({ actor, action: 'market.agent.complaint', target: agentId, details: { complaint: id } });
    },

    /** Supervision (staff): each agent's figures and flags, computed from the data. */
    async supervision(actor: Actor): Promise<Array<Pick<Agent, 'id' | 'name' | 'uscc' | 'status' | 'registeredAt'> & { figures: AgentFigures; flags: AgentFlag[] }>> {
      if (!STAFF.includes(actor.role)) throw new AppError('auth.forbidden', 'Supervision is for officials');
      const out = [];
      for (const agent of await repo.listAgents()) {
        const figures = await figuresOf(agent);
        const usccs = [...new Set((await repo.authorisations({ agentId: agent.id, all: true })).map((a) => a.uscc))];
        const clients = (await Promise.all(usccs.map((u) => platform.enterpriseRepository.get({ kind: 'all' }, u)))).filter((e) => e !== undefined);
        out.push({ id: agent.id, name: agent.name, uscc: agent.uscc, status: agent.status, registeredAt: agent.registeredAt, figures, flags: agentFlags(clients, figures) });
      }
      await platform.audit.record({ actor, action: 'market.agent.supervision', target: null, purpose: 'agent supervision', details: { agents: out.length } });
      return out;
    },
  };
}

/** The agents service's interface. */
export type AgentsService = ReturnType<typeof createAgentsService>;
