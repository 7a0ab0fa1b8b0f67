import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../db/testing.ts';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { ledgerMigrations } from './ledger.migrations.ts';
import { createLedger, type Ledger } from './ledger-log.ts';
import { createLedgerRepository } from './ledger.repository.ts';
import { generateSignerKey } from './keys.ts';
import { createWitness, formatAddCheckpointBody, parseAddCheckpointBody, WitnessError, type Witness } from './witness.ts';
import { collectCosignatures } from './cosigning.ts';
import { utf8 } from './bytes.ts';
import { formatCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import { signNote } from './note.ts';
import { getHashSuite } from './hash-suite.ts';
import { referenceConsistencyProof, referenceRoot } from './reference-merkle.ts';
import type { ProofReader } from './proof-reader.ts';

const clock = createFixedClock('2026-01-05T08:00:00Z');
const entries = (from: number, n: number, tag = 'e') => Array.from({ length: n }, (_, i) => utf8(`${tag}-${from + i}`));

for (const dialect of testDialects()) {
  describe(`witnesses on ${dialect.name}`, () => {
    let database: Database;
    let ledger: Ledger;
    let witnesses: Witness[];
    const ids = createSequentialIds();
    const origin = `log.example/${dialect.name}`;
    const logKey = generateSignerKey(origin, 'ed25519');
    const witnessKeys = ['ipc', 'notary', 'exchange', 'regulator', 'court'].map((n, i) => generateSignerKey(`witness.example/${n}`, i % 2 ? 'sm2-cosignature' : 'ed25519-cosignature'));
    const policy = { logKeys: [logKey.verifier], witnessKeys: witnessKeys.map((k) => k.verifier), quorum: 4 };
    const asClient = (w: Witness) => ({ name: w.name, addCheckpoint: w.addCheckpoint });
    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, ledgerMigrations);
      ledger = createLedger({ database, clock, ids });
      const repo = createLedgerRepository(database);
      witnesses = witnessKeys.map((k) => createWitness({ repo, clock, keys: [k], logs: [{ origin, keys: [logKey.verifier], hashSuite: 'sm3' }] }));
    });
    afterAll(() => database.close());

    it('cosigns a growing log: a 5-of-5 checkpoint passes a 4-of-5 policy, step after step', async () => {
      const log = await ledger.createLog({ origin, hashSuite: 'sm3' });
      const known = new Map<string, number>();
      for (const n of [3, 300, 1]) {
        await log.appendMany(entries(log.head().size, n));
        const cosigned = await collectCosignatures({ note: await log.signCheckpoint([logKey]), proofs: log.proofs, witnesses: witnesses.map(asClient), knownSizes: known });
        expect(cosigned.refused).toEqual([]);
        const trusted = await verifyCheckpoint(cosigned.note, policy);
        expect(trusted.size).toBe(log.head().size);
        expect(trusted.cosignatures).toHaveLength(5);
        await log.saveCosignedCheckpoint(trusted.size, cosigned.note, 5);
      }
      expect((await log.latestCheckpoint(4))!.size).toBe(304);
      expect((await witnesses[0].latest(origin))!.size).toBe(304);
      // A restarted log that forgot the witnesses' sizes learns them from 409 and goes on.
      await log.appendMany(entries(304, 2));
      const again = await collectCosignatures({ note: await log.signCheckpoint([logKey]), proofs: log.proofs, witnesses: witnesses.map(asClient), knownSizes: new Map() });
      expect(again.cosigned).toHaveLength(5);
    });

    it('refuses with the tlog-witness statuses', async () => {
      const log = (await ledger.openLog(origin))!;
      const w = witnesses[0];
      const size = log.head().size;
      const note = await log.signCheckpoint([logKey]);
      const status = (p: Promise<unknown>) => p.then(() => 200, (e: WitnessError) => [e.status, e.facts.size]);
      expect(await status(w.addCheckpoint({ oldSize: 5, proof: [], checkpoint: note }))).toEqual([409, size]);
      expect(await status(w.addCheckpoint({ oldSize: size + 1, proof: [], checkpoint: note }))).toEqual([400, undefined]);
      const stranger = generateSignerKey(origin, 'ed25519');
      expect(await status(w.addCheckpoint({ oldSize: size, proof: [], checkpoint: note.replace('\n\n', '\n') }))).toEqual([400, undefined]);
      expect(await status(w.addCheckpoint({ oldSize: size, proof: [], checkpoint: note.replace(/\u2014.*\n/, '') }))).toEqual([403, undefined]);
      const otherLog = await ledger.createLog({ origin: `${origin}-other` });
      expect(await status(w.addCheckpoint({ oldSize: 0, proof: [], checkpoint: await otherLog.signCheckpoint([generateSignerKey(`${origin}-other`, 'ed25519')]) }))).toEqual([404, undefined]);
      await log.appendMany(entries(size, 5));
      const next = await log.signCheckpoint([logKey]);
      const proof = await log.proofs.consistencyProof(size, size + 5);
      const bad = proof.map((p, i) => (i === 0 ? p.map((b, j) => (j === 0 ? b ^ 1 : b)) : p));
      expect(await status(w.addCheckpoint({ oldSize: size, proof: bad, checkpoint: next }))).toEqual([422, undefined]);
      expect(await status(w.addCheckpoint({ oldSize: size, proof: proof.slice(1), checkpoint: next }))).toEqual([422, undefined]);
      const forged = await signNote(next.slice(0, next.indexOf('\n\n') + 1), [stranger]);
      expect(await status(w.addCheckpoint({ oldSize: size, proof, checkpoint: forged }))).toEqual([403, undefined]);
      expect(await status(w.addCheckpoint({ oldSize: size, proof, checkpoint: next }))).toBe(200);
      // The HTTP body form round-trips.
      const parsed = parseAddCheckpointBody(formatAddCheckpointBody({ oldSize: size, proof, checkpoint: next }));
      expect(parsed).toEqual({ oldSize: size, proof, checkpoint: next });
    });

    it('a log that rewrites history gets no quorum', async () => {
      const honest = (await ledger.openLog(origin))!;
      const size = honest.head().size;
      const history = await Promise.all(Array.from({ length: size }, (_, i) => honest.getEntry(i)));
      // The operator rebuilds the tree with entry 7 changed, then appends.
      const forked = [...history.map((e, i) => (i === 7 ? utf8('rewritten') : e!.data)), ...entries(size, 3)];
      const sm3 = getHashSuite('sm3');
      const checkpointAt = (n: number) => signNote(formatCheckpoint({ origin, size: n, rootHash: referenceRoot(sm3, forked.slice(0, n)) }), [logKey]);
      const proofs = { consistencyProof: async (a: number, b: number) => referenceConsistencyProof(sm3, a, forked.slice(0, b)) } as ProofReader;
      const result = await collectCosignatures({ note: await checkpointAt(size + 3), proofs, witnesses: witnesses.map(asClient), knownSizes: new Map() });
      expect(result.cosigned).toEqual([]);
      expect(result.refused.map((r) => r.status)).toEqual([422, 422, 422, 422, 422]);
      await expect(verifyCheckpoint(result.note, policy)).rejects.toMatchObject({ code: 'note.quorum' });
      // At the witnesses' own size, another root is a fork: 409, and the witness keeps its view.
      await expect(witnesses[0].addCheckpoint({ oldSize: size, proof: [], checkpoint: await checkpointAt(size) })).rejects.toMatchObject({ status: 409, code: 'witness.fork' });
      expect((await witnesses[0].latest(origin))!.rootHash).toEqual(honest.head().rootHash);
    });
  });
}
