import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { Database } from '../../db/index.ts';
import { getHashSuite, type HashSuite, type HashSuiteName } from './hash-suite.ts';
import { getNodeHashSuite } from './hash-suite.node.ts';
import { createLedgerRepository, type LedgerRepository, type LogRow, type StoredEntry } from './ledger.repository.ts';
import { TreeState } from './tree-state.ts';
import { createProofReader, type ProofReader } from './proof-reader.ts';
import { formatCheckpoint, type Checkpoint } from './checkpoint.ts';
import { signNote } from './note.ts';
import type { SignerKey } from './keys.ts';

/** Where an appended entry landed. */
export interface AppendResult {
  index: number;
  leafHash: Uint8Array;
}

interface Pending {
  seq: number;
  data: Uint8Array;
  resolve(r: AppendResult): void;
  reject(e: unknown): void;
}

/** Where a bulk append landed: entries first … first + count − 1. */
export interface BulkAppendResult {
  first: number;
  count: number;
}

interface BulkJob {
  seq: number;
  data: readonly Uint8Array[];
  transactionSize: number;
  resolve(r: BulkAppendResult): void;
  reject(e: unknown): void;
}

/** Options of a log's writer. */
export interface LedgerLogOptions {
  /** Most entries per transaction (default 4096). */
  maxBatch?: number;
  /**
   * Time bound of a transaction (default 25 ms): a batch takes at most as many entries as the
   * recent cost per entry says fit in it (never fewer than 256), so a backlog is committed as
   * several short transactions, the first acknowledged early, instead of one long one. Below
   * capacity an append then waits at most for the transaction in flight and its own: ≈ 2 × 25 ms.
   */
  maxBatchMs?: number;
  /** Full tiles kept in memory for proofs (default 256, 0 disables). */
  cacheTiles?: number;
  /** Test hook: runs inside each batch's transaction before it commits (throw to simulate a crash). */
  beforeCommit?: () => Promise<void>;
  /** Observes every committed batch: how many entries and how long the transaction took. */
  onCommit?: (batch: { entries: number; ms: number }) => void;
  /**
   * SQLite only: WAL pages after which the ledger's commits checkpoint (default 8192 = 32 MiB; the
   * connection's own setting applies to other modules' commits). Larger amortizes the fsyncs,
   * smaller makes each checkpoint stall shorter. Set per ledger (createLedger's options).
   */
  walAutocheckpoint?: number;
}

const MIN_BATCH = 256;

/**
 * One append-only log: appends with group commit (every append waiting while a transaction
 * runs goes into the next one, and resolves only after that commit), proofs from tiles,
 * and signed checkpoints. One writer per log; a second writer's commit fails with
 * LogConflictError instead of forking.
 */
export class LedgerLog {
  private pending: Pending[] = [];
  private bulk: BulkJob[] = [];
  private seq = 0;
  /** Recent cost of committing one entry (hashing, tiles, transaction), for the time bound. */
  private msPerEntry = 0;
  private flushing: Promise<void> | undefined;
  readonly proofs: ProofReader;
  readonly suite: HashSuite;

  constructor(
    private readonly repo: LedgerRepository,
    private row: LogRow,
    private state: TreeState,
    private readonly clock: Clock,
    private readonly options: LedgerLogOptions,
  ) {
    this.suite = getNodeHashSuite(row.hashSuite);
    this.proofs = createProofReader({ repo, logId: row.id, suite: this.suite, cacheTiles: options.cacheTiles });
  }

  /** The log's id. */
  get id(): string {
    return this.row.id;
  }

  /** The log's origin (checkpoint first line and key name). */
  get origin(): string {
    return this.row.origin;
  }

  /** Committed size and root. */
  head(): Checkpoint {
    return { origin: this.row.origin, size: this.row.size, rootHash: this.row.rootHash };
  }

  /**
   * Appends one entry; resolves with its index once the batch holding it is committed.
   * @example const { index } = await log.append(new TextEncoder().encode('{"fingerprint":"…"}'))
   */
  append(data: Uint8Array): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ seq: this.seq++, data, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Appends many entries (all in as few transactions as maxBatch allows). */
  appendMany(data: readonly Uint8Array[]): Promise<AppendResult[]> {
    return Promise.all(data.map((d) => this.append(d)));
  }

  /**
   * Bulk load: appends the entries in order, in transactions of `transactionSize` entries
   * (default 65,536), without a promise per entry. Same rows and tiles as append(); appends
   * queued before it are committed first, those made meanwhile after it. If a transaction
   * fails, the entries of the earlier ones stay committed and the promise rejects.
   * @example const { first, count } = await log.appendBulk(rows)
   */
  appendBulk(data: readonly Uint8Array[], options: { transactionSize?: number } = {}): Promise<BulkAppendResult> {
    const transactionSize = options.transactionSize ?? 65_536;
    if (!Number.isSafeInteger(transactionSize) || transactionSize < 1) return Promise.reject(new Error('transactionSize: must be a positive integer'));
    return new Promise((resolve, reject) => {
      this.bulk.push({ seq: this.seq++, data, transactionSize, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Resolves when every append queued so far has been committed or rejected. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** How many queued appends the next transaction takes: bounded by maxBatch and by maxBatchMs. */
  private batchSize(): number {
    const max = this.options.maxBatch ?? 4096;
    if (this.msPerEntry <= 0) return max;
    return Math.max(Math.min(MIN_BATCH, max), Math.min(max, Math.floor((this.options.maxBatchMs ?? 25) / this.msPerEntry)));
  }

  private async flushLoop(): Promise<void> {
    // Yield once so appends made in the same tick share the first transaction.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.pending.length > 0 || this.bulk.length > 0) {
        const job = this.bulk[0];
        if (job && (this.pending.length === 0 || job.seq < this.pending[0].seq)) {
          this.bulk.shift();
          await this.runBulk(job);
          continue;
        }
        // Single appends queued before the next bulk job, within the size and time bounds.
        let n = Math.min(this.pending.length, this.batchSize());
        if (job) while (n > 0 && this.pending[n - 1].seq > job.seq) n--;
        const batch = this.pending.splice(0, n);
        try {
          const started = performance.now();
          const results = await this.commit(batch.map((p) => p.data));
          const perEntry = (performance.now() - started) / batch.length;
          this.msPerEntry = this.msPerEntry === 0 ? perEntry : 0.8 * this.msPerEntry + 0.2 * perEntry;
          batch.forEach((p, i) => p.resolve(results[i]));
        } catch (error) {
          batch.forEach((p) => p.reject(error));
          // If even the reload fails (database gone), the next append's commit reports it.
          await this.reload().catch(() => undefined);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async runBulk(job: BulkJob): Promise<void> {
    const first = this.state.size;
    try {
      for (let i = 0; i < job.data.length; i += job.transactionSize) await this.commit(job.data.slice(i, i + job.transactionSize));
      job.resolve({ first, count: job.data.length });
    } catch (error) {
      job.reject(error);
      await this.reload().catch(() => undefined);
    }
  }

  private async commit(batch: readonly Uint8Array[]): Promise<AppendResult[]> {
    const oldSize = this.state.size;
    const results: AppendResult[] = [];
    const entries = batch.map((data) => {
      const leafHash = this.suite.leafHash(data);
      const index = this.state.append(leafHash);
      results.push({ index, leafHash });
      return { index, leafHash, data };
    });
    const rootHash = this.state.root();
    const at = this.clock.now().toISOString();
    const started = performance.now();
    await this.repo.commitBatch(
      { logId: this.row.id, oldSize, newSize: this.state.size, rootHash, entries, indexLeafHashes: this.row.lookupByLeafHash, tiles: this.state.takeDirtyTiles(), at },
      this.options.beforeCommit,
    );
    this.options.onCommit?.({ entries: batch.length, ms: performance.now() - started });
    this.row = { ...this.row, size: this.state.size, rootHash };
    return results;
  }

  /** Re-reads the committed state after a failed batch, dropping whatever it had in memory. */
  async reload(): Promise<void> {
    this.row = await this.repo.getLog(this.row.id);
    this.state = await TreeState.load(this.suite, this.row.size, (keys) => this.repo.readTiles(this.row.id, keys));
    this.proofs.clearCache();
  }

  /** A stored entry by index. */
  getEntry(index: number): Promise<StoredEntry | undefined> {
    return this.repo.getEntry(this.row.id, index);
  }

  /**
   * Entries whose leaf hash is this one (the same data appended more than once gives several).
   * Only for logs created with `lookupByLeafHash` (the default).
   */
  findByLeafHash(leafHash: Uint8Array): Promise<StoredEntry[]> {
    if (!this.row.lookupByLeafHash) return Promise.reject(new Error(`log ${this.row.origin} was created without lookupByLeafHash`));
    return this.repo.findEntriesByLeafHash(this.row.id, leafHash);
  }

  /**
   * Signs a checkpoint of the committed head with the log's key(s) (names must equal the
   * origin) and stores it.
   */
  async signCheckpoint(keys: readonly SignerKey[]): Promise<string> {
    for (const k of keys) if (k.name !== this.row.origin) throw new Error(`signer key ${k.name}: a log key must be named after the origin ${this.row.origin}`);
    const head = this.head();
    const note = await signNote(formatCheckpoint(head), keys);
    await this.repo.saveCheckpoint(this.row.id, head.size, note, 0, this.clock.now().toISOString());
    return note;
  }

  /** Stores a checkpoint note with its cosignatures (after witnesses answered). */
  async saveCosignedCheckpoint(size: number, note: string, cosignatures: number): Promise<void> {
    await this.repo.saveCheckpoint(this.row.id, size, note, cosignatures, this.clock.now().toISOString());
  }

  /** Records an exported anchor. */
  recordAnchor(size: number, exportedAt: string, payload: string): Promise<void> {
    return this.repo.insertAnchor(this.row.id, size, exportedAt, payload);
  }

  /** The anchors exported so far, oldest first. */
  listAnchors() {
    return this.repo.listAnchors(this.row.id);
  }

  /** The newest stored checkpoint with at least that many cosignatures. */
  latestCheckpoint(minCosignatures = 0) {
    return this.repo.latestCheckpoint(this.row.id, minCosignatures);
  }
}

/**
 * The ledger on one database: several logs, each opened once per process.
 * @example const ledger = createLedger({ database, clock, ids }); const log = await ledger.createLog({ origin: 'example.org/log', hashSuite: 'sm3' })
 */
export function createLedger(deps: { database: Database; clock: Clock; ids: IdGenerator; options?: LedgerLogOptions }) {
  const repo = createLedgerRepository(deps.database, { walAutocheckpoint: deps.options?.walAutocheckpoint });
  const open = new Map<string, LedgerLog>();
  const options = deps.options ?? {};

  async function openRow(row: LogRow): Promise<LedgerLog> {
    const existing = open.get(row.origin);
    if (existing) return existing;
    const suite = getNodeHashSuite(row.hashSuite);
    const state = await TreeState.load(suite, row.size, (keys) => repo.readTiles(row.id, keys));
    const log = new LedgerLog(repo, row, state, deps.clock, options);
    open.set(row.origin, log);
    return log;
  }

  return {
    repo,
    /**
     * Creates a log; the origin must be new. `lookupByLeafHash` (default true) keeps a leaf hash →
     * index table so entries can be found by fingerprint; a log only ever checked by index can skip it.
     */
    async createLog(input: { origin: string; hashSuite?: HashSuiteName; lookupByLeafHash?: boolean }): Promise<LedgerLog> {
      if (!input.origin || /[\s+]/.test(input.origin)) throw new Error(`origin "${input.origin}": must be non-empty, without spaces or "+"`);
      if (await repo.findLogByOrigin(input.origin)) throw new Error(`origin ${input.origin}: a log with this origin exists`);
      const suite = getHashSuite(input.hashSuite ?? 'sha256');
      const row: LogRow = { id: deps.ids.next('log'), origin: input.origin, hashSuite: suite.name, lookupByLeafHash: input.lookupByLeafHash ?? true, size: 0, rootHash: suite.emptyRoot() };
      await repo.insertLog(row, deps.clock.now().toISOString());
      return openRow(row);
    },
    /** Opens an existing log by origin, or undefined. */
    async openLog(origin: string): Promise<LedgerLog | undefined> {
      const row = await repo.findLogByOrigin(origin);
      return row && openRow(row);
    },
    /** Every log's committed head. */
    listLogs: () => repo.listLogs(),
    /** Waits for every open log's queued appends. */
    async flush(): Promise<void> {
      await Promise.all([...open.values()].map((l) => l.flush()));
    },
  };
}

/** The ledger facade. */
export type Ledger = ReturnType<typeof createLedger>;
