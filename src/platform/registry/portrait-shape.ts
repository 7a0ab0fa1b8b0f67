import { getDivision } from '../../kernel/divisions.ts';
import { getIndustryDivision, getIndustrySection } from '../../kernel/industry.ts';
import { maskPersonal } from '../../kernel/masking.ts';
import { classifySize } from '../../kernel/size-class.ts';
import { catalogueDocument } from './catalogue-document.ts';
import type { Catalogue } from './catalogue.service.ts';
import type { AttributeSpec, CodeEntry, Label } from './catalogue.types.ts';
import type { EnterpriseRecord, SizeClass } from './enterprise.types.ts';
import type { StoredValue } from './intake/validate-row.ts';
import type { AttributeState } from './mirror-read.ts';
import { dayNumber } from './period.ts';
import type { Access } from './sharing.service.ts';

/** One attribute as a reader sees it, with its lineage. */
export interface AttributeView extends Label {
  key: string;
  type: AttributeSpec['type'];
  unit: Label | null;
  dataClass: AttributeSpec['dataClass'];
  /** The value (masked text, or null when masked or withheld). */
  value: StoredValue | null;
  /** Labels of enum and set codes. */
  labels: CodeEntry[] | null;
  access: Access['kind'];
  period: string | null;
  effective: string | null;
  source: string | null;
  sourceName: string | null;
  interface: string | null;
  arrivedAt: string | null;
}

/**
 * One attribute of a portrait: the value with its lineage, the catalogue's part (names, type, unit,
 * data class, code labels, the source department's name) left to the catalogue the portrait names
 * (`GET /api/registry/catalogue`), joined by `key` — it would otherwise repeat in every answer.
 */
export interface PortraitAttribute {
  key: string;
  /** The value (masked text, or null when masked or withheld); enum and set values are codes of the attribute's code list. */
  value: StoredValue | null;
  access: Access['kind'];
  period: string | null;
  effective: string | null;
  /** Where the value came from: an index into the portrait's `lineage` list; null when withheld. */
  lineage: number | null;
}

/** Where values came from: the source department, its interface, when the batch arrived (null for the register's own columns). */
export interface Lineage {
  source: string;
  interface: string;
  arrivedAt: string | null;
}

/** A data-quality warning. */
export interface QualityWarning {
  kind: 'stale' | 'conflict';
  attribute: string;
  message: string;
}

/** A tag of a portrait. */
export interface PortraitTag extends Label {
  key: string;
}

/** The enterprise portrait (企业画像). */
export interface Portrait {
  uscc: string;
  asOf: string;
  /** The version of the catalogue its attributes, categories and series refer to by key. */
  catalogue: string;
  identity: { name: string; districtCode: string; districtName: string; townCode: string; townName: string; industryCode: string; industryName: string; sectionName: string; registeredAt: string; status: string };
  sizeClass: { value: SizeClass; employees: number | null; revenueFen: number | null; assetsFen: number | null; rule: string };
  tags: PortraitTag[];
  categories: { key: string; attributes: PortraitAttribute[] }[];
  /** The lineages the attributes name by index: a batch's values share one (a few entries instead of one triple per attribute). */
  lineage: Lineage[];
  series: { key: string; points: { period: string; value: number; source: string }[] }[];
  warnings: QualityWarning[];
  withheld: number;
}

/** What a reader saw of one attribute (for the audit record). */
export interface Seen {
  spec: AttributeSpec;
  access: Access;
  source: string;
}

const SIZE_LABELS: Record<SizeClass, Label> = {
  large: { zh: '大型企业', en: 'Large enterprise' },
  medium: { zh: '中型企业', en: 'Medium enterprise' },
  small: { zh: '小型企业', en: 'Small enterprise' },
  micro: { zh: '微型企业', en: 'Micro enterprise' },
};

const FLAGS: [key: string, zh: string, en: string][] = [
  ['high_tech', '高新技术企业', 'High-tech enterprise'],
  ['tech_sme', '科技型中小企业', 'Tech-based SME'],
  ['gazelle', '瞪羚企业', 'Gazelle enterprise'],
  ['above_scale', '规上企业', 'Above-scale'],
  ['listed', '上市企业', 'Listed'],
  ['abnormal_list', '经营异常', 'Abnormal operation'],
  ['dishonest_list', '失信被执行人', 'Dishonest debtor'],
];

// How old the latest period may be before a value counts as stale (days after the period's end).
const STALE_AFTER_DAYS = { year: 548, quarter: 200, month: 75 } as const;
const NUMERIC = new Set<AttributeSpec['type']>(['number', 'money', 'integer']);

/** The value a reader sees: masked personal text, null when masked or withheld. */
function seenValue(o: AttributeState['current'] | undefined, spec: AttributeSpec, access: Access | undefined): StoredValue | null {
  if (o === undefined || access === undefined || access.kind === 'withheld') return null;
  if (access.kind === 'masked') return spec.personalKind && typeof o.value === 'string' ? maskPersonal(o.value, spec.personalKind, { clear: false }) : null;
  return o.value;
}

/** One attribute as seen through an access decision, with the catalogue's names (explicit reads; one object shape for every attribute). */
export function attributeView(state: AttributeState | undefined, spec: AttributeSpec, access: Access | undefined, catalogue: Catalogue): AttributeView {
  const o = state?.current;
  const shown = o !== undefined && access !== undefined && access.kind !== 'withheld';
  const value = seenValue(o, spec, access);
  let labels: CodeEntry[] | null = null;
  const index = value === null ? undefined : catalogue.codeIndex.get(spec.key);
  if (index && value !== null) {
    labels = [];
    for (const c of Array.isArray(value) ? value : [String(value)]) labels.push(index.get(c) ?? { code: c, zh: c, en: c });
  }
  return {
    key: spec.key,
    zh: spec.zh,
    en: spec.en,
    type: spec.type,
    unit: spec.unit ?? null,
    dataClass: spec.dataClass,
    value,
    labels,
    access: access?.kind ?? 'clear',
    period: o?.period ?? null,
    effective: shown ? o.effective : null,
    source: shown ? o.source : null,
    sourceName: shown ? (catalogue.department(o.source)?.zh ?? o.source) : null,
    interface: shown ? o.interface : null,
    arrivedAt: shown ? o.arrivedAt : null,
  };
}

/** Numbers the distinct lineages of a portrait in the order they are first seen. */
function lineageList(): { list: Lineage[]; indexOf(o: AttributeState['current']): number } {
  const list: Lineage[] = [];
  const index = new Map<string, number>();
  return {
    list,
    indexOf(o) {
      const key = `${o.source}\u0000${o.interface}\u0000${o.arrivedAt ?? ''}`;
      let i = index.get(key);
      if (i === undefined) {
        i = list.push({ source: o.source, interface: o.interface, arrivedAt: o.arrivedAt }) - 1;
        index.set(key, i);
      }
      return i;
    },
  };
}

/** One attribute of a portrait: the value and its lineage's index as the access decision allows (one object shape for every attribute). */
function portraitAttribute(state: AttributeState, access: Access, lineage: ReturnType<typeof lineageList>): PortraitAttribute {
  const o = state.current;
  const shown = access.kind !== 'withheld';
  return {
    key: state.spec.key,
    value: seenValue(o, state.spec, access),
    access: access.kind,
    period: o.period,
    effective: shown ? o.effective : null,
    lineage: shown ? lineage.indexOf(o) : null,
  };
}

function dayText(dayNo: number): string {
  return new Date(dayNo * 86_400_000).toISOString().slice(0, 10);
}

function num(state: AttributeState | undefined): number | null {
  return typeof state?.current.value === 'number' ? state.current.value : null;
}

/**
 * Shapes the portrait of one enterprise from its resolved attributes and the reader's access
 * decisions (synchronous: the reads are done). Returns it with what was seen, for the audit.
 */
export function shapePortrait(
  catalogue: Catalogue,
  enterprise: EnterpriseRecord,
  states: Map<string, AttributeState>,
  decide: (spec: AttributeSpec, source: string) => Access,
  asOf: string,
): { portrait: Portrait; seen: Seen[] } {
  const seen: Seen[] = [];
  const views = new Map<string, PortraitAttribute>();
  const byCategory = new Map<string, PortraitAttribute[]>();
  const lineage = lineageList();
  for (const spec of catalogue.attributes) {
    const state = states.get(spec.key);
    if (!state) continue;
    const access = decide(spec, state.current.source);
    seen.push({ spec, access, source: state.current.source });
    const v = portraitAttribute(state, access, lineage);
    views.set(spec.key, v);
    const list = byCategory.get(spec.category);
    if (list) list.push(v);
    else byCategory.set(spec.category, [v]);
  }
  const visible = (key: string) => views.get(key)?.access === 'clear';
  const industry = getIndustryDivision(enterprise.industryCode);
  const employees = num(states.get('employees'));
  const revenueFen = num(states.get('revenue'));
  const assetsFen = num(states.get('total_assets')) ?? enterprise.registeredCapitalFen;
  const sizeClass = classifySize(enterprise.industryCode, { employees: employees ?? 0, revenueFen: revenueFen ?? 0, assetsFen });
  const tags: PortraitTag[] = [{ key: `size.${sizeClass}`, ...SIZE_LABELS[sizeClass] }];
  for (const [key, zh, en] of FLAGS) if (visible(key) && states.get(key)?.current.value === true) tags.push({ key, zh, en });
  const srdi = views.get('srdi_level');
  const srdiLevel = srdi?.access === 'clear' && typeof srdi.value === 'string' ? catalogue.codeIndex.get('srdi_level')?.get(srdi.value) : undefined;
  if (srdiLevel) tags.push({ key: `srdi.${srdiLevel.code}`, zh: srdiLevel.zh, en: srdiLevel.en });
  if ((enterprise.patentsInvention ?? 0) > 0 || (num(states.get('patents_invention')) ?? 0) > 0) tags.push({ key: 'patent_holder', zh: '有效发明专利', en: 'Holds invention patents' });

  const warnings: QualityWarning[] = [];
  const series: Portrait['series'] = [];
  // A figure is stale when its period ended more than N days before the as-of day, i.e. before
  // the day N days earlier (ISO days compare as text): one date per frequency, not one per attribute.
  const asOfDay = dayNumber(asOf);
  const staleBefore = { year: dayText(asOfDay - STALE_AFTER_DAYS.year), quarter: dayText(asOfDay - STALE_AFTER_DAYS.quarter), month: dayText(asOfDay - STALE_AFTER_DAYS.month) };
  const sourceName = (code: string) => catalogue.department(code)?.zh ?? code;
  for (const [key, state] of states) {
    const v = views.get(key);
    if (!v || v.access === 'withheld') continue;
    const spec = state.spec;
    const freq = spec.frequency;
    if (freq !== 'point' && state.current.arrivedAt !== null && state.current.effective < staleBefore[freq]) {
      warnings.push({ kind: 'stale', attribute: key, message: `${spec.zh}: latest period ${state.current.period} is more than ${STALE_AFTER_DAYS[freq]} days old` });
    }
    if (state.conflicts.length > 0) {
      warnings.push({ kind: 'conflict', attribute: key, message: `${spec.zh}: sources disagree (${state.conflicts.map((o) => sourceName(o.source)).join(', ')})` });
    } else if (freq === 'point' && spec.spineColumn && state.current.arrivedAt !== null) {
      const registered = enterprise[spec.spineColumn];
      if (registered !== undefined && registered !== state.current.value) warnings.push({ kind: 'conflict', attribute: key, message: `${spec.zh}: ${sourceName(state.current.source)} differs from the register` });
    }
    if (freq === 'point' || !NUMERIC.has(spec.type) || v.access !== 'clear') continue;
    const points: { period: string; value: number; source: string }[] = [];
    for (const o of state.series) if (o.period !== null && typeof o.value === 'number') points.push({ period: o.period, value: o.value, source: o.source });
    if (points.length > 0) series.push({ key, points });
  }

  const categories: Portrait['categories'] = [];
  for (const c of catalogue.categories) {
    const attributes = byCategory.get(c.key);
    if (attributes) categories.push({ key: c.key, attributes });
  }
  let withheld = 0;
  for (const s of seen) if (s.access.kind === 'withheld') withheld++;
  const portrait: Portrait = {
    uscc: enterprise.uscc,
    asOf,
    catalogue: catalogueDocument(catalogue).version,
    identity: {
      name: enterprise.name,
      districtCode: enterprise.districtCode,
      districtName: getDivision(enterprise.districtCode)?.name ?? enterprise.districtCode,
      townCode: enterprise.townCode,
      townName: getDivision(enterprise.townCode)?.name ?? enterprise.townCode,
      industryCode: enterprise.industryCode,
      industryName: industry?.name ?? enterprise.industryCode,
      sectionName: getIndustrySection(enterprise.industryCode[0])?.name ?? '',
      registeredAt: enterprise.registeredAt,
      status: String(states.get('status')?.current.value ?? enterprise.status),
    },
    sizeClass: { value: sizeClass, employees, revenueFen, assetsFen, rule: '中小企业划型标准规定（工信部联企业〔2011〕300号）' },
    tags,
    categories,
    lineage: lineage.list,
    series,
    warnings,
    withheld,
  };
  return { portrait, seen };
}
