import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { migrateToLatest, openDatabase, type Database } from '../db/index.ts';
import type { Clock } from '../kernel/clock.ts';
import { createPlatformServices, type PlatformServices } from '../platform/platform.ts';
import { seedDemoCity } from '../platform/demo/seed-demo-city.ts';
import { HOLIDAY_REFRESH_MS } from '../platform/workflow/holiday-notices.ts';
import { seedDemoWitnesses } from '../platform/demo/demo-witnesses.ts';
import { seedPledgeDemo } from '../scenarios/data-ip-pledge/demo.ts';
import { seedEntryDemo } from '../scenarios/market-entry/entry-demo.ts';
import { seedExitDemo } from '../scenarios/market-entry/exit/exit-demo.ts';
import { allMigrations } from '../scenarios/index.ts';
import { buildApp } from './app.ts';
import { DEMO_MASTER_KEY, loadConfig, type Config } from './config.ts';
import { WEB_DIST } from './web-build.ts';

/** Options of `startPlatform`; anything not given comes from the environment (`loadConfig`). */
export interface StartOptions {
  port?: number;
  host?: string;
  databaseUrl?: string;
  dataDir?: string;
  /** Seed the demo city on first start with this many enterprises (0: none). */
  demo?: { enterprises: number };
  /** No request logs. */
  quiet?: boolean;
  config?: Readonly<Config>;
  /** Called with seeding progress (done, total). */
  onSeedProgress?: (done: number, total: number) => void;
  /** The platform's clock (tests move it; production uses the wall clock). */
  clock?: Clock;
}

/** A running platform. */
export interface RunningPlatform {
  url: string;
  app: FastifyInstance;
  services: PlatformServices;
  database: Database;
  /** What the first start seeded, if anything. */
  seeded: { enterprises: number; users: string[] } | null;
  close(): Promise<void>;
}

/** Opens the database, migrates it, seeds the demo city on first start, and serves API and web app. */
export async function startPlatform(options: StartOptions = {}): Promise<RunningPlatform> {
  const base = options.config ?? loadConfig();
  const config: Config = {
    ...base,
    port: options.port ?? base.port,
    host: options.host ?? base.host,
    databaseUrl: options.databaseUrl ?? base.databaseUrl,
    dataDir: options.dataDir ?? base.dataDir,
    demoEnterprises: options.demo?.enterprises ?? base.demoEnterprises,
  };
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  try {
    await migrateToLatest(database, allMigrations);
    // The public demo key only ever serves the demo city: without it, no key (features needing one answer 503).
    const masterKey = config.masterKey === DEMO_MASTER_KEY && config.demoEnterprises === 0 ? null : config.masterKey;
    const services = createPlatformServices({ database, masterKey, clock: options.clock });
    // Batches a stopped process left half-imported are failed and their staged rows removed.
    await services.registry.intake.recoverInterrupted();
    // The shipped policy units are stored and published, and publications a stopped process left running are failed.
    await services.policyLifecycle.ready();
    // Holiday notices entered after the platform shipped (next year's, say) count before any time limit is set.
    await services.workflow.holidays.load();
    // A recount of running deadlines that a stopped process left half done goes on where it stopped.
    await services.workflow.holidays.finishRecounts();
    let seeded: RunningPlatform['seeded'] = null;
    if (config.demoEnterprises > 0) {
      const result = await seedDemoCity(services, { enterprises: config.demoEnterprises, onProgress: options.onSeedProgress });
      if (result.created) seeded = { enterprises: result.enterprises, users: result.users };
      // The five witness institutions and a few data assets of the data-IP pledge (issue 8).
      await seedDemoWitnesses(services);
      await seedPledgeDemo(services);
      // A registered agent and a few simplified deregistrations on public notice (issue 7).
      await seedExitDemo(services);
      // A few hundred past entry applications (one thing: registration with licences) for the monitoring pages (issue 7).
      await seedEntryDemo(services);
    }
    const app = await buildApp({
      services,
      config,
      logger: options.quiet ? false : { level: config.logLevel },
      webDir: existsSync(join(WEB_DIST, 'index.html')) ? WEB_DIST : undefined,
    });
    const address = await app.listen({ port: config.port, host: config.host });
    // HTTP pull connectors run on their schedules while the server runs.
    const stopConnectors = services.registry.connectors.schedule();
    // The audit trail is sealed and new evidence entries cosigned every second; anchors every 10 minutes.
    const stopEvidence = services.evidence.startSchedules({ onError: (err) => app.log.error({ err }, 'evidence schedule') });
    // Service tasks, timers and time-limit warnings of the flow engine run while the server runs.
    const flowWorker = services.workflow.startWorker((err) => app.log.error({ err }, 'flow worker'));
    // A holiday notice another process entered is counted on here within two seconds (holiday-notices.ts, startRefresh).
    const stopHolidays = services.workflow.holidays.startRefresh(HOLIDAY_REFRESH_MS, (err) => app.log.error({ err }, 'holiday notices'));
    // Uploads nothing references are deleted once past their retention (30 days), at start and daily.
    const stopPurge = services.files.startPurge(undefined, (err) => app.log.error({ err }, 'file purge'));
    const port = new URL(address).port;
    const url = ['0.0.0.0', '::', '127.0.0.1'].includes(config.host) ? `http://localhost:${port}` : address;
    return {
      url,
      app,
      services,
      database,
      seeded,
      async close() {
        stopConnectors();
        stopHolidays();
        await stopPurge();
        await stopEvidence();
        await flowWorker.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
