import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config.ts';
import { DEMO_ACCOUNTS } from '../../platform/demo/demo-city.ts';
import type { CliIo } from '../context.ts';
import { registerSeedCommand, runSeed } from './seed.ts';

function capture(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l) };
}

describe('onething seed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onething-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({ DATA_DIR: dir });

  it('seeds the demo city once, reporting progress and the demo logins', async () => {
    const io = capture();
    const progress: number[] = [];
    const result = await runSeed({ enterprises: 300, seed: 1 }, io, { config, progress: (done) => progress.push(done) });
    expect(result.created).toBe(true);
    expect(progress.at(-1)).toBe(result.enterprises);
    expect(io.lines[0]).toMatch(new RegExp(`^Demo city seeded in [\\d.]+ s: 30\\d enterprises, \\d+ organisations, ${DEMO_ACCOUNTS.length} accounts`));
    expect(io.lines).toContain('Demo logins (password Onething@2026):');
    expect(io.lines.some((l) => l.trim().startsWith('xihu-official'))).toBe(true);

    const again = capture();
    expect((await runSeed({ enterprises: 300, seed: 1 }, again, { config })).created).toBe(false);
    expect(again.lines[0]).toMatch(/already .*nothing done/);
  });

  it('rejects a count that is not a whole number, naming the option', async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    registerSeedCommand(program);
    await expect(program.parseAsync(['node', 'onething', 'seed', '--enterprises', '12x'])).rejects.toThrow(/--enterprises must be a whole number/);
    await expect(program.parseAsync(['node', 'onething', 'seed', '--seed', '-1'])).rejects.toThrow(/--seed/);
  });
});
