// One thread of a parallel snapshot build: opens its own connection to the database, then fills
// the columns of its share of the attributes with their records (arrays on SharedArrayBuffers,
// written in place) while the main thread reads the register.
import { parentPort } from 'node:worker_threads';
import { openDatabase } from '../../../db/index.ts';
import type { AttributeSpec } from '../catalogue.types.ts';
import { createValuesRepository } from '../values.repository.ts';
import type { RowArrays } from './columns.ts';
import { buildPart, type BatchPlan } from './snapshot-build.ts';
import { openUsccIndex, type UsccIndexData } from './uscc-index.ts';

/** What the main thread sends: the share to build and where its arrays are. */
export interface BuildJob {
  /** The database to open (`sqlite:PATH` or a PostgreSQL URL). */
  url: string;
  specs: AttributeSpec[];
  rows: RowArrays;
  periods: Record<string, string[]>;
  asOf: string;
  /** The main thread's USCC → row index (on SharedArrayBuffers: read in place). */
  index: UsccIndexData;
  batches: BatchPlan[];
}

parentPort!.on('message', (job: BuildJob) => {
  void run(job).then(
    (applied) => parentPort!.postMessage({ type: 'done', applied }),
    (error: unknown) => parentPort!.postMessage({ type: 'error', message: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
  );
});
parentPort!.postMessage({ type: 'ready' });

async function run(job: BuildJob): Promise<number> {
  const database = await openDatabase(job.url);
  try {
    const index = openUsccIndex(job.index);
    const values = createValuesRepository(database);
    return await buildPart(
      { scanBatch: values.scanBatch },
      { specs: job.specs, rows: job.rows, periods: job.periods, asOf: job.asOf, index, batches: job.batches },
    );
  } finally {
    await database.close();
  }
}
