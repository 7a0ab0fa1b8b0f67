import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import type { Clock } from '../../../kernel/clock.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { IdGenerator } from '../../../kernel/ids.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import type { Actor } from '../../identity/identity.types.ts';
import type { CatalogueService } from '../catalogue.service.ts';
import { parsePeriod } from '../period.ts';
import type { Batch, BatchStatus, ValuesRepository } from '../values.repository.ts';
import { createFieldResolver, planColumns } from './columns.ts';
import { BadLine, openSource, type IntakeFormat, type RawRow } from './sources.ts';
import { attributeColumns, createRowValidator, type Rejection, type ValidRow } from './validate-row.ts';

/** What to import: a re-openable byte stream in a format, from a department through an interface. */
export interface IntakeRequest {
  source: string;
  /** The interface the data came through (file upload, connector name, …). */
  interface?: string;
  format: IntakeFormat;
  /** Opens the bytes; called twice (hash, then parse). */
  open(): Readable;
  /** Total bytes, for progress. */
  size?: number;
  fileName?: string;
  /** The period of every row that does not name its own. */
  period?: string;
  /** Commit the good rows and report the rejected ones, instead of rejecting the whole batch. */
  partial?: boolean;
  /** Source field name → catalogue key (null ignores the field). */
  mapping?: Record<string, string | null>;
}

/** Progress of a running import. */
export interface IntakeProgress {
  batchId: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  bytesRead: number;
  bytesTotal: number | null;
}

/** The outcome of an import. */
export interface IntakeResult {
  batch: Batch;
  /** For a re-send: the batch that already holds this content. */
  duplicateOf?: string;
}

/** Rejections kept in the report; every rejected row is still counted. */
export const REPORT_LIMIT = 10_000;
const CHUNK = 4000;

/**
 * Intake of department batches. Rows are validated against the catalogue and staged in chunks
 * (short transactions, so readers are never blocked); the batch becomes visible in one update at
 * the end, or its staged rows are deleted and nothing is committed.
 */
export function createIntakeService(deps: { values: ValuesRepository; catalogue: CatalogueService; audit: AuditService; clock: Clock; ids: IdGenerator }) {
  const live = new Map<string, IntakeProgress>();

  async function hashOf(req: IntakeRequest, period: string | null): Promise<string> {
    const h = createHash('sha256');
    // The content hash covers what decides the stored values: the bytes and how they are read
    // (not `partial`: a batch that committed whole is the same batch sent again with --partial).
    h.update(JSON.stringify([req.source, req.interface ?? 'file', req.format, period, req.mapping ?? {}]));
    for await (const chunk of req.open()) h.update(chunk as Buffer);
    return h.digest('hex');
  }

  async function run(actor: Actor | null, req: IntakeRequest, hooks: { onProgress?: (p: IntakeProgress) => void; onStart?: (batchId: string) => void } = {}): Promise<IntakeResult> {
    const onProgress = hooks.onProgress;
    const catalogue = await deps.catalogue.load();
    if (!catalogue.department(req.source)) throw new AppError('validation.failed', `Unknown source department ${req.source}`, { errors: [{ field: 'source', rule: 'known', message: `unknown department ${req.source}; known: ${catalogue.departments.map((d) => d.code).join(', ')}` }] });
    const period = req.period ? (parsePeriod(req.period) ?? null) : null;
    if (req.period && !period) throw new AppError('validation.failed', `Invalid period ${req.period}`, { errors: [{ field: 'period', rule: 'period.format', message: 'a period is 2025, 2025-Q3, 2025-09 or 2025-09-30' }] });
    const hash = await hashOf(req, period?.text ?? null);
    const id = deps.ids.next('bat');
    const startedAt = deps.clock.now().toISOString();
    const base = { id, source: req.source, interface: req.interface ?? 'file', format: req.format, fileName: req.fileName ?? null, hash, period: period?.text ?? null, partial: req.partial ?? false, createdBy: actor?.userId ?? null, startedAt };
    const previous = await deps.values.committedByHash(hash);
    if (previous) {
      await deps.values.createBatch({ ...base, status: 'running', rowsTotal: 0, rowsAccepted: 0, rowsRejected: 0, valuesCount: 0, message: null });
      const now = deps.clock.now().toISOString();
      hooks.onStart?.(id);
      await deps.values.finishBatch(id, { status: 'duplicate', rowsTotal: previous.rowsTotal, rowsAccepted: 0, rowsRejected: 0, valuesCount: 0, rejections: [], message: `same content as batch ${previous.id}: nothing changed`, committedAt: null, finishedAt: now });
      return { batch: (await deps.values.getBatch(id))!, duplicateOf: previous.id };
    }
    await deps.values.createBatch({ ...base, status: 'running', rowsTotal: 0, rowsAccepted: 0, rowsRejected: 0, valuesCount: 0, message: null });

    const progress: IntakeProgress = { batchId: id, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, bytesRead: 0, bytesTotal: req.size ?? null };
    live.set(id, progress);
    hooks.onStart?.(id);
    const rejections: Rejection[] = [];
    const rejectedRows = new Set<number>();
    const reject = (list: Rejection[]) => {
      for (const r of list) {
        if (!rejectedRows.has(r.row)) {
          rejectedRows.add(r.row);
          progress.rowsRejected++;
        }
        if (rejections.length < REPORT_LIMIT) rejections.push(r);
      }
    };
    let valuesCount = 0;
    let pending: ValidRow[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const known = await deps.values.knownUsccs(pending.map((r) => r.uscc));
      const good = pending.filter((r) => {
        if (known.has(r.uscc)) return true;
        reject([{ row: r.row, field: 'uscc', rule: 'uscc.unknown', reason: `${r.uscc} is not in the register` }]);
        return false;
      });
      // In all-or-nothing mode, once a row is rejected nothing will commit: stop staging.
      if (req.partial || progress.rowsRejected === 0) {
        await deps.values.insertRecords(id, good);
        for (const r of good) valuesCount += r.count;
        progress.rowsAccepted += good.length;
      }
      pending = [];
      onProgress?.({ ...progress });
      // Parsing and SQLite calls resolve as microtasks only: give the event loop a turn so the
      // server keeps answering (e.g. progress polls) during a long import.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };

    try {
      const counter = new PassThrough();
      counter.on('data', (chunk: Buffer) => {
        progress.bytesRead += chunk.length;
      });
      const input = req.open();
      input.on('error', (error) => counter.destroy(error));
      input.pipe(counter);
      const source = await openSource(req.format, counter);
      const resolve = createFieldResolver(catalogue, req.mapping);
      let plan: (string | null)[] | undefined;
      let headerBroken = false;
      if (source.header) {
        const planned = planColumns(source.header, resolve);
        plan = planned.plan;
        if (planned.errors.length > 0) {
          headerBroken = true;
          reject(planned.errors);
        }
      }
      const validate = createRowValidator(catalogue, { period, arrivalDay: startedAt.slice(0, 10) });
      let row = 0;
      for await (const raw of source.rows) {
        row++;
        progress.rowsRead = row;
        if (headerBroken) continue; // count the rows, but a broken header rejects the batch
        if (raw instanceof BadLine) {
          reject([{ row, field: '(line)', rule: 'jsonl.parse', reason: raw.message }]);
          continue;
        }
        let result: ValidRow | Rejection[];
        if (plan) result = validate(row, plan, raw as unknown[], true);
        else {
          const names = Object.keys(raw as RawRow);
          const keys = names.map(resolve);
          const unknown = names.filter((_, i) => keys[i] === undefined);
          if (unknown.length > 0) {
            reject(unknown.map((name) => ({ row, field: name, rule: 'attribute.unknown', reason: `field "${name}" matches no catalogue attribute` })));
            continue;
          }
          result = validate(row, keys as (string | null)[], Object.values(raw as RawRow));
        }
        if (Array.isArray(result)) reject(result);
        else pending.push(result);
        if (pending.length >= CHUNK) await flush();
      }
      await flush();
      progress.rowsRead = row;

      const commit = !headerBroken && (progress.rowsRejected === 0 || (req.partial ?? false));
      const now = deps.clock.now().toISOString();
      let status: BatchStatus = progress.rowsRejected === 0 ? 'committed' : 'partial';
      if (!commit) {
        await deps.values.deleteRecords(id);
        status = 'rejected';
        progress.rowsAccepted = 0;
        valuesCount = 0;
      }
      rejections.sort((a, b) => a.row - b.row);
      const message =
        status === 'rejected' ? `rejected: ${progress.rowsRejected} of ${row} rows failed validation; nothing was committed`
        : status === 'partial' ? `committed ${progress.rowsAccepted} rows; ${progress.rowsRejected} rows rejected`
        : `committed ${progress.rowsAccepted} rows`;
      await deps.values.finishBatch(id, { status, rowsTotal: row, rowsAccepted: progress.rowsAccepted, rowsRejected: progress.rowsRejected, valuesCount, rejections, columns: plan ? attributeColumns(plan) : null, message, committedAt: commit ? now : null, finishedAt: now });
      await deps.audit.record({ actor, action: `registry.import.${status}`, target: id, details: { source: req.source, interface: base.interface, fileName: base.fileName, rows: row, accepted: progress.rowsAccepted, rejected: progress.rowsRejected } });
      onProgress?.({ ...progress });
      return { batch: (await deps.values.getBatch(id))! };
    } catch (error) {
      await deps.values.deleteRecords(id);
      const now = deps.clock.now().toISOString();
      await deps.values.finishBatch(id, { status: 'failed', rowsTotal: progress.rowsRead, rowsAccepted: 0, rowsRejected: progress.rowsRejected, valuesCount: 0, rejections, message: `failed: ${(error as Error).message}`, committedAt: null, finishedAt: now });
      throw error;
    } finally {
      live.delete(id);
    }
  }

  return {
    /** Imports one batch and waits for its outcome. */
    run,

    /** Starts an import in the background and returns its batch id at once; `job` shows its progress. */
    async start(actor: Actor | null, req: IntakeRequest): Promise<string> {
      let resolveId!: (id: string) => void;
      const idKnown = new Promise<string>((r) => (resolveId = r));
      let started = false;
      const done = run(actor, req, {
        onStart: (id) => {
          started = true;
          resolveId(id);
        },
      });
      // Errors before the batch exists (bad source, bad period) are the caller's; later ones are on the batch row.
      const early = done.then(
        () => idKnown,
        (error: unknown) => {
          if (started) return idKnown;
          throw error;
        },
      );
      return Promise.race([idKnown, early]);
    },

    /** Live progress of a running batch in this process, if any. */
    progressOf(batchId: string): IntakeProgress | undefined {
      const p = live.get(batchId);
      return p && { ...p };
    },

    /** Marks batches left running by a stopped process as failed and removes their staged rows. */
    async recoverInterrupted(): Promise<number> {
      const running = (await deps.values.runningBatches()).filter((b) => !live.has(b.id));
      for (const b of running) {
        await deps.values.deleteRecords(b.id);
        await deps.values.finishBatch(b.id, { status: 'failed', rowsTotal: b.rowsTotal, rowsAccepted: 0, rowsRejected: b.rowsRejected, valuesCount: 0, rejections: [], message: 'interrupted: the process stopped before the batch finished', committedAt: null, finishedAt: deps.clock.now().toISOString() });
      }
      return running.length;
    },
  };
}

/** The intake service's interface. */
export type IntakeService = ReturnType<typeof createIntakeService>;
