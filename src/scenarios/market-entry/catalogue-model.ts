import { APPROVING_DEPARTMENTS, FACTS } from './departments.data.ts';
import type { ApprovingDepartment, FactSpec, LicenceItem } from './licence.types.ts';
import { scopeEntries, type ScopeEntry } from './scope.data.ts';

/** The licence catalogue as loaded: items with their versions, departments, facts and the business-scope table. */
export interface LicenceCatalogue {
  items: readonly LicenceItem[];
  byCode: ReadonlyMap<string, LicenceItem>;
  /** Each item's version: 1 as shipped, +1 per edit. */
  versions: ReadonlyMap<string, number>;
  departments: readonly ApprovingDepartment[];
  department(code: string): ApprovingDepartment | undefined;
  facts: readonly FactSpec[];
  fact(key: string): FactSpec | undefined;
  scope: readonly ScopeEntry[];
  scopeByCode: ReadonlyMap<string, ScopeEntry>;
}

/** Builds the lookups of a catalogue; the scope table's classes follow the items' kinds (an entry needing only filings is general). */
export function assembleCatalogue(items: LicenceItem[], versions: Map<string, number>): LicenceCatalogue {
  const deptByCode = new Map(APPROVING_DEPARTMENTS.map((d) => [d.code, d]));
  const factByKey = new Map(FACTS.map((f) => [f.key, f]));
  const scope = scopeEntries(new Set(items.filter((i) => i.kind === 'filing').map((i) => i.code)));
  return {
    items,
    byCode: new Map(items.map((i) => [i.code, i])),
    versions,
    departments: APPROVING_DEPARTMENTS,
    department: (code) => deptByCode.get(code),
    facts: FACTS,
    fact: (key) => factByKey.get(key),
    scope,
    scopeByCode: new Map(scope.map((e) => [e.code, e])),
  };
}

/** What an applicant sees of an item: the item, its department's name, and which facts the mirror supplies. */
export function describeItem(cat: LicenceCatalogue, item: LicenceItem) {
  const mirrorFacts = item.facts.filter((k) => cat.fact(k)?.mirror);
  const factsToProvide = item.facts.filter((k) => !cat.fact(k)?.mirror);
  return {
    ...item,
    version: cat.versions.get(item.code) ?? 1,
    departmentName: cat.department(item.department)?.zh ?? item.department,
    departmentKind: cat.department(item.department)?.kind ?? item.department,
    mirrorFacts,
    factsToProvide,
    /** Every fact is in the mirror and nothing is to be uploaded (零材料). */
    zeroMaterials: factsToProvide.length === 0 && item.documents.length === 0,
  };
}

/** The applicant's view of an item. */
export type ItemView = ReturnType<typeof describeItem>;
