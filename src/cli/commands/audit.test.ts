import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, migrateToLatest, type Database } from '../../db/index.ts';
import { platformMigrations } from '../../platform/migrations.ts';
import { createPlatformServices, type PlatformServices } from '../../platform/platform.ts';
import { runAuditVerify } from './audit.ts';
import { captureIo } from '../testing.ts';


describe('onething audit verify', () => {
  let database: Database;
  let services: PlatformServices;
  beforeAll(async () => {
    database = await openDatabase('sqlite::memory:');
    await migrateToLatest(database, platformMigrations);
    services = createPlatformServices({ database, masterKey: new Uint8Array(32).fill(5) });
    for (const code of ['w1', 'w2', 'w3']) {
      const org = await services.identity.createOrg({ code, name: code, nameEn: code, kind: 'institution', parentId: null, divisionCode: null });
      await services.evidence.witnesses.ensureWitness(org);
    }
  });
  afterAll(async () => database?.close());

  it('says there is no trail yet, then verifies, then names the changed row — without the master key', async () => {
    const readOnly = createPlatformServices({ database, masterKey: null });
    const none = captureIo();
    expect(await runAuditVerify(readOnly, {}, none)).toBe(1);
    expect(none.errors[0]).toMatch(/no audit-trail log yet/);

    for (let i = 0; i < 3; i++) await services.audit.record({ actor: null, action: 'cli.test', target: `row${i}` });
    await services.evidence.auditTrail.seal();
    await (await services.evidence.log('audit-trail')).publish();
    const ok = captureIo();
    expect(await runAuditVerify(createPlatformServices({ database, masterKey: null }), {}, ok)).toBe(0);
    expect(ok.lines[0]).toBe('VERIFIED: 3 audit rows match their entries in audit-trail');

    await sql`drop trigger audit_log_no_update`.execute(database.kysely as Kysely<unknown>);
    await sql`update audit_log set action = 'cli.edited' where target = 'row1'`.execute(database.kysely as Kysely<unknown>);
    const bad = captureIo();
    expect(await runAuditVerify(createPlatformServices({ database, masterKey: null }), {}, bad)).toBe(1);
    expect(bad.errors[0]).toBe('NOT VERIFIED: 1 problems in 3 sealed audit rows');
    expect(bad.errors[1]).toMatch(/^ {2}changed aud_\S+ \(entry \d\): audit row aud_\S+ hashes to/);
  });
});
