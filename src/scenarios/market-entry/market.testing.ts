import { migrateToLatest, type Database } from '../../db/index.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import { platformMigrations } from '../../platform/migrations.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { createTestPlatform, type TestPlatform } from '../../platform/testing/test-platform.ts';
import { createMarketEntry, type MarketEntry } from './market-entry.ts';
import { marketMigrations } from './market.migrations.ts';

/** A test platform with the scenario's tables, its services and the actors its tests use. */
export interface MarketTestbed {
  tp: TestPlatform;
  platform: PlatformServices;
  market: MarketEntry;
  actors: { admin: Actor; company: Actor; official: Actor };
}

/** Builds the testbed on a fresh database (the register holds 杭州西湖测试科技有限公司 in 西湖区). */
export async function createMarketTestbed(database: Database): Promise<MarketTestbed> {
  const tp = await createTestPlatform(database);
  await migrateToLatest(database, [...platformMigrations, ...marketMigrations]);
  const platform = tp.services;
  const actor = async (username: string) => platform.identity.actorForUserId((await platform.identity.findUserByUsername(username))!.id);
  return { tp, platform, market: createMarketEntry(platform), actors: { admin: await actor('admin'), company: await actor('company'), official: await actor('xihu-official') } };
}
