import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { testDialects } from '../../db/testing.ts';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { ledgerMigrations } from './ledger.migrations.ts';
import { createLedger } from './ledger-log.ts';
import { createLedgerRepository } from './ledger.repository.ts';
import { generateSignerKey } from './keys.ts';
import { createWitness } from './witness.ts';
import { collectCosignatures } from './cosigning.ts';
import { createAnchorScheduler, type AnchorExport } from './anchor.ts';
import { toHex, utf8 } from './bytes.ts';

for (const dialect of testDialects()) {
  describe(`anchoring on ${dialect.name}`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, ledgerMigrations);
    });
    afterAll(() => database.close());

    it('exports the latest cosigned checkpoint every interval, and only when it is new', async () => {
      const clock = createFixedClock('2026-01-05T08:00:00Z');
      const origin = 'log.example/anchored';
      const logKey = generateSignerKey(origin, 'ed25519');
      const log = await createLedger({ database, clock, ids: createSequentialIds() }).createLog({ origin });
      const repo = createLedgerRepository(database);
      const witnesses = ['a', 'b'].map((n) => createWitness({ repo, clock, keys: [generateSignerKey(`w.example/${n}`, 'ed25519-cosignature')], logs: [{ origin, keys: [logKey.verifier] }] }));
      const known = new Map<string, number>();
      const cosign = async () => {
        const r = await collectCosignatures({ note: await log.signCheckpoint([logKey]), proofs: log.proofs, witnesses, knownSizes: known });
        await log.saveCosignedCheckpoint(log.head().size, r.note, r.cosigned.length);
      };
      const sunk: AnchorExport[] = [];
      const scheduler = createAnchorScheduler({ log, clock, intervalMs: 10 * 60_000, minCosignatures: 2, sink: async (a) => void sunk.push(a) });

      await log.appendMany([utf8('a'), utf8('b')]);
      await log.signCheckpoint([logKey]);
      expect(await scheduler.tick()).toBeUndefined();
      await cosign();
      clock.advance(5 * 60_000);
      expect(await scheduler.tick()).toBeUndefined();
      clock.advance(5 * 60_000);
      const first = (await scheduler.tick())!;
      expect(first).toMatchObject({ format: 'onething-ledger-anchor/v1', origin, treeSize: 2, hashSuite: 'sha256', cosigners: ['w.example/a', 'w.example/b'], exportedAt: '2026-01-05T08:10:00.000Z' });
      expect(first.checkpointSha256).toBe(toHex(sha256(utf8(first.checkpoint))));
      clock.advance(10 * 60_000);
      expect(await scheduler.tick()).toBeUndefined();
      await log.append(utf8('c'));
      await cosign();
      clock.advance(10 * 60_000);
      expect((await scheduler.tick())!.treeSize).toBe(3);
      expect(sunk.map((a) => a.treeSize)).toEqual([2, 3]);
      expect((await log.listAnchors()).map((a) => JSON.parse(a.payload).treeSize)).toEqual([2, 3]);
      expect(() => createAnchorScheduler({ log, clock, intervalMs: 0, minCosignatures: 1, sink: async () => {} })).toThrow(/intervalMs/);
    });
  });
}
