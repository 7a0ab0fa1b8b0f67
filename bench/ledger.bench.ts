// Ledger engine: `npm run bench -- ledger [--entries 10000000] [--appends 200000] [--clients 1000] [--rate 20000]
// [--pg URL] [--no-pg] [--no-http] [--keep-tree DIR] [--tree-only] [--wal 1000,4096]`. --keep-tree keeps (and reuses, growing
// it if needed) the big tree's database; --tree-only skips the append runs (both for iterating).
// 1. the hashing ceiling of this machine (same run);
// 2. durable batched appends on a SQLite file (synchronous=NORMAL and FULL; the default log, with lookup by
//    leaf hash): closed loop of --clients appenders → appends/s and latency from enqueue to durable
//    acknowledgement (p50/p99), plus an open loop offering --rate appends/s; the same without lookup;
//    appends over HTTP; 4-of-5 cosigned checkpoints under append load;
// 3. a tree of --entries leaves (default 10 M) bulk-built on its own SQLite file (appendBulk: 65,536 entries
//    per transaction, same rows and tiles; no leaf-hash lookup table), reopened with a cold SQLite cache:
//    inclusion and consistency proof generation from storage at random indices (p50/p99), verification, and
//    a bank's full check (bundle: proof + log signature + 5 cosignatures, quorum 4) with Ed25519 and SM2;
// 4. PostgreSQL when reachable (appends, proofs at 200 k leaves).
import { mkdtempSync, mkdirSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, migrateToLatest, type Database } from '../src/db/index.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { createIdGenerator } from '../src/kernel/ids.ts';
import { createLedger, getHashSuite, ledgerMigrations } from '../src/engines/ledger/index.ts';
import { closedLoop, entry, httpLoad, openLoop, recordCommits } from './ledger/load.ts';
import { bankCheck, buildTree, cosignUnderLoad, proofLatency } from './ledger/big-tree.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ENTRIES = Number(arg('entries', '10000000'));
const APPENDS = Number(arg('appends', '200000'));
// Concurrent appenders of the closed-loop runs (a latency/throughput curve). appends_per_s is the
// best level; commit_p99_ms is the open loop's p99 at --rate (enqueue → durable ack).
const CLIENT_LEVELS = arg('clients', '250,500,1000').split(',').map(Number);
const CLIENTS = Math.max(...CLIENT_LEVELS);
const RATE = Number(arg('rate', '20000'));
const KEEP = arg('keep-tree', '');
const PG_URL = process.argv.includes('--no-pg') ? '' : arg('pg', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const HTTP = !process.argv.includes('--no-http');
const TREE_ONLY = process.argv.includes('--tree-only');
// Other checkpoint intervals (WAL pages) to compare the ledger's default with, on the same database.
const WAL_AB = arg('wal', '1000').split(',').filter(Boolean).map(Number);
const log = (s: string) => process.stdout.write(`${s}\n`);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const ids = createIdGenerator();

async function openSqlite(file: string, synchronous = 'NORMAL'): Promise<Database> {
  const database = await openDatabase(`sqlite:${file}`);
  await sql.raw(`pragma synchronous = ${synchronous}`).execute(database.kysely);
  await migrateToLatest(database, ledgerMigrations);
  return database;
}

async function openPostgres(): Promise<{ database: Database; cleanup: () => Promise<void> } | undefined> {
  if (!PG_URL) return undefined;
  let admin: Database;
  try {
    admin = await openDatabase(PG_URL);
    await sql`select 1`.execute(admin.kysely);
  } catch {
    return undefined;
  }
  const schema = `ledger_bench_${process.pid}_${Date.now().toString(36)}`;
  await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
  const u = new URL(PG_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const database = await openDatabase(u.toString());
  await migrateToLatest(database, ledgerMigrations);
  return { database, cleanup: async () => { await database.close(); await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.kysely); await admin.close(); } };
}

function hashCeiling(): Record<string, number> {
  const out: Record<string, number> = {};
  const data = entry(1);
  for (const name of ['sha256', 'sm3'] as const) {
    const suite = getHashSuite(name);
    const n = 200_000;
    const t = performance.now();
    let h = suite.leafHash(data);
    for (let i = 0; i < n; i++) h = suite.nodeHash(h, h);
    out[`${name}_node_hashes_per_s`] = Math.round(n / ((performance.now() - t) / 1000));
    // An append costs one leaf hash and on average one node hash: the CPU ceiling of appends.
    out[`${name}_append_ceiling_per_s`] = Math.round(out[`${name}_node_hashes_per_s`] / 2);
  }
  const t = performance.now();
  for (let i = 0; i < 200_000; i++) createHash('sha256').update(data).digest();
  out.node_crypto_sha256_per_s = Math.round(200_000 / ((performance.now() - t) / 1000));
  return out;
}

const dirSize = (dir: string) => readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);

log(`ledger bench — ${cpus().length} cores, node ${process.version}, ${new Date().toISOString()}, load average ${load()}`);
const result: Record<string, unknown> = { cores: cpus().length, entries: ENTRIES };
const ceiling = hashCeiling();
log(`hashing ceiling: ${JSON.stringify(ceiling)}`);
result.hash_ceiling = ceiling;

/**
 * A closed-loop run on a fresh SQLite file and a new log (lookup by leaf hash), so every level and
 * variant starts from the same empty tables (the lookup B-tree's size changes the cost).
 */
async function freshClosedLoop(sync: string, clients: number, walAutocheckpoint?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const database = await openSqlite(join(dir, 'ledger.db'), sync);
  const target = await createLedger({ database, clock: systemClock, ids, options: { ...recordCommits, walAutocheckpoint } }).createLog({ origin: 'bench.example/appends' });
  const c = { clients, ...(await closedLoop(target, APPENDS, clients)) };
  await database.close();
  rmSync(dir, { recursive: true, force: true });
  return c;
}

// Appends: each closed loop on a fresh SQLite file (the default log: lookup by leaf hash).
for (const sync of TREE_ONLY ? [] : ['NORMAL', 'FULL']) {
  const curve: Awaited<ReturnType<typeof freshClosedLoop>>[] = [];
  for (const clients of sync === 'NORMAL' ? CLIENT_LEVELS : [CLIENTS]) {
    const c = await freshClosedLoop(sync, clients);
    log(`sqlite (synchronous=${sync}) appends: ${c.perS}/s with ${clients} concurrent appenders; enqueue → durable ack p50 ${c.ack_p50_ms} ms, p99 ${c.ack_p99_ms} ms (max ${c.ack_max_ms}); transaction p50 ${c.tx_p50_ms} ms, p99 ${c.tx_p99_ms} ms (batch median ${c.batch_median}, max ${c.batch_max}); ${c.cpu_us_per_append} µs CPU per append [load ${load()}]`);
    curve.push(c);
  }
  const best = [...curve].sort((x, y) => y.perS - x.perS)[0];
  result[`sqlite_${sync.toLowerCase()}`] = curve.length === 1 ? best : curve;
  if (sync === 'NORMAL') {
    // Throughput: the best closed-loop level (saturated: its latency is appenders ÷ throughput);
    // commit p99: the open loop at the target rate, below saturation (see below).
    result.appends_per_s = best.perS;
    result.appends_clients = best.clients;
    result.closed_loop_ack_p99_ms = best.ack_p99_ms;
    result.commit_tx_p99_ms = best.tx_p99_ms;
    // The same with other checkpoint intervals for the ledger's commits (1,000 pages: SQLite's default).
    const ab: Record<string, unknown>[] = [];
    for (const pages of WAL_AB) {
      for (const clients of [Math.min(...CLIENT_LEVELS), CLIENTS]) {
        const c = { wal_pages: pages, ...(await freshClosedLoop(sync, clients, pages)) };
        log(`  with wal_autocheckpoint = ${pages} pages for the ledger's commits: ${c.perS}/s with ${clients} appenders; ack p50 ${c.ack_p50_ms} ms, p99 ${c.ack_p99_ms} ms; transaction p99 ${c.tx_p99_ms} ms; ${c.cpu_us_per_append} µs CPU per append [load ${load()}]`);
        ab.push(c);
      }
    }
    result.sqlite_normal_wal_other = ab;
  }
}

// Open loop, no lookup, HTTP and cosigning on one more fresh file.
if (!TREE_ONLY) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const database = await openSqlite(join(dir, 'ledger.db'));
  const ledger = createLedger({ database, clock: systemClock, ids, options: recordCommits });
  const target = await ledger.createLog({ origin: 'bench.example/normal' });
  {
    const o = await openLoop(target, RATE, 5);
    log(`  open loop, ${RATE}/s offered for 5 s: ${o.achieved_per_s}/s achieved; enqueue → durable ack p50 ${o.ack_p50_ms} ms, p99 ${o.ack_p99_ms} ms (max ${o.ack_max_ms}) [load ${load()}]`);
    result.open_loop = o;
    result.commit_p99_ms = o.ack_p99_ms;
    result.commit_p99_at_per_s = o.achieved_per_s;
    const plain = await ledger.createLog({ origin: 'bench.example/no-lookup', lookupByLeafHash: false });
    const b = await closedLoop(plain, APPENDS, Math.min(...CLIENT_LEVELS));
    log(`  the same, log without lookup by leaf hash: ${b.perS}/s; ack p99 ${b.ack_p99_ms} ms; ${b.cpu_us_per_append} µs CPU per append`);
    result.sqlite_normal_no_lookup = b;
    if (HTTP) {
      const h = await httpLoad(target, 20_000, 64);
      log(`HTTP appends (Fastify server and node:http keep-alive clients in one process, 64 connections): ${h}/s [load ${load()}]`);
      result.http_appends_per_s = h;
    }
    const c = await cosignUnderLoad(database, target, 5);
    log(`4-of-5 cosigned checkpoints under append load: median interval ${c.cosign_interval_s} s (max ${c.cosign_interval_s_max} s), ${c.appends_during_per_s} appends/s meanwhile`);
    Object.assign(result, c);
  }
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}

// The big tree: its own file, bulk-built, reopened (cold SQLite page cache) for proofs.
{
  const dir = KEEP || mkdtempSync(join(tmpdir(), 'ledger-bench-tree-'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'tree.db');
  const origin = 'bench.example/tree';
  let database = await openSqlite(file);
  let target = (await createLedger({ database, clock: systemClock, ids }).openLog(origin)) ?? (await createLedger({ database, clock: systemClock, ids }).createLog({ origin, lookupByLeafHash: false }));
  log(`building a tree of ${ENTRIES.toLocaleString('en')} entries (appendBulk, 65,536 per transaction${target.head().size > 0 ? `, from ${target.head().size} kept in ${dir}` : ''})…`);
  const t0 = performance.now();
  const built = await buildTree(target, ENTRIES, log);
  log(`  built at ${built} appends/s in ${Math.round((performance.now() - t0) / 1000)} s; database ${(dirSize(dir) / 2 ** 30).toFixed(2)} GiB [load ${load()}]`);
  result.build_appends_per_s = built;
  await database.close();
  database = await openSqlite(file);
  target = (await createLedger({ database, clock: systemClock, ids }).openLog(origin))!;
  const p = await proofLatency(target, database);
  log(`proofs at ${p.tree_size.toLocaleString('en')} leaves (from storage: reopened database, no tile cache, random indices): ${JSON.stringify(p)} [load ${load()}]`);
  result.proofs = p;
  result.proof_leaves = p.tree_size;
  result.proof_ms = p.inclusion_ms_p50;
  result.proof_ms_p99 = p.inclusion_ms_p99;
  result.consistency_ms = p.consistency_ms_p50;
  result.consistency_ms_p99 = p.consistency_ms_p99;
  result.verify_us = p.verify_inclusion_us_p50;
  const ed = await bankCheck(database, target, 'ed25519', 'ed25519-cosignature');
  const sm2 = await bankCheck(database, target, 'sm2', 'sm2-cosignature');
  log(`bank's full check at ${ed.tree_size.toLocaleString('en')} leaves (bundle: proof + log signature + 5 cosignatures, quorum 4): Ed25519 p50 ${ed.p50_ms} ms, p99 ${ed.p99_ms} ms (first ${ed.first_ms} ms); SM2 p50 ${sm2.p50_ms} ms, p99 ${sm2.p99_ms} ms (first check, keys not yet seen: ${sm2.first_ms} ms; second, building the keys' tables: ${sm2.second_ms} ms) [load ${load()}]`);
  result.bank_check_ms = ed.p50_ms;
  result.bank_check_p99_ms = ed.p99_ms;
  result.bank_check_sm2_ms = sm2.p50_ms;
  result.bank_check_sm2_p99_ms = sm2.p99_ms;
  result.bank_check_sm2_first_ms = sm2.first_ms;
  result.bank_check_sm2_second_ms = sm2.second_ms;
  await database.close();
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
}

const pg = await openPostgres();
if (pg) {
  const target = await createLedger({ database: pg.database, clock: systemClock, ids, options: recordCommits }).createLog({ origin: 'bench.example/pg' });
  const a = await closedLoop(target, Math.min(APPENDS, 100_000), CLIENTS);
  log(`postgres appends: ${a.perS}/s; enqueue → ack p99 ${a.ack_p99_ms} ms; transaction p99 ${a.tx_p99_ms} ms (batch median ${a.batch_median}); ${a.cpu_us_per_append} µs CPU per append in this process`);
  result.postgres = a;
  await buildTree(target, 200_000, log);
  const p = await proofLatency(target, pg.database, 500);
  log(`postgres proofs at ${p.tree_size} leaves: ${JSON.stringify(p)}`);
  result.postgres_proofs = p;
  await pg.cleanup();
} else log('postgres: not reachable, skipped');

result.load_average_end = load();
log(`RESULT ${JSON.stringify(result)}`);
