import type { Kysely } from 'kysely';
import { Readable } from 'node:stream';
import type { Database } from '../../../db/index.ts';
import type { Clock } from '../../../kernel/clock.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../../kernel/errors.ts';
import type { IdGenerator } from '../../../kernel/ids.ts';
import type { Actor } from '../../identity/identity.types.ts';
import type { IntakeResult, IntakeService } from './intake.service.ts';

interface ConnectorsTable {
  id: string;
  name: string;
  source: string;
  url: string;
  token: string | null;
  format: string;
  mapping: string;
  period: string | null;
  partial: number;
  every_minutes: number;
  next_run_at: string;
  last_run_at: string | null;
  last_batch_id: string | null;
  last_error: string | null;
  created_at: string;
}

/** What an HTTP pull answers: JSON lines, a JSON array of objects, or CSV. */
export type PullFormat = 'jsonl' | 'json' | 'csv';

/** An HTTP pull connector: a department's interface, fetched on a schedule. */
export interface Connector {
  id: string;
  name: string;
  source: string;
  url: string;
  /** Whether a bearer token is set (the token itself is never shown). */
  hasToken: boolean;
  format: PullFormat;
  /** Source field name → catalogue key (null ignores the field). */
  mapping: Record<string, string | null>;
  period: string | null;
  partial: boolean;
  everyMinutes: number;
  nextRunAt: string;
  lastRunAt: string | null;
  lastBatchId: string | null;
  lastError: string | null;
}

/** What a new connector says. */
export interface ConnectorInput {
  name: string;
  source: string;
  url: string;
  token?: string | null;
  format: PullFormat;
  mapping?: Record<string, string | null>;
  period?: string | null;
  partial?: boolean;
  everyMinutes: number;
}

function toConnector(r: ConnectorsTable): Connector {
  return {
    id: r.id, name: r.name, source: r.source, url: r.url, hasToken: !!r.token, format: r.format as PullFormat, mapping: JSON.parse(r.mapping) as Record<string, string | null>,
    period: r.period, partial: Number(r.partial) === 1, everyMinutes: Number(r.every_minutes), nextRunAt: r.next_run_at, lastRunAt: r.last_run_at, lastBatchId: r.last_batch_id, lastError: r.last_error,
  };
}

/** HTTP pull connectors: declared once (URL, token, schedule, field mapping), run when due. */
export function createConnectorService(deps: { database: Database; intake: IntakeService; clock: Clock; ids: IdGenerator; fetch?: typeof fetch }) {
  const db = deps.database.kysely as Kysely<{ registry_connectors: ConnectorsTable }>;
  const doFetch = deps.fetch ?? fetch;

  async function pull(row: ConnectorsTable, actor: Actor | null): Promise<IntakeResult> {
    const response = await doFetch(row.url, { headers: row.token ? { authorization: `Bearer ${row.token}` } : {}, signal: AbortSignal.timeout(120_000) });
    if (!response.ok) throw new AppError('registry.connector_failed', `${row.name}: ${row.url} answered ${response.status}`);
    let body = Buffer.from(await response.arrayBuffer());
    let format: 'jsonl' | 'csv' = row.format === 'csv' ? 'csv' : 'jsonl';
    if (row.format === 'json') {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      const items = Array.isArray(parsed) ? parsed : ((parsed as { items?: unknown[] }).items ?? []);
      body = Buffer.from(items.map((i) => JSON.stringify(i)).join('\n'));
      format = 'jsonl';
    }
    return deps.intake.run(actor, {
      source: row.source, interface: `connector:${row.name}`, format, open: () => Readable.from([body]), size: body.length,
      fileName: row.url, period: row.period ?? undefined, partial: Number(row.partial) === 1, mapping: JSON.parse(row.mapping) as Record<string, string | null>,
    });
  }

  const service = {
    /** Declares a connector; its first run is due at once. */
    async create(input: ConnectorInput): Promise<Connector> {
      const errors: FieldError[] = [];
      try {
        const u = new URL(input.url);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') errors.push({ field: 'body.url', rule: 'protocol', message: 'the URL must be http or https' });
      } catch {
        errors.push({ field: 'body.url', rule: 'format', message: 'not a URL' });
      }
      if (!Number.isInteger(input.everyMinutes) || input.everyMinutes < 1) errors.push({ field: 'body.everyMinutes', rule: 'minimum', message: 'everyMinutes must be a whole number ≥ 1' });
      assertNoFieldErrors(errors, 'Invalid connector');
      const now = deps.clock.now().toISOString();
      const row: ConnectorsTable = {
        id: deps.ids.next('con'), name: input.name, source: input.source, url: input.url, token: input.token ?? null, format: input.format, mapping: JSON.stringify(input.mapping ?? {}),
        period: input.period ?? null, partial: input.partial ? 1 : 0, every_minutes: input.everyMinutes, next_run_at: now, last_run_at: null, last_batch_id: null, last_error: null, created_at: now,
      };
      await db.insertInto('registry_connectors').values(row).execute();
      return toConnector(row);
    },

    /** Every connector. */
    async list(): Promise<Connector[]> {
      return (await db.selectFrom('registry_connectors').selectAll().orderBy('name').execute()).map(toConnector);
    },

    /** Pulls one connector now and schedules its next run. */
    async run(id: string, actor: Actor | null = null): Promise<IntakeResult> {
      const row = await db.selectFrom('registry_connectors').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new AppError('not_found', `No connector ${id}`);
      const now = deps.clock.now();
      const next = new Date(now.getTime() + Number(row.every_minutes) * 60_000).toISOString();
      try {
        const result = await pull(row, actor);
        await db.updateTable('registry_connectors').set({ last_run_at: now.toISOString(), next_run_at: next, last_batch_id: result.batch.id, last_error: null }).where('id', '=', id).execute();
        return result;
      } catch (error) {
        await db.updateTable('registry_connectors').set({ last_run_at: now.toISOString(), next_run_at: next, last_error: (error as Error).message }).where('id', '=', id).execute();
        throw error;
      }
    },

    /** Runs every connector whose time has come; returns how many ran (failures are kept on the connector). */
    async runDue(): Promise<number> {
      const due = await db.selectFrom('registry_connectors').select('id').where('next_run_at', '<=', deps.clock.now().toISOString()).orderBy('next_run_at').execute();
      for (const { id } of due) await service.run(id).catch(() => undefined);
      return due.length;
    },

    /** Checks for due connectors every `intervalMs` until the returned function is called. */
    schedule(intervalMs = 60_000): () => void {
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        void service.runDue().finally(() => (busy = false));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
  return service;
}

/** The connector service's interface. */
export type ConnectorService = ReturnType<typeof createConnectorService>;
