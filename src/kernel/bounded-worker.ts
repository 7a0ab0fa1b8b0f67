import { Worker } from 'node:worker_threads';

/**
 * A worker thread whose heap is at most `heapMb` (its young generation at most 32 MB of that): input that needs more
 * ends the thread with ERR_WORKER_OUT_OF_MEMORY (`isOutOfMemory`), not the process that started it. Used for parsing
 * uploads (XLSX, BPMN) whose size in memory the file's size does not bound.
 */
export function boundedWorker(url: URL, heapMb: number): Worker {
  return new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(32, heapMb) } });
}

/** Whether a worker's error says it ran out of the memory it was given. */
export const isOutOfMemory = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
