import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { testDialects } from '../../db/testing.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine, type FlowEngine } from './engine.ts';
import { flowMigrations } from './migrations.ts';
import { weekendOnlyCalendar } from './time.ts';

/** A live task row of org `org` open to `roles` (what the engine writes for a user task), created at `minute`. */
function taskRow(id: string, org: string, roles: string[], minute: number) {
  return {
    id: `fi_${id}.k1`, instance_id: `fi_${id}`, token_id: `fi_${id}.t1`, element_id: 'review', candidate_roles: JSON.stringify(roles),
    candidate_org: org, state: 'open', created_at: `2026-03-02T01:${String(minute % 60).padStart(2, '0')}:00.000Z`, warning: 'none',
  };
}

for (const dialect of testDialects()) {
  describe(`inbox by role (${dialect.name})`, () => {
    let database: Database;
    let engine: FlowEngine;
    beforeAll(async () => {
      database = await dialect.open();
      await migrateToLatest(database, flowMigrations);
      engine = createFlowEngine({ database, clock: createFixedClock('2026-03-02T01:00:00Z'), ids: createIdGenerator(), calendar: weekendOnlyCalendar });
      // An org with 600 tasks for its heads, older than the three for its clerks and the one open to anyone; roles
      // with characters SQL and JSON quote; another org's clerk task.
      const rows = [
        ...Array.from({ length: 600 }, (_, i) => taskRow(`h${i}`, 'tax-3301', ['head'], 0)),
        taskRow('c1', 'tax-3301', ['clerk'], 1), taskRow('c2', 'tax-3301', ['auditor', 'clerk'], 2), taskRow('c3', 'tax-3301', ['clerk'], 3),
        taskRow('any', 'tax-3301', [], 4),
        taskRow('q1', 'tax-3301', [`o'neil "x" 100%`], 5), taskRow('q2', 'tax-3301', ['o_neil'], 6),
        taskRow('other', 'tax-3302', ['clerk'], 7),
      ];
      for (let i = 0; i < rows.length; i += 100) await database.kysely.insertInto('flow_tasks').values(rows.slice(i, i + 100)).execute();
    });
    afterAll(async () => database?.close());

    const ids = (tasks: Array<{ id: string }>) => tasks.map((t) => t.id.slice(3, -3)).sort();

    it("counts only the caller's tasks toward the limit: a clerk sees theirs behind 600 of the heads'", async () => {
      expect(ids(await engine.listTasks({ orgs: ['tax-3301'], roles: ['clerk'] }))).toEqual(['any', 'c1', 'c2', 'c3']);
      expect(ids(await engine.listTasks({ orgs: ['tax-3301'], roles: ['clerk'], limit: 2 }))).toEqual(['c1', 'c2']);
      expect(ids(await engine.listTasks({ orgs: ['tax-3301'], roles: ['auditor', 'nobody'] }))).toEqual(['any', 'c2']);
      expect(await engine.listTasks({ orgs: ['tax-3301'], roles: ['head'], limit: 10_000 })).toHaveLength(601);
      expect(ids(await engine.listTasks({ roles: ['clerk'] }))).toEqual(['any', 'c1', 'c2', 'c3', 'other']);
    });

    it('matches a role word for word, quotes and wildcards included; no roles leaves the tasks open to anyone', async () => {
      expect(ids(await engine.listTasks({ orgs: ['tax-3301'], roles: [`o'neil "x" 100%`] }))).toEqual(['any', 'q1']);
      expect(ids(await engine.listTasks({ orgs: ['tax-3301'], roles: ['o%'] }))).toEqual(['any']);
      expect(ids(await engine.listTasks({ orgs: ['tax-3301'], roles: [] }))).toEqual(['any']);
    });
  });
}
