import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { nativePostgresPool, nativeSqliteHandle, type Database } from '../../../db/index.ts';
import type { Clock } from '../../../kernel/clock.ts';
import type { CatalogueService } from '../catalogue.service.ts';
import { createEnterpriseRepository } from '../enterprise.repository.ts';
import { endOfDay } from '../period.ts';
import { decodeValues, type Batch, type ValuesRepository } from '../values.repository.ts';
import type { RowArrays } from './columns.ts';
import type { BuildJob } from './build-worker.ts';
import { appendRows, createMirrorSnapshot, createSnapshotWriter, snapshotSpecs, type MirrorSnapshot, type RegisterWatermark } from './mirror-snapshot.ts';
import { buildPart, mergeRegister, planParts, readRegister, type BatchPlan, type BuildPart } from './snapshot-build.ts';
import { loadSnapshot, saveSnapshot } from './snapshot-file.ts';
import { createUsccIndex } from './uscc-index.ts';

const PAGE = 20_000;
// Below this many records a second thread costs more to start than it saves.
const PARALLEL_FROM_RECORDS = 200_000;
// A missing change-log number is looked for again for this long (an open transaction's insert).
const PENDING_FOR_MS = 3_600_000;
const MAX_PENDING = 1_000;

/** Options of a build. */
export interface BuildOptions {
  /** Arrays on SharedArrayBuffers (worker threads read them in place); a parallel build always uses them. */
  shared?: boolean;
  /** Threads to build with, this one included (default: the machine's parallelism, on an SQLite file or a PostgreSQL server with enough records; otherwise 1). */
  threads?: number;
}

const toPlan = (b: Batch): BatchPlan => ({ id: b.id, columns: b.columns, rows: b.rowsAccepted });
const rowsOf = (part: BuildPart): number => part.batches.reduce((n, b) => n + b.rows, 0);

/** Builds columnar snapshots of the mirror from the database and keeps them current. */
export function createSnapshotService(deps: { database: Database; values: ValuesRepository; catalogue: CatalogueService; clock: Clock }) {
  const enterprises = createEnterpriseRepository(deps.database);
  const source = { scanBatch: deps.values.scanBatch, scanRegister: enterprises.scanRegister };

  /**
   * The URL a worker thread opens the same database by: the SQLite file, or the PostgreSQL server
   * (with its credentials and schema); none in memory or on PGlite (one connection, one thread).
   */
  function threadUrl(): string | undefined {
    if (deps.database.family === 'sqlite') {
      const handle = nativeSqliteHandle(deps.database);
      return handle && !handle.memory ? `sqlite:${handle.name}` : undefined;
    }
    return deps.database.engine === 'postgres' ? nativePostgresPool(deps.database)?.options.connectionString : undefined;
  }

  async function allUsccs(): Promise<string[]> {
    const usccs: string[] = [];
    await enterprises.scanUsccs((rows) => {
      for (const r of rows) usccs.push(r[0] as string);
    });
    return usccs;
  }

  /** Runs one share of a build in a worker thread (started early: loading its code overlaps the main thread's reads). */
  function startWorker(): { run(job: BuildJob): Promise<number>; stop(): Promise<number> } {
    // A larger young generation: a chunk of records in flight then dies young instead of being promoted.
    const worker = new Worker(new URL('./build-worker.mjs', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return {
      run(job) {
        // Posted at once: the worker receives it when its code has loaded, even while this thread is
        // busy (an SQLite register scan runs without yielding).
        return new Promise<number>((resolve, reject) => {
          ready.catch(reject);
          worker.on('message', (m: { type: string; applied?: number; message?: string }) => (m.type === 'done' ? resolve(m.applied!) : m.type === 'error' ? reject(new Error(`snapshot build worker: ${m.message}`)) : undefined));
          worker.once('error', reject);
          worker.postMessage(job);
        });
      },
      stop: () => worker.terminate(),
    };
  }

  /** Applies batches record by record (small refreshes; a full build goes through `buildPart`). */
  async function applyBatches(snap: MirrorSnapshot, batches: readonly Batch[]): Promise<number> {
    const writer = createSnapshotWriter(snap);
    let applied = 0;
    for (const batch of batches) {
      const columns = batch.columns;
      await deps.values.scanBatch(batch.id, (page) => {
        for (const [, uscc, period, effective, data] of page as [number, string, string | null, string, string][]) {
          if (columns && data.charCodeAt(0) === 91) writer.applyValues(uscc, period, effective, columns, JSON.parse(data) as never[]);
          else writer.apply({ uscc, period, effective, values: decodeValues(data, columns) });
          applied++;
        }
      });
      snap.watermark = { committedAt: batch.committedAt!, id: batch.id };
    }
    return applied;
  }

  /**
   * Follows the register's change log: enterprises registered since the snapshot get rows (with any
   * of their records the snapshot has already passed), and changed core columns are written where no
   * record overrides them. Returns the number of enterprises looked at.
   */
  async function followRegister(snap: MirrorSnapshot): Promise<number> {
    const now = deps.clock.now();
    const mark = snap.register;
    const changes: { seq: number; uscc: string }[] = [];
    for (;;) {
      const page = await enterprises.changesAfter(Math.max(mark.seq, changes.at(-1)?.seq ?? 0), changes.length ? [] : mark.pending.map((p) => p.seq), PAGE);
      changes.push(...page);
      if (page.length < PAGE) break;
    }
    if (changes.length === 0) return 0;
    snap.register = nextRegisterMark(mark, changes.map((c) => c.seq), now);
    const rows = await enterprises.registerRows([...new Set(changes.map((c) => c.uscc))]);
    const added = appendRows(snap, rows.map((r) => r.uscc));
    const writer = createSnapshotWriter(snap);
    const wm = snap.watermark;
    if (wm) {
      for (const row of added) {
        // Records sent before the snapshot's watermark for an enterprise it did not have yet.
        for (const r of await deps.values.recordsOf(snap.usccs[row], endOfDay(snap.asOf))) {
          if (r.arrivedAt < wm.committedAt || (r.arrivedAt === wm.committedAt && r.batchId <= wm.id)) writer.applyAt(row, r.period, r.effective, Object.keys(r.values), Object.values(r.values));
        }
      }
    }
    for (const r of rows) writer.applyRegister(r);
    return rows.length;
  }

  const service = {
    /**
     * The whole population as of a day (default today): every record that had arrived by then, in
     * arrival order, and the register's columns where no record says otherwise. On an SQLite file or
     * a PostgreSQL server with many records the attributes are split over worker threads, each with
     * its own connection.
     */
    async build(asOf: string = deps.clock.now().toISOString().slice(0, 10), opts: BuildOptions = {}): Promise<MirrorSnapshot> {
      const catalogue = await deps.catalogue.load();
      const batches = await deps.values.committedBatches({ asOf: endOfDay(asOf) });
      const records = batches.reduce((n, b) => n + b.rowsAccepted, 0);
      const url = threadUrl();
      const threads = url ? Math.max(1, opts.threads ?? (records >= PARALLEL_FROM_RECORDS ? availableParallelism() : 1)) : 1;
      // One share per thread, this one included: the lightest stays here, which reads the register
      // besides. A worker more than cores left over costs more than it evens out: on 2 cores, three
      // threads took 20.5 s of CPU for 1 M enterprises, two threads 18.2–19.0 s (each worker loads
      // the code again, and the threads evict each other's cache lines).
      const parts: BuildPart[] = planParts(snapshotSpecs(catalogue.attributes), batches.map(toPlan), threads).sort((a, b) => rowsOf(a) - rowsOf(b) || a.keys.length - b.keys.length);
      const local = threads > 1 ? parts.slice(0, 1) : parts;
      const remote = threads > 1 ? parts.slice(1) : [];
      // On an SQLite file or a PostgreSQL server the other shares go to worker threads (started first:
      // loading their code overlaps the reads below).
      const workers = remote.map(() => startWorker());
      try {
        // The change log's position first: whatever changes during the build is applied again by `refresh`.
        const registerSeq = await enterprises.lastChange();
        const usccs = await allUsccs();
        const snap = createMirrorSnapshot(catalogue.attributes, usccs, asOf, { shared: opts.shared || workers.length > 0 });
        snap.register = { seq: registerSeq, pending: [] };
        const index = createUsccIndex(snap.usccs, { shared: workers.length > 0 });
        const share = (part: BuildPart) => {
          const owned = new Set(part.keys);
          const pick = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).filter(([k]) => owned.has(k)));
          const rows: RowArrays = { engine: { ...snap.engine, columns: pick(snap.engine.columns) }, effective: pick(snap.effective), recorded: pick(snap.recorded) };
          return { specs: snap.specs.filter((s) => owned.has(s.key)), rows, periods: pick(snap.periods), asOf, batches: part.batches };
        };
        const fillRecords = async () => {
          const here = async () => {
            for (const part of local) await buildPart(source, { ...share(part), index });
          };
          await Promise.all([...workers.map((w, k) => w.run({ ...share(remote[k]), url: url!, index: index.data })), here()]);
        };
        // The shares first (the workers' jobs are posted before this thread reads the register).
        const [, register] = await Promise.all([fillRecords(), readRegister(source, snap.specs, snap, index)]);
        mergeRegister(snap, register, snap.specs);
        const last = batches.at(-1);
        snap.watermark = last ? { committedAt: last.committedAt!, id: last.id } : null;
        return snap;
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
      }
    },

    /**
     * Brings a snapshot up to date: first the register's changes (new enterprises get rows, changed
     * core columns are written where no record overrides them), then the batches that arrived since
     * its watermark (up to the end of its day). Returns the number of records applied. A snapshot of
     * an earlier day stays as of that day.
     */
    async refresh(snap: MirrorSnapshot): Promise<number> {
      await followRegister(snap);
      const batches = await deps.values.committedBatches({ after: snap.watermark ?? undefined, asOf: endOfDay(snap.asOf) });
      return applyBatches(snap, batches);
    },

    /** Writes a snapshot to a file. */
    save: saveSnapshot,
    /** Loads a snapshot file and brings it up to date with what arrived after it was written. */
    async load(path: string, opts: { refresh?: boolean } = {}): Promise<MirrorSnapshot> {
      const snap = await loadSnapshot(path);
      if (opts.refresh ?? true) await service.refresh(snap);
      return snap;
    },
  };
  return service;
}

/**
 * The register watermark after reading these change-log numbers (ascending): the highest one,
 * with the numbers skipped below it kept as pending (an insert not yet committed shows up later),
 * and earlier pending numbers kept until they are found or an hour old.
 */
export function nextRegisterMark(mark: RegisterWatermark, seen: readonly number[], now: Date): RegisterWatermark {
  const found = new Set(seen);
  const at = now.toISOString();
  const pending = mark.pending.filter((p) => !found.has(p.seq) && now.getTime() - Date.parse(p.seenAt) < PENDING_FOR_MS);
  let expected = mark.seq + 1;
  for (const seq of seen) {
    if (seq < expected) continue;
    for (; expected < seq && pending.length < MAX_PENDING * 2; expected++) pending.push({ seq: expected, seenAt: at });
    expected = seq + 1;
  }
  return { seq: Math.max(mark.seq, seen.at(-1) ?? 0), pending: pending.slice(-MAX_PENDING) };
}

/** The snapshot service's interface. */
export type SnapshotService = ReturnType<typeof createSnapshotService>;
