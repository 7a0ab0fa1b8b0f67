// A worker process for the crash-safety test and bench: runs due jobs against an SQLite file until every
// instance has ended (`node … fixture FILE [group]`; with `group`, steps share transactions: group commit).
// The caller kills it with SIGKILL at random moments and starts it again.
import { appendFileSync } from 'node:fs';
import { openDatabase } from '../../db/index.ts';
import { systemClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine } from './engine.ts';
import { weekendOnlyCalendar } from './time.ts';

const file = process.argv[2];
const group = process.argv[3] === 'group';
const database = await openDatabase(`sqlite:${file}`);
const engine = createFlowEngine({
  database, clock: systemClock, ids: createIdGenerator(), calendar: weekendOnlyCalendar, groupCommit: group,
  handlers: {
    effect: async (ctx) => {
      // An external call: may repeat after a crash, always with the same idempotency key.
      appendFileSync(`${file}.calls`, `${ctx.idempotencyKey}\n`);
      // A database effect: commits with the step or not at all.
      await ctx.db.insertInto('crash_effects').values({ instance_id: ctx.instanceId, element_id: ctx.elementId, idempotency_key: ctx.idempotencyKey }).execute();
      return { [`${ctx.elementId}Done`]: true };
    },
  },
});
const batch = Number(process.argv[4] ?? 20);
for (;;) {
  if ((await engine.runDueJobs(batch)) > 0) continue;
  const running = await database.kysely.selectFrom('flow_instances').select('id').where('status', '=', 'running').limit(1).execute();
  if (running.length === 0) break;
}
await database.close();
process.stdout.write('done\n');
