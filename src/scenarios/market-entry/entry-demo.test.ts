import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import { validateUscc } from '../../kernel/uscc.ts';
import { seedDemoCity } from '../../platform/demo/seed-demo-city.ts';
import { createPlatformServices, type PlatformServices } from '../../platform/platform.ts';
import { platformMigrations } from '../../platform/migrations.ts';
import { entryMigrations } from './entry.migrations.ts';
import { marketMigrations } from './market.migrations.ts';
import { seedEntryDemo } from './entry-demo.ts';
import { entryOf } from './entry.ts';

describe('demo entry applications', () => {
  let database: Database;
  let services: PlatformServices;
  let seeded = 0;
  let ms = 0;
  const actor = async (username: string) => services.identity.actorForUserId((await services.identity.findUserByUsername(username))!.id);

  beforeAll(async () => {
    database = await openDatabase('sqlite::memory:');
    await migrateToLatest(database, [...platformMigrations, ...marketMigrations, ...entryMigrations]);
    services = createPlatformServices({ database, clock: createFixedClock('2026-11-26T03:00:00.000Z'), ids: createSequentialIds() });
    await seedDemoCity(services, { enterprises: 200 });
    const t0 = performance.now();
    seeded = await seedEntryDemo(services);
    ms = performance.now() - t0;
  }, 120_000);
  afterAll(async () => database?.close());

  it('leaves a few hundred past applications: most issued with valid USCCs, some running in the inboxes, seeded once', async () => {
    expect(seeded).toBeGreaterThan(150);
    const all = await entryOf(services).list(await actor('admin'), 1000);
    expect(all.length).toBe(seeded);
    const issued = all.filter((a) => a.status === 'issued');
    const running = all.filter((a) => a.status === 'running');
    expect(issued.length).toBeGreaterThan(seeded / 2);
    expect(running.length).toBeGreaterThan(5);
    for (const a of issued.slice(0, 20)) expect(validateUscc(a.uscc!).ok).toBe(true);
    expect(new Set(issued.map((a) => a.submittedAt.slice(0, 10))).size).toBeGreaterThan(30);
    expect((await services.workflow.tasks.inbox(await actor('amr-officer'))).length).toBeGreaterThan(0);
    expect(await entryOf(services).list(await actor('agent'))).not.toHaveLength(0);
    expect(await seedEntryDemo(services)).toBe(0);
    console.log(`seeded ${seeded} entry applications in ${Math.round(ms)} ms`);
  });
});
