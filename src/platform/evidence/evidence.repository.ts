import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';

interface EvidenceTables {
  evidence_logs: { name: string; origin: string; hash_suite: string; verifier_key: string; signer_key_wrapped: string; created_at: string };
  evidence_witnesses: { org_id: string; name: string; verifier_key: string; signer_key_wrapped: string; active: number; created_at: string };
  evidence_audit_seals: { audit_id: string; log_index: number; audit_at: string; row_hash: string; sealed_at: string };
  audit_log: {
    id: string; at: string; actor_id: string | null; actor_name: string | null; role: string | null; org_id: string | null;
    action: string; target: string | null; purpose: string | null; personal: number; ip: string | null; details: string | null;
  };
  orgs: { id: string; code: string; name: string; name_en: string };
}

/** A platform log's row: name, ledger origin, keys. */
export interface EvidenceLogRow {
  name: string;
  origin: string;
  hashSuite: string;
  verifierKey: string;
  signerKeyWrapped: string;
}

/** A witness institution's row. */
export interface WitnessRow {
  orgId: string;
  orgCode: string;
  orgName: string;
  orgNameEn: string;
  name: string;
  verifierKey: string;
  signerKeyWrapped: string;
  active: boolean;
  createdAt: string;
}

/** An audit row exactly as stored, every column. */
export type AuditRow = EvidenceTables['audit_log'];

/** A seal: which log entry holds an audit row's hash. */
export interface AuditSeal {
  auditId: string;
  logIndex: number;
  auditAt: string;
  rowHash: string;
}

/** The only code touching the evidence tables (and reading audit_log for the seals). */
export function createEvidenceRepository(database: Database) {
  const db = database.kysely as Kysely<EvidenceTables>;
  return {
    async findLog(name: string): Promise<EvidenceLogRow | undefined> {
      const r = await db.selectFrom('evidence_logs').selectAll().where('name', '=', name).executeTakeFirst();
      return r && { name: r.name, origin: r.origin, hashSuite: r.hash_suite, verifierKey: r.verifier_key, signerKeyWrapped: r.signer_key_wrapped };
    },
    async listLogs(): Promise<EvidenceLogRow[]> {
      const rows = await db.selectFrom('evidence_logs').selectAll().orderBy('name').execute();
      return rows.map((r) => ({ name: r.name, origin: r.origin, hashSuite: r.hash_suite, verifierKey: r.verifier_key, signerKeyWrapped: r.signer_key_wrapped }));
    },
    async insertLog(row: EvidenceLogRow, at: string, within?: Kysely<unknown>): Promise<void> {
      await ((within ?? db) as Kysely<EvidenceTables>)
        .insertInto('evidence_logs')
        .values({ name: row.name, origin: row.origin, hash_suite: row.hashSuite, verifier_key: row.verifierKey, signer_key_wrapped: row.signerKeyWrapped, created_at: at })
        .execute();
    },

    async listWitnesses(): Promise<WitnessRow[]> {
      const rows = await db
        .selectFrom('evidence_witnesses as w')
        .innerJoin('orgs as o', 'o.id', 'w.org_id')
        .select(['w.org_id', 'o.code', 'o.name as org_name', 'o.name_en', 'w.name', 'w.verifier_key', 'w.signer_key_wrapped', 'w.active', 'w.created_at'])
        .orderBy('w.created_at')
        .orderBy('w.name')
        .execute();
      return rows.map((r) => ({
        orgId: r.org_id, orgCode: r.code, orgName: r.org_name, orgNameEn: r.name_en, name: r.name,
        verifierKey: r.verifier_key, signerKeyWrapped: r.signer_key_wrapped, active: r.active === 1, createdAt: r.created_at,
      }));
    },
    async insertWitness(row: { orgId: string; name: string; verifierKey: string; signerKeyWrapped: string }, at: string): Promise<void> {
      await db.insertInto('evidence_witnesses').values({ org_id: row.orgId, name: row.name, verifier_key: row.verifierKey, signer_key_wrapped: row.signerKeyWrapped, active: 1, created_at: at }).execute();
    },
    async setWitnessActive(orgId: string, active: boolean): Promise<boolean> {
      const r = await db.updateTable('evidence_witnesses').set({ active: active ? 1 : 0 }).where('org_id', '=', orgId).returning('org_id').executeTakeFirst();
      return r !== undefined;
    },

    /** Audit rows at or after `since` that have no seal yet, oldest first. */
    async unsealedAuditRows(since: string, limit: number): Promise<AuditRow[]> {
      return db
        .selectFrom('audit_log as a')
        .leftJoin('evidence_audit_seals as s', 's.audit_id', 'a.id')
        .selectAll('a')
        .where('a.at', '>=', since)
        .where('s.audit_id', 'is', null)
        .orderBy('a.at')
        .orderBy('a.id')
        .limit(limit)
        .execute();
    },
    async insertSeals(seals: readonly AuditSeal[], at: string): Promise<void> {
      if (seals.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < seals.length; i += 500) {
          await trx
            .insertInto('evidence_audit_seals')
            .values(seals.slice(i, i + 500).map((s) => ({ audit_id: s.auditId, log_index: s.logIndex, audit_at: s.auditAt, row_hash: s.rowHash, sealed_at: at })))
            .execute();
        }
      });
    },
    async latestSealAt(): Promise<string | undefined> {
      const r = await db.selectFrom('evidence_audit_seals').select((eb) => eb.fn.max('audit_at').as('at')).executeTakeFirst();
      return (r?.at as string | null) ?? undefined;
    },
    /** Seals by log index, with the audit row each names (undefined when the row is gone). */
    async sealsWithRows(fromIndex: number, limit: number): Promise<{ seal: AuditSeal; row: AuditRow | undefined }[]> {
      const rows = await db
        .selectFrom('evidence_audit_seals as s')
        .leftJoin('audit_log as a', 'a.id', 's.audit_id')
        .select([
          's.audit_id', 's.log_index', 's.audit_at', 's.row_hash',
          'a.id', 'a.at', 'a.actor_id', 'a.actor_name', 'a.role', 'a.org_id', 'a.action', 'a.target', 'a.purpose', 'a.personal', 'a.ip', 'a.details',
        ])
        .where('s.log_index', '>=', fromIndex)
        .orderBy('s.log_index')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        seal: { auditId: r.audit_id, logIndex: Number(r.log_index), auditAt: r.audit_at, rowHash: r.row_hash },
        row: r.id === null ? undefined : {
          id: r.id, at: r.at!, actor_id: r.actor_id, actor_name: r.actor_name, role: r.role, org_id: r.org_id, action: r.action!,
          target: r.target, purpose: r.purpose, personal: Number(r.personal), ip: r.ip, details: r.details,
        },
      }));
    },
    /** Audit rows that have no seal although sealing has passed their time (inserted behind it, or the seal was removed). */
    async countUnsealedBefore(at: string): Promise<number> {
      const r = await db
        .selectFrom('audit_log as a')
        .leftJoin('evidence_audit_seals as s', 's.audit_id', 'a.id')
        .select(sql<number>`count(*)`.as('n'))
        .where('a.at', '<', at)
        .where('s.audit_id', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

/** The evidence repository's interface. */
export type EvidenceRepository = ReturnType<typeof createEvidenceRepository>;
