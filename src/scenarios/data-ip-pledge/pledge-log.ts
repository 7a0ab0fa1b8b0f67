import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { Kysely } from 'kysely';
import type { AuditService } from '../../platform/audit/audit.service.ts';
import type { EvidenceServices } from '../../platform/evidence/evidence.services.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import type { PledgeRepository, PledgeTx } from './pledge.repository.ts';
import type { PledgeEventKind } from './pledge.types.ts';

/** The evidence log every pledge event goes to. */
export const PLEDGE_LOG = 'data-ip-pledge';

/**
 * Writes one pledge event: appends it to the evidence log (canonical JSON with the asset, the
 * actor and the time), then, in one transaction, the scenario's rows, the event row with the
 * entry's index and the audit record; then asks the witnesses to cosign the new head. Writes on
 * one key (an asset's lineage, a fingerprint) run one at a time, so the checks made before the
 * append still hold when the rows are written.
 */
export function createPledgeEvents(deps: { repo: PledgeRepository; evidence: EvidenceServices; audit: AuditService; clock: Clock; ids: IdGenerator }) {
  const locks = new Map<string, Promise<unknown>>();

  return {
    log: () => deps.evidence.log(PLEDGE_LOG, { hashSuite: 'sha256' }),

    /** Runs `work` after every earlier call with the same key has finished. */
    async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
      const before = locks.get(key) ?? Promise.resolve();
      const run = before.then(work, work);
      const settled = run.then(() => undefined, () => undefined);
      locks.set(key, settled);
      try {
        return await run;
      } finally {
        if (locks.get(key) === settled) locks.delete(key);
      }
    },

    /** Appends the event, writes its rows with `write(trx, logIndex)` and publishes; resolves with the log index. */
    async record(actor: Actor, input: { assetId: string; kind: PledgeEventKind; facts: Record<string, unknown>; write: (trx: PledgeTx, index: number) => Promise<void> }): Promise<{ index: number; at: string }> {
      const log = await this.log();
      const at = deps.clock.now().toISOString();
      const entry = await log.append({ ...input.facts, kind: input.kind, assetId: input.assetId, at, actor: actor.username, org: actor.org.code });
      await deps.repo.transaction(async (trx) => {
        await input.write(trx, entry.index);
        await deps.repo.insertEvent(trx, { id: deps.ids.next('dpe'), assetId: input.assetId, kind: input.kind, at, actorId: actor.userId, orgId: actor.org.id, logIndex: entry.index, entry: entry.data });
        await deps.audit.record({ actor, action: `pledge.${input.kind}`, target: input.assetId, details: { logIndex: entry.index } }, trx as unknown as Kysely<unknown>);
      });
      // The write is committed: a failed cosigning round is retried by the schedule every second.
      await log.publish().catch(() => undefined);
      return { index: entry.index, at };
    },
  };
}

/** The event writer. */
export type PledgeEvents = ReturnType<typeof createPledgeEvents>;
