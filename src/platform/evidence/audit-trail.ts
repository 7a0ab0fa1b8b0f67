import { createHash } from 'node:crypto';
import type { Clock } from '../../kernel/clock.ts';
import { getHashSuite, rootFromLeafHashes, toBase64, verifyCheckpoint } from '../../engines/ledger/index.ts';
import type { AuditRow, EvidenceRepository } from './evidence.repository.ts';
import { canonicalJson, type EvidenceLog } from './evidence-log.ts';

/** Rows that arrive late (a transaction that began before a seal ran) are picked up within this window. */
const LATE_WINDOW_MS = 60_000;
const PAGE = 1000;

/** The canonical hash of one audit row: SHA-256 (hex) of the canonical JSON of every column. */
export function auditRowHash(row: AuditRow): string {
  const record = {
    id: row.id, at: row.at, actorId: row.actor_id, actorName: row.actor_name, role: row.role, orgId: row.org_id, action: row.action,
    target: row.target, purpose: row.purpose, personal: Number(row.personal), ip: row.ip, details: row.details,
  };
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

/** One finding of an audit-trail check. */
export interface AuditProblem {
  auditId: string | null;
  logIndex: number | null;
  problem: 'changed' | 'deleted' | 'seal_changed' | 'entry_changed' | 'unsealed' | 'checkpoint';
  detail: string;
}

/** What a check of the audit trail found. */
export interface AuditVerification {
  ok: boolean;
  checkedRows: number;
  checkpoint: { size: number; rootHash: string; cosigners: string[] } | null;
  /** Sealed entries beyond the newest cosigned checkpoint (checked against their seals only). */
  unpublished: number;
  problems: AuditProblem[];
}

/**
 * The platform's audit trail hashed into an evidence log: `seal()` appends the canonical hash of
 * every audit row not yet sealed and records which entry holds it; `verify()` recomputes every
 * row's hash, compares it with its log entry, and recomputes the log's root from the entries to
 * match the cosigned checkpoint, so a changed, removed or back-dated row is reported by id.
 */
export function createAuditTrail(deps: { repo: EvidenceRepository; log: () => Promise<EvidenceLog>; clock: Clock }) {
  let sealing: Promise<number> = Promise.resolve(0);

  async function sealNow(): Promise<number> {
    const log = await deps.log();
    const last = await deps.repo.latestSealAt();
    const since = last ? new Date(new Date(last).getTime() - LATE_WINDOW_MS).toISOString() : '';
    let total = 0;
    for (;;) {
      const rows = await deps.repo.unsealedAuditRows(since, PAGE);
      if (rows.length === 0) break;
      const hashes = rows.map(auditRowHash);
      const appended = await Promise.all(rows.map((r, i) => log.append({ kind: 'audit', auditId: r.id, at: r.at, rowSha256: hashes[i] })));
      await deps.repo.insertSeals(rows.map((r, i) => ({ auditId: r.id, logIndex: appended[i].index, auditAt: r.at, rowHash: hashes[i] })), deps.clock.now().toISOString());
      total += rows.length;
      if (rows.length < PAGE) break;
    }
    return total;
  }

  return {
    /** Appends every unsealed audit row's hash to the audit-trail log; resolves with how many. Runs one at a time. */
    seal(): Promise<number> {
      const next = sealing.then(sealNow, sealNow);
      sealing = next.catch(() => 0);
      return next;
    },

    /** Recomputes and compares everything; lists each problem with the audit row id and log index. */
    async verify(): Promise<AuditVerification> {
      const log = await deps.log();
      const suite = getHashSuite(log.hashSuite);
      const problems: AuditProblem[] = [];
      const policy = await log.trustPolicy();
      const latest = await log.latestCosigned();
      let checkpoint: AuditVerification['checkpoint'] = null;
      let root: Uint8Array | undefined;
      let size = 0;
      if (latest) {
        try {
          const trusted = await verifyCheckpoint(latest.note, policy);
          size = trusted.size;
          root = trusted.rootHash;
          checkpoint = { size, rootHash: toBase64(root), cosigners: [...new Set(trusted.cosignatures.map((c) => c.name))] };
        } catch (e) {
          problems.push({ auditId: null, logIndex: null, problem: 'checkpoint', detail: (e as Error).message });
        }
      }
      const leafHashes: Uint8Array[] = [];
      let checkedRows = 0;
      let unpublished = 0;
      for (let from = 0; ; ) {
        const page = await deps.repo.sealsWithRows(from, PAGE);
        if (page.length === 0) break;
        for (const { seal, row } of page) {
          checkedRows++;
          const entry = await log.getEntry(seal.logIndex);
          const data = entry ? new TextDecoder().decode(entry.data) : '';
          if (entry) {
            if (seal.logIndex < size) leafHashes[seal.logIndex] = suite.leafHash(entry.data);
            else unpublished++;
          }
          let recorded: { auditId?: string; rowSha256?: string } = {};
          try {
            recorded = JSON.parse(data) as typeof recorded;
          } catch {
            // A missing or unreadable entry is reported below.
          }
          if (!entry || recorded.auditId !== seal.auditId) {
            problems.push({ auditId: seal.auditId, logIndex: seal.logIndex, problem: 'entry_changed', detail: `log entry ${seal.logIndex} does not record audit row ${seal.auditId}` });
            continue;
          }
          if (recorded.rowSha256 !== seal.rowHash) problems.push({ auditId: seal.auditId, logIndex: seal.logIndex, problem: 'seal_changed', detail: `the seal's hash differs from log entry ${seal.logIndex}` });
          if (!row) {
            problems.push({ auditId: seal.auditId, logIndex: seal.logIndex, problem: 'deleted', detail: `audit row ${seal.auditId} sealed at entry ${seal.logIndex} is gone` });
            continue;
          }
          const now = auditRowHash(row);
          if (now !== recorded.rowSha256) problems.push({ auditId: row.id, logIndex: seal.logIndex, problem: 'changed', detail: `audit row ${row.id} hashes to ${now.slice(0, 16)}…, log entry ${seal.logIndex} recorded ${String(recorded.rowSha256).slice(0, 16)}…` });
        }
        from = page[page.length - 1].seal.logIndex + 1;
      }
      if (root) {
        // Entries of the log that are not seals (none are written) would leave holes: read them too.
        for (let i = 0; i < size; i++) {
          if (leafHashes[i]) continue;
          const entry = await log.getEntry(i);
          if (entry) leafHashes[i] = suite.leafHash(entry.data);
        }
        const recomputed = leafHashes.length === size && leafHashes.every(Boolean) ? rootFromLeafHashes(suite, leafHashes.slice(0, size)) : undefined;
        if (!recomputed || toBase64(recomputed) !== toBase64(root)) {
          problems.push({ auditId: null, logIndex: null, problem: 'entry_changed', detail: `the log's entries no longer hash to the cosigned root at size ${size}: an entry was changed` });
        }
      }
      const last = await deps.repo.latestSealAt();
      if (last) {
        const horizon = new Date(new Date(last).getTime() - LATE_WINDOW_MS).toISOString();
        const missing = await deps.repo.countUnsealedBefore(horizon);
        if (missing > 0) problems.push({ auditId: null, logIndex: null, problem: 'unsealed', detail: `${missing} audit rows older than ${horizon} have no seal (inserted behind the trail, or their seal was removed)` });
      }
      return { ok: problems.length === 0, checkedRows, checkpoint, unpublished, problems };
    },
  };
}

/** The audit trail's interface. */
export type AuditTrail = ReturnType<typeof createAuditTrail>;
