import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import {
  createAnchorScheduler, createLedger, generateSignerKey, parseSignerKey, parseVerifierKey, utf8,
  type AnchorExport, type HashSuiteName, type SignerKey, type WitnessedLog,
} from '../../engines/ledger/index.ts';
import { createAuditTrail } from './audit-trail.ts';
import { createEvidenceLog, type EvidenceLog } from './evidence-log.ts';
import { createEvidenceRepository } from './evidence.repository.ts';
import { createKeyVault } from './key-vault.ts';
import { createWitnessRegistry } from './witnesses.ts';

/** The name of the log the audit trail is hashed into. */
export const AUDIT_TRAIL_LOG = 'audit-trail';

/** How a named platform log is created on first use. */
export interface EvidenceLogSpec {
  hashSuite?: HashSuiteName;
  /** Keep the fingerprint → entry table (default true); the audit trail, checked by index, skips it. */
  lookupByLeafHash?: boolean;
}

/** Options of the background schedules. */
export interface EvidenceScheduleOptions {
  /** How often the audit trail is sealed and new entries get a cosigned checkpoint (default 1 s). */
  publishEveryMs?: number;
  /** How often the newest cosigned checkpoint of each log is exported as an anchor (default 10 min). */
  anchorEveryMs?: number;
  /** Receives each anchor (write it to the external chain); anchors are recorded in the database either way. */
  sink?: (anchor: AnchorExport) => Promise<void>;
  /** Told about a failed round (logged by the server). */
  onError?: (error: unknown) => void;
}

/**
 * The platform's evidence logs: named logs on the ledger engine, each with its own Ed25519 key
 * wrapped by the master key; witnesses per institution with a quorum of all but one; the audit
 * trail sealed into a log; cosigning and anchoring on a schedule.
 * @example const log = await evidence.log('data-ip-pledge'); await log.append({ kind: 'x' }); await log.publish()
 */
export function createEvidenceServices(deps: { database: Database; clock: Clock; ids: IdGenerator; masterKey: Uint8Array | null; originPrefix?: string }) {
  const originPrefix = deps.originPrefix ?? 'onething.local';
  const vault = createKeyVault(deps.masterKey);
  const repo = createEvidenceRepository(deps.database);
  const ledger = createLedger({ database: deps.database, clock: deps.clock, ids: deps.ids });
  const followedLogs = async (): Promise<WitnessedLog[]> =>
    (await repo.listLogs()).map((r) => ({ origin: r.origin, keys: [parseVerifierKey(r.verifierKey)], hashSuite: r.hashSuite as HashSuiteName }));
  const witnesses = createWitnessRegistry({ repo, ledgerRepo: ledger.repo, clock: deps.clock, vault, originPrefix, followedLogs });
  const opened = new Map<string, Promise<EvidenceLog>>();
  const keyLabel = (name: string) => `evidence.log:${name}`;

  async function openOrCreate(name: string, spec: EvidenceLogSpec): Promise<EvidenceLog> {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) throw new Error(`log name "${name}": lower-case letters, digits and dashes`);
    let row = await repo.findLog(name);
    if (!row) {
      const origin = `${originPrefix}/${name}`;
      const signer = generateSignerKey(origin, 'ed25519');
      row = { name, origin, hashSuite: spec.hashSuite ?? 'sha256', verifierKey: signer.verifier.text, signerKeyWrapped: vault.wrap(utf8(signer.text), keyLabel(name)) };
      // The key row first: a crash before the ledger log exists is repaired below on the next open.
      await repo.insertLog(row, deps.clock.now().toISOString());
      witnesses.invalidate();
    }
    const log = (await ledger.openLog(row.origin)) ?? (await ledger.createLog({ origin: row.origin, hashSuite: row.hashSuite as HashSuiteName, lookupByLeafHash: spec.lookupByLeafHash ?? true }));
    const wrapped = row.signerKeyWrapped;
    let signer: SignerKey | undefined;
    const openSigner = () => (signer ??= parseSignerKey(new TextDecoder().decode(vault.unwrap(wrapped, keyLabel(name)))));
    return createEvidenceLog({ name, log, verifier: parseVerifierKey(row.verifierKey), signer: openSigner, witnesses });
  }

  /** A named log, created with `spec` on first use; one writer per process. */
  function log(name: string, spec: EvidenceLogSpec = {}): Promise<EvidenceLog> {
    let p = opened.get(name);
    if (!p) {
      p = openOrCreate(name, spec);
      opened.set(name, p);
      p.catch(() => opened.delete(name));
    }
    return p;
  }

  const auditTrail = createAuditTrail({ repo, clock: deps.clock, log: () => log(AUDIT_TRAIL_LOG, { lookupByLeafHash: false }) });

  return {
    vault,
    witnesses,
    auditTrail,
    log,
    /** The platform's logs (name, origin, hash suite) with their committed heads. */
    async listLogs() {
      const heads = new Map((await ledger.listLogs()).map((l) => [l.origin, l]));
      return (await repo.listLogs()).map((r) => ({ name: r.name, origin: r.origin, hashSuite: r.hashSuite, verifierKey: r.verifierKey, size: heads.get(r.origin)?.size ?? 0 }));
    },
    /** Anchors exported for a log, oldest first. */
    async anchors(name: string): Promise<AnchorExport[]> {
      const l = await log(name);
      return (await l.ledgerLog.listAnchors()).map((a) => JSON.parse(a.payload) as AnchorExport);
    },
    /**
     * Starts the schedules: seal the audit trail and publish a cosigned checkpoint of every open
     * log that grew, every `publishEveryMs`; export anchors every `anchorEveryMs`. Returns an async stop.
     */
    startSchedules(options: EvidenceScheduleOptions = {}): () => Promise<void> {
      if (!vault.ready) return async () => undefined;
      const anchorSchedulers = new Map<string, ReturnType<typeof createAnchorScheduler>>();
      let busy = false;
      let current: Promise<void> = Promise.resolve();
      const tick = async () => {
        if (busy) return;
        busy = true;
        try {
          await auditTrail.seal();
          for (const p of opened.values()) {
            const l = await p;
            const latest = await l.ledgerLog.latestCheckpoint(0);
            if (!latest || latest.size < l.ledgerLog.head().size || (await l.latestCosigned())?.size !== latest.size) await l.publish();
            let s = anchorSchedulers.get(l.name);
            if (!s) {
              const { quorum } = await l.trustPolicy();
              s = createAnchorScheduler({ log: l.ledgerLog, clock: deps.clock, intervalMs: options.anchorEveryMs ?? 600_000, minCosignatures: quorum, sink: options.sink ?? (async () => undefined) });
              anchorSchedulers.set(l.name, s);
            }
            await s.tick();
          }
        } catch (error) {
          options.onError?.(error);
        } finally {
          busy = false;
        }
      };
      const timer = setInterval(() => {
        if (!busy) current = tick();
      }, options.publishEveryMs ?? 1000);
      timer.unref?.();
      // Stopping waits for a round in progress, so the database can be closed right after.
      return async () => {
        clearInterval(timer);
        await current;
      };
    },
  };
}

/** The evidence services. */
export type EvidenceServices = ReturnType<typeof createEvidenceServices>;
