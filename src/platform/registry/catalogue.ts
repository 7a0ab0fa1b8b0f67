import { allDivisions } from '../../kernel/divisions.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { industryDivisions, industrySections } from '../../kernel/industry.ts';
import type { AttributeDef, AttributeSchema } from '../../engines/rules/types.ts';
import { ATTRIBUTE_TYPES, DATA_CLASSES, FREQUENCIES, NAMED_CODE_LISTS, type AttributeSpec, type CodeEntry, type NamedCodeList } from './catalogue.types.ts';

const namedLists = new Map<NamedCodeList, CodeEntry[]>();

/** The members of a kernel code list: GB/T 4754-2017 divisions (`C39`) or sections, or GB/T 2260 county-level divisions. */
export function namedCodeList(name: NamedCodeList): CodeEntry[] {
  let list = namedLists.get(name);
  if (!list) {
    if (name === 'gbt4754-division') list = industryDivisions().map((d) => ({ code: d.code, zh: d.name, en: d.nameEn }));
    else if (name === 'gbt4754-section') list = industrySections().map((s) => ({ code: s.letter, zh: s.name, en: s.nameEn }));
    else list = allDivisions().filter((d) => d.level === 'county').map((d) => ({ code: d.code, zh: d.name, en: d.nameEn ?? d.name }));
    namedLists.set(name, list);
  }
  return list;
}

/** The code list of an enum or set attribute (empty for other types). */
export function codesOf(spec: AttributeSpec): CodeEntry[] {
  if (spec.codeList) return namedCodeList(spec.codeList);
  return spec.codes ?? [];
}

/** Periods a snapshot keeps of an attribute: its own setting, else 3 for periodic and 1 for point attributes. */
export function snapshotPeriodsOf(spec: AttributeSpec): number {
  return spec.periods ?? (spec.frequency === 'point' ? 1 : 3);
}

/** Every problem with an attribute specification, each naming the field and the rule. */
export function checkAttributeSpec(spec: AttributeSpec, known: { categories: ReadonlySet<string>; departments: ReadonlySet<string> }): FieldError[] {
  const errors: FieldError[] = [];
  const bad = (field: string, rule: string, message: string) => errors.push({ field, rule, message });
  if (!/^[a-z][a-z0-9_]{1,62}$/.test(spec.key)) bad('key', 'pattern', 'key must be lower-case letters, digits and _ (2–63), starting with a letter');
  if (spec.key === 'uscc' || spec.key === 'period') bad('key', 'reserved', `key ${spec.key} is reserved for the row's identity`);
  if (!spec.zh?.trim()) bad('zh', 'required', 'Chinese name is required');
  if (!spec.en?.trim()) bad('en', 'required', 'English name is required');
  if (!ATTRIBUTE_TYPES.includes(spec.type)) bad('type', 'enum', `type must be one of ${ATTRIBUTE_TYPES.join(', ')}`);
  if (!DATA_CLASSES.includes(spec.dataClass)) bad('dataClass', 'enum', `dataClass must be one of ${DATA_CLASSES.join(', ')}`);
  if (!FREQUENCIES.includes(spec.frequency)) bad('frequency', 'enum', `frequency must be one of ${FREQUENCIES.join(', ')}`);
  if (!known.categories.has(spec.category)) bad('category', 'known', `unknown category ${spec.category}`);
  if (!known.departments.has(spec.department)) bad('department', 'known', `unknown department ${spec.department}`);
  if (spec.codeList && !NAMED_CODE_LISTS.includes(spec.codeList)) bad('codeList', 'enum', `codeList must be one of ${NAMED_CODE_LISTS.join(', ')}`);
  if (spec.type === 'enum' || spec.type === 'set') {
    const list = spec.codeList ? [] : (spec.codes ?? []);
    if (!spec.codeList && list.length === 0) bad('codes', 'required', `an ${spec.type} attribute needs codes or a codeList`);
    if (new Set(list.map((c) => c.code)).size !== list.length) bad('codes', 'unique', 'codes must be unique');
    // The rules engine keeps a set as a 32-bit mask per subject.
    if (spec.type === 'set' && (spec.codeList || list.length > 32)) bad('codes', 'maxItems', 'a set attribute holds at most 32 inline codes');
  } else if (spec.codes || spec.codeList) bad('codes', 'type', 'only enum and set attributes have codes');
  if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) bad('min', 'range', 'min must not exceed max');
  if (spec.periods !== undefined && (!Number.isInteger(spec.periods) || spec.periods < 1 || spec.periods > 12)) bad('periods', 'range', 'periods must be an integer from 1 to 12');
  if (spec.dataClass === 'personal' && spec.type !== 'text') bad('dataClass', 'personalText', 'personal attributes must be text (they are masked as text)');
  return errors;
}

/**
 * The rules engine's view of attributes: personal data never enters the population snapshot, and
 * free text does not either (it has no place in eligibility conditions and would bloat dictionaries).
 */
export function toEngineSchema(specs: readonly AttributeSpec[]): AttributeSchema {
  return specs.filter(isSnapshotAttribute).map((s): AttributeDef => {
    const def: AttributeDef = { key: s.key, type: s.type, zh: s.zh, en: s.en };
    const periods = snapshotPeriodsOf(s);
    if (periods > 1) def.periods = periods;
    if (s.unit) def.unit = s.unit;
    if (s.type === 'enum' || s.type === 'set') {
      const list = codesOf(s);
      def.values = list.map((c) => c.code);
      def.labels = Object.fromEntries(list.map((c) => [c.code, { zh: c.zh, en: c.en }]));
    }
    return def;
  });
}

/** Whether an attribute is kept in the columnar snapshot (not personal, not free text). */
export function isSnapshotAttribute(spec: AttributeSpec): boolean {
  return spec.dataClass !== 'personal' && spec.type !== 'text';
}
