import { migrateToLatest, type Database } from '../../../db/index.ts';
import type { Actor } from '../../../platform/identity/identity.types.ts';
import { platformMigrations } from '../../../platform/migrations.ts';
import { csv, memoryBatch } from '../../../platform/registry/registry.testing.ts';
import type { EnterpriseRecord } from '../../../platform/registry/enterprise.types.ts';
import { buildEnterprise } from '../../../platform/testing/builders.ts';
import { createTestPlatform, TEST_PASSWORD, type TestPlatform } from '../../../platform/testing/test-platform.ts';
import { marketMigrations } from '../market.migrations.ts';
import { createMarketExit, type MarketExit } from '../market-exit.ts';
import type { Permit } from '../permits.repository.ts';
import { exitMigrations } from './exit.migrations.ts';

/** The departments of 西湖区 the testbed adds (besides the tax bureau of the test platform), each with an officer `xihu-<kind>`. */
export const TEST_DEPARTMENTS = ['amr', 'health', 'police', 'culture'] as const;

let permitSeq = 0;

/** A permit a company holds, for tests: `buildPermit(uscc, { itemCode: 'food_business', department: 'amr' })`. */
export function buildPermit(uscc: string, overrides: Partial<Permit> = {}): Omit<Permit, 'status' | 'cancelledAt' | 'cancelReason'> {
  const n = ++permitSeq;
  return {
    id: `pmt_test_${n}`, uscc, itemCode: 'business_licence', department: 'amr', certificateNo: `TEST${String(n).padStart(8, '0')}`, applicationId: null,
    issuedAt: '2025-01-01T00:00:00.000Z', validUntil: null, documentHash: null, ...overrides,
  };
}

/** The exit testbed: the test platform, 西湖区 departments with officers, the exit services and actors. */
export interface ExitTestbed {
  tp: TestPlatform;
  exit: MarketExit;
  actors: Record<'admin' | 'company' | 'xihuOfficial' | 'amr' | 'health' | 'police' | 'culture' | 'tax' | 'agent', Actor>;
  /** Adds a company in 西湖区 with an account (`user-<n>`) and the given permits (item, department). */
  company(permits: Array<[itemCode: string, department: string]>, overrides?: Partial<EnterpriseRecord>): Promise<{ enterprise: EnterpriseRecord; actor: Actor; permits: ReturnType<typeof buildPermit>[] }>;
  /** Puts point values into the mirror from a source (`court`, `tax`, `amr`, …). */
  mirror(source: string, uscc: string, values: Record<string, string | number>, period?: string): Promise<void>;
}

/** Builds the testbed on a fresh database. */
export async function createExitTestbed(database: Database): Promise<ExitTestbed> {
  const tp = await createTestPlatform(database);
  await migrateToLatest(database, [...platformMigrations, ...marketMigrations, ...exitMigrations]);
  const { identity } = tp.services;
  for (const kind of TEST_DEPARTMENTS) {
    const org = await identity.createOrg({ code: `330106-${kind}`, name: `西湖区${kind}`, nameEn: `Xihu ${kind}`, kind: 'department', parentId: tp.orgs.xihu, divisionCode: '330106' });
    await identity.createUser({ username: `xihu-${kind}`, displayName: `西湖区${kind}officer`, password: TEST_PASSWORD, role: 'department_officer', orgId: org.id, enterpriseUscc: null });
  }
  const agency = await identity.createOrg({ code: 'agency-1', name: '杭州代办服务有限公司', nameEn: 'Agency', kind: 'enterprise', parentId: tp.orgs.xihu, divisionCode: '330106' });
  await identity.createUser({ username: 'agent-1', displayName: '代办员', password: TEST_PASSWORD, role: 'agent', orgId: agency.id, enterpriseUscc: null });
  const actor = async (username: string) => identity.actorForUserId((await identity.findUserByUsername(username))!.id);
  const exit = createMarketExit(tp.services);
  let n = 0;
  return {
    tp, exit,
    actors: {
      admin: await actor('admin'), company: await actor('company'), xihuOfficial: await actor('xihu-official'), amr: await actor('xihu-amr'), health: await actor('xihu-health'),
      police: await actor('xihu-police'), culture: await actor('xihu-culture'), tax: await actor('xihu-tax'), agent: await actor('agent-1'),
    },
    async company(permits, overrides = {}) {
      const enterprise = buildEnterprise({ districtCode: '330106', townCode: '330106001', ...overrides });
      await tp.services.enterpriseRepository.insertMany([enterprise]);
      const org = await identity.createOrg({ code: enterprise.uscc, name: enterprise.name, nameEn: 'company', kind: 'enterprise', parentId: tp.orgs.xihu, divisionCode: '330106' });
      const username = `user-${++n}`;
      await identity.createUser({ username, displayName: username, password: TEST_PASSWORD, role: 'enterprise', orgId: org.id, enterpriseUscc: enterprise.uscc });
      const built = [buildPermit(enterprise.uscc), ...permits.map(([itemCode, department]) => buildPermit(enterprise.uscc, { itemCode, department }))];
      await exit.permits.issue(undefined, built);
      return { enterprise, actor: await actor(username), permits: built };
    },
    async mirror(source, uscc, values, period) {
      const keys = Object.keys(values);
      await tp.services.registry.intake.run(null, memoryBatch(csv(['uscc', ...keys], [[uscc, ...keys.map((k) => values[k])]]), source, period ? { period } : {}));
    },
  };
}
