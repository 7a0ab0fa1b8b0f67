// Child process of crash.test.ts: appends forever to a SQLite file and prints each acknowledged
// index, until the parent kills it with SIGKILL in the middle of a batch.
import { openDatabase, migrateToLatest } from '../../../db/index.ts';
import { createFixedClock } from '../../../kernel/clock.ts';
import { createSequentialIds } from '../../../kernel/ids.ts';
import { ledgerMigrations } from '../ledger.migrations.ts';
import { createLedger } from '../ledger-log.ts';

const database = await openDatabase(`sqlite:${process.argv[2]}`);
await migrateToLatest(database, ledgerMigrations);
const log = await createLedger({ database, clock: createFixedClock('2026-01-05T08:00:00Z'), ids: createSequentialIds() }).createLog({ origin: 'crash.example/log' });
let i = 0;
process.stdout.write('ready\n');
for (;;) {
  const batch = Array.from({ length: 200 }, () => new TextEncoder().encode(`entry-${i++}`));
  const results = await Promise.all(batch.map((d) => log.append(d)));
  process.stdout.write(`${results.map((r) => r.index).join('\n')}\n`);
}
