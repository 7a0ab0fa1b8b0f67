import { AppError } from '../../kernel/errors.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import { isOwner, seesConfidential } from './access.ts';
import type { AssetRecord, PledgeRepository } from './pledge.repository.ts';

/** An asset as anyone signed in may see it: the registration is public notice. */
export function publicAsset(a: AssetRecord) {
  return {
    id: a.id, serial: a.serial, lineageId: a.lineageId, version: a.version, previousId: a.previousId, ownerUscc: a.ownerUscc, ownerName: a.ownerName,
    name: a.name, description: a.description, subjectClasses: a.subjectClasses, schema: a.schema, hashAlg: a.hashAlg, fingerprint: a.fingerprint,
    fileName: a.fileName, fileSize: a.fileSize, quality: a.quality, status: a.status, registeredAt: a.registeredAt, registrationIndex: a.registrationIndex,
  };
}

/** Reads of data assets, scoped: the public registration for every signed-in user, the confidential parts for owner, banks involved and admin. */
export function createPledgeQueries(deps: { repo: PledgeRepository }) {
  return {
    /** The actor's list: a company's own assets, a bank's valued ones, everything for the admin; others none. */
    async list(actor: Actor) {
      const limit = 200;
      let items: AssetRecord[] = [];
      if ((actor.role === 'enterprise' || actor.role === 'agent') && actor.enterpriseUscc) items = await deps.repo.listAssets({ ownerUscc: actor.enterpriseUscc, limit });
      else if (actor.role === 'bank') items = await deps.repo.listAssets({ bankOrgId: actor.org.id, limit });
      else if (actor.role === 'platform_admin') items = await deps.repo.listAssets({ limit });
      return { items: items.map(publicAsset) };
    },

    /** One asset with its events (log indices), versions, and what the actor may see besides. */
    async detail(actor: Actor, id: string) {
      const a = await deps.repo.getAsset(id);
      if (!a) throw new AppError('not_found', `No data asset ${id}`);
      const [events, lineage, valuations, pledges] = await Promise.all([deps.repo.events(id), deps.repo.lineage(a.lineageId), deps.repo.valuations(id), deps.repo.pledges(id)]);
      const confidential = seesConfidential(actor, a, [...valuations.map((v) => v.bankOrgId), ...pledges.map((p) => p.bankOrgId)]);
      const owner = isOwner(actor, a);
      const active = pledges.find((p) => p.status === 'active');
      const custody = owner || actor.role === 'platform_admin' ? await deps.repo.getCustody(id) : undefined;
      const ownBank = (orgId: string) => actor.role === 'platform_admin' || owner || orgId === actor.org.id;
      return {
        asset: publicAsset(a),
        events: events.map((e) => ({ kind: e.kind, at: e.at, logIndex: e.logIndex })),
        versions: lineage.map((v) => ({ id: v.id, version: v.version, fingerprint: v.fingerprint, registeredAt: v.registeredAt, status: v.status })),
        activePledge: active ? { bankName: active.bankName, pledgedAt: active.pledgedAt } : null,
        consents: confidential ? await deps.repo.consents(id) : null,
        custody: custody ? { size: custody.size, storedAt: custody.storedAt } : null,
        grants: owner || actor.role === 'platform_admin' ? await deps.repo.grants(id) : null,
        valuations: confidential ? valuations.filter((v) => ownBank(v.bankOrgId)) : [],
        pledges: confidential ? pledges.filter((p) => ownBank(p.bankOrgId)) : [],
        canManage: owner,
        canLend: actor.role === 'bank',
      };
    },
  };
}

/** The read side. */
export type PledgeQueries = ReturnType<typeof createPledgeQueries>;
