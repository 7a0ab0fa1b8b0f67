import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { ApplicationOutcome, ApplicationRecord, ApplicationStatus, CertificateContent } from './entry.types.ts';

interface ApplicationRow {
  id: string; kind: string; status: string; applicant_org_id: string; applicant_user_id: string; acting_for: string | null; uscc: string | null;
  name: string; district_code: string; items: string; form: string; instance_id: string | null; submitted_at: string; finished_at: string | null; outcome: string | null;
}

interface CertificateRow {
  certificate_no: string; application_id: string; uscc: string; content: string; content_hash: string; issued_at: string; log_index: number | null; sealed_at: string | null;
}

/** The entry tables. */
export interface EntryTables { market_applications: ApplicationRow; market_certificates: CertificateRow }

/** A stored certificate: its content, the hash of that content and, once sealed, its evidence-log entry. */
export interface CertificateRecord {
  certificateNo: string;
  applicationId: string;
  uscc: string;
  content: CertificateContent;
  contentHash: string;
  issuedAt: string;
  logIndex: number | null;
  sealedAt: string | null;
}

const toApplication = (r: ApplicationRow): ApplicationRecord => ({
  id: r.id, kind: r.kind === 'change' ? 'change' : 'entry', status: r.status as ApplicationStatus, applicantOrgId: r.applicant_org_id, applicantUserId: r.applicant_user_id,
  actingFor: r.acting_for, uscc: r.uscc, name: r.name, districtCode: r.district_code, items: JSON.parse(r.items), form: JSON.parse(r.form), instanceId: r.instance_id,
  submittedAt: r.submitted_at, finishedAt: r.finished_at, outcome: r.outcome ? (JSON.parse(r.outcome) as ApplicationOutcome) : null,
});

const toCertificate = (r: CertificateRow): CertificateRecord => ({
  certificateNo: r.certificate_no, applicationId: r.application_id, uscc: r.uscc, content: JSON.parse(r.content), contentHash: r.content_hash, issuedAt: r.issued_at,
  logIndex: r.log_index === null ? null : Number(r.log_index), sealedAt: r.sealed_at,
});

/** The only code that touches `market_applications` and `market_certificates`. */
export function createEntryRepository(database: Database) {
  const db = database.kysely as Kysely<EntryTables>;
  return {
    db,
    /** Runs `work` in one transaction. */
    transaction: <T>(work: (trx: Kysely<EntryTables>) => Promise<T>) => db.transaction().execute(work),
    /** Stores a new application. */
    async insert(a: ApplicationRecord, trx?: Kysely<EntryTables>): Promise<void> {
      await (trx ?? db).insertInto('market_applications').values({
        id: a.id, kind: a.kind, status: a.status, applicant_org_id: a.applicantOrgId, applicant_user_id: a.applicantUserId, acting_for: a.actingFor, uscc: a.uscc,
        name: a.name, district_code: a.districtCode, items: JSON.stringify(a.items), form: JSON.stringify(a.form), instance_id: a.instanceId, submitted_at: a.submittedAt,
        finished_at: a.finishedAt, outcome: a.outcome ? JSON.stringify(a.outcome) : null,
      }).execute();
    },
    /** Links the flow instance that runs the application. */
    async setInstance(id: string, instanceId: string): Promise<void> {
      await db.updateTable('market_applications').set({ instance_id: instanceId }).where('id', '=', id).execute();
    },
    /** Removes an application whose flow could not be started. */
    async remove(id: string): Promise<void> {
      await db.deleteFrom('market_applications').where('id', '=', id).execute();
    },
    /** Marks an application finished (in the flow step's transaction); false when it was finished already. */
    async finish(trx: Kysely<EntryTables>, id: string, status: ApplicationStatus, at: string, outcome: ApplicationOutcome, uscc: string | null): Promise<boolean> {
      const rows = await trx.updateTable('market_applications').set({ status, finished_at: at, outcome: JSON.stringify(outcome), uscc })
        .where('id', '=', id).where('status', '=', 'running').returning('id').execute();
      return rows.length > 0;
    },
    async get(id: string, trx?: Kysely<EntryTables>): Promise<ApplicationRecord | undefined> {
      const row = await (trx ?? db).selectFrom('market_applications').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toApplication(row) : undefined;
    },
    async byInstance(instanceId: string): Promise<ApplicationRecord | undefined> {
      const row = await db.selectFrom('market_applications').selectAll().where('instance_id', '=', instanceId).executeTakeFirst();
      return row ? toApplication(row) : undefined;
    },
    /** Applications filed by an organisation, newest first. */
    async ofOrg(orgId: string, limit = 100): Promise<ApplicationRecord[]> {
      const rows = await db.selectFrom('market_applications').selectAll().where('applicant_org_id', '=', orgId).orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toApplication);
    },
    /** Applications in districts starting with `prefix` (a division's digits), newest first. */
    async inDivision(prefix: string, limit = 100): Promise<ApplicationRecord[]> {
      const rows = await db.selectFrom('market_applications').selectAll().where('district_code', 'like', `${prefix}%`).orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toApplication);
    },
    /** Running applications of a company (a change waits for the previous one). */
    async runningFor(uscc: string): Promise<number> {
      const r = await db.selectFrom('market_applications').select((eb) => eb.fn.countAll<number>().as('n')).where('uscc', '=', uscc).where('status', '=', 'running').executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Whether a name is held by a running application (so two applicants cannot take it at once). */
    async nameInFlight(name: string): Promise<boolean> {
      return Boolean(await db.selectFrom('market_applications').select('id').where('name', '=', name).where('kind', '=', 'entry').where('status', '=', 'running').executeTakeFirst());
    },
    /** Stores issued certificates (in the flow step's transaction). */
    async insertCertificates(trx: Kysely<EntryTables>, certs: readonly Omit<CertificateRecord, 'logIndex' | 'sealedAt'>[]): Promise<void> {
      if (certs.length === 0) return;
      await trx.insertInto('market_certificates').values(certs.map((c) => ({
        certificate_no: c.certificateNo, application_id: c.applicationId, uscc: c.uscc, content: JSON.stringify(c.content), content_hash: c.contentHash, issued_at: c.issuedAt, log_index: null, sealed_at: null,
      }))).execute();
    },
    async certificate(no: string): Promise<CertificateRecord | undefined> {
      const row = await db.selectFrom('market_certificates').selectAll().where('certificate_no', '=', no).executeTakeFirst();
      return row ? toCertificate(row) : undefined;
    },
    async certificatesOf(applicationId: string): Promise<CertificateRecord[]> {
      const rows = await db.selectFrom('market_certificates').selectAll().where('application_id', '=', applicationId).orderBy('certificate_no').execute();
      return rows.map(toCertificate);
    },
    /** Certificates whose hash is not yet in the evidence log, oldest first. */
    async unsealed(limit: number): Promise<CertificateRecord[]> {
      const rows = await db.selectFrom('market_certificates').selectAll().where('sealed_at', 'is', null).orderBy('issued_at').orderBy('certificate_no').limit(limit).execute();
      return rows.map(toCertificate);
    },
    /** Records the evidence-log entry of a certificate. */
    async markSealed(no: string, logIndex: number, at: string): Promise<void> {
      await db.updateTable('market_certificates').set({ log_index: logIndex, sealed_at: at }).where('certificate_no', '=', no).where('sealed_at', 'is', null).execute();
    },
  };
}

/** The entry repository's interface. */
export type EntryRepository = ReturnType<typeof createEntryRepository>;
