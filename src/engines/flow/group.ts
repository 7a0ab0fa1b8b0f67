import type { StepSession } from './session.ts';

/** A unit of work on a session: one caller's step (or one round of due jobs). */
export type SessionWork<T> = (session: StepSession) => Promise<T>;

/** How group commit batches: steps per transaction, transactions at once, and whether reached service jobs run inline. */
export interface GroupCommitSettings {
  maxBatch: number;
  lanes: number;
  inline: boolean;
}

/**
 * Batches built while earlier ones commit elsewhere (sqlite-pipeline.ts): `run` resolves once a batch is built,
 * with the promise of its commit; `room(n)` once fewer than n batches wait for theirs.
 */
export interface DeferredCommit {
  run<T>(work: SessionWork<T>): Promise<{ result: T; committed: Promise<void> }>;
  room(n: number): Promise<void>;
}

/** Runs a reached job in a session's transaction; `runsHere` says which jobs (by their data) it takes. */
export interface InlineJobs {
  run(s: StepSession, jobId: string, instanceId: string): Promise<unknown>;
  runsHere(data: Readonly<Record<string, unknown>>): boolean;
}

/**
 * Runs the service jobs the session's steps reached (and those these reach, up to 50 rounds) in its transaction:
 * the synchronous continuation of a step, each job still its own input in history.
 */
export async function runReachedJobs(s: StepSession, jobs: InlineJobs): Promise<void> {
  for (let due = s.dueServiceJobs(jobs.runsHere), rounds = 0; due.length > 0 && rounds < 50; due = s.dueServiceJobs(jobs.runsHere), rounds++) {
    for (const [instanceId, jobId] of due) await jobs.run(s, jobId, instanceId);
  }
}

/**
 * Batches a pipelined lane lets wait for their commit while it builds the next. The writer thread shares the second
 * core with the collector's helpers and the checkpointer, so its pace per batch varies: with room for two, the main
 * thread of a 30,000-instance issue-6 run spent 0.8 of its 3.3 s waiting for room. Alternating runs (SQLite, 30,000
 * instances): two 8,482, 9,179, 9,111, 9,153, 8,832/s; four 9,319, 9,665, 9,406, 9,567, 8,720/s; six no better than
 * four (9,450, 9,566, 8,951/s). With one, session 10 measured a third less.
 */
const PIPELINE_DEPTH = 4;

/**
 * Group commit: steps queue up while a transaction runs and the next transaction takes them all; each caller's
 * promise settles only after that commit. With `inline`, service jobs the batch makes due run in the same
 * transaction (each still its own input in history). When anything in a batch fails, the batch rolls back and
 * its steps run again one per transaction without the inline jobs (left to the worker), so only the failing
 * one fails. With `deferred`, a lane builds the next batch while the previous one commits; a failed commit
 * makes its steps (and those of the batches built on it, which fail too) run again the same way, but a commit
 * whose outcome is unknown (`flow.commit.unknown`) fails its callers: their steps may have committed.
 * Returns the function that queues a step.
 */
export function createGroupCommit(
  settings: GroupCommitSettings,
  runTransaction: <T>(work: SessionWork<T>) => Promise<T>,
  transactOnce: <T>(work: SessionWork<T>) => Promise<T>,
  inlineJobs: InlineJobs,
  deferred?: DeferredCommit,
): <T>(work: SessionWork<T>) => Promise<T> {
  type Pending = { work: SessionWork<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  const queue: Pending[] = [];
  let lanesBusy = 0;

  const batchWork = (batch: Pending[]) => async (s: StepSession) => {
    const out: unknown[] = [];
    for (const p of batch) out.push(await p.work(s));
    // Service tasks the batch reached run now, in the same transaction, each as its own input.
    if (settings.inline) await runReachedJobs(s, inlineJobs);
    return out;
  };
  const oneByOne = async (batch: Pending[]) => {
    for (const p of batch) await transactOnce(p.work).then(p.resolve, p.reject);
  };

  async function lane(): Promise<void> {
    lanesBusy++;
    try {
      await new Promise<void>((resolve) => setImmediate(resolve)); // let the callers of this turn join
      while (queue.length > 0) {
        const batch = queue.splice(0, settings.maxBatch);
        if (deferred) {
          const built = await deferred.run(batchWork(batch)).catch(() => undefined);
          if (!built) await oneByOne(batch);
          else {
            built.committed.then(
              () => built.result.forEach((r, i) => batch[i].resolve(r)),
              // A commit that may have happened is not run again: its callers get the error.
              (err) => ((err as { code?: unknown }).code === 'flow.commit.unknown' ? batch.forEach((p) => p.reject(err)) : void oneByOne(batch)),
            );
            await deferred.room(PIPELINE_DEPTH);
          }
          continue;
        }
        let results: unknown[] | undefined;
        try {
          results = await runTransaction(batchWork(batch));
        } catch {
          results = undefined;
        }
        if (results) batch.forEach((p, i) => p.resolve(results![i]));
        else await oneByOne(batch);
      }
    } finally {
      lanesBusy--;
    }
  }

  return <T>(work: SessionWork<T>) => new Promise<T>((resolve, reject) => {
    queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
    if (lanesBusy < settings.lanes) void lane();
  });
}
