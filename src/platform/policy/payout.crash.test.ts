import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from '../../db/index.ts';
import { platformMigrations } from '../migrations.ts';
import { parseCsv } from './bank-files.ts';
import type { LifecycleDb } from './lifecycle.repository.ts';
import { seedApprovedClaims } from './payout.testing.ts';

const worker = join(import.meta.dirname, 'payout-crash-worker.fixture.ts');
const dir = mkdtempSync(join(tmpdir(), 'payout-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLAIMS = 3_000;
const FEN = 12_345;

/** Runs the worker; with a stage, kills it with SIGKILL as soon as it reports reaching it. Resolves with its last line, or 'killed'. */
function runWorker(url: string, stage: 'payments' | 'batch' | 'committed' | 'none'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, url, stage], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`stage ${stage}`)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve(out.trim().split('\n').at(-1) ?? '');
      else reject(new Error(`worker exited ${code}: ${err}`));
    });
  });
}

/** Targets: an SQLite file always; a PostgreSQL schema when TEST_DATABASE_URL is set (PGlite lives in one process). */
type Target = { name: string; schema?: string; url: () => Promise<string>; drop: (url: string) => Promise<void> };

function targets(): Target[] {
  const list: Target[] = [{ name: 'sqlite', url: async () => `sqlite:${join(dir, `payout-${Date.now()}.db`)}`, drop: async () => undefined }];
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    const schema = `payout_crash_${process.pid}_${Date.now().toString(36)}`;
    list.push({
      name: 'postgres',
      schema,
      async url() {
        const db = await openDatabase(server);
        await sql`create schema ${sql.id(schema)}`.execute(db.kysely);
        await db.close();
        const u = new URL(server);
        u.searchParams.set('options', `-c search_path=${schema}`);
        return u.toString();
      },
      async drop() {
        const db = await openDatabase(server);
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db.kysely);
        await db.close();
      },
    });
  }
  return list;
}

async function state(database: Database, lineId: string) {
  const db = database.kysely as LifecycleDb;
  const payments = await db.selectFrom('policy_payments').select(['id', 'claim_id', 'idem_key', 'status', 'batch_id']).execute();
  const batches = await db.selectFrom('policy_payment_batches').selectAll().execute();
  const entries = await db.selectFrom('policy_ledger').select(['account', 'amount_fen']).where('budget_line_id', '=', lineId).execute();
  const balance = (account: string) => entries.filter((e) => e.account === account).reduce((s, e) => s + Number(e.amount_fen), 0);
  const claims = await db.selectFrom('policy_claims').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  return {
    payments, batches, total: entries.reduce((s, e) => s + Number(e.amount_fen), 0), committed: balance('committed'), inTransit: balance('in_transit'),
    claims: Object.fromEntries(claims.map((c) => [c.status, Number(c.n)])),
  };
}

for (const target of targets()) {
  describe(`payout across kill -9 (${target.name})`, () => {
    it('a payout killed half-way leaves nothing; the replayed job pays every claim exactly once, the ledger balanced, the batch file lines unique', async () => {
      const url = await target.url();
      // The schema is named so that migrations keep their bookkeeping in it (another file's schema may hold Kysely's tables meanwhile).
      const opened = await openDatabase(url);
      const database: Database = target.schema ? { ...opened, schema: target.schema } : opened;
      try {
        await migrateToLatest(database, platformMigrations);
        const lineId = await seedApprovedClaims(database, CLAIMS, FEN);
        const before = await state(database, lineId);
        expect(before.committed).toBe(CLAIMS * FEN);

        // Killed inside the payout's transaction: after the payments were inserted, then after the batch's
        // updates and ledger moves. Nothing of either run is left.
        for (const stage of ['payments', 'batch'] as const) {
          expect(await runWorker(url, stage)).toBe('killed');
          const after = await state(database, lineId);
          expect(after.payments).toHaveLength(0);
          expect(after.batches).toHaveLength(0);
          expect(after.committed).toBe(CLAIMS * FEN);
          expect(after.claims).toEqual({ approved: CLAIMS });
        }

        // Killed right after the commit (before answering): the batch is out; replays find nothing to pay.
        expect(await runWorker(url, 'committed')).toBe('killed');
        expect(await runWorker(url, 'none')).toBe('done - 0');

        const end = await state(database, lineId);
        expect(end.batches).toHaveLength(1);
        expect(end.payments).toHaveLength(CLAIMS);
        expect(new Set(end.payments.map((p) => p.claim_id)).size).toBe(CLAIMS);
        expect(new Set(end.payments.map((p) => p.idem_key)).size).toBe(CLAIMS);
        expect(end.payments.every((p) => p.status === 'sent' && p.batch_id === end.batches[0].id)).toBe(true);
        expect(end.claims).toEqual({ paying: CLAIMS });
        expect(end.total).toBe(0);
        expect(end.committed).toBe(0);
        expect(end.inTransit).toBe(CLAIMS * FEN);
        const lines = parseCsv(end.batches[0].file).slice(1);
        expect(lines).toHaveLength(CLAIMS);
        expect(new Set(lines.map((l) => l[0])).size).toBe(CLAIMS);
        expect(new Set(lines.map((l) => l[1])).size).toBe(CLAIMS);
        expect(lines.reduce((s, l) => s + Number(l[6]), 0)).toBe(CLAIMS * FEN);
        expect(Number(end.batches[0].total_fen)).toBe(CLAIMS * FEN);
      } finally {
        await database.close();
        await target.drop(url);
      }
    }, 240_000);
  });
}
