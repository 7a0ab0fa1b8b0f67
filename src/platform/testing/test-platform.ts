import { migrateToLatest, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import type { Role } from '../../kernel/roles.ts';
import { platformMigrations } from '../migrations.ts';
import { createPlatformServices, type PlatformServices } from '../platform.ts';
import type { EnterpriseRecord } from '../registry/enterprise.types.ts';
import { buildEnterprise } from './builders.ts';

/** The password of every test account. */
export const TEST_PASSWORD = 'Test@Passw0rd';

/** A migrated platform with a small org tree, accounts for the common roles and five enterprises. */
export interface TestPlatform {
  services: PlatformServices;
  clock: ReturnType<typeof createFixedClock>;
  enterprises: { xihu: EnterpriseRecord[]; binjiang: EnterpriseRecord[] };
  orgs: Record<'province' | 'city' | 'xihu' | 'binjiang' | 'xihuTax' | 'company', string>;
}

/**
 * Builds the test platform on a database: 杭州市 with 西湖区 and 滨江区, accounts `admin`,
 * `city-official`, `xihu-official`, `binjiang-official`, `xihu-tax`, `company` (an enterprise user of the
 * first 西湖区 company) and `bank-user`, all with TEST_PASSWORD.
 */
export async function createTestPlatform(database: Database): Promise<TestPlatform> {
  await migrateToLatest(database, platformMigrations);
  const clock = createFixedClock('2026-03-02T02:00:00.000Z');
  const services = createPlatformServices({ database, clock, ids: createSequentialIds() });
  const { identity } = services;
  const province = await identity.createOrg({ code: '330000', name: '浙江省', nameEn: 'Zhejiang', kind: 'province', parentId: null, divisionCode: '330000' });
  const city = await identity.createOrg({ code: '330100', name: '杭州市', nameEn: 'Hangzhou', kind: 'city', parentId: province.id, divisionCode: '330100' });
  const xihu = await identity.createOrg({ code: '330106', name: '西湖区', nameEn: 'Xihu', kind: 'district', parentId: city.id, divisionCode: '330106' });
  const binjiang = await identity.createOrg({ code: '330108', name: '滨江区', nameEn: 'Binjiang', kind: 'district', parentId: city.id, divisionCode: '330108' });
  const xihuTax = await identity.createOrg({ code: '330106-tax', name: '西湖区税务局', nameEn: 'Xihu tax bureau', kind: 'department', parentId: xihu.id, divisionCode: '330106' });
  const xihuEnterprises = [
    buildEnterprise({ districtCode: '330106', townCode: '330106001', name: '杭州西湖测试科技有限公司' }),
    buildEnterprise({ districtCode: '330106', townCode: '330106002' }),
    buildEnterprise({ districtCode: '330106', townCode: '330106002', industryCode: 'I65', sizeClass: 'micro' }),
  ];
  const binjiangEnterprises = [buildEnterprise({ districtCode: '330108', townCode: '330108001' }), buildEnterprise({ districtCode: '330108', townCode: '330108002', industryCode: 'C39' })];
  await services.enterpriseRepository.insertMany([...xihuEnterprises, ...binjiangEnterprises]);
  const company = await identity.createOrg({ code: xihuEnterprises[0].uscc, name: xihuEnterprises[0].name, nameEn: 'Test company', kind: 'enterprise', parentId: xihu.id, divisionCode: '330106' });
  const users: [string, Role, string, string | null][] = [
    ['admin', 'platform_admin', province.id, null],
    ['city-official', 'official', city.id, null],
    ['xihu-official', 'official', xihu.id, null],
    ['binjiang-official', 'official', binjiang.id, null],
    ['xihu-tax', 'department_officer', xihuTax.id, null],
    ['company', 'enterprise', company.id, xihuEnterprises[0].uscc],
    ['bank-user', 'bank', province.id, null],
  ];
  for (const [username, role, orgId, uscc] of users) {
    await identity.createUser({ username, displayName: username, password: TEST_PASSWORD, role, orgId, enterpriseUscc: uscc });
  }
  return {
    services,
    clock,
    enterprises: { xihu: xihuEnterprises, binjiang: binjiangEnterprises },
    orgs: { province: province.id, city: city.id, xihu: xihu.id, binjiang: binjiang.id, xihuTax: xihuTax.id, company: company.id },
  };
}
