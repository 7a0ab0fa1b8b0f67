import { Readable } from 'node:stream';
import { migrateToLatest, type Database } from '../../db/index.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import { createSequentialIds } from '../../kernel/ids.ts';
import type { Role } from '../../kernel/roles.ts';
import type { Actor, Org } from '../identity/identity.types.ts';
import { platformMigrations } from '../migrations.ts';
import { createPlatformServices, type PlatformServices } from '../platform.ts';
import { buildEnterprise } from '../testing/builders.ts';
import type { EnterpriseRecord } from './enterprise.types.ts';
import type { IntakeRequest } from './intake/intake.service.ts';
import type { IntakeFormat } from './intake/sources.ts';

/** An intake request over bytes in memory. */
export function memoryBatch(content: string | Buffer, source: string, more: Partial<IntakeRequest> & { format?: IntakeFormat } = {}): IntakeRequest {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { source, format: 'csv', open: () => Readable.from([bytes]), size: bytes.length, ...more };
}

/** A CSV text from a header and rows (fields quoted when needed). */
export function csv(header: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

/** A migrated platform with enterprises in 西湖区 and 滨江区, and hand-made actors (no password hashing: fast). */
export interface RegistryFixture {
  services: PlatformServices;
  clock: ReturnType<typeof createFixedClock>;
  xihu: EnterpriseRecord[];
  binjiang: EnterpriseRecord[];
  actor(kind: 'admin' | 'xihuOfficial' | 'xihuTax' | 'xihuMarket' | 'binjiangOfficial' | 'company' | 'bank'): Actor;
}

function org(id: string, code: string, kind: Org['kind'], divisionCode: string | null): Org {
  return { id, code, name: code, nameEn: code, kind, parentId: null, divisionCode };
}

/** Builds the registry fixture on a database. */
export async function createRegistryFixture(database: Database): Promise<RegistryFixture> {
  await migrateToLatest(database, platformMigrations);
  const clock = createFixedClock('2026-03-02T02:00:00.000Z');
  const services = createPlatformServices({ database, clock, ids: createSequentialIds() });
  const xihu = [
    buildEnterprise({ districtCode: '330106', townCode: '330106001', industryCode: 'I65', employees: 40, revenueFen: 20_000_000_00 }),
    buildEnterprise({ districtCode: '330106', townCode: '330106002' }),
    buildEnterprise({ districtCode: '330106', townCode: '330106002', industryCode: 'C39', sizeClass: 'micro' }),
  ];
  const binjiang = [buildEnterprise({ districtCode: '330108', townCode: '330108001' }), buildEnterprise({ districtCode: '330108', townCode: '330108002', industryCode: 'C39' })];
  await services.enterpriseRepository.insertMany([...xihu, ...binjiang]);
  const orgs: Record<string, Org> = {
    province: org('org_p', '330000', 'province', '330000'),
    xihu: org('org_x', '330106', 'district', '330106'),
    binjiang: org('org_b', '330108', 'district', '330108'),
    xihuTax: org('org_xt', '330106-tax', 'department', '330106'),
    xihuMarket: org('org_xm', '330106-amr', 'department', '330106'),
    company: org('org_c', xihu[0].uscc, 'enterprise', '330106'),
  };
  const make = (username: string, role: Role, o: Org, uscc: string | null = null): Actor => ({ userId: `usr_${username}`, username, displayName: username, role, org: o, enterpriseUscc: uscc, sessionId: null, ip: null });
  const actors = {
    admin: make('admin', 'platform_admin', orgs.province),
    xihuOfficial: make('xihu-official', 'official', orgs.xihu),
    xihuTax: make('xihu-tax', 'department_officer', orgs.xihuTax),
    xihuMarket: make('xihu-market', 'department_officer', orgs.xihuMarket),
    binjiangOfficial: make('binjiang-official', 'official', orgs.binjiang),
    company: make('company', 'enterprise', orgs.company, xihu[0].uscc),
    bank: make('bank', 'bank', orgs.province),
  };
  return { services, clock, xihu, binjiang, actor: (kind) => actors[kind] };
}
