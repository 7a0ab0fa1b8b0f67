// The large-tree half of the ledger bench: bulk-build a log of N leaves, then proof generation
// from storage (random indices, fresh connection, no tile cache), verification, and a bank's
// full check of a proof bundle (log signature + 5 cosignatures, quorum 4) at that size.
import {
  buildProofBundle, collectCosignatures, createLedgerRepository, createProofReader, createWitness, generateSignerKey,
  parseCheckpoint, parseNote, verifyConsistency, verifyInclusion, verifyProofBundle, type KeyAlgorithm, type LedgerLog,
} from '../../src/engines/ledger/index.ts';
import type { Database } from '../../src/db/index.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { entry, pct, r2 } from './load.ts';

const CHUNK = 65_536;

/**
 * Appends entry(size) … entry(n − 1) with appendBulk, one transaction per 65,536 entries (the same
 * rows and tiles as appends, written in large transactions); returns appends/s.
 */
export async function buildTree(target: LedgerLog, n: number, progress: (s: string) => void): Promise<number> {
  const t0 = performance.now();
  const from = target.head().size;
  for (let start = from; start < n; start += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, n - start) }, (_, i) => entry(start + i));
    await target.appendBulk(chunk, { transactionSize: CHUNK });
    if ((start - from) % (CHUNK * 16) === 0 && start > from) progress(`  … ${start.toLocaleString('en')} entries, ${Math.round((start - from) / ((performance.now() - t0) / 1000))}/s`);
  }
  return n > from ? Math.round((n - from) / ((performance.now() - t0) / 1000)) : 0;
}

/**
 * Inclusion and consistency proofs from storage at the log's size: random indices and sizes, a
 * reader without tile cache (each proof reads its tiles from the database), p50 and p99.
 */
export async function proofLatency(target: LedgerLog, database: Database, samples = 2000) {
  const n = target.head().size;
  const suite = target.suite;
  const cold = createProofReader({ repo: createLedgerRepository(database), logId: target.id, suite, cacheTiles: 0 });
  const gen: number[] = [];
  const cons: number[] = [];
  const ver: number[] = [];
  const verCons: number[] = [];
  const root = target.head().rootHash;
  for (let k = 0; k < samples; k++) {
    const index = Math.floor(Math.random() * n);
    let t = performance.now();
    const proof = await cold.inclusionProof(index, n);
    gen.push(performance.now() - t);
    // Read the leaf hash back: HTTP appends land in arrival order, not at entry(index).
    const leafHash = (await target.getEntry(index))!.leafHash;
    t = performance.now();
    verifyInclusion(suite, index, n, leafHash, proof, root);
    ver.push((performance.now() - t) * 1000);
    const size1 = 1 + Math.floor(Math.random() * (n - 1));
    t = performance.now();
    const cp = await cold.consistencyProof(size1, n);
    cons.push(performance.now() - t);
    if (k < 300) {
      const root1 = await cold.rootAt(size1);
      t = performance.now();
      verifyConsistency(suite, size1, n, cp, root1, root);
      verCons.push((performance.now() - t) * 1000);
    }
  }
  return {
    tree_size: n, samples,
    inclusion_ms_p50: r2(pct(gen, 0.5)), inclusion_ms_p99: r2(pct(gen, 0.99)),
    consistency_ms_p50: r2(pct(cons, 0.5)), consistency_ms_p99: r2(pct(cons, 0.99)),
    verify_inclusion_us_p50: r2(pct(ver, 0.5)), verify_inclusion_us_p99: r2(pct(ver, 0.99)),
    verify_consistency_us_p50: r2(pct(verCons, 0.5)), verify_consistency_us_p99: r2(pct(verCons, 0.99)),
  };
}

/** A log key and five witnesses (their own keys, state in the same database). */
export function witnessSetup(database: Database, target: LedgerLog, logAlg: KeyAlgorithm, wAlg: KeyAlgorithm) {
  const logKey = generateSignerKey(target.origin, logAlg);
  const repo = createLedgerRepository(database);
  const keys = ['ipc', 'notary', 'exchange', 'regulator', 'court'].map((n) => generateSignerKey(`witness.example/${n}-${wAlg}`, wAlg));
  const witnesses = keys.map((k) => createWitness({ repo, clock: systemClock, keys: [k], logs: [{ origin: target.origin, keys: [logKey.verifier], hashSuite: target.suite.name }] }));
  return { logKey, keys, witnesses, known: new Map<string, number>() };
}

/**
 * A bank's full check: verifyProofBundle on a JSON bundle (checkpoint signed by the log and all 5
 * witnesses, quorum 4, inclusion proof at the checkpoint's size) for random entries. The first
 * check (keys never seen) and the second (SM2: builds each key's table) are reported apart;
 * p50/p99 over the next 60.
 */
export async function bankCheck(database: Database, target: LedgerLog, logAlg: KeyAlgorithm, wAlg: KeyAlgorithm) {
  const w = witnessSetup(database, target, logAlg, wAlg);
  const { note, cosigned } = await collectCosignatures({ note: await target.signCheckpoint([w.logKey]), proofs: target.proofs, witnesses: w.witnesses, knownSizes: w.known });
  if (cosigned.length !== 5) throw new Error(`bank check: ${cosigned.length} of 5 witnesses cosigned`);
  const n = target.head().size;
  const times: number[] = [];
  for (let k = 0; k < 62; k++) {
    const bundle = JSON.parse(JSON.stringify(await buildProofBundle(target, { index: Math.floor(Math.random() * n), checkpoint: note, logKeys: [w.logKey.verifier], witnessKeys: w.keys.map((x) => x.verifier), quorum: 4 })));
    const t = performance.now();
    const verdict = await verifyProofBundle(bundle);
    times.push(performance.now() - t);
    if (verdict.cosigners.length !== 5 || verdict.treeSize !== n) throw new Error('bank check: unexpected verdict');
  }
  const warm = times.slice(2);
  return { first_ms: r2(times[0]), second_ms: r2(times[1]), p50_ms: r2(pct(warm, 0.5)), p99_ms: r2(pct(warm, 0.99)), tree_size: n };
}

/** Cosigning rounds (log signs, 5 witnesses check a consistency proof and cosign) while appends run. */
export async function cosignUnderLoad(database: Database, target: LedgerLog, seconds: number) {
  const w = witnessSetup(database, target, 'ed25519', 'ed25519-cosignature');
  let stop = false;
  const load = (async () => {
    let i = 0;
    while (!stop) await target.appendMany(Array.from({ length: 500 }, () => entry(i++)));
  })();
  const stamps: number[] = [];
  const t0 = performance.now();
  const size0 = target.head().size;
  while (performance.now() - t0 < seconds * 1000) {
    const r = await collectCosignatures({ note: await target.signCheckpoint([w.logKey]), proofs: target.proofs, witnesses: w.witnesses, knownSizes: w.known });
    if (r.cosigned.length >= 4) {
      await target.saveCosignedCheckpoint(parseCheckpoint(parseNote(r.note).text).size, r.note, r.cosigned.length);
      stamps.push(performance.now());
    }
  }
  stop = true;
  await load;
  const gaps = stamps.slice(1).map((s, i) => (s - stamps[i]) / 1000);
  return { cosign_interval_s: r2(pct(gaps, 0.5) ?? NaN), cosign_interval_s_max: r2(Math.max(...gaps)), appends_during_per_s: Math.round((target.head().size - size0) / seconds) };
}
