import { AppError } from '../../kernel/errors.ts';
import type { EntryProof, EvidenceTrust } from '../../platform/evidence/evidence-log.ts';
import type { PledgeEvents } from './pledge-log.ts';
import type { PledgeRepository } from './pledge.repository.ts';
import type { HashAlg } from './pledge.types.ts';

/** The answer to "is this data registered, by whom, when, changed since, pledged?", with proofs to check it. */
export interface VerificationAnswer {
  fingerprint: string;
  hashAlg: HashAlg;
  registered: boolean;
  asset: { id: string; serial: string; name: string; ownerName: string; ownerUscc: string; registeredAt: string; version: number; status: string; registrationIndex: number } | null;
  /** A newer version of the same asset, when the data was changed since. */
  latestVersion: { id: string; version: number; fingerprint: string; registeredAt: string; registrationIndex: number } | null;
  changedSince: boolean;
  pledged: boolean;
  pledge: { bankName: string; pledgedAt: string; logIndex: number | null } | null;
  /** The registration entry with its inclusion proof and a quorum checkpoint (null until cosigned). */
  registrationProof: EntryProof | null;
  /** The pledge entry of an active pledge, proven the same way. */
  pledgeProof: EntryProof | null;
  /** The newer version's registration entry, proven the same way. */
  latestVersionProof: EntryProof | null;
  trust: EvidenceTrust;
}

/**
 * Verification for a bank, or anyone holding a certificate: answers from the database, with the
 * log entries and their inclusion proofs against a checkpoint cosigned by a quorum of institutions,
 * so the browser can check the answer without trusting the server.
 */
export function createVerificationService(deps: { repo: PledgeRepository; events: PledgeEvents }) {
  return {
    async verify(input: { fingerprint: string; hashAlg: HashAlg }): Promise<VerificationAnswer> {
      const fingerprint = input.fingerprint.toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(fingerprint)) throw new AppError('validation.failed', 'fingerprint: 64 hex digits', { errors: [{ field: 'query.fingerprint', rule: 'pattern', message: 'must be 64 hex digits' }] });
      const log = await deps.events.log();
      const trust = await log.trust();
      const a = await deps.repo.findByFingerprint(input.hashAlg, fingerprint);
      const empty = { fingerprint, hashAlg: input.hashAlg, asset: null, latestVersion: null, changedSince: false, pledged: false, pledge: null, registrationProof: null, pledgeProof: null, latestVersionProof: null, trust };
      if (!a) return { ...empty, registered: false };
      const lineage = await deps.repo.lineage(a.lineageId);
      const latest = lineage[lineage.length - 1];
      const pledgedVersion = lineage.find((v) => v.status === 'pledged');
      const active = pledgedVersion ? await deps.repo.activePledge(pledgedVersion.id) : undefined;
      const pledgeEvent = active ? (await deps.repo.events(active.assetId)).filter((e) => e.kind === 'pledge').pop() : undefined;
      return {
        fingerprint,
        hashAlg: input.hashAlg,
        registered: true,
        asset: { id: a.id, serial: a.serial, name: a.name, ownerName: a.ownerName, ownerUscc: a.ownerUscc, registeredAt: a.registeredAt, version: a.version, status: a.status, registrationIndex: a.registrationIndex },
        latestVersion: latest.id === a.id ? null : { id: latest.id, version: latest.version, fingerprint: latest.fingerprint, registeredAt: latest.registeredAt, registrationIndex: latest.registrationIndex },
        changedSince: latest.id !== a.id,
        pledged: Boolean(active),
        pledge: active ? { bankName: active.bankName, pledgedAt: active.pledgedAt, logIndex: pledgeEvent?.logIndex ?? null } : null,
        registrationProof: (await log.prove(a.registrationIndex)) ?? null,
        pledgeProof: pledgeEvent ? ((await log.prove(pledgeEvent.logIndex)) ?? null) : null,
        latestVersionProof: latest.id === a.id ? null : ((await log.prove(latest.registrationIndex)) ?? null),
        trust,
      };
    },
  };
}

/** The verification service. */
export type VerificationService = ReturnType<typeof createVerificationService>;
