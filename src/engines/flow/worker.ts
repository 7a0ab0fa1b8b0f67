import type { FlowEngine } from './engine.ts';

/** A running worker loop; `stop` resolves once the current round has finished. */
export interface FlowWorker {
  stop(): Promise<void>;
}

/**
 * Polls for due service jobs and timers and runs them. Several workers (in one
 * or many processes) may run against one PostgreSQL database: a job runs on the
 * worker that claimed it when making it ready, others skip it until the claim's
 * lease ends; an unclaimed job's instance is taken with FOR UPDATE SKIP LOCKED,
 * so no two run it at once. Give each worker on one host its own `jobClaims.workerId`.
 * @example const worker = startFlowWorker(flow, { idleMs: 200 }); … await worker.stop();
 */
export function startFlowWorker(engine: Pick<FlowEngine, 'runDueJobs'>, options: { idleMs?: number; batch?: number; onError?: (err: unknown) => void } = {}): FlowWorker {
  let running = true;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (running) {
      let ran = 0;
      try {
        ran = await engine.runDueJobs(options.batch ?? 100);
      } catch (err) {
        options.onError?.(err);
      }
      if (ran === 0 && running) await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, options.idleMs ?? 250); });
    }
  })();
  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
