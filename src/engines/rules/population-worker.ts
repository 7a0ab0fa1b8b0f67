import { parentPort } from 'node:worker_threads';
import { NodeIds, Scratch } from './column-eval.ts';
import type { CompiledUnit } from './ir.ts';
import { matchRange } from './population.ts';
import type { ColumnSnapshot } from './snapshot.ts';

/** A job posted by the pool: shared snapshot, shared output bits, a shared chunk counter. */
export interface PopulationJob {
  type: 'job';
  id: number;
  /** The unit set, sent once before its first job (see UnitsMessage). */
  setId: number;
  snap: ColumnSnapshot;
  chunk: number;
  words: number;
  bits: Uint32Array;
  counter: Int32Array;
}

/** A unit set, posted once and kept (with its interned node ids) for the jobs that follow. */
export interface UnitsMessage {
  type: 'units';
  setId: number;
  units: CompiledUnit[];
}

// Cloning 1,100 compiled units costs ~80 ms a worker: keep the last few sets instead.
const sets = new Map<number, { units: CompiledUnit[]; ids: NodeIds }>();
const KEEP_SETS = 4;

// Chunks are claimed with an atomic counter, so a fast worker takes more of them.
parentPort?.on('message', (m: PopulationJob | UnitsMessage) => {
  if (m.type === 'units') {
    sets.set(m.setId, { units: m.units, ids: new NodeIds() });
    if (sets.size > KEEP_SETS) sets.delete(sets.keys().next().value!);
    return;
  }
  const job = m;
  try {
    const set = sets.get(job.setId);
    if (!set) throw new Error(`unit set ${job.setId} was not sent to this worker`);
    const { units, ids } = set;
    const counts = new Float64Array(units.length);
    const sums = new Float64Array(units.length);
    const scratch = new Scratch();
    for (;;) {
      const c = Atomics.add(job.counter, 0, 1);
      const start = c * job.chunk;
      if (start >= job.snap.size) break;
      matchRange(units, job.snap, start, Math.min(job.chunk, job.snap.size - start), job.words, job.bits, counts, sums, ids, scratch);
      parentPort!.postMessage({ type: 'progress', id: job.id });
    }
    parentPort!.postMessage({ type: 'done', id: job.id, counts, sums });
  } catch (e) {
    parentPort!.postMessage({ type: 'error', id: job.id, message: (e as Error).stack ?? String(e) });
  }
});
parentPort?.postMessage({ type: 'ready' });
