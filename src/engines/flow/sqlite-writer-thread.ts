// The writer thread of a group-commit pipeline on SQLite (sqlite-pipeline.ts): its own connection to the file
// commits the batches the main thread posts, in order, each in one transaction. It says 'ready' once it can.
import { parentPort, workerData } from 'node:worker_threads';
import { nativeSqliteHandle, openSqlite } from '../../db/index.ts';
import { createSqliteRows, setUpWriterConnection, type PackedWrites } from './sqlite-rows.ts';

/** A batch to commit; every batch of an epoch after a failed one is skipped (it was built on what failed). */
export interface WriterBatch {
  seq: number;
  epoch: number;
  writes: PackedWrites;
}
/** The answer to a batch: no error when committed. */
export interface WriterReply {
  seq: number;
  error?: { message: string; code?: unknown; details?: unknown; skipped?: boolean };
}

const port = parentPort!;
// The main connection's checkpointer copies the WAL this thread writes.
const database = openSqlite((workerData as { file: string }).file, { checkpointer: 'shared' });
setUpWriterConnection(nativeSqliteHandle(database)!);
const lite = createSqliteRows(database)!;
let deadEpoch = -1;
port.postMessage('ready');

port.on('message', (m: WriterBatch | 'close') => {
  if (m === 'close') {
    void database.close().then(() => port.close());
    return;
  }
  let reply: WriterReply = { seq: m.seq };
  if (m.epoch === deadEpoch) reply.error = { message: 'an earlier batch of the pipeline failed', skipped: true };
  else {
    try {
      lite.begin();
      lite.writePacked(m.writes);
      lite.commit();
    } catch (err) {
      lite.rollback();
      deadEpoch = m.epoch;
      const e = err as { message?: string; code?: unknown; details?: unknown };
      reply = { seq: m.seq, error: { message: String(e.message ?? err), code: e.code, details: e.details } };
    }
  }
  port.postMessage(reply);
});
