import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { Actor } from '../identity/identity.types.ts';
import type { Catalogue, CatalogueService } from './catalogue.service.ts';
import type { AttributeSpec } from './catalogue.types.ts';

interface AgreementsTable {
  id: string;
  name: string;
  purpose: string;
  providers: string;
  consumers: string;
  attributes: string;
  allow_clear: number;
  valid_from: string;
  valid_to: string | null;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

/**
 * A sharing agreement (数据共享协议): the consumers (department codes or organisation codes) may read
 * these attributes sent by these providers (department codes), for this purpose only. Sensitive and
 * personal values stay masked unless `allowClear`.
 */
export interface Agreement {
  id: string;
  name: string;
  purpose: string;
  providers: string[];
  consumers: string[];
  attributes: string[];
  allowClear: boolean;
  validFrom: string;
  validTo: string | null;
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** What a new agreement says. */
export type AgreementInput = Pick<Agreement, 'name' | 'purpose' | 'providers' | 'consumers' | 'attributes' | 'allowClear' | 'validFrom' | 'validTo'>;

/** How a reader may see one value: in clear, masked, or not at all. */
export type Access = { kind: 'clear' | 'masked'; reason: string; agreementId: string | null } | { kind: 'withheld'; reason: string };

/**
 * The department an actor reads for: a department organisation's code names it, either whole
 * (`tax`) or as its last `-` part (`330106-tax`, the 西湖区 tax bureau). Other organisations have none.
 */
export function departmentOf(actor: Actor, catalogue: Pick<Catalogue, 'department'>): string | null {
  if (actor.org.kind !== 'department') return null;
  const code = actor.org.code;
  if (catalogue.department(code)) return code;
  const tail = code.slice(code.lastIndexOf('-') + 1);
  return catalogue.department(tail) ? tail : null;
}

function toAgreement(r: AgreementsTable): Agreement {
  return {
    id: r.id, name: r.name, purpose: r.purpose, providers: JSON.parse(r.providers) as string[], consumers: JSON.parse(r.consumers) as string[],
    attributes: JSON.parse(r.attributes) as string[], allowClear: Number(r.allow_clear) === 1, validFrom: r.valid_from, validTo: r.valid_to,
    createdBy: r.created_by, createdAt: r.created_at, revokedAt: r.revoked_at,
  };
}

// The decisions that name no agreement, shared by every read (a portrait decides ~70 attributes).
const OWN_RECORD: Access = Object.freeze({ kind: 'clear', reason: 'own record', agreementId: null });
const PLATFORM_ADMIN: Access = Object.freeze({ kind: 'clear', reason: 'platform administrator', agreementId: null });
const PUBLIC_DATA: Access = Object.freeze({ kind: 'clear', reason: 'public data', agreementId: null });
const OWN_DEPARTMENT: Access = Object.freeze({ kind: 'clear', reason: 'own department’s data', agreementId: null });

/** Sharing agreements and the decision of what a reader sees of another department's data. */
export function createSharingService(deps: { database: Database; catalogue: CatalogueService; clock: Clock; ids: IdGenerator }) {
  const db = deps.database.kysely as Kysely<{ registry_agreements: AgreementsTable }>;

  async function activeFor(purpose: string, day: string): Promise<Agreement[]> {
    const rows = await db.selectFrom('registry_agreements').selectAll().where('purpose', '=', purpose).where('revoked_at', 'is', null).where('valid_from', '<=', day).execute();
    return rows.map(toAgreement).filter((a) => a.validTo === null || a.validTo >= day);
  }

  return {
    /** Declares an agreement; every attribute, provider and consumer department must be known. */
    async create(actor: Actor, input: AgreementInput): Promise<Agreement> {
      const catalogue = await deps.catalogue.load();
      const errors: FieldError[] = [];
      if (!input.purpose.trim()) errors.push({ field: 'body.purpose', rule: 'required', message: 'a purpose is required' });
      input.attributes.forEach((k, i) => catalogue.byKey.has(k) || errors.push({ field: `body.attributes.${i}`, rule: 'known', message: `unknown attribute ${k}` }));
      input.providers.forEach((d, i) => catalogue.department(d) || errors.push({ field: `body.providers.${i}`, rule: 'known', message: `unknown department ${d}` }));
      if (input.validTo && input.validTo < input.validFrom) errors.push({ field: 'body.validTo', rule: 'range', message: 'validTo is before validFrom' });
      assertNoFieldErrors(errors, 'Invalid agreement');
      const agreement: Agreement = { ...input, id: deps.ids.next('agr'), createdBy: actor.userId, createdAt: deps.clock.now().toISOString(), revokedAt: null };
      await db
        .insertInto('registry_agreements')
        .values({
          id: agreement.id, name: agreement.name, purpose: agreement.purpose, providers: JSON.stringify(agreement.providers), consumers: JSON.stringify(agreement.consumers),
          attributes: JSON.stringify(agreement.attributes), allow_clear: agreement.allowClear ? 1 : 0, valid_from: agreement.validFrom, valid_to: agreement.validTo,
          created_by: agreement.createdBy, created_at: agreement.createdAt, revoked_at: null,
        })
        .execute();
      return agreement;
    },

    /** Every agreement, newest first. */
    async list(): Promise<Agreement[]> {
      return (await db.selectFrom('registry_agreements').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(toAgreement);
    },

    /** Ends an agreement now. */
    async revoke(id: string): Promise<void> {
      const res = await db.updateTable('registry_agreements').set({ revoked_at: deps.clock.now().toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw new AppError('not_found', `No active agreement ${id}`);
    },

    /**
     * The access decider for one reader, purpose and enterprise: public data and a department's own
     * data are open; an enterprise reads its own record in full; a platform administrator reads all
     * (audited); anything else needs an agreement naming the reader, the purpose, the provider and
     * the attribute.
     */
    async decider(actor: Actor, purpose: string | null, context: { ownRecord: boolean }): Promise<(spec: AttributeSpec, source: string) => Access> {
      const catalogue = await deps.catalogue.load();
      const dept = departmentOf(actor, catalogue);
      const agreements = purpose ? await activeFor(purpose, deps.clock.now().toISOString().slice(0, 10)) : [];
      const readerNames = new Set([dept, actor.org.code, actor.org.id].filter((x): x is string => !!x));
      const mine = agreements.filter((a) => a.consumers.some((c) => readerNames.has(c)));
      return (spec, source) => {
        if (context.ownRecord) return OWN_RECORD;
        if (actor.role === 'platform_admin') return PLATFORM_ADMIN;
        if (spec.dataClass === 'public') return PUBLIC_DATA;
        if (dept && dept === source) return OWN_DEPARTMENT;
        const agreement = mine.find((a) => a.attributes.includes(spec.key) && (a.providers.includes(source) || a.providers.includes('*')));
        if (!agreement) return { kind: 'withheld', reason: purpose ? `no sharing agreement covers ${spec.key} from ${source} for purpose ${purpose}` : `${spec.key} from ${source} needs a declared purpose under a sharing agreement` };
        const sensitive = spec.dataClass === 'sensitive' || spec.dataClass === 'personal';
        return { kind: sensitive && !agreement.allowClear ? 'masked' : 'clear', reason: `agreement ${agreement.id}`, agreementId: agreement.id };
      };
    },
  };
}

/** The sharing service's interface. */
export type SharingService = ReturnType<typeof createSharingService>;
