import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'onething-cli-'));

/** Runs the real `onething` binary (bin/onething.js through tsx) against a scratch data directory. */
function onething(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['bin/onething.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('onething CLI', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('checks codes: exit 0 when valid, 1 naming the failed check', () => {
    expect(onething(['check', 'uscc', '91330000727215176K', '91330100716105852F']).code).toBe(0);
    const bad = onething(['check', 'uscc', '9144030071526726X7']);
    expect(bad.code).toBe(1);
    expect(bad.out + bad.err).toMatch(/check ?character/i);
    expect(onething(['check', 'id', '11010519491231002X']).code).toBe(0);
    // Three CLI processes: 14 s beside another test file, over 30 s on a loaded 2-core machine.
  }, 120_000);

  it('stops on a bad setting, naming it', () => {
    const result = onething(['migrate'], { PORT: 'eighty' });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/PORT: must be an integer/);
  }, 60_000);

  it('seeds, adds a user with validation, backs up and restores', () => {
    expect(onething(['seed', '--enterprises', '200']).code).toBe(0);
    const weak = onething(['user', 'add', '--username', 'li', '--name', '李明', '--role', 'official', '--org', '330106'], { ONETHING_PASSWORD: 'short' });
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/password.*\[password.minLength\]/);
    const backup = join(dataDir, 'backup.db');
    expect(onething(['backup', backup]).code).toBe(0);
    expect(existsSync(backup)).toBe(true);
    const added = onething(['user', 'add', '--username', 'li', '--name', '李明', '--role', 'official', '--org', '330106'], { ONETHING_PASSWORD: 'Strong@Pass2026' });
    expect(added.code).toBe(0);
    expect(onething(['user', 'add', '--username', 'li', '--name', '李明', '--role', 'official', '--org', '330106'], { ONETHING_PASSWORD: 'Strong@Pass2026' }).code).toBe(1);
    expect(onething(['restore', backup]).code).toBe(0);
    // The backup predates the user, so after the restore the name is free again.
    expect(onething(['user', 'add', '--username', 'li', '--name', '李明', '--role', 'official', '--org', '330106'], { ONETHING_PASSWORD: 'Strong@Pass2026' }).code).toBe(0);
    // Seven CLI processes, each starting Node and tsx: 13 s alone, more beside another test file.
  }, 120_000);
});
