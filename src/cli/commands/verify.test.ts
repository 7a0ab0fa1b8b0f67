import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { testDialects } from '../../db/testing.ts';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import {
  buildProofBundle, collectCosignatures, createLedger, createLedgerRepository, createWitness, generateSignerKey, ledgerMigrations, utf8, type LedgerLog, type ProofBundle,
} from '../../engines/ledger/index.ts';
import { registerVerifyCommand, type VerifyIo } from './verify.ts';

const clock = createFixedClock('2026-01-05T08:00:00Z');

async function run(bundle: unknown, json = false): Promise<{ code: number | undefined; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: VerifyIo = { readFile: async () => (typeof bundle === 'string' ? bundle : JSON.stringify(bundle)), out: (l) => out.push(l), err: (l) => err.push(l) };
  const program = new Command().exitOverride();
  registerVerifyCommand(program, io);
  const before = process.exitCode;
  await program.parseAsync(['node', 'onething', 'verify', 'bundle.json', ...(json ? ['--json'] : [])]);
  const code = process.exitCode as number | undefined;
  process.exitCode = before;
  return { code, out, err };
}

describe('onething verify', () => {
  let database: Database;
  let bundle: ProofBundle;
  let log: LedgerLog;
  const origin = 'log.example/evidence';
  const logKey = generateSignerKey(origin, 'ed25519');
  const witnessKeys = ['a', 'b', 'c', 'd', 'e'].map((n, i) => generateSignerKey(`witness.example/${n}`, i === 0 ? 'sm2-cosignature' : 'ed25519-cosignature'));

  beforeAll(async () => {
    database = await testDialects()[0].open();
    await migrateToLatest(database, ledgerMigrations);
    log = await createLedger({ database, clock, ids: createSequentialIds() }).createLog({ origin, hashSuite: 'sm3' });
    await log.appendMany(Array.from({ length: 40 }, (_, i) => utf8(`{"fingerprint":"f${i}"}`)));
    const repo = createLedgerRepository(database);
    // Four of the five witnesses answer.
    const witnesses = witnessKeys.slice(0, 4).map((k) => createWitness({ repo, clock, keys: [k], logs: [{ origin, keys: [logKey.verifier], hashSuite: 'sm3' }] }));
    const { note } = await collectCosignatures({ note: await log.signCheckpoint([logKey]), proofs: log.proofs, witnesses, knownSizes: new Map() });
    await log.saveCosignedCheckpoint(40, note, 4);
    bundle = await buildProofBundle(log, { index: 17, checkpoint: note, logKeys: [logKey.verifier], witnessKeys: witnessKeys.map((k) => k.verifier), quorum: 4 });
  });
  afterAll(() => database.close());

  it('exits 0 and says what is proven', async () => {
    const r = await run(bundle);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/VERIFIED: entry #17 \(leaf hash sm3 [0-9a-f]{64}\)/);
    expect(r.out.join('\n')).toContain(`is included in log ${origin} at tree size 40`);
    expect(r.out.join('\n')).toContain('cosigned by 4 of 5 witnesses (quorum 4)');
    const j = await run(bundle, true);
    expect(JSON.parse(j.out[0])).toMatchObject({ verified: true, leafIndex: 17, treeSize: 40, cosigners: expect.any(Array) });
  });

  it('builds from the newest checkpoint with a quorum when none is given', async () => {
    const latest = await buildProofBundle(log, { index: 3, logKeys: [logKey.verifier], witnessKeys: witnessKeys.map((k) => k.verifier), quorum: 4 });
    expect(latest.checkpoint).toBe(bundle.checkpoint);
    expect((await run(latest)).code).toBe(0);
    await expect(buildProofBundle(log, { index: 3, logKeys: [], witnessKeys: [], quorum: 5 })).rejects.toThrow(/no checkpoint with 5 cosignatures/);
  });

  it('verifies from the leaf hash alone', async () => {
    const { data: _data, ...hashOnly } = bundle;
    expect((await run(hashOnly)).code).toBe(0);
  });

  it('rejects a tampered entry', async () => {
    const r = await run({ ...bundle, data: Buffer.from('{"fingerprint":"f99"}').toString('base64') });
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/NOT VERIFIED: leafHash: does not match H\(0x00 ‖ data\): the entry was changed/);
    const { leafHash: _l, ...dataOnly } = bundle;
    const r2 = await run({ ...dataOnly, data: Buffer.from('{"fingerprint":"f99"}').toString('base64') });
    expect(r2.err[0]).toMatch(/different root.*\[proof.rootMismatch\]/);
  });

  it('rejects a truncated proof', async () => {
    const r = await run({ ...bundle, inclusionProof: bundle.inclusionProof.slice(0, -1) });
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/fewer than leafIndex 17 in treeSize 40 needs \[proof.tooShort\]/);
  });

  it('rejects a wrong log key and a missing quorum', async () => {
    const wrong = generateSignerKey(origin, 'ed25519').verifier.text;
    const r = await run({ ...bundle, logKeys: [wrong] });
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/no valid signature of the log key \[note.unsigned\]/);
    const r2 = await run({ ...bundle, quorum: 5 });
    expect(r2.err[0]).toMatch(/from 4 witnesses, 5 of 5 required \[note.quorum\]/);
    const r3 = await run({ ...bundle, witnessKeys: bundle.witnessKeys.slice(0, 4) });
    expect(r3.code).toBe(0);
  });

  it('rejects malformed input naming the field', async () => {
    expect((await run('not json')).err[0]).toMatch(/cannot read bundle.json as JSON/);
    expect((await run({ ...bundle, format: 'x' })).err[0]).toMatch(/format: must be "onething-proof-bundle\/v1"/);
    expect((await run({ ...bundle, leafIndex: -1 })).err[0]).toMatch(/leafIndex: must be a non-negative integer/);
    expect((await run({ ...bundle, witnessKeys: ['junk'] })).err[0]).toMatch(/witnessKeys\[0\]/);
  });
});
