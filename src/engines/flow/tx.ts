import type { Kysely } from 'kysely';
import { connectPostgresPipelined, nativePostgresPool, type Database } from '../../db/index.ts';
import { createPgPipeline, type PgPipeline } from './pg-pipeline.ts';
import { createPgTxRunner, type PgClient, type PgPool } from './pg-tx.ts';
import { createSqliteRows } from './sqlite-rows.ts';
import { FlowError } from './state.ts';
import { readInstanceRows, type InstanceWrite, type Row } from './store.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** One transaction as a step sees it: reads, its writes, and the Kysely handlers run their own work on. */
export interface StepTx {
  /** Kysely on the transaction's connection (handlers' `ctx.db`, definition reads); on PostgreSQL its first query opens the step's transaction. */
  readonly db: Db;
  /** Whether reads can lock the instance row (PostgreSQL): then a job's step reads with a lock even when cached. */
  readonly locking: boolean;
  /**
   * The instance row with its live items (`itemSelects`); `wait` / `skip` lock it on PostgreSQL until the transaction
   * ends. With `knownHseq` (the engine has the instance cached at that history counter) the row may come without its
   * items when it is still there.
   */
  read(id: string, lock: 'none' | 'wait' | 'skip', knownHseq?: number): Promise<Row | undefined>;
  /** Several instance rows in one query (locked in id order where the database locks); missing or skipped ones are left out. */
  readMany(ids: string[], lock: 'none' | 'wait' | 'skip'): Promise<Row[]>;
  /** Writes the steps' rows; fails with `flow.instance.conflict` when an instance changed since it was read. */
  write(writes: InstanceWrite[]): Promise<void>;
}

/** Runs work in one transaction: commits when it returns, rolls back when it throws. */
export type TxRunner = <T>(work: (tx: StepTx) => Promise<T>) => Promise<T>;

const conflict = (id: unknown) => new FlowError('flow.instance.conflict', `instance ${id} changed during the step`, { instanceId: id });

/**
 * The transaction runner for a database: SQLite through prepared statements
 * on the held connection; a PostgreSQL server through one prepared statement per
 * write (a lone one through the database's pipeline, a transaction opened only when
 * a lock or a handler needs it); anything else (PGlite, or `fast: false`) through Kysely. On SQLite, `before` runs first while the
 * connection is held (group commit's pipeline drains: the transaction then follows the batches it committed).
 */
export function createTxRunner(database: Database, fast = true, before?: () => Promise<void>): TxRunner {
  const db = database.kysely;
  const lite = fast ? createSqliteRows(database) : undefined;
  if (lite) {
    // SQLite has one connection. A step holds it through the executor (Kysely's mutex, so no other query interleaves)
    // and is given one StepTx, with a Kysely bound to that connection, made on the first step: `db.connection()
    // .execute` would build a Kysely, its executor and provider per step (main-thread CPU per instance, one commit
    // per step on the issue-6 workload: 1.030 → 1.002 ms, medians of 4 alternating runs).
    const executor = db.getExecutor();
    let tx: StepTx | undefined;
    return async (work) => {
      const t = (tx ??= {
        db: await db.connection().execute(async (conn) => conn), locking: false,
        read: async (id) => lite.read(id), readMany: async (ids) => lite.readMany(ids), write: async (ws) => lite.write(ws),
      });
      return executor.provideConnection(async () => {
        await before?.();
        lite.begin();
        try {
          const result = await work(t);
          lite.commit();
          return result;
        } catch (err) {
          lite.rollback();
          throw err;
        }
      });
    };
  }
  const pool = fast && database.engine === 'postgres' ? nativePostgresPool(database) : undefined;
  if (pool) return createPgTxRunner(pool as unknown as PgPool, pipelineOf(database));
  return (work) => db.transaction().execute((t) => work(kyselyTx(t, database.family)));
}

/**
 * Connections a PostgreSQL database's pipeline opens at most (each carries many steps' statements at once):
 * `FLOW_PG_PIPELINE` (an integer 0–64, 0: none, steps hold pooled connections), 4 by default.
 */
export const PIPELINE_CONNECTIONS = pipelineSize(process.env.FLOW_PG_PIPELINE);
function pipelineSize(value: string | undefined): number {
  if (value === undefined || value === '') return 4;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new Error(`FLOW_PG_PIPELINE must be an integer from 0 to 64 (connections), not "${value}"`);
  return n;
}
// One pipeline per database, shared by the engines on it; it closes with the database.
const pipelines = new WeakMap<object, PgPipeline>();
function pipelineOf(database: Database): PgPipeline | undefined {
  if (PIPELINE_CONNECTIONS <= 0) return undefined;
  let p = pipelines.get(database.kysely);
  if (!p) {
    p = createPgPipeline(() => connectPostgresPipelined(database) as unknown as Promise<PgClient>, PIPELINE_CONNECTIONS);
    pipelines.set(database.kysely, p);
  }
  return p;
}

/** Reads and writes through Kysely in an open transaction (every dialect; rows lock on PostgreSQL only). */
function kyselyTx(db: Db, family: 'sqlite' | 'postgres'): StepTx {
  const locking = family === 'postgres';
  const insert = async (table: string, rows: Row[]) => {
    if (rows.length) await db.insertInto(table).values(rows).execute();
  };
  return {
    db,
    locking,
    read: async (id, lock) => (await readInstanceRows(db, family, [id], locking ? lock : 'none'))[0],
    readMany: (ids, lock) => readInstanceRows(db, family, ids, locking ? lock : 'none'),
    async write(ws) {
      for (const w of ws) {
        if (w.insert) await insert('flow_instances', [w.instance]);
        else {
          const { id, ...rest } = w.instance;
          // RETURNING rather than the affected-row count: PGlite's driver does not report the count.
          const done = await db.updateTable('flow_instances').set(rest).where('id', '=', id).where('hseq', '=', w.expectedHseq).returning('id').execute();
          if (done.length !== 1) throw conflict(id);
        }
        await insert('flow_history', w.history);
        const byTable = new Map<string, Row[]>();
        for (const [table, row] of w.inserts) byTable.set(table, [...(byTable.get(table) ?? []), row]);
        for (const [table, rows] of byTable) await insert(table, rows);
        for (const [table, row] of w.updates) {
          const { id, ...rest } = row;
          await db.updateTable(table).set(rest).where('id', '=', id).execute();
        }
        for (const [table, id] of w.deletes) await db.deleteFrom(table).where('id', '=', id).execute();
      }
    },
  };
}
