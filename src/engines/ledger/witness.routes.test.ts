import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { testDialects } from '../../db/testing.ts';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { ledgerMigrations } from './ledger.migrations.ts';
import { createLedger } from './ledger-log.ts';
import { createLedgerRepository } from './ledger.repository.ts';
import { generateSignerKey } from './keys.ts';
import { createWitness, formatAddCheckpointBody } from './witness.ts';
import { witnessRoutes } from './witness.routes.ts';
import { verifyCheckpoint } from './checkpoint.ts';
import { addSignatureLines } from './note.ts';
import { utf8 } from './bytes.ts';

describe('witness HTTP surface (Fastify inject, SQLite)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDialects()[0].open();
    await migrateToLatest(database, ledgerMigrations);
  });
  afterAll(() => database.close());

  it('cosigns over HTTP and answers 409 with the size as text/x.tlog.size', async () => {
    const clock = createFixedClock('2026-01-05T08:00:00Z');
    const origin = 'log.example/http';
    const logKey = generateSignerKey(origin, 'ed25519');
    const wKey = generateSignerKey('witness.example/http', 'ed25519-cosignature');
    const witness = createWitness({ repo: createLedgerRepository(database), clock, keys: [wKey], logs: [{ origin, keys: [logKey.verifier] }] });
    const app = Fastify();
    await app.register(witnessRoutes(witness), { prefix: '/w' });
    const log = await createLedger({ database, clock, ids: createSequentialIds() }).createLog({ origin });
    await log.appendMany([utf8('a'), utf8('b'), utf8('c')]);
    const note = await log.signCheckpoint([logKey]);
    const post = (body: string) => app.inject({ method: 'POST', url: '/w/add-checkpoint', headers: { 'content-type': 'text/plain' }, payload: body });
    const ok = await post(formatAddCheckpointBody({ oldSize: 0, proof: [], checkpoint: note }));
    expect(ok.statusCode).toBe(200);
    const cosigned = addSignatureLines(note, ok.body.trimEnd().split('\n'));
    expect((await verifyCheckpoint(cosigned, { logKeys: [logKey.verifier], witnessKeys: [wKey.verifier], quorum: 1 })).size).toBe(3);
    const conflict = await post(formatAddCheckpointBody({ oldSize: 0, proof: [], checkpoint: note }));
    expect([conflict.statusCode, conflict.headers['content-type'], conflict.body]).toEqual([409, 'text/x.tlog.size', '3\n']);
    const malformed = await post('old x\n\n');
    expect(malformed.statusCode).toBe(400);
    await app.close();
  });
});
