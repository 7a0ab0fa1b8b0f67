import { sha256 } from '@noble/hashes/sha2.js';
import type { Clock } from '../../kernel/clock.ts';
import { toBase64, toHex, utf8 } from './bytes.ts';
import { parseCheckpoint } from './checkpoint.ts';
import { parseNote } from './note.ts';
import type { LedgerLog } from './ledger-log.ts';

/**
 * An anchor: the latest cosigned checkpoint of a log, exported for an external chain (a
 * court's evidence chain, a timestamping service). The external system stores
 * `checkpointSha256` (or the whole record); anyone holding the note can later show that
 * the log had this root at this size no later than the anchor's time. Format
 * `onething-ledger-anchor/v1`, documented in docs/ledger.md.
 */
export interface AnchorExport {
  format: 'onething-ledger-anchor/v1';
  origin: string;
  treeSize: number;
  /** Base64 root hash, as on the checkpoint's third line. */
  rootHash: string;
  hashSuite: string;
  /** The cosigned checkpoint note, verbatim. */
  checkpoint: string;
  /** Key names on the note other than the log's. */
  cosigners: string[];
  /** Hex SHA-256 of the note's UTF-8 bytes: the value to write on the external chain. */
  checkpointSha256: string;
  exportedAt: string;
}

/**
 * The anchor of a log's newest checkpoint with at least `minCosignatures`, recorded in the
 * database; undefined when there is none, or it is not newer than the last anchor.
 */
export async function exportAnchor(log: LedgerLog, deps: { clock: Clock; minCosignatures: number; lastSize?: number }): Promise<AnchorExport | undefined> {
  const latest = await log.latestCheckpoint(deps.minCosignatures);
  if (!latest || (deps.lastSize !== undefined && latest.size <= deps.lastSize)) return undefined;
  const parsed = parseNote(latest.note);
  const checkpoint = parseCheckpoint(parsed.text);
  const anchor: AnchorExport = {
    format: 'onething-ledger-anchor/v1',
    origin: checkpoint.origin,
    treeSize: checkpoint.size,
    rootHash: toBase64(checkpoint.rootHash),
    hashSuite: log.suite.name,
    checkpoint: latest.note,
    cosigners: [...new Set(parsed.signatures.map((s) => s.name).filter((n) => n !== checkpoint.origin))],
    checkpointSha256: toHex(sha256(utf8(latest.note))),
    exportedAt: deps.clock.now().toISOString(),
  };
  await log.recordAnchor(anchor.treeSize, anchor.exportedAt, JSON.stringify(anchor));
  return anchor;
}

/**
 * Exports an anchor every `intervalMs` of the injected clock. `tick()` does one check (call
 * it from tests, or let `start()` call it on a timer); `sink` receives each new anchor
 * (write a file, call the external chain). A failed sink is retried on the next tick.
 * @example const s = createAnchorScheduler({ log, clock, intervalMs: 10 * 60_000, minCosignatures: 4, sink }); const stop = s.start()
 */
export function createAnchorScheduler(deps: {
  log: LedgerLog;
  clock: Clock;
  intervalMs: number;
  minCosignatures: number;
  sink: (anchor: AnchorExport) => Promise<void>;
}) {
  if (!(deps.intervalMs > 0)) throw new Error('intervalMs: must be a positive number of milliseconds');
  let lastRun: number | undefined;
  let lastSize: number | undefined;
  let running = false;

  async function tick(): Promise<AnchorExport | undefined> {
    const now = deps.clock.now().getTime();
    if (running || (lastRun !== undefined && now - lastRun < deps.intervalMs)) return undefined;
    running = true;
    try {
      const anchor = await exportAnchor(deps.log, { clock: deps.clock, minCosignatures: deps.minCosignatures, lastSize });
      if (anchor) {
        await deps.sink(anchor);
        lastSize = anchor.treeSize;
      }
      lastRun = now;
      return anchor;
    } finally {
      running = false;
    }
  }

  return {
    tick,
    /** Checks every `checkEveryMs` (default a tenth of the interval) until the returned stop is called. */
    start(checkEveryMs = Math.max(1000, Math.floor(deps.intervalMs / 10))): () => void {
      const timer = setInterval(() => void tick().catch(() => undefined), checkEveryMs);
      timer.unref?.();
      return () => clearInterval(timer);
    },
  };
}
