import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { createLedger } from './ledger-log.ts';
import { getHashSuite } from './hash-suite.ts';
import { rootFromLeafHashes, verifyInclusion } from './merkle.ts';

describe('a writer killed with SIGKILL mid-batch (SQLite file)', () => {
  it('loses no acknowledged entry, and the stored tree matches the stored entries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
    const file = join(dir, 'ledger.db');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'testdata', 'crash-writer.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let acked = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        acked = out.split('\n').filter((l) => /^\d+$/.test(l)).length;
        // Kill once a few batches are acknowledged: the next one is in flight.
        if (acked >= 1000 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(acked).toBeGreaterThanOrEqual(1000);
    const database = await openDatabase(`sqlite:${file}`);
    const log = (await createLedger({ database, clock: createFixedClock('2026-01-05T08:00:00Z'), ids: createSequentialIds() }).openLog('crash.example/log'))!;
    const size = log.head().size;
    expect(size).toBeGreaterThanOrEqual(acked);
    const suite = getHashSuite('sha256');
    const leafHashes = Array.from({ length: size }, (_, i) => suite.leafHash(new TextEncoder().encode(`entry-${i}`)));
    for (const i of [0, acked - 1, size - 1]) expect((await log.getEntry(i))!.leafHash).toEqual(leafHashes[i]);
    const root = rootFromLeafHashes(suite, leafHashes);
    expect(log.head().rootHash).toEqual(root);
    verifyInclusion(suite, acked - 1, size, leafHashes[acked - 1], await log.proofs.inclusionProof(acked - 1, size), root);
    // And the reopened writer goes on from there.
    expect((await log.append(new TextEncoder().encode(`entry-${size}`))).index).toBe(size);
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
