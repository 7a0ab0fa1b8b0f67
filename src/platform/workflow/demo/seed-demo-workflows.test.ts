import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from '../../../db/index.ts';
import { createFixedClock } from '../../../kernel/clock.ts';
import { createSequentialIds } from '../../../kernel/ids.ts';
import { seedDemoCity } from '../../demo/seed-demo-city.ts';
import { platformMigrations } from '../../migrations.ts';
import { createPlatformServices, type PlatformServices } from '../../platform.ts';
import { seedDemoWorkflows } from './seed-demo-workflows.ts';

describe('demo processes and applications', () => {
  let database: Database;
  let services: PlatformServices;
  const actor = async (username: string) => services.identity.actorForUserId((await services.identity.findUserByUsername(username))!.id);

  beforeAll(async () => {
    database = await openDatabase('sqlite::memory:');
    await migrateToLatest(database, platformMigrations);
    services = createPlatformServices({ database, clock: createFixedClock('2026-11-26T03:00:00.000Z'), ids: createSequentialIds() });
    await seedDemoCity(services, { enterprises: 200 });
  }, 60_000);
  afterAll(async () => database?.close());

  it('gives the inboxes, the applicant and the statistics data: running and finished applications, warnings, ratings', async () => {
    const restaurant = (await services.workflow.definitions.list(await actor('xihu-official'))).find((p) => p.key === 'open_restaurant')!;
    expect(restaurant).toMatchObject({ canEdit: true, owner: { code: '330106' } });
    expect(restaurant.running! + restaurant.completed!).toBeGreaterThan(20);
    expect(restaurant.running).toBeGreaterThan(3);
    const inboxes = await Promise.all(['xihu-official', 'amr-officer', 'health-officer'].map(async (u) => services.workflow.tasks.inbox(await actor(u))));
    for (const inbox of inboxes) expect(inbox.length).toBeGreaterThan(0);
    const warnings = new Set(inboxes.flat().map((t) => t.warning));
    expect(warnings.has('red') || warnings.has('yellow')).toBe(true);
    // The demo company: one finished (left for the visitor to rate), one at the checks, one back for correction.
    const company = await actor('enterprise');
    const mine = await services.workflow.instances.list(company, {});
    expect(mine.map((i) => i.status).sort()).toEqual(['completed', 'running', 'running']);
    const finished = await services.workflow.instances.progress(company, mine.find((i) => i.status === 'completed')!.id);
    expect(finished).toMatchObject({ canRate: true });
    // 开办餐馆一件事 as a whole has 30 working days.
    expect(finished.instance.dueAt! > finished.instance.startedAt).toBe(true);
    expect(finished.steps.every((s) => s.state === 'done')).toBe(true);
    const corrections = await Promise.all(mine.map(async (i) => (await services.workflow.instances.progress(company, i.id)).corrections));
    expect(corrections.flat().filter((c) => c.answer === null)).toHaveLength(1);
    // Officials acted in office hours (Beijing 9:00–18:00, weekdays).
    for (const step of finished.steps.filter((s) => s.kind === 'userTask')) {
      const beijing = new Date(Date.parse(step.finishedAt!) + 8 * 3_600_000);
      expect(beijing.getUTCHours()).toBeGreaterThanOrEqual(9);
      expect(beijing.getUTCHours()).toBeLessThan(18);
      expect([0, 6]).not.toContain(beijing.getUTCDay());
    }
    expect(await seedDemoWorkflows(services)).toEqual({ definitions: 0, instances: 0, completed: 0, ratings: 0 });
  });
});
