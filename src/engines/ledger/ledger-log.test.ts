import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../db/testing.ts';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { ledgerMigrations } from './ledger.migrations.ts';
import { createLedger } from './ledger-log.ts';
import { getHashSuite } from './hash-suite.ts';
import { rootFromLeafHashes, verifyConsistency, verifyInclusion } from './merkle.ts';
import { LogConflictError } from './ledger.repository.ts';
import { utf8 } from './bytes.ts';

const entry = (i: number) => utf8(`entry-${i}`);
const clock = createFixedClock('2026-01-05T08:00:00Z');

for (const dialect of testDialects()) {
  describe(`ledger storage on ${dialect.name}`, () => {
    let database: Database;
    const ids = createSequentialIds();
    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, ledgerMigrations);
    });
    afterAll(() => database.close());

    it('appends with group commit, indexes in order, and serves verifying proofs across tiles', async () => {
      let transactions = 0;
      const ledger = createLedger({ database, clock, ids, options: { beforeCommit: async () => void transactions++ } });
      const log = await ledger.createLog({ origin: `example.org/${dialect.name}/a`, hashSuite: 'sha256' });
      const other = await ledger.createLog({ origin: `example.org/${dialect.name}/b`, hashSuite: 'sm3', lookupByLeafHash: false });
      const n = 600;
      const [results] = await Promise.all([
        log.appendMany(Array.from({ length: n }, (_, i) => entry(i))),
        other.appendMany([entry(0), entry(1), entry(2)]),
      ]);
      expect(results.map((r) => r.index)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(transactions).toBeLessThanOrEqual(4);
      const suite = getHashSuite('sha256');
      const leafHashes = Array.from({ length: n }, (_, i) => suite.leafHash(entry(i)));
      expect(log.head().size).toBe(n);
      expect(log.head().rootHash).toEqual(rootFromLeafHashes(suite, leafHashes));
      expect(other.head().rootHash).toEqual(rootFromLeafHashes(getHashSuite('sm3'), [0, 1, 2].map((i) => getHashSuite('sm3').leafHash(entry(i)))));
      for (const size of [1, 2, 255, 256, 257, 511, 512, 513, 600]) {
        const root = rootFromLeafHashes(suite, leafHashes.slice(0, size));
        expect(await log.proofs.rootAt(size)).toEqual(root);
        for (const index of new Set([0, 1, Math.floor(size / 2), size - 1].filter((i) => i < size))) {
          verifyInclusion(suite, index, size, leafHashes[index], await log.proofs.inclusionProof(index, size), root);
        }
        for (const size1 of [1, 3, 256, 300].filter((s) => s <= size)) {
          const proof = await log.proofs.consistencyProof(size1, size);
          verifyConsistency(suite, size1, size, proof, rootFromLeafHashes(suite, leafHashes.slice(0, size1)), root);
        }
      }
      const found = await log.findByLeafHash(leafHashes[77]);
      expect(found.map((e) => e.index)).toEqual([77]);
      expect(new TextDecoder().decode((await log.getEntry(77))!.data)).toBe('entry-77');
      expect(await log.findByLeafHash(getHashSuite('sha256').leafHash(utf8('never appended')))).toEqual([]);
      await expect(other.findByLeafHash(leafHashes[0])).rejects.toThrow(/created without lookupByLeafHash/);
      await log.append(entry(77));
      expect((await log.findByLeafHash(leafHashes[77])).map((e) => e.index)).toEqual([77, n]);
    });

    it('reopens after a restart and goes on with the same tree', async () => {
      const origin = `example.org/${dialect.name}/restart`;
      const first = createLedger({ database, clock, ids });
      const log = await first.createLog({ origin });
      await log.appendMany(Array.from({ length: 300 }, (_, i) => entry(i)));
      const second = createLedger({ database, clock, ids });
      const reopened = (await second.openLog(origin))!;
      expect(reopened.head()).toEqual(log.head());
      await reopened.appendMany(Array.from({ length: 30 }, (_, i) => entry(300 + i)));
      const suite = getHashSuite('sha256');
      expect(reopened.head().rootHash).toEqual(rootFromLeafHashes(suite, Array.from({ length: 330 }, (_, i) => suite.leafHash(entry(i)))));
    });

    it('a crash inside a batch loses no acknowledged entry and leaves nothing half-written', async () => {
      let fail = false;
      const ledger = createLedger({ database, clock, ids, options: { beforeCommit: async () => { if (fail) throw new Error('power cut'); } } });
      const log = await ledger.createLog({ origin: `example.org/${dialect.name}/crash` });
      const acked = await log.appendMany(Array.from({ length: 100 }, (_, i) => entry(i)));
      fail = true;
      const lost = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => log.append(entry(1000 + i))));
      expect(lost.every((r) => r.status === 'rejected')).toBe(true);
      fail = false;
      expect(log.head().size).toBe(100);
      const after = await log.append(entry(100));
      expect(after.index).toBe(100);
      const restarted = (await createLedger({ database, clock, ids }).openLog(log.origin))!;
      expect(restarted.head().size).toBe(101);
      for (const a of acked) expect((await restarted.getEntry(a.index))!.leafHash).toEqual(a.leafHash);
      expect(await restarted.getEntry(101)).toBeUndefined();
      const suite = getHashSuite('sha256');
      expect(restarted.head().rootHash).toEqual(rootFromLeafHashes(suite, Array.from({ length: 101 }, (_, i) => suite.leafHash(entry(i)))));
    });

    it('bulk appends keep the order of the queue, commit in chunks, and match single appends', async () => {
      let fail = 0;
      let transactions = 0;
      const ledger = createLedger({ database, clock, ids, options: { beforeCommit: async () => { transactions++; if (fail > 0 && --fail === 0) throw new Error('disk full'); } } });
      const log = await ledger.createLog({ origin: `example.org/${dialect.name}/bulk` });
      const before = log.append(entry(0));
      const bulk = log.appendBulk(Array.from({ length: 700 }, (_, i) => entry(1 + i)), { transactionSize: 300 });
      const after = log.append(entry(701));
      expect((await before).index).toBe(0);
      expect(await bulk).toEqual({ first: 1, count: 700 });
      expect((await after).index).toBe(701);
      expect(transactions).toBe(5);
      const suite = getHashSuite('sha256');
      const leafHashes = Array.from({ length: 702 }, (_, i) => suite.leafHash(entry(i)));
      expect(log.head().rootHash).toEqual(rootFromLeafHashes(suite, leafHashes));
      verifyInclusion(suite, 500, 702, leafHashes[500], await log.proofs.inclusionProof(500, 702), log.head().rootHash);
      expect((await log.findByLeafHash(leafHashes[650])).map((e) => e.index)).toEqual([650]);
      // The second transaction fails: the first stays committed, the rest is not written.
      fail = 2;
      await expect(log.appendBulk(Array.from({ length: 500 }, (_, i) => entry(702 + i)), { transactionSize: 200 })).rejects.toThrow(/disk full/);
      expect(log.head().size).toBe(902);
      expect(await log.getEntry(902)).toBeUndefined();
      expect((await log.append(entry(902))).index).toBe(902);
      expect(log.head().rootHash).toEqual(rootFromLeafHashes(suite, Array.from({ length: 903 }, (_, i) => suite.leafHash(entry(i)))));
      await expect(log.appendBulk([entry(0)], { transactionSize: 0 })).rejects.toThrow(/transactionSize: must be a positive integer/);
    });

    it('a backlog is committed in time-bounded transactions', async () => {
      const sizes: number[] = [];
      const ledger = createLedger({ database, clock, ids, options: { maxBatchMs: 0.000_001, onCommit: (c) => void sizes.push(c.entries) } });
      const log = await ledger.createLog({ origin: `example.org/${dialect.name}/bounded` });
      await log.appendMany(Array.from({ length: 100 }, (_, i) => entry(i)));
      expect(sizes).toEqual([100]);
      const results = await log.appendMany(Array.from({ length: 600 }, (_, i) => entry(100 + i)));
      // With the cost of one entry above the bound, every transaction takes the minimum of 256.
      expect(sizes.slice(1)).toEqual([256, 256, 88]);
      expect(results.map((r) => r.index)).toEqual(Array.from({ length: 600 }, (_, i) => 100 + i));
      expect(() => createLedger({ database, clock, ids, options: { walAutocheckpoint: -1 } })).toThrow(/walAutocheckpoint: must be a non-negative integer/);
      const small = await createLedger({ database, clock, ids, options: { walAutocheckpoint: 100 } }).createLog({ origin: `example.org/${dialect.name}/wal-100` });
      expect((await small.appendMany([entry(0), entry(1)])).map((r) => r.index)).toEqual([0, 1]);
    });

    it('a second writer on the same log is refused instead of forking it', async () => {
      const origin = `example.org/${dialect.name}/two-writers`;
      const a = await createLedger({ database, clock, ids }).createLog({ origin });
      const b = (await createLedger({ database, clock, ids }).openLog(origin))!;
      await a.append(entry(0));
      await expect(b.append(entry(1))).rejects.toBeInstanceOf(LogConflictError);
      expect((await b.append(entry(1))).index).toBe(1);
    });
  });
}

const bigIds = createSequentialIds();
describe('ledger storage beyond 65,536 leaves (level-2 tiles, SQLite)', () => {
  it('roots and proofs stay right', async () => {
    const database = await testDialects()[0].open();
    await migrateToLatest(database, ledgerMigrations);
    const log = await createLedger({ database, clock, ids: bigIds }).createLog({ origin: 'example.org/big', hashSuite: 'sha256' });
    const n = 66_000;
    await log.appendBulk(Array.from({ length: n }, (_, i) => entry(i)), { transactionSize: 40_000 });
    const suite = getHashSuite('sha256');
    const leafHashes = Array.from({ length: n }, (_, i) => suite.leafHash(entry(i)));
    const root = rootFromLeafHashes(suite, leafHashes);
    expect(log.head().rootHash).toEqual(root);
    for (const index of [0, 65_535, 65_536, 65_999]) verifyInclusion(suite, index, n, leafHashes[index], await log.proofs.inclusionProof(index, n), root);
    verifyConsistency(suite, 65_537, n, await log.proofs.consistencyProof(65_537, n), rootFromLeafHashes(suite, leafHashes.slice(0, 65_537)), root);
    await database.close();
  });
});
