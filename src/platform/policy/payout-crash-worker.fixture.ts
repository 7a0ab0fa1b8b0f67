// A worker process for the payout crash test: `node --import tsx … fixture DATABASE_URL STAGE`.
// Runs one payout over every budget line; at STAGE (`payments`, `batch`: inside the payout's
// transaction; `committed`: after it) it prints `stage STAGE` and waits to be killed with SIGKILL.
// With STAGE `none` it runs to the end and prints `done BATCH_ID COUNT` (`done - 0`: nothing to pay).
import { openDatabase } from '../../db/index.ts';
import { systemClock } from '../../kernel/clock.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { createPlatformServices } from '../platform.ts';
import { createPolicyLifecycleServices } from './policy-lifecycle.services.ts';
import { payoutAdmin } from './payout.testing.ts';

const [url, stage] = process.argv.slice(2);
const database = await openDatabase(url);
const ids = createIdGenerator();
const services = createPlatformServices({ database, clock: systemClock, ids });
// A pending promise alone would let the process end; the timer keeps it alive until the kill.
const halt = (at: string) => new Promise<void>(() => { setInterval(() => undefined, 1000); process.stdout.write(`stage ${at}\n`); });
const life = createPolicyLifecycleServices({
  database, clock: systemClock, ids, audit: services.audit, policy: services.policy, enterprises: services.enterpriseRepository, channels: [],
  onPayoutStage: (at) => (at === stage ? halt(at) : undefined),
});
const batch = await life.payout.run(payoutAdmin);
if (stage === 'committed') await halt(stage);
process.stdout.write(`done ${batch?.id ?? '-'} ${batch?.count ?? 0}\n`);
await database.close();
