// Seeds the demo city through the platform's own services: organisations and accounts through
// identity, enterprises through the registry repository in batched transactions.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CreateUserInput, IdentityService } from '../identity/identity.service.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import type { EnterpriseRecord } from '../registry/enterprise.types.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoOrgTree, matchesEnterpriseRef, type DemoEnterpriseRef, type DemoOrgSpec } from './demo-city.ts';
import { createEnterpriseFactory, DEMO_CITY_CODE } from './generate-enterprises.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import { seedDemoWorkflows, type DemoWorkflowResult } from '../workflow/demo/seed-demo-workflows.ts';

/** What seeding needs: a subset of the platform services (`createPlatformServices` gives them all). */
export interface SeedDeps {
  database: Database;
  identity: Pick<IdentityService, 'createOrg' | 'findOrgByCode' | 'listOrgs' | 'createUser' | 'findUserByUsername' | 'findOrgById' | 'actorForUserId'>;
  enterpriseRepository: Pick<EnterpriseRepository, 'insertMany' | 'count' | 'list' | 'get'>;
  audit?: Pick<AuditService, 'record'>;
  /** With both, the demo processes and a few dozen applications are seeded too (issue 6). */
  clock?: Clock;
  ids?: IdGenerator;
}

/** Options of `seedDemoCity`. */
export interface SeedOptions {
  /** Enterprises to generate (default 5,000). */
  enterprises?: number;
  /** Seed of the population (default 1). */
  seed?: number;
  /** Rows per transaction (default 5,000). */
  batchSize?: number;
  /** Called after each batch with enterprises written so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** What `seedDemoCity` did. */
export interface SeedResult {
  /** False when the demo city was already there and nothing was done. */
  created: boolean;
  /** Enterprises written by this call. */
  enterprises: number;
  /** Organisations created by this call. */
  orgs: number;
  /** Usernames created by this call. */
  users: string[];
  /** Milliseconds the enterprises took (generation and inserts). */
  enterpriseMs: number;
  /** The demo processes and applications, when seeded. */
  workflows?: DemoWorkflowResult;
}

/** Whether the demo city is complete: its city org and its last demo account exist. */
export async function isDemoCitySeeded(deps: Pick<SeedDeps, 'identity'>): Promise<boolean> {
  const last = DEMO_ACCOUNTS[DEMO_ACCOUNTS.length - 1];
  return Boolean((await deps.identity.findOrgByCode(DEMO_CITY_CODE)) && (await deps.identity.findUserByUsername(last.username)));
}

/** Sequence numbers of the firms the demo accounts belong to: the first match of each reference. */
function pinnedFirms(make: (seq: number) => EnterpriseRecord, refs: readonly DemoEnterpriseRef[]): Map<DemoEnterpriseRef, { seq: number; firm: EnterpriseRecord }> {
  const found = new Map<DemoEnterpriseRef, { seq: number; firm: EnterpriseRecord }>();
  for (let seq = 1; found.size < refs.length; seq++) {
    if (seq > 1_000_000) throw new Error('No generated firm matches a demo account’s enterprise reference');
    const firm = make(seq);
    for (const ref of refs) if (!found.has(ref) && matchesEnterpriseRef(ref, firm)) found.set(ref, { seq, firm });
  }
  return found;
}

/**
 * Creates the demo city — org tree, demo accounts and a generated enterprise population — unless
 * it exists. Safe to call on every start; an interrupted run resumes: existing orgs and accounts
 * are kept and enterprises continue after those already written (the population is
 * deterministic, so the rows already there are the first ones of the same stream).
 */
export async function seedDemoCity(deps: SeedDeps, options: SeedOptions = {}): Promise<SeedResult> {
  const count = options.enterprises ?? 5000;
  const seed = options.seed ?? 1;
  const batchSize = options.batchSize ?? 5000;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`enterprises must be a whole number ≥ 0, got ${count}`);
  if (await isDemoCitySeeded(deps)) return { created: false, enterprises: 0, orgs: 0, users: [], enterpriseMs: 0 };

  const make = createEnterpriseFactory(seed);
  const refs = [...new Set(DEMO_ACCOUNTS.flatMap((a) => [...('enterprise' in a.org ? [a.org.enterprise] : []), ...(a.actsFor ? [a.actsFor] : [])]))];
  const pinned = pinnedFirms(make, refs);
  // Firms the accounts need that lie beyond the requested count are written too, after the rest.
  const extra = [...new Map([...pinned.values()].filter((p) => p.seq > count).map((p) => [p.seq, p.firm])).values()];

  const started = performance.now();
  const already = await deps.enterpriseRepository.count();
  const total = count + extra.length;
  let done = Math.min(already, total);
  options.onProgress?.(done, total);
  const kysely = deps.database.kysely as Kysely<unknown>;
  const writeBatch = (batch: EnterpriseRecord[]) => kysely.transaction().execute((trx) => deps.enterpriseRepository.insertMany(batch, trx));
  let batch: EnterpriseRecord[] = [];
  for (let seq = done + 1; seq <= count; seq++) {
    batch.push(make(seq));
    if (batch.length === batchSize || seq === count) {
      await writeBatch(batch);
      done += batch.length;
      batch = [];
      options.onProgress?.(done, total);
    }
  }
  if (extra.length > 0 && done < total) {
    await writeBatch(extra);
    done = total;
    options.onProgress?.(done, total);
  }
  const enterpriseMs = performance.now() - started;

  let orgs = 0;
  // Orgs already there (an interrupted run, or ones an operator made) are kept and reused.
  const idByCode = new Map((await deps.identity.listOrgs()).map((o) => [o.code, o.id]));
  const ensureOrg = async (spec: DemoOrgSpec) => {
    const existing = idByCode.get(spec.code);
    if (existing) return existing;
    const parentId = spec.parentCode === null ? null : (idByCode.get(spec.parentCode) ?? null);
    const org = await deps.identity.createOrg({ code: spec.code, name: spec.name, nameEn: spec.nameEn, kind: spec.kind, parentId, divisionCode: spec.divisionCode });
    orgs++;
    idByCode.set(spec.code, org.id);
    return org.id;
  };
  for (const spec of demoOrgTree()) await ensureOrg(spec);
  // Each account's company gets its own org under its street.
  const enterpriseOrgId = async (firm: EnterpriseRecord) =>
    ensureOrg({ code: firm.uscc, name: firm.name, nameEn: `Company ${firm.uscc}`, kind: 'enterprise', parentCode: firm.townCode, divisionCode: firm.districtCode });

  // Orgs first, one after another (two accounts may share a company's org); then the accounts, whose password
  // hashing (scrypt, ~0.1 s each) runs on libuv's threads: at once, 18 accounts took half the time they took in turn.
  const accounts: CreateUserInput[] = [];
  for (const account of DEMO_ACCOUNTS) {
    if (await deps.identity.findUserByUsername(account.username)) continue;
    const orgId = 'code' in account.org ? idByCode.get(account.org.code) : await enterpriseOrgId(pinned.get(account.org.enterprise)!.firm);
    if (!orgId) throw new Error(`Demo account ${account.username} names org ${'code' in account.org ? account.org.code : '?'}, which the demo tree lacks`);
    const company = account.actsFor ? pinned.get(account.actsFor)!.firm : null;
    const displayName = account.role === 'enterprise' || account.role === 'creditor' ? `${account.displayName} ${company!.legalRepName}` : account.displayName;
    accounts.push({ username: account.username, displayName, password: DEMO_PASSWORD, role: account.role, orgId, enterpriseUscc: company?.uscc ?? null });
  }
  await Promise.all(accounts.map((a) => deps.identity.createUser(a)));
  const users = accounts.map((a) => a.username);
  const workflows = deps.clock && deps.ids ? await seedDemoWorkflows({ ...deps, clock: deps.clock, ids: deps.ids }) : undefined;
  await deps.audit?.record({ actor: null, action: 'demo.seed', target: DEMO_CITY_CODE, details: { seed, enterprises: done - Math.min(already, total), orgs, users } });
  return { created: true, enterprises: done - Math.min(already, total), orgs, users, enterpriseMs, workflows };
}

