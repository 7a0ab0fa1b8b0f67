import { createHash } from 'node:crypto';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import { platformMigrations } from '../../platform/migrations.ts';
import { createPlatformServices, type PlatformServices } from '../../platform/platform.ts';
import { createTestPlatform, TEST_PASSWORD } from '../../platform/testing/test-platform.ts';
import { createDataIpPledge, type DataIpPledge } from './data-ip-pledge.ts';
import { pledgeMigrations } from './pledge.migrations.ts';
import type { RegisterAssetInput } from './registration.service.ts';

/** The five witness institutions of the scenario (codes as in the demo city). */
export const TEST_WITNESS_CODES = ['inst-ip-centre', 'inst-internet-notary', 'inst-data-exchange', '330100-amr', 'inst-internet-court'] as const;

/** A test platform with a master key, the five witnesses, a second bank and the scenario's services. */
export interface PledgeTestbed {
  platform: PlatformServices;
  pledge: DataIpPledge;
  actors: { company: Actor; bank: Actor; otherBank: Actor; official: Actor };
}

/** Builds the testbed on a fresh database. */
export async function createPledgeTestbed(database: Database): Promise<PledgeTestbed> {
  const tp = await createTestPlatform(database);
  await migrateToLatest(database, [...platformMigrations, ...pledgeMigrations]);
  const platform = createPlatformServices({ database, clock: tp.clock, ids: createIdGenerator(() => tp.clock.now().getTime()), masterKey: new Uint8Array(32).fill(3) });
  for (const code of TEST_WITNESS_CODES) {
    const org = await platform.identity.createOrg({ code, name: `机构 ${code}`, nameEn: code, kind: 'institution', parentId: tp.orgs.city, divisionCode: null });
    await platform.evidence.witnesses.ensureWitness(org);
  }
  const bank2 = await platform.identity.createOrg({ code: 'inst-bank-2', name: '第二示范银行', nameEn: 'Second bank', kind: 'institution', parentId: tp.orgs.city, divisionCode: null });
  await platform.identity.createUser({ username: 'bank-2', displayName: 'bank-2', password: TEST_PASSWORD, role: 'bank', orgId: bank2.id, enterpriseUscc: null });
  const actor = async (username: string) => platform.identity.actorForUserId((await platform.identity.findUserByUsername(username))!.id);
  return {
    platform,
    pledge: createDataIpPledge(platform),
    actors: { company: await actor('company'), bank: await actor('bank-user'), otherBank: await actor('bank-2'), official: await actor('xihu-official') },
  };
}

/** A clean sample of `rows` logistics orders, its CSV text and that text's SHA-256. */
export function buildSample(rows = 20, seed = 1): { columns: string[]; rows: string[][]; csv: string; sha256: string } {
  const columns = ['order_id', 'city', 'weight_kg', 'order_date', 'delivered'];
  const data = Array.from({ length: rows }, (_, i) => [`O${seed}-${1000 + i}`, ['杭州', '宁波', '温州'][i % 3], String(1 + ((i * 7) % 40) / 2), `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`, i % 4 === 0 ? 'false' : 'true']);
  const csv = [columns, ...data].map((r) => r.join(',')).join('\n');
  return { columns, rows: data, csv, sha256: createHash('sha256').update(csv).digest('hex') };
}

/** A registration that passes the three data rules; `overrides` change any field. */
export function buildAssetInput(overrides: Partial<RegisterAssetInput> = {}, seed = 1): RegisterAssetInput {
  const sample = buildSample(20, seed);
  return {
    name: `物流订单数据集 ${seed}`,
    description: '2026 年杭州、宁波、温州的物流订单（脱敏）',
    subjectClasses: ['customers'],
    consents: [{ subjectClass: 'customers', basis: 'consent', scope: 'order analytics', date: '2026-01-05' }],
    schema: [
      { name: 'order_id', type: 'string', required: true },
      { name: 'city', type: 'string', required: true },
      { name: 'weight_kg', type: 'number', required: true },
      { name: 'order_date', type: 'date', required: true },
      { name: 'delivered', type: 'boolean', required: false },
    ],
    hashAlg: 'sha256',
    fingerprint: sample.sha256,
    fileName: `orders-${seed}.csv`,
    fileSize: Buffer.byteLength(sample.csv),
    sample: { columns: sample.columns, rows: sample.rows },
    ...overrides,
  };
}
