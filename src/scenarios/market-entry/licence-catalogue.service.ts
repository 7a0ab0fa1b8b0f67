import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors } from '../../kernel/errors.ts';
import type { AuditService } from '../../platform/audit/audit.service.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import { assembleCatalogue, describeItem, type ItemView, type LicenceCatalogue } from './catalogue-model.ts';
import { checkLicenceItem, findPrerequisiteCycle } from './licence-check.ts';
import type { LicenceItem } from './licence.types.ts';
import { DEFAULT_LICENCES } from './licences.data.ts';
import type { MarketRepository } from './market.repository.ts';

/** Filters of the catalogue list. */
export interface LicenceFilter {
  department?: string;
  kind?: string;
  mode?: string;
  q?: string;
  active?: boolean;
}

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'platform_admin') throw new AppError('auth.forbidden', 'Only a platform administrator edits the licence catalogue');
}

/**
 * The licence catalogue: rows in `market_licences`, cached in memory. The shipped items are installed on
 * first load (missing codes only: an edited item is never overwritten). Anyone signed in reads it;
 * platform administrators add and edit items, each edit checked, versioned and audited in one transaction.
 */
export function createLicenceCatalogueService(deps: { repo: MarketRepository; audit: AuditService; clock: Clock }) {
  const { repo, audit, clock } = deps;
  let cached: Promise<LicenceCatalogue> | undefined;

  async function read(): Promise<LicenceCatalogue> {
    await repo.installMissing(DEFAULT_LICENCES, clock.now().toISOString());
    const stored = await repo.all();
    return assembleCatalogue(stored.map((s) => s.item), new Map(stored.map((s) => [s.item.code, s.version])));
  }

  function checked(cat: LicenceCatalogue, item: LicenceItem, replacing: boolean): void {
    const codes = new Set(cat.byCode.keys());
    if (!replacing) codes.add(item.code);
    const errors = checkLicenceItem(item, { departments: new Set(cat.departments.map((d) => d.code)), facts: new Set(cat.facts.map((f) => f.key)), codes }).map((e) => ({ ...e, field: `body.${e.field}` }));
    if (errors.length === 0) {
      const next = [...cat.items.filter((i) => i.code !== item.code), item];
      const cycle = findPrerequisiteCycle(next);
      if (cycle) errors.push({ field: 'body.requires', rule: 'acyclic', message: `prerequisites would form a cycle: ${cycle.join(' → ')}` });
    }
    assertNoFieldErrors(errors, `Invalid licence item ${String(item.code)}`);
  }

  const service = {
    /** The catalogue (cached after the first load). */
    load(): Promise<LicenceCatalogue> {
      cached ??= read().catch((error: unknown) => {
        cached = undefined;
        throw error;
      });
      return cached;
    },

    /** Forgets the cache, e.g. after another node edited an item. */
    reload(): Promise<LicenceCatalogue> {
      cached = undefined;
      return service.load();
    },

    /** The items that pass the filter, as applicants see them, with the departments and the facts (and the mirror attribute of each) for editors. */
    async list(actor: Actor, filter: LicenceFilter = {}): Promise<{ items: ItemView[]; departments: LicenceCatalogue['departments']; facts: LicenceCatalogue['facts']; total: number }> {
      void actor; // the catalogue is public information: every signed-in role reads it
      const cat = await service.load();
      const q = filter.q?.trim();
      const items = cat.items
        .filter((i) => (!filter.department || i.department === filter.department) && (!filter.kind || i.kind === filter.kind) && (!filter.mode || i.mode === filter.mode))
        .filter((i) => filter.active === undefined || i.active === filter.active)
        .filter((i) => !q || i.name.includes(q) || i.code.includes(q) || i.basis.law.includes(q))
        .map((i) => describeItem(cat, i));
      return { items, departments: cat.departments, facts: cat.facts, total: items.length };
    },

    /** One item, or `not_found`. */
    async get(actor: Actor, code: string): Promise<ItemView> {
      void actor;
      const cat = await service.load();
      const item = cat.byCode.get(code);
      if (!item) throw new AppError('not_found', `No licence item ${code}`);
      return describeItem(cat, item);
    },

    /** Adds an item (platform administrator): checked field by field, `conflict` if the code exists; audited. */
    async create(actor: Actor, item: LicenceItem): Promise<ItemView> {
      requireAdmin(actor);
      const cat = await service.load();
      if (cat.byCode.has(item.code)) throw new AppError('conflict', `Licence item ${item.code} already exists`);
      checked(cat, item, false);
      const at = clock.now().toISOString();
      await repo.db.transaction().execute(async (trx) => {
        if (!(await repo.insert(trx, item, at, actor.userId))) throw new AppError('conflict', `Licence item ${item.code} already exists`);
        await audit.record({ actor, action: 'market.licence.create', target: item.code, details: { item } }, trx as unknown as Kysely<unknown>);
      });
      return describeItem(await service.reload(), item);
    },

    /**
     * Replaces an item (platform administrator). The body's code must be the path's; `expectedVersion`,
     * when given, must be the stored version (`conflict` otherwise, as when another edit came first).
     * The previous and the new item are audited together with the write.
     */
    async update(actor: Actor, code: string, item: LicenceItem, expectedVersion?: number): Promise<ItemView> {
      requireAdmin(actor);
      const cat = await service.reload();
      const before = cat.byCode.get(code);
      if (!before) throw new AppError('not_found', `No licence item ${code}`);
      if (item.code !== code) assertNoFieldErrors([{ field: 'body.code', rule: 'const', message: `body.code must be ${code}: an item's code does not change` }]);
      const version = cat.versions.get(code) ?? 1;
      if (expectedVersion !== undefined && expectedVersion !== version) throw new AppError('conflict', `Licence item ${code} is at version ${version}, not ${expectedVersion}`, { version });
      checked(cat, item, true);
      const at = clock.now().toISOString();
      await repo.db.transaction().execute(async (trx) => {
        if (!(await repo.replace(trx, item, version, at, actor.userId))) throw new AppError('conflict', `Licence item ${code} was changed meanwhile`);
        await audit.record({ actor, action: 'market.licence.update', target: code, details: { version: version + 1, before, after: item } }, trx as unknown as Kysely<unknown>);
      });
      return describeItem(await service.reload(), item);
    },
  };
  return service;
}

/** The catalogue service's interface. */
export type LicenceCatalogueService = ReturnType<typeof createLicenceCatalogueService>;
