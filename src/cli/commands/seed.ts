import cliProgress from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../../api/config.ts';
import { loadConfig } from '../../api/config.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../platform/demo/demo-city.ts';
import { seedDemoCity, type SeedResult } from '../../platform/demo/seed-demo-city.ts';
import { openPlatformDatabase, processIo, type CliIo } from '../context.ts';

/** Options of `onething seed`. */
export interface SeedCommandOptions {
  enterprises: number;
  seed: number;
}

function wholeNumber(name: string, min: number, max: number) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max.toLocaleString('en')}.`);
    return Number(raw);
  };
}

/**
 * Seeds the demo city into the configured database and reports what it did; `progress`
 * receives (done, total) as batches land. Returns the seeding result.
 */
export async function runSeed(
  options: SeedCommandOptions,
  io: CliIo,
  deps: { config?: Readonly<Config>; progress?: (done: number, total: number) => void } = {},
): Promise<SeedResult> {
  const platform = await openPlatformDatabase(deps.config ?? loadConfig());
  try {
    const started = performance.now();
    const result = await seedDemoCity(platform.services, { enterprises: options.enterprises, seed: options.seed, onProgress: deps.progress });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (!result.created) {
      io.out(`The demo city is already in ${platform.database.description}: nothing done.`);
      return result;
    }
    io.out(`Demo city seeded in ${seconds} s: ${result.enterprises.toLocaleString('en')} enterprises, ${result.orgs} organisations, ${result.users.length} accounts (${platform.database.description}).`);
    io.out(`Demo logins (password ${DEMO_PASSWORD}):`);
    for (const account of DEMO_ACCOUNTS) io.out(`  ${account.username.padEnd(18)} ${account.description}`);
    return result;
  } finally {
    await platform.close();
  }
}

/** A progress bar on stderr when it is a terminal, else a line every 10%. */
function createProgress(io: CliIo): { update(done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let last = -1;
    return {
      update(done, total) {
        const tenth = Math.floor((done / Math.max(1, total)) * 10);
        if (tenth !== last) io.err(`seeding enterprises: ${tenth * 10}% (${done}/${total})`);
        last = tenth;
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'enterprises [{bar}] {percentage}% {value}/{total} · {eta_formatted} left', etaBuffer: 20, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, done);
      else bar.update(done);
      started = true;
    },
    stop: () => bar.stop(),
  };
}

/** `onething seed [--enterprises N] [--seed S]`: the demo city, unless it exists. */
export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description('Create the demo city (Hangzhou: org tree, demo accounts, synthetic enterprises) unless it exists')
    .option('--enterprises <n>', 'how many enterprises to generate (default: DEMO_ENTERPRISES or 5000)', wholeNumber('--enterprises', 0, 2_000_000))
    .option('--seed <s>', 'seed of the generated population', wholeNumber('--seed', 0, 2 ** 31 - 1), 1)
    .action(async (options: { enterprises?: number; seed: number }) => {
      const config = loadConfig();
      const progress = createProgress(processIo);
      try {
        await runSeed({ enterprises: options.enterprises ?? (config.demoEnterprises || 5000), seed: options.seed }, processIo, {
          config,
          progress: (done, total) => progress.update(done, total),
        });
      } finally {
        progress.stop();
      }
    });
}
