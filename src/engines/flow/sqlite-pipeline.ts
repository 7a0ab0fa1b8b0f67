import { Worker } from 'node:worker_threads';
import { Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { nativeSqliteHandle, type Database } from '../../db/index.ts';
import { createSqliteRows, packWrites } from './sqlite-rows.ts';
import { FlowError } from './state.ts';
import type { InstanceWrite } from './store.ts';
import type { StepTx } from './tx.ts';
import type { WriterBatch, WriterReply } from './sqlite-writer-thread.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** A batch built on the main thread: the work's result, and its commit on the writer thread. */
export interface DeferredBatch<T> {
  result: T;
  committed: Promise<void>;
}

/** Group commit's two-stage pipeline on an SQLite file: the main thread builds a batch while another commits. */
export interface SqlitePipeline {
  /**
   * Runs work on a transaction whose writes go to the writer thread; resolves once the work is done, with the
   * promise of its commit. A handler's `ctx.db` (any query through `tx.db`) turns the batch into an ordinary
   * transaction on the main connection, after the batches before it committed.
   */
  run<T>(work: (tx: StepTx) => Promise<T>): Promise<DeferredBatch<T>>;
  /** Settles once every batch posted so far committed or failed. */
  drain(): Promise<void>;
  /** Settles once fewer than `n` batches are waiting for their commit. */
  room(n: number): Promise<void>;
  /** Bumped at each failed commit: a batch built on state of an earlier epoch is stale. */
  readonly epoch: number;
}

// The writer thread's entry: this project runs its TypeScript through tsx, whose hooks a worker must register itself
// (Node 20 does not take `--import` loaders into workers).
const threadUrl = new URL(`./sqlite-writer-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
const threadBoot = threadUrl.endsWith('.ts')
  ? `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(threadUrl)}); });`
  : `import(${JSON.stringify(threadUrl)});`;

/** How long the writer thread stays up with nothing to commit (its start costs a few hundred ms). */
const IDLE_MS = 2000;

/**
 * The pipeline, or undefined when the database is not an SQLite file. Batches commit in the order they are
 * posted. When one fails, `onFailure` runs before its promise rejects (the engine drops its instance cache:
 * the batches after it were built on what did not commit), and every batch posted before the main thread
 * learned of it fails too, with a conflict, so that its steps run again. `thread` is the writer thread's code
 * (tests give one that stops half way).
 */
export function createSqlitePipeline(database: Database, onFailure: () => void, thread = threadBoot): SqlitePipeline | undefined {
  const handle = nativeSqliteHandle(database);
  const file = database.description.slice('sqlite:'.length);
  if (!handle || file === ':memory:' || file === '') return undefined;
  const lite = createSqliteRows(database)!;
  const db = database.kysely;

  let worker: Worker | undefined;
  let broken = false;
  let seq = 0;
  let epoch = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const waiting = new Map<number, { resolve: () => void; reject: (e: unknown) => void; epoch: number }>();
  let settledWaiters: Array<{ n: number; resolve: () => void }> = [];

  // The thread is gone. Before it was ready it committed nothing, so its batches can run again; after, a batch may
  // have committed without its answer arriving, so its callers get an error rather than a second run of their step.
  const failAll = (err: unknown, ready: boolean) => {
    if (waiting.size > 0) {
      epoch++;
      onFailure();
    }
    const reason = ready ? new FlowError('flow.commit.unknown', `the SQLite writer thread stopped; a batch may or may not have committed: ${(err as Error).message}`) : err;
    for (const w of waiting.values()) w.reject(reason);
    waiting.clear();
    settle();
  };
  const settle = () => {
    if (waiting.size === 0) {
      worker?.unref();
      if (worker && !idle) idle = setTimeout(stop, IDLE_MS).unref();
    }
    if (settledWaiters.length === 0) return;
    const ready = settledWaiters.filter((w) => waiting.size < w.n);
    settledWaiters = settledWaiters.filter((w) => waiting.size >= w.n);
    for (const w of ready) w.resolve();
  };
  const stop = () => {
    idle = undefined;
    if (!worker || waiting.size > 0) return;
    worker.postMessage('close');
    worker = undefined;
  };
  const start = () => {
    const w = new Worker(thread, { eval: true, workerData: { file } });
    let ready = false;
    w.on('message', (r: WriterReply | 'ready') => {
      if (r === 'ready') return void (ready = true);
      const entry = waiting.get(r.seq);
      if (!entry) return;
      waiting.delete(r.seq);
      if (!r.error) entry.resolve();
      else {
        if (entry.epoch === epoch) {
          epoch++;
          onFailure();
        }
        const e = r.error;
        entry.reject(e.skipped || e.code === 'flow.instance.conflict'
          ? new FlowError('flow.instance.conflict', e.message, (e.details ?? {}) as Record<string, unknown>)
          : Object.assign(new Error(e.message), { code: e.code }));
      }
      settle();
    });
    // A thread that fails (it could not start, say) is not started again: batches then commit on the main connection.
    w.on('error', (err) => {
      broken = true;
      failAll(err, ready);
    });
    w.on('exit', () => {
      if (worker !== w) return; // closed when idle
      worker = undefined;
      broken = true;
      failAll(new Error('it exited'), ready);
    });
    return w;
  };
  const post = (writes: InstanceWrite[], builtIn: number): Promise<void> => {
    if (idle) {
      clearTimeout(idle);
      idle = undefined;
    }
    worker ??= start();
    worker.ref();
    const batch: WriterBatch = { seq: ++seq, epoch: builtIn, writes: packWrites(writes) };
    return new Promise<void>((resolve, reject) => {
      waiting.set(batch.seq, { resolve, reject, epoch: builtIn });
      worker!.postMessage(batch);
    });
  };
  const drain = () => room(1);
  const room = (n: number) => (waiting.size < n ? Promise.resolve() : new Promise<void>((resolve) => settledWaiters.push({ n, resolve })));

  // The batch being built, for `tx.db`: its first query makes the batch an ordinary transaction on the main connection.
  let current: { conn: Db; direct: boolean; epoch: number } | undefined;
  const gated = gatedKysely(async (query) => {
    const c = current;
    if (!c) throw new Error('ctx.db used outside its step');
    if (!c.direct) {
      await drain();
      if (c.epoch !== epoch) throw new FlowError('flow.instance.conflict', 'an earlier batch of the pipeline failed');
      lite.begin();
      c.direct = true;
    }
    return c.conn.executeQuery(query);
  });

  return {
    get epoch() {
      return epoch;
    },
    drain,
    room,
    run: (work) => db.connection().execute(async (conn) => {
      const c = (current = { conn, direct: broken, epoch });
      const writes: InstanceWrite[] = [];
      try {
        if (c.direct) {
          await drain();
          lite.begin();
        }
        const result = await work({
          db: gated, locking: false,
          read: async (id) => lite.read(id),
          readMany: async (ids) => lite.readMany(ids),
          write: async (ws) => {
            if (c.direct) lite.write(ws);
            else for (const w of ws) writes.push(w);
          },
        });
        if (c.direct) {
          lite.commit();
          return { result, committed: Promise.resolve() };
        }
        if (c.epoch !== epoch) throw new FlowError('flow.instance.conflict', 'an earlier batch of the pipeline failed');
        if (writes.length === 0) return { result, committed: drain() };
        if (broken) {
          // The thread stopped while this batch was built (on committed state: the epoch is unchanged).
          await drain();
          c.direct = true;
          lite.begin();
          lite.write(writes);
          lite.commit();
          return { result, committed: Promise.resolve() };
        }
        return { result, committed: post(writes, c.epoch) };
      } catch (err) {
        if (c.direct) lite.rollback();
        throw err;
      } finally {
        current = undefined;
      }
    }),
  };
}

/** Kysely (SQLite's SQL) whose every query goes through `execute`. */
function gatedKysely(execute: (query: CompiledQuery) => Promise<QueryResult<unknown>>): Db {
  const connection: DatabaseConnection = {
    executeQuery: execute as DatabaseConnection['executeQuery'],
    streamQuery: () => {
      throw new Error('streaming is not supported in a step');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {
      throw new Error('a step is already a transaction');
    },
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  return new Kysely({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}
