import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors } from '../../kernel/errors.ts';
import { checkAttributeSpec, codesOf } from './catalogue.ts';
import { DEFAULT_ATTRIBUTES, DEFAULT_CATEGORIES, DEFAULT_DEPARTMENTS } from './catalogue.data.ts';
import type { AttributeSpec, CategorySpec, CodeEntry, DepartmentSpec } from './catalogue.types.ts';

interface CatalogueTables {
  registry_attributes: { key: string; category: string; department: string; data_class: string; spec: string; position: number; created_at: string };
  registry_categories: { key: string; spec: string; position: number };
  registry_departments: { code: string; spec: string; position: number };
}

/** The whole catalogue, loaded: attributes in order with lookups. */
export interface Catalogue {
  attributes: readonly AttributeSpec[];
  categories: readonly CategorySpec[];
  departments: readonly DepartmentSpec[];
  byKey: ReadonlyMap<string, AttributeSpec>;
  /** Code → entry of every enum and set attribute. */
  codeIndex: ReadonlyMap<string, ReadonlyMap<string, CodeEntry>>;
  department(code: string): DepartmentSpec | undefined;
}

function assemble(attributes: AttributeSpec[], categories: CategorySpec[], departments: DepartmentSpec[]): Catalogue {
  const deptByCode = new Map(departments.map((d) => [d.code, d]));
  const codeIndex = new Map<string, Map<string, CodeEntry>>();
  for (const a of attributes) if (a.type === 'enum' || a.type === 'set') codeIndex.set(a.key, new Map(codesOf(a).map((c) => [c.code, c])));
  return { attributes, categories, departments, byKey: new Map(attributes.map((a) => [a.key, a])), codeIndex, department: (code) => deptByCode.get(code) };
}

/**
 * The attribute catalogue: rows in the database, cached in memory. The shipped catalogue is
 * installed on first load (missing keys only: an edited attribute is never overwritten).
 */
export function createCatalogueService(deps: { database: Database; clock: Clock }) {
  const db = deps.database.kysely as Kysely<CatalogueTables>;
  let cached: Promise<Catalogue> | undefined;

  async function installDefaults(): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const haveCats = new Set((await trx.selectFrom('registry_categories').select('key').execute()).map((r) => r.key));
      const haveDepts = new Set((await trx.selectFrom('registry_departments').select('code').execute()).map((r) => r.code));
      const haveAttrs = new Set((await trx.selectFrom('registry_attributes').select('key').execute()).map((r) => r.key));
      const now = deps.clock.now().toISOString();
      const cats = DEFAULT_CATEGORIES.map((c, i) => ({ key: c.key, spec: JSON.stringify(c), position: i })).filter((r) => !haveCats.has(r.key));
      const depts = DEFAULT_DEPARTMENTS.map((d, i) => ({ code: d.code, spec: JSON.stringify(d), position: i })).filter((r) => !haveDepts.has(r.code));
      const attrs = DEFAULT_ATTRIBUTES.map((a, i) => ({ key: a.key, category: a.category, department: a.department, data_class: a.dataClass, spec: JSON.stringify(a), position: i, created_at: now })).filter((r) => !haveAttrs.has(r.key));
      if (cats.length) await trx.insertInto('registry_categories').values(cats).execute();
      if (depts.length) await trx.insertInto('registry_departments').values(depts).execute();
      for (let i = 0; i < attrs.length; i += 200) await trx.insertInto('registry_attributes').values(attrs.slice(i, i + 200)).execute();
    });
  }

  async function read(): Promise<Catalogue> {
    await installDefaults();
    const [attrs, cats, depts] = await Promise.all([
      db.selectFrom('registry_attributes').select(['spec']).orderBy('position').orderBy('key').execute(),
      db.selectFrom('registry_categories').select(['spec']).orderBy('position').execute(),
      db.selectFrom('registry_departments').select(['spec']).orderBy('position').execute(),
    ]);
    return assemble(
      attrs.map((r) => JSON.parse(r.spec) as AttributeSpec),
      cats.map((r) => JSON.parse(r.spec) as CategorySpec),
      depts.map((r) => JSON.parse(r.spec) as DepartmentSpec),
    );
  }

  const service = {
    /** The catalogue (cached after the first load; `reload` re-reads it). */
    load(): Promise<Catalogue> {
      cached ??= read().catch((error: unknown) => {
        cached = undefined;
        throw error;
      });
      return cached;
    },

    /** Forgets the cache, e.g. after another node defined an attribute. */
    reload(): Promise<Catalogue> {
      cached = undefined;
      return service.load();
    },

    /** Adds an attribute (a row, no migration); `conflict` if the key exists, `validation.failed` naming each bad field. */
    async define(spec: AttributeSpec): Promise<AttributeSpec> {
      const catalogue = await service.load();
      assertNoFieldErrors(
        checkAttributeSpec(spec, { categories: new Set(catalogue.categories.map((c) => c.key)), departments: new Set(catalogue.departments.map((d) => d.code)) }).map((e) => ({ ...e, field: `body.${e.field}` })),
        `Invalid attribute ${spec.key}`,
      );
      if (catalogue.byKey.has(spec.key)) throw new AppError('conflict', `Attribute ${spec.key} already exists`);
      await db
        .insertInto('registry_attributes')
        .values({ key: spec.key, category: spec.category, department: spec.department, data_class: spec.dataClass, spec: JSON.stringify(spec), position: catalogue.attributes.length + 1000, created_at: deps.clock.now().toISOString() })
        .execute();
      await service.reload();
      return spec;
    },
  };
  return service;
}

/** The catalogue service's interface. */
export type CatalogueService = ReturnType<typeof createCatalogueService>;
