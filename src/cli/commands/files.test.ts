import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { openSqlite } from '../../db/index.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import { createTestPlatform, type TestPlatform } from '../../platform/testing/test-platform.ts';
import { runFilesPurge } from './files.ts';
import { captureIo } from '../testing.ts';

const pdf = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`));

describe('onething files purge', () => {
  let database: Database;
  let t: TestPlatform;
  let company: Actor;
  beforeAll(async () => {
    database = openSqlite(':memory:');
    t = await createTestPlatform(database);
    company = await t.services.identity.actorForUserId((await t.services.identity.findUserByUsername('company'))!.id);
  });
  afterAll(async () => database?.close());

  it('refuses a bad --days naming it, then deletes what is older than the retention', async () => {
    const old = (await t.services.files.upload(company, { name: 'old.pdf', bytes: pdf('old') })).id;
    t.clock.set('2026-03-12T02:00:00.000Z');
    const young = (await t.services.files.upload(company, { name: 'young.pdf', bytes: pdf('young') })).id;
    for (const days of ['0', '1.5', 'ten', '36501', '-3']) {
      const bad = captureIo();
      expect(await runFilesPurge(t.services, { days }, bad)).toBe(2);
      expect(bad.errors).toEqual([expect.stringMatching(/^--days: a whole number of days from 1 to 36500/)]);
    }
    expect((await t.services.files.find([old, young])).length).toBe(2);
    // Ten days after the first upload: the default 30 keeps both; 7 takes the old one.
    const none = captureIo();
    expect(await runFilesPurge(t.services, {}, none)).toBe(0);
    expect(none.lines).toEqual(['purged 0 uploads older than 30 days that nothing references (0 contents, 0 bytes)']);
    const json = captureIo();
    expect(await runFilesPurge(t.services, { days: '7', json: true }, json)).toBe(0);
    expect(JSON.parse(json.lines[0])).toEqual({ retentionDays: 7, files: 1, blobs: 1, bytes: pdf('old').length });
    expect((await t.services.files.find([old, young])).map((f) => f.id)).toEqual([young]);
  });
});
