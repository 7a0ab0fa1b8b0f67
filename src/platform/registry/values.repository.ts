import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { Rejection, StoredValue, ValidRow } from './intake/validate-row.ts';
import { createRawRowReader, createRawRowScanner } from './raw-rows.ts';

interface BatchesTable {
  id: string;
  source: string;
  interface: string;
  format: string;
  file_name: string | null;
  hash: string;
  period: string | null;
  partial: number;
  status: string;
  rows_total: number;
  rows_accepted: number;
  rows_rejected: number;
  values_count: number;
  rejections: string | null;
  columns: string | null;
  message: string | null;
  created_by: string | null;
  started_at: string;
  committed_at: string | null;
  finished_at: string | null;
}

interface RecordsTable {
  batch_id: string;
  row_no: number;
  uscc: string;
  period: string | null;
  effective: string;
  data: string;
}

interface Tables {
  registry_batches: BatchesTable;
  registry_records: RecordsTable;
  enterprises: { uscc: string };
}

/** Where a batch is: running, then committed (whole), partial (good rows, with a report), rejected (nothing), duplicate (a re-send: nothing) or failed. */
export type BatchStatus = 'running' | 'committed' | 'partial' | 'rejected' | 'duplicate' | 'failed';

/** A batch (an import job) as stored. */
export interface Batch {
  id: string;
  source: string;
  interface: string;
  format: string;
  fileName: string | null;
  hash: string;
  period: string | null;
  partial: boolean;
  status: BatchStatus;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  valuesCount: number;
  /** The rejection report (capped; `rowsRejected` counts every rejected row). */
  rejections: Rejection[];
  /** For tabular batches: the attribute key of each position of a record's value array. */
  columns: string[] | null;
  message: string | null;
  createdBy: string | null;
  startedAt: string;
  committedAt: string | null;
  finishedAt: string | null;
}

/** A stored record with its lineage: one row of a committed batch. */
export interface LineageRecord {
  batchId: string;
  row: number;
  uscc: string;
  period: string | null;
  effective: string;
  values: Record<string, StoredValue>;
  source: string;
  interface: string;
  arrivedAt: string;
}

const VISIBLE: BatchStatus[] = ['committed', 'partial'];
const LINEAGE_CACHE = 10_000;
const RECORD_PAGE = 8_192;

/**
 * The values of a stored record: a JSON object (key → value), or a JSON array whose positions are
 * the batch's `columns` (null = no value).
 */
export function decodeValues(data: string, columns: readonly string[] | null): Record<string, StoredValue> {
  const parsed = JSON.parse(data) as Record<string, StoredValue> | (StoredValue | null)[];
  if (!Array.isArray(parsed)) return parsed;
  const out: Record<string, StoredValue> = {};
  for (let i = 0; i < parsed.length; i++) {
    const v = parsed[i];
    if (v !== null && columns) out[columns[i]] = v;
  }
  return out;
}

function toBatch(r: BatchesTable): Batch {
  return {
    id: r.id,
    source: r.source,
    interface: r.interface,
    format: r.format,
    fileName: r.file_name,
    hash: r.hash,
    period: r.period,
    partial: Number(r.partial) === 1,
    status: r.status as BatchStatus,
    rowsTotal: Number(r.rows_total),
    rowsAccepted: Number(r.rows_accepted),
    rowsRejected: Number(r.rows_rejected),
    valuesCount: Number(r.values_count),
    rejections: r.rejections ? (JSON.parse(r.rejections) as Rejection[]) : [],
    columns: r.columns ? (JSON.parse(r.columns) as string[]) : null,
    message: r.message,
    createdBy: r.created_by,
    startedAt: r.started_at,
    committedAt: r.committed_at,
    finishedAt: r.finished_at,
  };
}

/** The only code that touches the batches and records tables. */
export function createValuesRepository(database: Database) {
  const db = database.kysely as Kysely<Tables>;
  const raw = createRawRowReader(database);
  const committed = createRawRowReader(database, { committed: true });
  const scan = createRawRowScanner(database);
  const recordsByUscc = db.selectFrom('registry_records').select(['batch_id', 'row_no', 'period', 'effective', 'data']).where('uscc', '=', '').compile();
  // Lineage of committed batches by id: immutable once committed, so kept (a running batch is not kept).
  const lineage = new Map<string, { source: string; interface: string; committedAt: string; columns: string[] | null }>();
  async function loadLineage(ids: string[]): Promise<void> {
    const rows = await db.selectFrom('registry_batches').select(['id', 'source', 'interface', 'committed_at', 'columns']).where('id', 'in', ids).where('status', 'in', VISIBLE).execute();
    if (lineage.size + rows.length > LINEAGE_CACHE) lineage.clear();
    for (const b of rows) lineage.set(b.id, { source: b.source, interface: b.interface, committedAt: b.committed_at!, columns: b.columns ? (JSON.parse(b.columns) as string[]) : null });
  }
  return {
    /** Stores a new batch row. */
    async createBatch(b: Omit<Batch, 'rejections' | 'columns' | 'committedAt' | 'finishedAt'>): Promise<void> {
      await db
        .insertInto('registry_batches')
        .values({
          id: b.id, source: b.source, interface: b.interface, format: b.format, file_name: b.fileName, hash: b.hash, period: b.period,
          partial: b.partial ? 1 : 0, status: b.status, rows_total: b.rowsTotal, rows_accepted: b.rowsAccepted, rows_rejected: b.rowsRejected,
          values_count: b.valuesCount, rejections: null, columns: null, message: b.message, created_by: b.createdBy, started_at: b.startedAt, committed_at: null, finished_at: null,
        })
        .execute();
    },

    /** Finishes a batch: counts, report and status in one statement (the commit point of an import). */
    async finishBatch(id: string, f: { status: BatchStatus; rowsTotal: number; rowsAccepted: number; rowsRejected: number; valuesCount: number; rejections: Rejection[]; columns?: string[] | null; message: string | null; committedAt: string | null; finishedAt: string }): Promise<void> {
      await db
        .updateTable('registry_batches')
        .set({
          status: f.status, rows_total: f.rowsTotal, rows_accepted: f.rowsAccepted, rows_rejected: f.rowsRejected, values_count: f.valuesCount,
          rejections: JSON.stringify(f.rejections), columns: f.columns ? JSON.stringify(f.columns) : null, message: f.message, committed_at: f.committedAt, finished_at: f.finishedAt,
        })
        .where('id', '=', id)
        .execute();
    },

    /** A batch by id. */
    async getBatch(id: string): Promise<Batch | undefined> {
      const row = await db.selectFrom('registry_batches').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toBatch(row);
    },

    /** The committed batch with this content hash, if any (idempotent re-sends). */
    async committedByHash(hash: string): Promise<Batch | undefined> {
      const row = await db.selectFrom('registry_batches').selectAll().where('hash', '=', hash).where('status', 'in', VISIBLE).orderBy('started_at').executeTakeFirst();
      return row && toBatch(row);
    },

    /** Batches newest first, without their reports. */
    async listBatches(page: number, pageSize: number, source?: string): Promise<{ items: Batch[]; total: number }> {
      let q = db.selectFrom('registry_batches');
      if (source) q = q.where('source', '=', source);
      const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q.selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
      return { items: rows.map((r) => toBatch({ ...r, rejections: null })), total: Number(n) };
    },

    /** Batches left running by a process that stopped. */
    async runningBatches(): Promise<Batch[]> {
      return (await db.selectFrom('registry_batches').selectAll().where('status', '=', 'running').execute()).map(toBatch);
    },

    /** Stages validated rows of a running batch (invisible to readers until the batch commits). */
    async insertRecords(batchId: string, rows: readonly ValidRow[]): Promise<void> {
      const per = 4000; // 6 parameters a row: under SQLite's 32,766 bound parameters
      for (let i = 0; i < rows.length; i += per) {
        await db
          .insertInto('registry_records')
          .values(rows.slice(i, i + per).map((r) => ({ batch_id: batchId, row_no: r.row, uscc: r.uscc, period: r.period?.text ?? null, effective: r.effective, data: r.data })))
          .execute();
      }
    },

    /** Removes a batch's staged rows (a rejected or failed batch commits nothing). */
    async deleteRecords(batchId: string): Promise<void> {
      await db.deleteFrom('registry_records').where('batch_id', '=', batchId).execute();
    },

    /** Which of these USCCs are in the register (the enterprises table). */
    async knownUsccs(usccs: readonly string[]): Promise<Set<string>> {
      const out = new Set<string>();
      const unique = [...new Set(usccs)];
      for (let i = 0; i < unique.length; i += 5000) {
        const rows = await db.selectFrom('enterprises').select('uscc').where('uscc', 'in', unique.slice(i, i + 5000)).execute();
        for (const r of rows) out.add(r.uscc);
      }
      return out;
    },

    /** Every committed record of one enterprise that had arrived by `asOf` (ISO timestamp), in arrival order. */
    async recordsOf(uscc: string, asOf: string): Promise<LineageRecord[]> {
      // The records by USCC (its index), one prepared statement; their batches' lineage from memory
      // (a committed batch never changes), read once per batch. Not a join: PostgreSQL, with
      // statistics still stale after a bulk import, ANDs the USCC index with the (batch, row) key
      // over a whole million-row batch — seconds instead of a millisecond.
      const records = await committed({ ...recordsByUscc, parameters: [uscc] });
      if (records.length === 0) return [];
      const missing = [...new Set(records.map((r) => r[0] as string).filter((id) => !lineage.has(id)))];
      if (missing.length > 0) await loadLineage(missing);
      const out: LineageRecord[] = [];
      for (const [batchId, row, period, effective, data] of records as [string, number, string | null, string, string][]) {
        const b = lineage.get(batchId);
        if (!b || b.committedAt > asOf) continue;
        out.push({ batchId, row: Number(row), uscc, period, effective, values: decodeValues(data, b.columns), source: b.source, interface: b.interface, arrivedAt: b.committedAt });
      }
      return out.sort((x, y) => (x.arrivedAt < y.arrivedAt ? -1 : x.arrivedAt > y.arrivedAt ? 1 : x.batchId < y.batchId ? -1 : x.batchId > y.batchId ? 1 : x.row - y.row));
    },

    /** Committed batches in arrival order, optionally only those that arrived after a watermark and by `asOf`. */
    async committedBatches(opts: { after?: { committedAt: string; id: string }; asOf?: string } = {}): Promise<Batch[]> {
      let q = db.selectFrom('registry_batches').selectAll().where('status', 'in', VISIBLE);
      if (opts.asOf) q = q.where('committed_at', '<=', opts.asOf);
      const after = opts.after;
      if (after) q = q.where((eb) => eb.or([eb('committed_at', '>', after.committedAt), eb.and([eb('committed_at', '=', after.committedAt), eb('id', '>', after.id)])]));
      return (await q.orderBy('committed_at').orderBy('id').execute()).map((r) => toBatch({ ...r, rejections: null }));
    },

    /**
     * Streams a batch's records as raw rows `[row_no, uscc, period, effective, data]`, in row order,
     * to `onRows` page by page, for building snapshots without an object per row. SQLite reads
     * keyset pages on the primary key (the event loop runs between pages); PostgreSQL one cursor,
     * as its planner, with statistics still stale after a bulk import, would sort the rest of the
     * batch again for every page.
     */
    async scanBatch(batchId: string, onRows: (rows: unknown[][]) => void): Promise<void> {
      const query = db.selectFrom('registry_records').select(['row_no', 'uscc', 'period', 'effective', 'data']).where('batch_id', '=', batchId);
      if (database.family !== 'sqlite') return scan(query.orderBy('row_no').compile(), onRows, RECORD_PAGE);
      for (let after = 0; ; ) {
        const page = await raw(query.where('row_no', '>', after).orderBy('row_no').limit(RECORD_PAGE).compile());
        if (page.length > 0) onRows(page);
        if (page.length < RECORD_PAGE) return;
        after = Number(page[page.length - 1][0]);
      }
    },

    /** Counts of committed records (for figures and tests). */
    async countRecords(): Promise<number> {
      const { n } = await db
        .selectFrom('registry_records as r')
        .innerJoin('registry_batches as b', 'b.id', 'r.batch_id')
        .where('b.status', 'in', VISIBLE)
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      return Number(n);
    },
  };
}

/** The values repository's interface. */
export type ValuesRepository = ReturnType<typeof createValuesRepository>;
