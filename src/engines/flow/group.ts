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
 * Group commit: steps queue up while a transaction runs and the next transaction takes them all; each caller's
 * promise settles only after that commit. With `inline`, service jobs the batch makes due run in the same
 * transaction (each still its own input in history). When anything in a batch fails, the batch rolls back and
 * its steps run again one per transaction without the inline jobs (left to the worker), so only the failing
 * one fails. Returns the function that queues a step.
 */
export function createGroupCommit(
  settings: GroupCommitSettings,
  runTransaction: <T>(work: SessionWork<T>) => Promise<T>,
  transactOnce: <T>(work: SessionWork<T>) => Promise<T>,
  runInlineJob: (s: StepSession, jobId: string, instanceId: string) => Promise<unknown>,
): <T>(work: SessionWork<T>) => Promise<T> {
  type Pending = { work: SessionWork<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  const queue: Pending[] = [];
  let lanesBusy = 0;

  async function lane(): Promise<void> {
    lanesBusy++;
    try {
      await new Promise<void>((resolve) => setImmediate(resolve)); // let the callers of this turn join
      while (queue.length > 0) {
        const batch = queue.splice(0, settings.maxBatch);
        let results: unknown[] | undefined;
        try {
          results = await runTransaction(async (s) => {
            const out: unknown[] = [];
            for (const p of batch) out.push(await p.work(s));
            if (settings.inline) {
              // Service tasks the batch reached run now, in the same transaction, each as its own input.
              for (let due = s.dueServiceJobs(), rounds = 0; due.length > 0 && rounds < 50; due = s.dueServiceJobs(), rounds++) {
                for (const [instanceId, jobId] of due) await runInlineJob(s, jobId, instanceId);
              }
            }
            return out;
          });
        } catch {
          results = undefined;
        }
        if (results) batch.forEach((p, i) => p.resolve(results![i]));
        else for (const p of batch) await transactOnce(p.work).then(p.resolve, p.reject);
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
