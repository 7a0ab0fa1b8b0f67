import type { Kysely } from 'kysely';
import type { Database } from '../../../db/index.ts';

/** What an agent may do for a company. */
export const AUTHORISATION_SCOPES = ['registration', 'change', 'deregistration', 'licence'] as const;
/** One of the scopes. */
export type AuthorisationScope = (typeof AUTHORISATION_SCOPES)[number];

/** A registration agent (委托代理机构), one per platform organisation. */
export interface Agent { id: string; orgId: string; name: string; uscc: string; phone: string; address: string; status: 'active' | 'suspended'; registeredBy: string; registeredAt: string }

/** A company's signed authorisation of an agent. */
export interface Authorisation {
  id: string; agentId: string; uscc: string; scope: AuthorisationScope[]; validFrom: string; validUntil: string;
  signedBy: string; signerName: string; signature: string; status: 'active' | 'revoked'; createdAt: string; revokedAt: string | null;
}

/** A complaint about an agent. */
export interface Complaint { id: string; agentId: string; uscc: string | null; reason: string; filedBy: string; createdAt: string }

interface AgentRow { id: string; org_id: string; name: string; uscc: string; phone: string; address: string; status: string; registered_by: string; registered_at: string }
interface AuthRow {
  id: string; agent_id: string; uscc: string; scope: string; valid_from: string; valid_until: string; signed_by: string; signer_name: string; signature: string;
  status: string; created_at: string; revoked_at: string | null;
}
interface ComplaintRow { id: string; agent_id: string; uscc: string | null; reason: string; filed_by: string; created_at: string }

/** The agent tables. */
export interface AgentTables { market_agents: AgentRow; market_agent_authorisations: AuthRow; market_agent_complaints: ComplaintRow }

const toAgent = (r: AgentRow): Agent => ({ id: r.id, orgId: r.org_id, name: r.name, uscc: r.uscc, phone: r.phone, address: r.address, status: r.status === 'suspended' ? 'suspended' : 'active', registeredBy: r.registered_by, registeredAt: r.registered_at });
const toAuth = (r: AuthRow): Authorisation => ({
  id: r.id, agentId: r.agent_id, uscc: r.uscc, scope: JSON.parse(r.scope) as AuthorisationScope[], validFrom: r.valid_from, validUntil: r.valid_until, signedBy: r.signed_by,
  signerName: r.signer_name, signature: r.signature, status: r.status === 'revoked' ? 'revoked' : 'active', createdAt: r.created_at, revokedAt: r.revoked_at,
});
const toComplaint = (r: ComplaintRow): Complaint => ({ id: r.id, agentId: r.agent_id, uscc: r.uscc, reason: r.reason, filedBy: r.filed_by, createdAt: r.created_at });

/**
 * The only code that touches the agent tables.
 * @example await agents.insertAgent(agent)
 */
export function createAgentsRepository(database: Database) {
  const db = database.kysely as Kysely<AgentTables>;
  return {
    async insertAgent(a: Agent): Promise<void> {
      await db.insertInto('market_agents').values({ id: a.id, org_id: a.orgId, name: a.name, uscc: a.uscc, phone: a.phone, address: a.address, status: a.status, registered_by: a.registeredBy, registered_at: a.registeredAt }).execute();
    },
    async findAgent(id: string): Promise<Agent | undefined> {
      const r = await db.selectFrom('market_agents').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toAgent(r);
    },
    async agentOfOrg(orgId: string): Promise<Agent | undefined> {
      const r = await db.selectFrom('market_agents').selectAll().where('org_id', '=', orgId).executeTakeFirst();
      return r && toAgent(r);
    },
    async listAgents(): Promise<Agent[]> {
      return (await db.selectFrom('market_agents').selectAll().orderBy('registered_at').orderBy('id').execute()).map(toAgent);
    },
    async insertAuthorisation(a: Authorisation): Promise<void> {
      await db.insertInto('market_agent_authorisations').values({
        id: a.id, agent_id: a.agentId, uscc: a.uscc, scope: JSON.stringify(a.scope), valid_from: a.validFrom, valid_until: a.validUntil, signed_by: a.signedBy,
        signer_name: a.signerName, signature: a.signature, status: a.status, created_at: a.createdAt, revoked_at: a.revokedAt,
      }).execute();
    },
    async findAuthorisation(id: string): Promise<Authorisation | undefined> {
      const r = await db.selectFrom('market_agent_authorisations').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toAuth(r);
    },
    /** Authorisations of an agent, or of a company; active ones only unless `all`. */
    async authorisations(filter: { agentId?: string; uscc?: string; all?: boolean }): Promise<Authorisation[]> {
      let q = db.selectFrom('market_agent_authorisations').selectAll();
      if (filter.agentId) q = q.where('agent_id', '=', filter.agentId);
      if (filter.uscc) q = q.where('uscc', '=', filter.uscc);
      if (!filter.all) q = q.where('status', '=', 'active');
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toAuth);
    },
    /** Revokes an active authorisation; false when it was not active. */
    async revoke(id: string, at: string): Promise<boolean> {
      return (await db.updateTable('market_agent_authorisations').set({ status: 'revoked', revoked_at: at }).where('id', '=', id).where('status', '=', 'active').returning('id').execute()).length > 0;
    },
    async insertComplaint(c: Complaint): Promise<void> {
      await db.insertInto('market_agent_complaints').values({ id: c.id, agent_id: c.agentId, uscc: c.uscc, reason: c.reason, filed_by: c.filedBy, created_at: c.createdAt }).execute();
    },
    async complaints(agentId: string): Promise<Complaint[]> {
      return (await db.selectFrom('market_agent_complaints').selectAll().where('agent_id', '=', agentId).orderBy('created_at').execute()).map(toComplaint);
    },
  };
}

/** The agents repository's interface. */
export type AgentsRepository = ReturnType<typeof createAgentsRepository>;
