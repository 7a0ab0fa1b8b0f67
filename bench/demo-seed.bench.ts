// Demo city seeding: `npm run bench -- demo-seed [--n 200000] [--runs 1] [--pg postgres://…]`.
// Measures generation alone (firms/s, no database) and a full `seedDemoCity` of N firms into a
// fresh SQLite file (and into PostgreSQL when --pg is given).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type Database } from '../src/db/index.ts';
import { generateEnterprises } from '../src/platform/demo/generate-enterprises.ts';
import { seedDemoCity } from '../src/platform/demo/seed-demo-city.ts';
import { createPlatformServices } from '../src/platform/platform.ts';
import { allMigrations } from '../src/scenarios/index.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const N = Number(arg('n', '200000'));
const RUNS = Number(arg('runs', '1'));
const PG_URL = arg('pg', '');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function generationRate(): number {
  const started = performance.now();
  let n = 0;
  for (const _ of generateEnterprises({ count: Math.min(N, 200_000), seed: 1 })) n++;
  return n / ((performance.now() - started) / 1000);
}

async function seedSeconds(database: Database): Promise<{ total: number; enterprises: number }> {
  await migrateToLatest(database, allMigrations);
  const started = performance.now();
  let lastTenth = -1;
  const result = await seedDemoCity(createPlatformServices({ database }), {
    enterprises: N,
    onProgress(done, total) {
      const tenth = Math.floor((done / total) * 10);
      if (tenth !== lastTenth) process.stderr.write(`  ${done}/${total} after ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      lastTenth = tenth;
    },
  });
  return { total: (performance.now() - started) / 1000, enterprises: result.enterpriseMs / 1000 };
}

const generation: number[] = [];
const sqlite: number[] = [];
const pg: number[] = [];
for (let run = 0; run < RUNS; run++) {
  generation.push(generationRate());
  const dir = mkdtempSync(join(tmpdir(), 'onething-seed-'));
  const database = await openDatabase(undefined, dir);
  try {
    const s = await seedSeconds(database);
    sqlite.push(s.total);
    console.log(`run ${run + 1}: generation ${Math.round(generation.at(-1)!)} firms/s; sqlite seed of ${N} in ${s.total.toFixed(1)} s (enterprises ${s.enterprises.toFixed(1)} s)`);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (PG_URL) {
    const schema = `bench_seed_${process.pid}_${run}`;
    const admin = await openDatabase(PG_URL);
    await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
    const u = new URL(PG_URL);
    u.searchParams.set('options', `-c search_path=${schema}`);
    const database = await openDatabase(u.toString());
    try {
      const s = await seedSeconds(database);
      pg.push(s.total);
      console.log(`run ${run + 1}: postgres seed of ${N} in ${s.total.toFixed(1)} s`);
    } finally {
      await database.close();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.kysely);
      await admin.close();
    }
  }
}
console.log(
  `RESULT ${JSON.stringify({ n: N, runs: RUNS, generationFirmsPerSecond: Math.round(median(generation)), sqliteSeconds: Number(median(sqlite).toFixed(1)), ...(pg.length ? { postgresSeconds: Number(median(pg).toFixed(1)) } : {}) })}`,
);
