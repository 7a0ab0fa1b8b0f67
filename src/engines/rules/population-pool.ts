import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CompiledUnit } from './ir.ts';
import { DEFAULT_CHUNK, emptyResult, reuseResult, type MatchOptions, type PopulationResult } from './population.ts';
import type { ColumnSnapshot } from './snapshot.ts';

/** A pool of worker threads that match units against a shared snapshot. */
export interface PopulationPool {
  readonly size: number;
  /**
   * Matches every unit against every subject; the snapshot must be on SharedArrayBuffers. The
   * unit array is posted to the workers once and reused while the same array is passed again
   * (do not mutate it between calls).
   */
  match(units: CompiledUnit[], snap: ColumnSnapshot, opts?: MatchOptions): Promise<PopulationResult>;
  close(): Promise<void>;
}

/** Whether every column of the snapshot lives on a SharedArrayBuffer. */
export function isShared(snap: ColumnSnapshot): boolean {
  return Object.values(snap.columns).every((c) => c.periods.every((p) => p.buffer instanceof SharedArrayBuffer));
}

interface Reply { type: 'ready' | 'progress' | 'done' | 'error'; id?: number; counts?: Float64Array; sums?: Float64Array; message?: string }

/**
 * Starts `workers` threads (default: the machine's parallelism). Workers stay up between jobs;
 * call close() when done.
 * @example const pool = await createPopulationPool({ workers: 2 }); const r = await pool.match(units, snap)
 */
export async function createPopulationPool(opts: { workers?: number } = {}): Promise<PopulationPool> {
  const n = Math.max(1, opts.workers ?? availableParallelism());
  const url = new URL('./population-worker.mjs', import.meta.url);
  const workers = Array.from({ length: n }, () => new Worker(url));
  await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
    const onMessage = (m: Reply) => { if (m.type === 'ready') { w.off('error', reject); resolve(); } };
    w.once('message', onMessage);
    w.once('error', reject);
  })));
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();
  // Unit sets already posted to the workers (by array identity); workers keep the last 4.
  const setIds = new WeakMap<CompiledUnit[], number>();
  const recent: number[] = [];
  let nextSet = 1;

  function run(units: CompiledUnit[], snap: ColumnSnapshot, o: MatchOptions): Promise<PopulationResult> {
    const chunk = o.chunk ?? DEFAULT_CHUNK;
    if (chunk % 32 !== 0) throw new RangeError('chunk must be a multiple of 32');
    if (!isShared(snap)) throw new TypeError('a pool needs a snapshot on SharedArrayBuffers (createSnapshot(..., { shared: true }))');
    const result = reuseResult(o.into, units, snap.size, true) ?? emptyResult(units, snap.size, true);
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const chunks = Math.ceil(snap.size / chunk);
    const id = nextId++;
    let setId = setIds.get(units);
    if (setId === undefined || !recent.includes(setId)) {
      setId = nextSet++;
      setIds.set(units, setId);
      recent.push(setId);
      if (recent.length > 4) recent.shift();
      for (const w of workers) w.postMessage({ type: 'units', setId, units });
    }
    let done = 0;
    let finished = 0;
    return new Promise((resolve, reject) => {
      const listeners = workers.map((w) => {
        const on = (m: Reply) => {
          if (m.id !== id) return;
          if (m.type === 'progress') o.onProgress?.(Math.min(1, ++done / chunks));
          else if (m.type === 'error') { cleanup(); reject(new Error(`population worker failed: ${m.message}`)); }
          else if (m.type === 'done') {
            result.units.forEach((r, u) => { r.count += m.counts![u]; r.totalFen += m.sums![u]; });
            if (++finished === workers.length) { cleanup(); resolve(result); }
          }
        };
        w.on('message', on);
        return on;
      });
      const cleanup = () => workers.forEach((w, i) => w.off('message', listeners[i]));
      for (const w of workers) w.postMessage({ type: 'job', id, setId, snap, chunk, words: result.words, bits: result.bits, counter });
    });
  }

  return {
    size: n,
    match(units, snap, o = {}) {
      const p = queue.then(() => run(units, snap, o));
      queue = p.catch(() => undefined);
      return p;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
