// A worker process for the pipeline's crash test (sqlite-pipeline.test.ts): completes open tasks many at once
// through group commit's pipeline, and runs due jobs, against an SQLite file until every instance has ended
// (`node … fixture FILE [PAUSE_AT]`). It prints `progress N` after each N tasks completed; the test kills it with
// SIGKILL mid-run and starts it again. With PAUSE_AT, once it has completed that many tasks it starts one more round
// and waits for the kill with that round in flight: on a loaded machine the kill, sent when the test reads the
// line, landed after the worker had completed every task (`expected 300 to be less than 300`).
import { appendFileSync } from 'node:fs';
import { openDatabase } from '../../db/index.ts';
import { systemClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createFlowEngine } from './engine.ts';
import { weekendOnlyCalendar } from './time.ts';

const file = process.argv[2];
const database = await openDatabase(`sqlite:${file}`);
const engine = createFlowEngine({
  database, clock: systemClock, ids: createIdGenerator(), calendar: weekendOnlyCalendar, groupCommit: { maxBatch: 10, pipeline: true },
  handlers: {
    // An external call: may repeat after a crash, always with the same idempotency key.
    effect: (ctx) => {
      appendFileSync(`${file}.calls`, `${ctx.idempotencyKey}\n`);
      return { [`${ctx.elementId}Done`]: true };
    },
  },
});
const pauseAt = process.argv[3] === undefined ? Infinity : Number(process.argv[3]);
let completed = 0;
for (;;) {
  const ran = await engine.runDueJobs(50);
  // A few at a time, so that the test's kills land mid-run however fast the machine.
  const tasks = await engine.listTasks({ states: ['open'], limit: 10 });
  const round = Promise.all(tasks.map((t) => engine.completeTask(t.id, {}, 'clerk')));
  if (completed >= pauseAt) await new Promise(() => setInterval(() => {}, 1000));
  await round;
  completed += tasks.length;
  if (tasks.length > 0) process.stdout.write(`progress ${tasks.length}\n`);
  if (ran > 0 || tasks.length > 0) continue;
  const running = await database.kysely.selectFrom('flow_instances').select('id').where('status', '=', 'running').limit(1).execute();
  if (running.length === 0) break;
}
await database.close();
process.stdout.write('done\n');
