// A worker process for the crash-safety test and bench: runs due jobs against an SQLite file until every
// instance has ended (`node … fixture FILE [group] [BATCH] [PAUSE_AT]`; with `group`, steps share transactions:
// group commit). It prints `progress N` once N more service tasks have run and committed; the caller kills it with
// SIGKILL mid-run and starts it again. With PAUSE_AT, once that many have run it starts one more round and waits for
// the kill with it in flight, so the kill lands mid-run however slowly the caller reads the line.
import { appendFileSync } from 'node:fs';
import { openDatabase } from '../../db/index.ts';
import { systemClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine } from './engine.ts';
import { weekendOnlyCalendar } from './time.ts';

const file = process.argv[2];
const group = process.argv[3] === 'group';
const database = await openDatabase(`sqlite:${file}`);
let effects = 0;
const engine = createFlowEngine({
  database, clock: systemClock, ids: createIdGenerator(), calendar: weekendOnlyCalendar, groupCommit: group,
  handlers: {
    effect: async (ctx) => {
      // An external call: may repeat after a crash, always with the same idempotency key.
      appendFileSync(`${file}.calls`, `${ctx.idempotencyKey}\n`);
      effects++;
      // A database effect: commits with the step or not at all.
      await ctx.db.insertInto('crash_effects').values({ instance_id: ctx.instanceId, element_id: ctx.elementId, idempotency_key: ctx.idempotencyKey }).execute();
      return { [`${ctx.elementId}Done`]: true };
    },
  },
});
const batch = Number(process.argv[4] ?? 20);
const pauseAt = process.argv[5] === undefined ? Infinity : Number(process.argv[5]);
let total = 0;
for (;;) {
  // A job's step runs the service tasks it reaches inline: the count of jobs says less than the count of effects.
  const round = engine.runDueJobs(batch);
  if (total >= pauseAt) await new Promise(() => setInterval(() => {}, 1000));
  const ran = await round;
  if (effects > 0) process.stdout.write(`progress ${effects}\n`);
  total += effects;
  effects = 0;
  if (ran > 0) continue;
  const running = await database.kysely.selectFrom('flow_instances').select('id').where('status', '=', 'running').limit(1).execute();
  if (running.length === 0) break;
}
await database.close();
process.stdout.write('done\n');
