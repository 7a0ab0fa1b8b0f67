// Ledger engine: `npm run bench -- ledger [--entries 1000000] [--appends 200000] [--clients 2000] [--pg URL] [--no-pg] [--no-http]`.
// Durable batched appends/s and commit latency (SQLite file, and PostgreSQL when reachable), appends/s over
// HTTP (Fastify on loopback, same process), proof generation from storage and verification at --entries
// leaves, a bank's full check (proof + checkpoint with 5 cosignatures), the interval between 4-of-5
// cosigned checkpoints under load, and the hashing ceiling of this machine in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { sql } from 'kysely';
import Fastify from 'fastify';
import { openDatabase, migrateToLatest, type Database } from '../src/db/index.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { createIdGenerator } from '../src/kernel/ids.ts';
import {
  buildProofBundle, collectCosignatures, createLedger, createLedgerRepository, createProofReader, createWitness, generateSignerKey,
  getHashSuite, ledgerMigrations, verifyConsistency, verifyInclusion, verifyProofBundle, type KeyAlgorithm, type LedgerLog,
} from '../src/engines/ledger/index.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ENTRIES = Number(arg('entries', '1000000'));
const APPENDS = Number(arg('appends', '200000'));
const CLIENTS = Number(arg('clients', '1000'));
const PG_URL = process.argv.includes('--no-pg') ? '' : arg('pg', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const HTTP = !process.argv.includes('--no-http');

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const r2 = (x: number) => Math.round(x * 100) / 100;
const log = (s: string) => process.stdout.write(`${s}\n`);
// Every committed batch's transaction time and size (LedgerLogOptions.onCommit).
let commits: { entries: number; ms: number }[] = [];
const options = { onCommit: (c: { entries: number; ms: number }) => void commits.push(c) };
const entry = (i: number) => new TextEncoder().encode(`{"fingerprint":"${i.toString(16).padStart(64, '0')}","owner":"org_${i % 977}"}`);

async function openFresh(kind: 'sqlite' | 'postgres', synchronous = 'NORMAL'): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
    const database = await openDatabase(`sqlite:${join(dir, 'ledger.db')}`);
    await sql.raw(`pragma synchronous = ${synchronous}`).execute(database.kysely);
    await migrateToLatest(database, ledgerMigrations);
    return { database, cleanup: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const schema = `ledger_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = await openDatabase(PG_URL);
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

/** `clients` loops each appending and awaiting; returns appends/s and per-append commit latency. */
async function appendLoad(target: LedgerLog, total: number, clients: number) {
  const latencies: number[] = [];
  commits = [];
  // Entry i always sits at index i, so proofs can be checked against entry(index).
  const offset = target.head().size;
  let next = offset;
  total += offset;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      await target.append(entry(i));
      latencies.push(performance.now() - t);
    }
  }));
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    perS: Math.round((total - offset) / s),
    // CPU time (all threads) per append: the machine-load-independent cost.
    cpu_us_per_append: r2((cpu.user + cpu.system) / (total - offset)),
    append_p50_ms: r2(pct(latencies, 0.5)), append_p99_ms: r2(pct(latencies, 0.99)),
    commit_p50_ms: r2(pct(commits.map((c) => c.ms), 0.5)), commit_p99_ms: r2(pct(commits.map((c) => c.ms), 0.99)),
    batch_median: pct(commits.map((c) => c.entries), 0.5), transactions: commits.length,
  };
}

async function buildTree(target: LedgerLog, n: number): Promise<number> {
  const t0 = performance.now();
  const from = target.head().size;
  for (let start = target.head().size; start < n; start += 8192) {
    await target.appendMany(Array.from({ length: Math.min(8192, n - start) }, (_, i) => entry(start + i)));
    if (start % 262_144 === 0 && start > 0) log(`  … ${start} entries`);
  }
  return n > from ? Math.round((n - from) / ((performance.now() - t0) / 1000)) : 0;
}

async function proofLatency(target: LedgerLog, database: Database) {
  const n = target.head().size;
  const suite = target.suite;
  const cold = createProofReader({ repo: createLedgerRepository(database), logId: target.id, suite, cacheTiles: 0 });
  const gen: number[] = [];
  const genWarm: number[] = [];
  const cons: number[] = [];
  const ver: number[] = [];
  const verCons: number[] = [];
  const root = target.head().rootHash;
  for (let k = 0; k < 2000; k++) {
    const index = Math.floor(Math.random() * n);
    let t = performance.now();
    const proof = await cold.inclusionProof(index, n);
    gen.push(performance.now() - t);
    t = performance.now();
    await target.proofs.inclusionProof(index, n);
    genWarm.push(performance.now() - t);
    // HTTP appends land in arrival order, so read the leaf hash back instead of recomputing it.
    const leafHash = (await target.getEntry(index))!.leafHash;
    t = performance.now();
    verifyInclusion(suite, index, n, leafHash, proof, root);
    ver.push((performance.now() - t) * 1000);
    if (k < 300) {
      const size1 = 1 + Math.floor(Math.random() * (n - 1));
      t = performance.now();
      const cp = await cold.consistencyProof(size1, n);
      cons.push(performance.now() - t);
      const root1 = await target.proofs.rootAt(size1);
      t = performance.now();
      verifyConsistency(suite, size1, n, cp, root1, root);
      verCons.push((performance.now() - t) * 1000);
    }
  }
  return {
    tree_size: n,
    inclusion_ms_p50: r2(pct(gen, 0.5)), inclusion_ms_p99: r2(pct(gen, 0.99)), inclusion_cached_ms_p50: r2(pct(genWarm, 0.5)),
    consistency_ms_p50: r2(pct(cons, 0.5)), consistency_ms_p99: r2(pct(cons, 0.99)),
    verify_inclusion_us_p50: r2(pct(ver, 0.5)), verify_inclusion_us_p99: r2(pct(ver, 0.99)), verify_consistency_us_p50: r2(pct(verCons, 0.5)),
  };
}

async function witnessSetup(database: Database, target: LedgerLog, logAlg: KeyAlgorithm, wAlg: KeyAlgorithm) {
  const logKey = generateSignerKey(target.origin, logAlg);
  const repo = createLedgerRepository(database);
  const keys = ['ipc', 'notary', 'exchange', 'regulator', 'court'].map((n) => generateSignerKey(`witness.example/${n}-${wAlg}`, wAlg));
  const witnesses = keys.map((k) => createWitness({ repo, clock: systemClock, keys: [k], logs: [{ origin: target.origin, keys: [logKey.verifier], hashSuite: target.suite.name }] }));
  return { logKey, keys, witnesses, known: new Map<string, number>() };
}

async function bankCheck(database: Database, target: LedgerLog, n: number, logAlg: KeyAlgorithm, wAlg: KeyAlgorithm): Promise<number> {
  const w = await witnessSetup(database, target, logAlg, wAlg);
  const { note } = await collectCosignatures({ note: await target.signCheckpoint([w.logKey]), proofs: target.proofs, witnesses: w.witnesses, knownSizes: w.known });
  const times: number[] = [];
  for (let k = 0; k < 60; k++) {
    const bundle = JSON.parse(JSON.stringify(await buildProofBundle(target, { index: Math.floor(Math.random() * n), checkpoint: note, logKeys: [w.logKey.verifier], witnessKeys: w.keys.map((x) => x.verifier), quorum: 4 })));
    const t = performance.now();
    await verifyProofBundle(bundle);
    times.push(performance.now() - t);
  }
  return r2(pct(times.slice(10), 0.5));
}

async function cosignUnderLoad(database: Database, target: LedgerLog, seconds: number) {
  const w = await witnessSetup(database, target, 'ed25519', 'ed25519-cosignature');
  let stop = false;
  const load = (async () => { let i = 0; while (!stop) await target.appendMany(Array.from({ length: 500 }, () => entry(i++))); })();
  const stamps: number[] = [];
  const t0 = performance.now();
  const size0 = target.head().size;
  while (performance.now() - t0 < seconds * 1000) {
    const r = await collectCosignatures({ note: await target.signCheckpoint([w.logKey]), proofs: target.proofs, witnesses: w.witnesses, knownSizes: w.known });
    if (r.cosigned.length >= 4) {
      await target.saveCosignedCheckpoint(target.head().size, r.note, r.cosigned.length);
      stamps.push(performance.now());
    }
  }
  stop = true;
  await load;
  const gaps = stamps.slice(1).map((s, i) => (s - stamps[i]) / 1000);
  return { cosign_interval_s: r2(pct(gaps, 0.5) ?? NaN), cosign_interval_s_max: r2(Math.max(...gaps)), appends_during_per_s: Math.round((target.head().size - size0) / seconds) };
}

function post(agent: http.Agent, port: number, body: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, port, host: '127.0.0.1', method: 'POST', path: '/append', headers: { 'content-type': 'application/octet-stream', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function httpLoad(target: LedgerLog, total: number, clients: number): Promise<number> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/append', async (req) => ({ index: (await target.append(new Uint8Array(req.body as Buffer))).index }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const offset = target.head().size;
  let next = offset;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < offset + total) await post(agent, port, entry(next++));
  }));
  const perS = Math.round(total / ((performance.now() - t0) / 1000));
  agent.destroy();
  await app.close();
  return perS;
}

async function pgReachable(): Promise<boolean> {
  if (!PG_URL) return false;
  try {
    const db = await openDatabase(PG_URL);
    await sql`select 1`.execute(db.kysely);
    await db.close();
    return true;
  } catch {
    return false;
  }
}

log(`ledger bench — ${cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
const result: Record<string, unknown> = { cores: cpus().length, entries: ENTRIES };
const ceiling = hashCeiling();
log(`hashing ceiling: ${JSON.stringify(ceiling)}`);
result.hash_ceiling = ceiling;

for (const sync of ['NORMAL', 'FULL']) {
  const { database, cleanup } = await openFresh('sqlite', sync);
  const target = await createLedger({ database, clock: systemClock, ids: createIdGenerator(), options }).createLog({ origin: 'bench.example/log' });
  const a = await appendLoad(target, APPENDS, CLIENTS);
  log(`sqlite (synchronous=${sync}) appends: ${a.perS}/s; commit transaction p50 ${a.commit_p50_ms} ms, p99 ${a.commit_p99_ms} ms (median batch ${a.batch_median}); append wait p50 ${a.append_p50_ms} ms, p99 ${a.append_p99_ms} ms; ${a.cpu_us_per_append} µs CPU per append (${CLIENTS} concurrent appenders, ${APPENDS} appends)`);
  result[`sqlite_${sync.toLowerCase()}`] = a;
  if (sync === 'NORMAL') {
    const plain = await createLedger({ database, clock: systemClock, ids: createIdGenerator(), options }).createLog({ origin: 'bench.example/no-lookup', lookupByLeafHash: false });
    const b = await appendLoad(plain, APPENDS, CLIENTS);
    log(`  the same, log without lookup by leaf hash: ${b.perS}/s; commit p99 ${b.commit_p99_ms} ms; ${b.cpu_us_per_append} µs CPU per append`);
    result.sqlite_normal_no_lookup = b;
    result.appends_per_s = a.perS;
    result.commit_p99_ms = a.commit_p99_ms;
    result.append_wait_p99_ms = a.append_p99_ms;
    if (HTTP) {
      const h = await httpLoad(target, 20_000, 64);
      log(`HTTP appends (Fastify server and node:http keep-alive clients in one process, 64 connections): ${h}/s`);
      result.http_appends_per_s = h;
    }
    log(`building a tree of ${ENTRIES} entries…`);
    result.build_appends_per_s = await buildTree(target, ENTRIES);
    log(`  built at ${result.build_appends_per_s} appends/s (batches of 8192)`);
    const p = await proofLatency(target, database);
    log(`proofs at ${p.tree_size} leaves (from storage, no tile cache): ${JSON.stringify(p)}`);
    result.proofs = p;
    result.proof_ms = p.inclusion_ms_p50;
    result.verify_us = p.verify_inclusion_us_p50;
    result.bank_check_ms = await bankCheck(database, target, ENTRIES, 'ed25519', 'ed25519-cosignature');
    result.bank_check_sm2_ms = await bankCheck(database, target, ENTRIES, 'sm2', 'sm2-cosignature');
    log(`bank's full check (bundle: proof + log signature + 5 cosignatures, quorum 4): Ed25519 ${result.bank_check_ms} ms, SM2 ${result.bank_check_sm2_ms} ms`);
    const c = await cosignUnderLoad(database, target, 5);
    log(`4-of-5 cosigned checkpoints under append load: median interval ${c.cosign_interval_s} s (max ${c.cosign_interval_s_max} s), ${c.appends_during_per_s} appends/s meanwhile`);
    Object.assign(result, c);
  }
  await cleanup();
}

if (await pgReachable()) {
  const { database, cleanup } = await openFresh('postgres');
  const target = await createLedger({ database, clock: systemClock, ids: createIdGenerator(), options }).createLog({ origin: 'bench.example/pg' });
  const a = await appendLoad(target, Math.min(APPENDS, 100_000), CLIENTS);
  log(`postgres appends: ${a.perS}/s; commit transaction p50 ${a.commit_p50_ms} ms, p99 ${a.commit_p99_ms} ms (median batch ${a.batch_median}); append wait p99 ${a.append_p99_ms} ms; ${a.cpu_us_per_append} µs CPU per append in this process`);
  result.postgres = a;
  await buildTree(target, 200_000);
  const p = await proofLatency(target, database);
  log(`postgres proofs at ${p.tree_size} leaves: ${JSON.stringify(p)}`);
  result.postgres_proofs = p;
  await cleanup();
} else log('postgres: not reachable, skipped');

log(`RESULT ${JSON.stringify(result)}`);
