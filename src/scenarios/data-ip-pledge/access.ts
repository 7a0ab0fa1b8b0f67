import { AppError } from '../../kernel/errors.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import type { AssetRecord } from './pledge.repository.ts';

/** The company an actor registers for (enterprise users and agents acting for one), or 403. */
export function companyOf(actor: Actor): string {
  if ((actor.role !== 'enterprise' && actor.role !== 'agent') || !actor.enterpriseUscc) {
    throw new AppError('auth.forbidden', 'Only a company user (or its agent) registers and manages its data assets');
  }
  return actor.enterpriseUscc;
}

/** Whether the actor acts for the asset's owner. */
export function isOwner(actor: Actor, asset: AssetRecord): boolean {
  return (actor.role === 'enterprise' || actor.role === 'agent') && actor.enterpriseUscc === asset.ownerUscc;
}

/** The owner, or 403. */
export function requireOwner(actor: Actor, asset: AssetRecord): void {
  if (!isOwner(actor, asset)) throw new AppError('auth.forbidden', `Only the owner of data asset ${asset.id} may do this`);
}

/** A bank user, or 403. */
export function requireBank(actor: Actor): void {
  if (actor.role !== 'bank') throw new AppError('auth.forbidden', 'Only a bank user values, pledges and lends');
}

/** Whether the actor sees an asset's confidential parts (consents, custody, valuations, loans): its owner, a bank that valued it, the platform admin. */
export function seesConfidential(actor: Actor, asset: AssetRecord, bankOrgIds: readonly string[]): boolean {
  return isOwner(actor, asset) || actor.role === 'platform_admin' || (actor.role === 'bank' && bankOrgIds.includes(actor.org.id));
}
