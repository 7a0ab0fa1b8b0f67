import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { Actor } from '../identity/identity.types.ts';

interface AuditTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  role: string | null;
  org_id: string | null;
  action: string;
  target: string | null;
  purpose: string | null;
  personal: number;
  ip: string | null;
  details: string | null;
}

/** One audit record. */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  orgId: string | null;
  /** What happened, e.g. `enterprise.read`, `user.create`, `auth.login.failed`. */
  action: string;
  target: string | null;
  /** Declared purpose of a read of personal data. */
  purpose: string | null;
  /** Whether personal data was read or written. */
  personal: boolean;
  ip: string | null;
  details: unknown;
}

/** What to record: the actor (or a username for events before login), the action, its target. */
export interface AuditInput {
  actor: Actor | null;
  action: string;
  target?: string | null;
  purpose?: string | null;
  personal?: boolean;
  ip?: string | null;
  details?: unknown;
}

/** Filters for `search`. */
export interface AuditQuery {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  personal?: boolean;
  page: number;
  pageSize: number;
}

/** The append-only record of every write and every read of personal data. */
export function createAuditService(deps: { database: Database; clock: Clock; ids: IdGenerator }) {
  const db = deps.database.kysely as Kysely<{ audit_log: AuditTable }>;
  return {
    /** Appends one record. Pass a transaction as `within` to make it part of the write it records. */
    async record(input: AuditInput, within?: Kysely<unknown>): Promise<void> {
      const target = (within ?? db) as Kysely<{ audit_log: AuditTable }>;
      await target
        .insertInto('audit_log')
        .values({
          id: deps.ids.next('aud'),
          at: deps.clock.now().toISOString(),
          actor_id: input.actor?.userId ?? null,
          actor_name: input.actor?.username ?? null,
          role: input.actor?.role ?? null,
          org_id: input.actor?.org.id ?? null,
          action: input.action,
          target: input.target ?? null,
          purpose: input.purpose ?? null,
          personal: input.personal ? 1 : 0,
          ip: input.ip ?? input.actor?.ip ?? null,
          details: input.details === undefined ? null : JSON.stringify(input.details),
        })
        .execute();
    },

    /** Searches the log, newest first. */
    async search(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
      let q = db.selectFrom('audit_log');
      if (query.actor) q = q.where((eb) => eb.or([eb('actor_name', '=', query.actor!), eb('actor_id', '=', query.actor!)]));
      if (query.action) q = q.where('action', 'like', `${query.action.replace(/[%_]/g, '')}%`);
      if (query.from) q = q.where('at', '>=', query.from);
      if (query.to) q = q.where('at', '<=', query.to);
      if (query.personal !== undefined) q = q.where('personal', '=', query.personal ? 1 : 0);
      const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
      const rows = await q
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return {
        total: Number(total),
        items: rows.map((r) => ({
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          role: r.role,
          orgId: r.org_id,
          action: r.action,
          target: r.target,
          purpose: r.purpose,
          personal: r.personal === 1,
          ip: r.ip,
          details: r.details === null ? null : JSON.parse(r.details),
        })),
      };
    },
  };
}

/** The audit service's interface. */
export type AuditService = ReturnType<typeof createAuditService>;
