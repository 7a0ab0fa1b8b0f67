import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../db/index.ts';
import { createEnterpriseRepository } from '../../platform/registry/enterprise.repository.ts';
import { csv } from '../../platform/registry/registry.testing.ts';
import { buildEnterprise } from '../../platform/testing/builders.ts';
import { allMigrations } from '../../scenarios/index.ts';

const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'onething.js');

function onething(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('onething import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onething-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const companies = [buildEnterprise(), buildEnterprise()];
  beforeAll(async () => {
    const database = await openDatabase(undefined, dir);
    await migrateToLatest(database, allMigrations);
    await createEnterpriseRepository(database).insertMany(companies);
    await database.close();
  });

  it('commits a good batch (exit 0 and a summary), then changes nothing when it is sent again', () => {
    const file = join(dir, 'stats-2025.csv');
    writeFileSync(file, csv(['统一社会信用代码', '从业人数', '资产总额'], [[companies[0].uscc, 12, '800000.50'], [companies[1].uscc, 3, '1000']]));
    const first = onething('import', file, '--source', 'stats', '--period', '2025', '--data-dir', dir);
    expect(first.err).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^committed: batch \S+ from stats: 2 rows read, 2 committed, 0 rejected, 4 values/m);
    const again = onething('import', file, '--source', 'stats', '--period', '2025', '--data-dir', dir);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^unchanged: this batch was already imported/m);
  }, 60_000);

  it('rejects a bad batch with exit 1 and the report (row, field, reason), committing nothing', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, csv(['uscc', 'employees'], [[companies[0].uscc, 5], ['91330106MA2AXXXXX0', 4], [companies[1].uscc, 'ten']]));
    const run = onething('import', file, '--source', 'stats', '--period', '2024', '--data-dir', dir);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^rejected: .* 3 rows read, 0 committed, 2 rejected/m);
    expect(run.out).toMatch(/^2\tuscc\tuscc\.\w+\t/m);
    expect(run.out).toMatch(/^3\temployees\ttype\.number\t"ten" is not a number/m);
    expect(run.err).toMatch(/nothing was committed/);
  }, 60_000);
});
