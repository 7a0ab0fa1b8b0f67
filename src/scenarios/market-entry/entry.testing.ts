import { randomBytes } from 'node:crypto';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { createEvidenceServices } from '../../platform/evidence/evidence.services.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import { platformMigrations } from '../../platform/migrations.ts';
import { TEST_PASSWORD } from '../../platform/testing/test-platform.ts';
import type { EntryInput } from './entry.types.ts';
import { entryMigrations, entryOf } from './entry.ts';
import type { EntryService } from './entry.service.ts';
import { createMarketTestbed, type MarketTestbed } from './market.testing.ts';
import { marketMigrations } from './market.migrations.ts';
import { computeIdCheckDigit } from '../../kernel/id-number.ts';

/** The market testbed plus 西湖区 departments (market regulation, health, police) with an officer each, and the entry service. */
export interface EntryTestbed extends MarketTestbed {
  entry: EntryService;
  officers: Record<'amr' | 'health' | 'police', Actor>;
}

/** A valid resident ID number (GB 11643) born on `birth` (YYYYMMDD) with sequence `seq`. */
export function buildIdNumber(birth = '19880512', seq = 123, division = '330106'): string {
  const first17 = `${division}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + computeIdCheckDigit(first17);
}

/** An entry application: a food producer in 西湖区 文新街道 with one shareholder who is also the legal representative. */
export function buildEntryInput(overrides: Partial<EntryInput> = {}): EntryInput {
  const person = { name: '林晓峰', idNumber: buildIdNumber(), phone: '13812345678' };
  return {
    name: '杭州湖光食品科技有限公司', legalForm: 'llc', registeredCapitalYuan: 1_000_000,
    address: { districtCode: '330106', townCode: '330106004', detail: '文三路90号5幢301室' },
    scopeCodes: ['C001'], items: ['food_production'],
    shareholders: [{ ...person, subscribedYuan: 1_000_000 }],
    officers: [{ ...person, position: 'legal_rep' }, { name: '陈静', idNumber: buildIdNumber('19900301', 246), position: 'supervisor' }],
    commitment: true,
    ...overrides,
  };
}

/** Builds the testbed on a fresh database; the evidence logs have their own master key. */
export async function createEntryTestbed(database: Database): Promise<EntryTestbed> {
  const t = await createMarketTestbed(database);
  await migrateToLatest(database, [...platformMigrations, ...marketMigrations, ...entryMigrations]);
  const { identity } = t.platform;
  const xihu = (await identity.findOrgByCode('330106'))!;
  const officers = {} as EntryTestbed['officers'];
  for (const [kind, name] of [['amr', '西湖区市场监督管理局'], ['health', '西湖区卫生健康局'], ['police', '杭州市公安局西湖区分局']] as const) {
    const org = await identity.createOrg({ code: `330106-${kind}`, name, nameEn: kind, kind: 'department', parentId: xihu.id, divisionCode: '330106' });
    const user = await identity.createUser({ username: `xihu-${kind}`, displayName: `${name}经办人`, password: TEST_PASSWORD, role: 'department_officer', orgId: org.id, enterpriseUscc: null });
    officers[kind] = await identity.actorForUserId(user.id);
  }
  const city = (await identity.findOrgByCode('330100'))!;
  await identity.createOrg({ code: '330100-amr', name: '杭州市市场监督管理局', nameEn: 'Hangzhou AMR', kind: 'department', parentId: city.id, divisionCode: '330100' });
  const evidence = createEvidenceServices({ database, clock: t.platform.clock, ids: t.platform.ids, masterKey: randomBytes(32) });
  return { ...t, entry: entryOf(t.platform, { evidence }), officers };
}
