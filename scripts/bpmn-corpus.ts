// Runs the flow engine over a folder of BPMN files drawn in other tools: `npx tsx scripts/bpmn-corpus.ts DIR`.
// Each file is checked (`checkBpmn`: never an exception, every problem with an element and a line); each that
// passes is exported and imported again (the same compiled process?), then deployed on an in-memory database with
// a stub for every handler it names and driven with empty variables: due jobs run, open tasks are completed, the
// clock moves on for timers, until the instance ends or waits for something else. Prints one line per file that
// fails a stage, then a summary (docs/flow.md, "Files from other tools", reports a run over the BPMN MIWG test suite).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { migrateToLatest, openSqlite } from '../src/db/index.ts';
import { checkBpmn, createFlowEngine, exportBpmn, flowMigrations, importBpmn, weekendOnlyCalendar } from '../src/engines/flow/index.ts';
import { createFixedClock } from '../src/kernel/clock.ts';
import { createSequentialIds } from '../src/kernel/ids.ts';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npx tsx scripts/bpmn-corpus.ts DIR\n');
  process.exit(2);
}
const files: string[] = [];
const walk = (d: string) => {
  for (const name of readdirSync(d).sort()) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.bpmn2?$/i.test(name)) files.push(path);
  }
};
walk(dir);

const tally = { files: files.length, crashed: 0, withoutLine: 0, passed: 0, roundTripSame: 0, completed: 0, waiting: 0, failedToRun: 0 };
for (const file of files) {
  const name = relative(dir, file);
  const xml = readFileSync(file, 'utf8');
  let checked: Awaited<ReturnType<typeof checkBpmn>>;
  try {
    checked = await checkBpmn(xml);
  } catch (err) {
    tally.crashed++;
    console.log(`${name}: check threw ${(err as Error).stack}`);
    continue;
  }
  tally.withoutLine += checked.problems.filter((p) => !p.line).length;
  if (checked.problems.length > 0 || !checked.process) continue;
  tally.passed++;
  if (JSON.stringify(await importBpmn(await exportBpmn(xml))) === JSON.stringify(checked.process)) tally.roundTripSame++;
  else console.log(`${name}: exported and imported again, it compiles differently`);
  const database = openSqlite(':memory:');
  try {
    await migrateToLatest(database, flowMigrations);
    const clock = createFixedClock('2026-03-02T01:00:00Z');
    const handlers = Object.fromEntries(Object.values(checked.process.nodes).filter((n) => n.handler).map((n) => [n.handler!, () => ({})]));
    const engine = createFlowEngine({ database, clock, ids: createSequentialIds(), calendar: weekendOnlyCalendar, handlers, rules: () => ({}) });
    const def = await engine.deploy(xml);
    const id = await engine.start(def.key, { variables: {} });
    for (let round = 0; round < 60; round++) {
      const ran = await engine.drain(20);
      const tasks = await engine.listTasks({ instanceId: id, states: ['open'] });
      if (tasks.length === 0 && ran === 0) {
        clock.advance(400 * 86_400_000);
        if ((await engine.drain(20)) === 0) break;
      }
      for (const t of tasks) await engine.completeTask(t.id, {}, null);
    }
    const state = (await engine.getInstance(id))!;
    if (state.status === 'completed') tally.completed++;
    else {
      tally.waiting++;
      console.log(`${name}: ${state.status}, waiting at ${[...state.tokens.values()].map((t) => t.elementId).join(', ')}`);
    }
  } catch (err) {
    tally.failedToRun++;
    console.log(`${name}: ${(err as Error).message}`);
  } finally {
    await database.close();
  }
}
console.log(JSON.stringify(tally));
