import { createHash } from 'node:crypto';
import type { Catalogue } from './catalogue.service.ts';
import { namedCodeList } from './catalogue.ts';
import { NAMED_CODE_LISTS, type AttributeSpec, type CategorySpec, type CodeEntry, type DepartmentSpec, type NamedCodeList } from './catalogue.types.ts';

/**
 * The catalogue as served to readers: what a portrait references by key (attribute names, types,
 * units, data classes, code lists; category and department names), with a version that changes
 * whenever any of it does — the portrait names the version it was shaped with, and the catalogue
 * answer carries it as its ETag.
 */
export interface CatalogueDocument {
  version: string;
  attributes: readonly AttributeSpec[];
  categories: readonly CategorySpec[];
  departments: readonly DepartmentSpec[];
  /** The kernel's code lists that attributes name in `codeList`, resolved. */
  codeLists: Record<NamedCodeList, CodeEntry[]>;
}

// A loaded catalogue is immutable (a change loads a new one), so its document is made once.
const documents = new WeakMap<Catalogue, CatalogueDocument>();

/** The served document of a loaded catalogue, with its content version (made once per catalogue). */
export function catalogueDocument(catalogue: Catalogue): CatalogueDocument {
  let doc = documents.get(catalogue);
  if (!doc) {
    const codeLists = Object.fromEntries(NAMED_CODE_LISTS.map((name) => [name, namedCodeList(name)])) as Record<NamedCodeList, CodeEntry[]>;
    const body = { attributes: catalogue.attributes, categories: catalogue.categories, departments: catalogue.departments, codeLists };
    const version = createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 16);
    doc = { version, ...body };
    documents.set(catalogue, doc);
  }
  return doc;
}
