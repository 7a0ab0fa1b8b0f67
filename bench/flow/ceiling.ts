// What the machine itself allows: durable commits per second of a trivial one-row insert, the same way the
// engine commits its steps (SQLite: one caller on the held connection; PostgreSQL: the same callers in flight over
// the same pipelined connections). Divided by the commits an instance takes, it is the ceiling of "one durable commit
// per step" on this machine, whatever the engine does: the engine's figure is read against it.
import { sql } from 'kysely';
import { connectPostgresPipelined, nativeSqliteHandle } from '../../src/db/index.ts';
import { PIPELINE_CONNECTIONS } from '../../src/engines/flow/tx.ts';
import { createPgPipeline } from '../../src/engines/flow/pg-pipeline.ts';
import type { PgClient } from '../../src/engines/flow/pg-tx.ts';
import { openFresh, parallel } from './setup.ts';

/** Commits per second and CPU per commit of `n` one-row insert transactions. */
export interface CommitCeiling {
  commitsPerS: number;
  clientCpuUs: number;
}

const payload = 'x'.repeat(200);

/** SQLite: `n` transactions of one row each on a fresh file, as the engine runs a step (begin immediate … commit). */
export async function sqliteCommitCeiling(n: number): Promise<CommitCeiling> {
  const { database, cleanup } = await openFresh('sqlite');
  try {
    const h = nativeSqliteHandle(database)!;
    h.exec('create table ceiling (id text primary key, v text not null) without rowid');
    const insert = h.prepare('insert into ceiling (id, v) values (?, ?)');
    const begin = h.prepare('begin immediate');
    const commit = h.prepare('commit');
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      begin.run();
      insert.run(`c${i}`, payload);
      commit.run();
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { commitsPerS: n / seconds, clientCpuUs: (cpu.user + cpu.system) / n };
  } finally {
    await cleanup();
  }
}

/** PostgreSQL: `n` one-row inserts, each its own transaction, `callers` in flight over the engine's pipeline. */
export async function pgCommitCeiling(pgUrl: string, n: number, callers: number): Promise<CommitCeiling> {
  const { database, cleanup } = await openFresh('postgres', pgUrl);
  try {
    await sql`create table ceiling (id text primary key, v text not null)`.execute(database.kysely);
    const pipeline = createPgPipeline(() => connectPostgresPipelined(database) as unknown as Promise<PgClient>, PIPELINE_CONNECTIONS);
    const insert = (i: number) => pipeline.query({ name: 'ceiling_insert', text: 'insert into ceiling (id, v) values ($1, $2)', values: [`c${i}`, payload] });
    await parallel(Array.from({ length: 500 }, (_, i) => i), callers, (i) => insert(-1 - i)); // warm-up: connections, prepared statement
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await parallel(Array.from({ length: n }, (_, i) => i), callers, insert);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { commitsPerS: n / seconds, clientCpuUs: (cpu.user + cpu.system) / n };
  } finally {
    await cleanup();
  }
}
