import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { readCheckLines, registerCheckCommand, runCheck } from './check.ts';
import { captureIo } from '../testing.ts';


describe('runCheck', () => {
  it('prints a one-line summary and returns 0 when all are valid', () => {
    const io = captureIo();
    expect(runCheck('uscc', ['91330000727215176K', '91330000733796106P'], io)).toBe(0);
    expect(io.lines).toEqual(['2 valid']);
  });

  it('prints each invalid value with each failed check and returns 1', () => {
    const io = captureIo();
    expect(runCheck('uscc', ['91330000727215176K', '9144030071526726X7', '123'], io)).toBe(1);
    expect(io.lines[0]).toBe('9144030071526726X7: invalid');
    expect(io.lines[1]).toMatch(/^ {2}uscc\.checkCharacter: .*should be "G"; found "7"/);
    expect(io.lines[2]).toBe('123: invalid');
    expect(io.lines[3]).toMatch(/^ {2}uscc\.length: /);
    expect(io.lines.at(-1)).toBe('2 of 3 invalid, 1 valid');
  });

  it('checks identity and registration numbers', () => {
    const io = captureIo();
    expect(runCheck('id', ['11010519491231002X'], io, { today: '2026-01-01' })).toBe(0);
    expect(runCheck('id', ['110105194912310021'], io)).toBe(1);
    expect(io.lines).toContain('  id.checkDigit: Character 18, the check digit (ISO 7064 MOD 11-2), should be "X"; found "1".');
    expect(runCheck('regno', ['330106000123450'], io)).toBe(1);
  });

  it('refuses to check nothing', () => {
    const io = captureIo();
    expect(runCheck('uscc', [], io)).toBe(2);
    expect(io.errors[0]).toMatch(/Nothing to check/);
  });

  it('reads files one value per line, ignoring blanks and spaces, keeping line numbers', () => {
    expect(readCheckLines('\uFEFF a \r\n\n  \nb\n', 'f.txt')).toEqual([
      { value: 'a', source: 'f.txt:1' },
      { value: 'b', source: 'f.txt:4' },
    ]);
  });
});

describe('onething check (commander)', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  async function run(args: string[]) {
    const io = captureIo();
    const program = new Command().exitOverride();
    registerCheckCommand(program, io);
    await program.parseAsync(args, { from: 'user' });
    return io;
  }

  it('exits 0 for valid codes given as arguments', async () => {
    const io = await run(['check', 'uscc', '91330100716105852F', '91330200711192037M']);
    expect(io.lines).toEqual(['2 valid']);
    expect(process.exitCode).toBe(0);
  });

  it('reads --file and reports the line of each invalid value, exiting 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onething-check-'));
    const file = join(dir, 'codes.txt');
    writeFileSync(file, '91330000727215176K\n\n  9144030071526726X7  \n91330200711192037M\n');
    const io = await run(['check', 'uscc', '--file', file]);
    expect(io.lines[0]).toBe(`9144030071526726X7 (${file}:3): invalid`);
    expect(io.lines.at(-1)).toBe('1 of 3 invalid, 2 valid');
    expect(process.exitCode).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks id numbers', async () => {
    const io = await run(['check', 'id', '11010519491231002X']);
    expect(io.lines).toEqual(['1 valid']);
    expect(process.exitCode).toBe(0);
  });

  it('exits 2 when the file cannot be read', async () => {
    const io = await run(['check', 'id', '--file', '/nonexistent/onething/ids.txt']);
    expect(io.errors[0]).toMatch(/Cannot read/);
    expect(process.exitCode).toBe(2);
  });
});
