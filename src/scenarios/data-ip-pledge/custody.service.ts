import { randomBytes } from 'node:crypto';
import { AppError } from '../../kernel/errors.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import { openBytes, sealBytes } from '../../platform/evidence/key-vault.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { isOwner, requireOwner } from './access.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { PledgeEvents } from './pledge-log.ts';
import type { AssetRecord, GrantRecord, PledgeRepository } from './pledge.repository.ts';
import type { HashAlg } from './pledge.types.ts';

/** The largest file taken into custody. */
export const CUSTODY_MAX_BYTES = 20 * 1024 * 1024;

/** The bytes of a custody upload, checked: base64, at most `CUSTODY_MAX_BYTES`, and the registered fingerprint. */
export function custodyBytes(base64: string, hashAlg: HashAlg, fingerprint: string): Uint8Array {
  const field = (rule: string, message: string) => new AppError('validation.failed', `custodyData: ${message}`, { errors: [{ field: 'body.custodyData', rule, message }] });
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw field('base64', 'must be base64');
  const data = new Uint8Array(Buffer.from(base64, 'base64'));
  if (data.length > CUSTODY_MAX_BYTES) throw field('maxBytes', `${data.length} bytes exceed ${CUSTODY_MAX_BYTES}`);
  const digest = fingerprintOf(data, hashAlg);
  if (digest !== fingerprint) throw field('fingerprint', `the file is not the registered data: its ${hashAlg} is ${digest}, the fingerprint ${fingerprint}`);
  return data;
}

/**
 * Custody of the raw data, only when the company chooses it: AES-256-GCM under a data key of
 * its own per asset, the data key wrapped by the platform's master key; retrieval by the owner
 * or by an organisation the owner granted (grant and revoke are logged, every retrieval and
 * every refusal audited).
 */
export function createCustodyService(deps: { platform: PlatformServices; repo: PledgeRepository; events: PledgeEvents; clock: Clock; ids: IdGenerator }) {
  const vault = deps.platform.evidence.vault;
  const dataLabel = (assetId: string) => `pledge.custody:${assetId}`;
  const keyLabel = (assetId: string) => `pledge.datakey:${assetId}`;

  async function asset(id: string): Promise<AssetRecord> {
    const a = await deps.repo.getAsset(id);
    if (!a) throw new AppError('not_found', `No data asset ${id}`);
    return a;
  }

  return {
    /** Encrypts and stores the asset's file; its digest must be the registered fingerprint. */
    async deposit(actor: Actor, assetId: string, base64: string): Promise<void> {
      const a = await asset(assetId);
      requireOwner(actor, a);
      const data = custodyBytes(base64, a.hashAlg, a.fingerprint);
      await deps.events.withLock(`lineage:${a.lineageId}`, async () => {
        if (await deps.repo.getCustody(assetId)) throw new AppError('conflict.in_custody', `Data asset ${assetId} is already in custody`);
        const dataKey = new Uint8Array(randomBytes(32));
        const { nonce, ciphertext } = sealBytes(dataKey, data, dataLabel(assetId));
        const wrappedKey = vault.wrap(dataKey, keyLabel(assetId));
        dataKey.fill(0);
        const ciphertextSha256 = fingerprintOf(ciphertext, 'sha256');
        await deps.events.record(actor, {
          assetId, kind: 'custody', facts: { fingerprint: a.fingerprint, size: data.length, cipher: 'AES-256-GCM', ciphertextSha256 },
          write: (trx) => deps.repo.insertCustody(trx, { assetId, wrappedKey, nonce, ciphertext, size: data.length, storedAt: deps.clock.now().toISOString() }),
        });
      });
    },

    /** Lets an organisation (by code) retrieve the data in custody. */
    async grant(actor: Actor, assetId: string, orgCode: string): Promise<GrantRecord> {
      const a = await asset(assetId);
      requireOwner(actor, a);
      const org = await deps.platform.identity.findOrgByCode(orgCode);
      if (!org) throw new AppError('validation.failed', `No organisation with code ${orgCode}`, { errors: [{ field: 'body.orgCode', rule: 'exists', message: `no organisation ${orgCode}` }] });
      if (!(await deps.repo.getCustody(assetId))) throw new AppError('conflict.not_in_custody', `Data asset ${assetId} is not in custody: there is nothing to grant`);
      return deps.events.withLock(`lineage:${a.lineageId}`, async () => {
        if (await deps.repo.activeGrant(assetId, org.id)) throw new AppError('conflict.granted', `${org.name} already holds a grant`);
        const g: GrantRecord = { id: deps.ids.next('dpg'), assetId, granteeOrgId: org.id, granteeName: org.name, grantedBy: actor.userId, grantedAt: deps.clock.now().toISOString(), revokedAt: null };
        await deps.events.record(actor, { assetId, kind: 'grant', facts: { grantee: org.code, grantId: g.id }, write: (trx) => deps.repo.insertGrant(trx, g) });
        return g;
      });
    },

    /** Withdraws a grant. */
    async revoke(actor: Actor, assetId: string, grantId: string): Promise<void> {
      const a = await asset(assetId);
      requireOwner(actor, a);
      const g = (await deps.repo.grants(assetId)).find((x) => x.id === grantId);
      if (!g) throw new AppError('not_found', `No grant ${grantId} on data asset ${assetId}`);
      if (g.revokedAt) throw new AppError('conflict.revoked', `Grant ${grantId} was already revoked`);
      await deps.events.withLock(`lineage:${a.lineageId}`, () =>
        deps.events.record(actor, {
          assetId, kind: 'revoke', facts: { grantId, grantee: g.granteeOrgId },
          write: async (trx) => {
            if (!(await deps.repo.revokeGrant(trx, grantId, deps.clock.now().toISOString()))) throw new AppError('conflict.revoked', `Grant ${grantId} was already revoked`);
          },
        }));
    },

    /** The decrypted file, for the owner or a grantee; refusals are audited too. */
    async retrieve(actor: Actor, assetId: string): Promise<{ data: Uint8Array; fileName: string }> {
      const a = await asset(assetId);
      const grant = isOwner(actor, a) ? undefined : await deps.repo.activeGrant(assetId, actor.org.id);
      if (!isOwner(actor, a) && !grant) {
        await deps.platform.audit.record({ actor, action: 'pledge.custody.refused', target: assetId, details: { reason: 'no grant' } });
        throw new AppError('auth.forbidden', `Only the owner, or an organisation it granted, may retrieve data asset ${assetId}`);
      }
      const stored = await deps.repo.getCustody(assetId);
      if (!stored) throw new AppError('not_found', `Data asset ${assetId} is not in custody`);
      const dataKey = vault.unwrap(stored.wrappedKey, keyLabel(assetId));
      const data = openBytes(dataKey, stored.nonce, stored.ciphertext, dataLabel(assetId));
      dataKey.fill(0);
      if (fingerprintOf(data, a.hashAlg) !== a.fingerprint) throw new AppError('internal', `Data asset ${assetId}: decrypted data does not match its fingerprint`);
      await deps.platform.audit.record({ actor, action: 'pledge.custody.retrieve', target: assetId, details: { grantId: grant?.id ?? null, size: data.length } });
      return { data, fileName: a.fileName ?? `${a.id}.bin` };
    },
  };
}

/** The custody service. */
export type CustodyService = ReturnType<typeof createCustodyService>;
