import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import {
  collectCosignatures, formatCheckpoint, parseSignerKey, signNote, verifyCheckpoint, verifyInclusion, getHashSuite, fromBase64,
} from '../../engines/ledger/index.ts';
import { platformMigrations } from '../migrations.ts';
import { createPlatformServices, type PlatformServices } from '../platform.ts';

const MASTER = new Uint8Array(32).fill(7);
const INSTITUTIONS = ['ipc', 'notary', 'exchange', 'amr', 'court'];

async function setUp(database: Database): Promise<PlatformServices> {
  await migrateToLatest(database, platformMigrations);
  const services = createPlatformServices({ database, clock: createFixedClock('2026-03-02T02:00:00.000Z'), ids: createSequentialIds(), masterKey: MASTER });
  for (const code of INSTITUTIONS) {
    const org = await services.identity.createOrg({ code, name: code, nameEn: code, kind: 'institution', parentId: null, divisionCode: null });
    await services.evidence.witnesses.ensureWitness(org);
  }
  return services;
}

for (const dialect of testDialects()) {
  describe(`evidence logs on ${dialect.name}`, () => {
    let database: Database;
    let services: PlatformServices;
    // One database per dialect (migrations dominate on PGlite); each test uses a log of its own.
    beforeAll(async () => {
      database = await dialect.open();
      services = await setUp(database);
    });
    afterAll(async () => database?.close());

    it('publishes checkpoints cosigned by 4 of 5 institutions and proves entries against them', async () => {
      const log = await services.evidence.log('test-log');
      const a = await log.append({ kind: 'x', n: 1 });
      await log.append({ kind: 'x', n: 2 });
      const round = await log.publish();
      expect(round.quorum).toBe(4);
      expect(round.cosigned).toHaveLength(5);
      expect(round.quorumMet).toBe(true);
      const proof = (await log.prove(a.index))!;
      const policy = await log.trustPolicy();
      const trusted = await verifyCheckpoint(proof.checkpoint, policy);
      verifyInclusion(getHashSuite('sha256'), proof.leafIndex, trusted.size, fromBase64(proof.leafHash), proof.inclusionProof.map((h) => fromBase64(h)), trusted.rootHash);
      // Keys never sit in the database in clear.
      const rows = await (database.kysely as Kysely<{ evidence_witnesses: { signer_key_wrapped: string } }>).selectFrom('evidence_witnesses').select('signer_key_wrapped').execute();
      for (const r of rows) expect(r.signer_key_wrapped).not.toContain('PRIVATE');
    });

    it('keeps the quorum with one institution down and loses it with two', async () => {
      const log = await services.evidence.log('quorum-log');
      const [first, second] = await services.evidence.witnesses.list();
      await services.evidence.witnesses.setActive(first.orgId, false);
      await log.append({ n: 1 });
      expect((await log.publish()).quorumMet).toBe(true);
      await services.evidence.witnesses.setActive(second.orgId, false);
      await log.append({ n: 2 });
      const round = await log.publish();
      expect(round.cosigned).toHaveLength(3);
      expect(round.quorumMet).toBe(false);
      // No quorum checkpoint covers entry 1: it cannot be proven yet.
      expect(await log.prove(1)).toBeUndefined();
      await services.evidence.witnesses.setActive(second.orgId, true);
      expect((await log.publish()).quorumMet).toBe(true);
      expect(await log.prove(1)).toBeDefined();
      await services.evidence.witnesses.setActive(first.orgId, true);
    });

    it('gets no cosignature for a rewritten history (a fork)', async () => {
      const log = await services.evidence.log('fork-log');
      await log.append({ n: 1 });
      await log.append({ n: 2 });
      const honest = await log.publish();
      const row = await (database.kysely as Kysely<{ evidence_logs: { name: string; signer_key_wrapped: string } }>).selectFrom('evidence_logs').select('signer_key_wrapped').where('name', '=', 'fork-log').executeTakeFirstOrThrow();
      const signer = parseSignerKey(new TextDecoder().decode(services.evidence.vault.unwrap(row.signer_key_wrapped, 'evidence.log:fork-log')));
      // The operator signs another root for the same size: every witness that saw the honest one refuses.
      const forged = await signNote(formatCheckpoint({ origin: log.origin, size: honest.size, rootHash: new Uint8Array(32).fill(9) }), [signer]);
      const result = await collectCosignatures({ note: forged, proofs: log.ledgerLog.proofs, witnesses: await services.evidence.witnesses.clients(), knownSizes: new Map() });
      expect(result.cosigned).toEqual([]);
      expect(result.refused.map((r) => r.status)).toEqual([409, 409, 409, 409, 409]);
      await expect(verifyCheckpoint(result.note, await log.trustPolicy())).rejects.toThrow(/0 witnesses, 4 of 5 required/);
    });

    it('cosigns new entries and exports an anchor on the schedule', async () => {
      const log = await services.evidence.log('scheduled-log');
      await log.append({ n: 1 });
      const anchors: { treeSize: number; cosigners: string[]; origin: string }[] = [];
      const stop = services.evidence.startSchedules({ publishEveryMs: 20, anchorEveryMs: 60_000, sink: async (a) => void anchors.push(a) });
      try {
        for (let i = 0; i < 200 && !anchors.some((a) => a.origin === log.origin); i++) await new Promise((r) => setTimeout(r, 20));
      } finally {
        await stop();
      }
      const anchor = anchors.find((a) => a.origin === log.origin);
      expect(anchor).toMatchObject({ treeSize: 1 });
      expect(anchor!.cosigners).toHaveLength(5);
      expect((await services.evidence.anchors('scheduled-log')).map((a) => a.treeSize)).toEqual([1]);
    });

    it('detects a changed and a deleted audit row through the sealed audit trail', async () => {
      for (let i = 0; i < 5; i++) await services.audit.record({ actor: null, action: 'test.write', target: `t${i}`, details: { i } });
      expect(await services.evidence.auditTrail.seal()).toBe(5);
      expect(await services.evidence.auditTrail.seal()).toBe(0);
      await (await services.evidence.log('audit-trail')).publish();
      const clean = await services.evidence.auditTrail.verify();
      expect(clean.problems).toEqual([]);
      expect(clean.checkedRows).toBe(5);
      expect(clean.checkpoint?.size).toBe(5);

      // Someone with database access lifts the append-only guard and edits one row.
      const k = database.kysely as Kysely<unknown>;
      if (database.family === 'sqlite') await sql`drop trigger audit_log_no_update`.execute(k);
      else await sql`drop trigger audit_log_no_change on audit_log`.execute(k);
      const target = (await sql<{ id: string }>`select id from audit_log where target = 't2'`.execute(k)).rows[0].id;
      await sql`update audit_log set target = 't2-edited' where id = ${target}`.execute(k);
      const found = await services.evidence.auditTrail.verify();
      expect(found.ok).toBe(false);
      expect(found.problems).toEqual([expect.objectContaining({ auditId: target, problem: 'changed' })]);

      if (database.family === 'sqlite') await sql`drop trigger audit_log_no_delete`.execute(k);
      const gone = (await sql<{ id: string }>`select id from audit_log where target = 't4'`.execute(k)).rows[0].id;
      await sql`delete from audit_log where id = ${gone}`.execute(k);
      const again = await services.evidence.auditTrail.verify();
      expect(again.problems.map((p) => [p.auditId, p.problem])).toEqual([[target, 'changed'], [gone, 'deleted']]);
    });
  });
}
