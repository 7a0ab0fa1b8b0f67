import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { AssetStatus, ConsentRecord, HashAlg, PledgeEventKind, QualityReport, SchemaColumn } from './pledge.types.ts';

interface PledgeTables {
  pledge_assets: {
    id: string; lineage_id: string; version: number; previous_id: string | null; owner_org_id: string; owner_uscc: string; owner_name: string;
    name: string; description: string; subject_classes: string; schema_json: string; hash_alg: string; fingerprint: string;
    file_name: string | null; file_size: number | null; quality_json: string; status: string; registered_at: string; registered_by: string;
    registration_index: number; serial: string;
  };
  pledge_consents: { asset_id: string; subject_class: string; basis: string; scope: string; consent_date: string };
  pledge_custody: { asset_id: string; wrapped_key: string; nonce: Uint8Array; ciphertext: Uint8Array; size: number; stored_at: string };
  pledge_grants: { id: string; asset_id: string; grantee_org_id: string; grantee_name: string; granted_by: string; granted_at: string; revoked_at: string | null };
  pledge_valuations: { id: string; asset_id: string; bank_org_id: string; bank_name: string; valued_by: string; amount_fen: number; method: string; note: string; valued_at: string };
  pledge_pledges: {
    id: string; asset_id: string; valuation_id: string; bank_org_id: string; bank_name: string; contract_no: string; contract_sha256: string; status: string;
    loan_amount_fen: number | null; loan_term_months: number | null; pledged_at: string; loan_at: string | null; released_at: string | null;
  };
  pledge_events: { id: string; asset_id: string; kind: string; at: string; actor_id: string | null; org_id: string | null; log_index: number; entry: string };
}

/** A transaction over the scenario's tables. */
export type PledgeTx = Transaction<PledgeTables>;

/** A data asset (one version). */
export interface AssetRecord {
  id: string;
  lineageId: string;
  version: number;
  previousId: string | null;
  ownerOrgId: string;
  ownerUscc: string;
  ownerName: string;
  name: string;
  description: string;
  subjectClasses: string[];
  schema: SchemaColumn[];
  hashAlg: HashAlg;
  fingerprint: string;
  fileName: string | null;
  fileSize: number | null;
  quality: QualityReport;
  status: AssetStatus;
  registeredAt: string;
  registeredBy: string;
  registrationIndex: number;
  serial: string;
}

/** A custody grant. */
export interface GrantRecord {
  id: string;
  assetId: string;
  granteeOrgId: string;
  granteeName: string;
  grantedBy: string;
  grantedAt: string;
  revokedAt: string | null;
}

/** A bank's valuation. */
export interface ValuationRecord {
  id: string;
  assetId: string;
  bankOrgId: string;
  bankName: string;
  valuedBy: string;
  amountFen: number;
  method: string;
  note: string;
  valuedAt: string;
}

/** A pledge with its loan. */
export interface PledgeRecord {
  id: string;
  assetId: string;
  valuationId: string;
  bankOrgId: string;
  bankName: string;
  contractNo: string;
  contractSha256: string;
  status: 'active' | 'released';
  loanAmountFen: number | null;
  loanTermMonths: number | null;
  pledgedAt: string;
  loanAt: string | null;
  releasedAt: string | null;
}

/** An event appended to the evidence log, with its index. */
export interface EventRecord {
  id: string;
  assetId: string;
  kind: PledgeEventKind;
  at: string;
  actorId: string | null;
  orgId: string | null;
  logIndex: number;
  entry: string;
}

const toAsset = (r: PledgeTables['pledge_assets']): AssetRecord => ({
  id: r.id, lineageId: r.lineage_id, version: Number(r.version), previousId: r.previous_id, ownerOrgId: r.owner_org_id, ownerUscc: r.owner_uscc,
  ownerName: r.owner_name, name: r.name, description: r.description, subjectClasses: JSON.parse(r.subject_classes) as string[],
  schema: JSON.parse(r.schema_json) as SchemaColumn[], hashAlg: r.hash_alg as HashAlg, fingerprint: r.fingerprint, fileName: r.file_name,
  fileSize: r.file_size === null ? null : Number(r.file_size), quality: JSON.parse(r.quality_json) as QualityReport, status: r.status as AssetStatus,
  registeredAt: r.registered_at, registeredBy: r.registered_by, registrationIndex: Number(r.registration_index), serial: r.serial,
});
const toPledge = (r: PledgeTables['pledge_pledges']): PledgeRecord => ({
  id: r.id, assetId: r.asset_id, valuationId: r.valuation_id, bankOrgId: r.bank_org_id, bankName: r.bank_name, contractNo: r.contract_no,
  contractSha256: r.contract_sha256, status: r.status as PledgeRecord['status'], loanAmountFen: r.loan_amount_fen === null ? null : Number(r.loan_amount_fen),
  loanTermMonths: r.loan_term_months === null ? null : Number(r.loan_term_months), pledgedAt: r.pledged_at, loanAt: r.loan_at, releasedAt: r.released_at,
});
const toValuation = (r: PledgeTables['pledge_valuations']): ValuationRecord => ({
  id: r.id, assetId: r.asset_id, bankOrgId: r.bank_org_id, bankName: r.bank_name, valuedBy: r.valued_by, amountFen: Number(r.amount_fen), method: r.method, note: r.note, valuedAt: r.valued_at,
});
const toGrant = (r: PledgeTables['pledge_grants']): GrantRecord => ({ id: r.id, assetId: r.asset_id, granteeOrgId: r.grantee_org_id, granteeName: r.grantee_name, grantedBy: r.granted_by, grantedAt: r.granted_at, revokedAt: r.revoked_at });
const toEvent = (r: PledgeTables['pledge_events']): EventRecord => ({ id: r.id, assetId: r.asset_id, kind: r.kind as PledgeEventKind, at: r.at, actorId: r.actor_id, orgId: r.org_id, logIndex: Number(r.log_index), entry: r.entry });

/** The only code touching the data-IP pledge tables. */
export function createPledgeRepository(database: Database) {
  const db = database.kysely as Kysely<PledgeTables>;
  return {
    /** Runs `work` in one transaction; the audit service may write into the same one. */
    transaction: <T>(work: (trx: PledgeTx) => Promise<T>) => db.transaction().execute(work),

    async getAsset(id: string): Promise<AssetRecord | undefined> {
      const r = await db.selectFrom('pledge_assets').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toAsset(r);
    },
    async findByFingerprint(hashAlg: HashAlg, fingerprint: string): Promise<AssetRecord | undefined> {
      const r = await db.selectFrom('pledge_assets').selectAll().where('hash_alg', '=', hashAlg).where('fingerprint', '=', fingerprint).executeTakeFirst();
      return r && toAsset(r);
    },
    async lineage(lineageId: string): Promise<AssetRecord[]> {
      return (await db.selectFrom('pledge_assets').selectAll().where('lineage_id', '=', lineageId).orderBy('version').execute()).map(toAsset);
    },
    /** Assets of an owner, or assets a bank valued or pledged, or all (admin); newest first. */
    async listAssets(filter: { ownerUscc?: string; bankOrgId?: string; limit: number }): Promise<AssetRecord[]> {
      let q = db.selectFrom('pledge_assets').selectAll();
      if (filter.ownerUscc !== undefined) q = q.where('owner_uscc', '=', filter.ownerUscc);
      if (filter.bankOrgId !== undefined) {
        const bank = filter.bankOrgId;
        q = q.where('id', 'in', (eb) => eb.selectFrom('pledge_valuations').select('asset_id').where('bank_org_id', '=', bank));
      }
      return (await q.orderBy('registered_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute()).map(toAsset);
    },
    async insertAsset(trx: PledgeTx, a: AssetRecord, consents: readonly ConsentRecord[]): Promise<void> {
      await trx.insertInto('pledge_assets').values({
        id: a.id, lineage_id: a.lineageId, version: a.version, previous_id: a.previousId, owner_org_id: a.ownerOrgId, owner_uscc: a.ownerUscc, owner_name: a.ownerName,
        name: a.name, description: a.description, subject_classes: JSON.stringify(a.subjectClasses), schema_json: JSON.stringify(a.schema), hash_alg: a.hashAlg,
        fingerprint: a.fingerprint, file_name: a.fileName, file_size: a.fileSize, quality_json: JSON.stringify(a.quality), status: a.status,
        registered_at: a.registeredAt, registered_by: a.registeredBy, registration_index: a.registrationIndex, serial: a.serial,
      }).execute();
      if (consents.length > 0) {
        await trx.insertInto('pledge_consents').values(consents.map((c) => ({ asset_id: a.id, subject_class: c.subjectClass, basis: c.basis, scope: c.scope, consent_date: c.date }))).execute();
      }
    },
    /** Moves an asset from one status to another; false when it was not in `from` (someone moved it first). */
    async moveStatus(trx: PledgeTx, id: string, from: AssetStatus, to: AssetStatus): Promise<boolean> {
      const r = await trx.updateTable('pledge_assets').set({ status: to }).where('id', '=', id).where('status', '=', from).returning('id').executeTakeFirst();
      return r !== undefined;
    },
    async consents(assetId: string): Promise<ConsentRecord[]> {
      const rows = await db.selectFrom('pledge_consents').selectAll().where('asset_id', '=', assetId).orderBy('subject_class').execute();
      return rows.map((r) => ({ subjectClass: r.subject_class, basis: r.basis as ConsentRecord['basis'], scope: r.scope, date: r.consent_date }));
    },

    async getCustody(assetId: string) {
      const r = await db.selectFrom('pledge_custody').selectAll().where('asset_id', '=', assetId).executeTakeFirst();
      return r && { assetId: r.asset_id, wrappedKey: r.wrapped_key, nonce: new Uint8Array(r.nonce), ciphertext: new Uint8Array(r.ciphertext), size: Number(r.size), storedAt: r.stored_at };
    },
    async insertCustody(trx: PledgeTx, c: { assetId: string; wrappedKey: string; nonce: Uint8Array; ciphertext: Uint8Array; size: number; storedAt: string }): Promise<void> {
      await trx.insertInto('pledge_custody').values({ asset_id: c.assetId, wrapped_key: c.wrappedKey, nonce: c.nonce, ciphertext: c.ciphertext, size: c.size, stored_at: c.storedAt }).execute();
    },

    async grants(assetId: string): Promise<GrantRecord[]> {
      return (await db.selectFrom('pledge_grants').selectAll().where('asset_id', '=', assetId).orderBy('granted_at').execute()).map(toGrant);
    },
    async activeGrant(assetId: string, orgId: string): Promise<GrantRecord | undefined> {
      const r = await db.selectFrom('pledge_grants').selectAll().where('asset_id', '=', assetId).where('grantee_org_id', '=', orgId).where('revoked_at', 'is', null).executeTakeFirst();
      return r && toGrant(r);
    },
    async insertGrant(trx: PledgeTx, g: GrantRecord): Promise<void> {
      await trx.insertInto('pledge_grants').values({ id: g.id, asset_id: g.assetId, grantee_org_id: g.granteeOrgId, grantee_name: g.granteeName, granted_by: g.grantedBy, granted_at: g.grantedAt, revoked_at: null }).execute();
    },
    async revokeGrant(trx: PledgeTx, id: string, at: string): Promise<boolean> {
      const r = await trx.updateTable('pledge_grants').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
      return r !== undefined;
    },

    async valuations(assetId: string): Promise<ValuationRecord[]> {
      return (await db.selectFrom('pledge_valuations').selectAll().where('asset_id', '=', assetId).orderBy('valued_at').execute()).map(toValuation);
    },
    async getValuation(id: string): Promise<ValuationRecord | undefined> {
      const r = await db.selectFrom('pledge_valuations').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toValuation(r);
    },
    async insertValuation(trx: PledgeTx, v: ValuationRecord): Promise<void> {
      await trx.insertInto('pledge_valuations').values({ id: v.id, asset_id: v.assetId, bank_org_id: v.bankOrgId, bank_name: v.bankName, valued_by: v.valuedBy, amount_fen: v.amountFen, method: v.method, note: v.note, valued_at: v.valuedAt }).execute();
    },

    async pledges(assetId: string): Promise<PledgeRecord[]> {
      return (await db.selectFrom('pledge_pledges').selectAll().where('asset_id', '=', assetId).orderBy('pledged_at').execute()).map(toPledge);
    },
    async activePledge(assetId: string): Promise<PledgeRecord | undefined> {
      const r = await db.selectFrom('pledge_pledges').selectAll().where('asset_id', '=', assetId).where('status', '=', 'active').executeTakeFirst();
      return r && toPledge(r);
    },
    async getPledge(id: string): Promise<PledgeRecord | undefined> {
      const r = await db.selectFrom('pledge_pledges').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toPledge(r);
    },
    async insertPledge(trx: PledgeTx, p: PledgeRecord): Promise<void> {
      await trx.insertInto('pledge_pledges').values({
        id: p.id, asset_id: p.assetId, valuation_id: p.valuationId, bank_org_id: p.bankOrgId, bank_name: p.bankName, contract_no: p.contractNo, contract_sha256: p.contractSha256,
        status: p.status, loan_amount_fen: p.loanAmountFen, loan_term_months: p.loanTermMonths, pledged_at: p.pledgedAt, loan_at: p.loanAt, released_at: p.releasedAt,
      }).execute();
    },
    async recordLoan(trx: PledgeTx, id: string, amountFen: number, termMonths: number, at: string): Promise<boolean> {
      const r = await trx.updateTable('pledge_pledges').set({ loan_amount_fen: amountFen, loan_term_months: termMonths, loan_at: at })
        .where('id', '=', id).where('status', '=', 'active').where('loan_at', 'is', null).returning('id').executeTakeFirst();
      return r !== undefined;
    },
    async release(trx: PledgeTx, id: string, at: string): Promise<boolean> {
      const r = await trx.updateTable('pledge_pledges').set({ status: 'released', released_at: at }).where('id', '=', id).where('status', '=', 'active').returning('id').executeTakeFirst();
      return r !== undefined;
    },

    async events(assetId: string): Promise<EventRecord[]> {
      return (await db.selectFrom('pledge_events').selectAll().where('asset_id', '=', assetId).orderBy('log_index').execute()).map(toEvent);
    },
    async insertEvent(trx: PledgeTx, e: EventRecord): Promise<void> {
      await trx.insertInto('pledge_events').values({ id: e.id, asset_id: e.assetId, kind: e.kind, at: e.at, actor_id: e.actorId, org_id: e.orgId, log_index: e.logIndex, entry: e.entry }).execute();
    },
  };
}

/** The pledge repository's interface. */
export type PledgeRepository = ReturnType<typeof createPledgeRepository>;
