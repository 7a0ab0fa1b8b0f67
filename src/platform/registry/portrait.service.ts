import { getDivision } from '../../kernel/divisions.ts';
import { AppError } from '../../kernel/errors.ts';
import { getIndustryDivision, getIndustrySection } from '../../kernel/industry.ts';
import { maskPersonal } from '../../kernel/masking.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { classifySize } from '../../kernel/size-class.ts';
import type { Actor } from '../identity/identity.types.ts';
import { dataScopeOf } from '../identity/scope.ts';
import type { Catalogue, CatalogueService } from './catalogue.service.ts';
import type { AttributeSpec, CodeEntry, Label } from './catalogue.types.ts';
import type { EnterpriseRepository } from './enterprise.repository.ts';
import type { EnterpriseRecord, SizeClass } from './enterprise.types.ts';
import type { StoredValue } from './intake/validate-row.ts';
import { resolveAttributes, type AttributeState, type Observation } from './mirror-read.ts';
import { dayNumber, endOfDay } from './period.ts';
import type { Access, SharingService } from './sharing.service.ts';
import type { ValuesRepository } from './values.repository.ts';

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
  identity: { name: string; districtCode: string; districtName: string; townCode: string; townName: string; industryCode: string; industryName: string; sectionName: string; registeredAt: string; status: string };
  sizeClass: { value: SizeClass; employees: number | null; revenueFen: number | null; assetsFen: number | null; rule: string };
  tags: PortraitTag[];
  categories: (Label & { key: string; attributes: AttributeView[] })[];
  series: (Label & { key: string; type: AttributeSpec['type']; unit: Label | null; points: { period: string; value: number; source: string }[] })[];
  warnings: QualityWarning[];
  withheld: number;
}

const SIZE_LABELS: Record<SizeClass, Label> = {
  large: { zh: '大型企业', en: 'Large enterprise' },
  medium: { zh: '中型企业', en: 'Medium enterprise' },
  small: { zh: '小型企业', en: 'Small enterprise' },
  micro: { zh: '微型企业', en: 'Micro enterprise' },
};

// How old the latest period may be before a value counts as stale (days after the period's end).
const STALE_AFTER_DAYS = { year: 548, quarter: 200, month: 75 } as const;

function view(state: AttributeState | undefined, spec: AttributeSpec, access: Access | undefined, catalogue: Catalogue): AttributeView {
  const o = state?.current;
  const base = { key: spec.key, zh: spec.zh, en: spec.en, type: spec.type, unit: spec.unit ?? null, dataClass: spec.dataClass };
  if (!o || !access || access.kind === 'withheld') {
    return { ...base, value: null, labels: null, access: access?.kind ?? 'clear', period: o?.period ?? null, effective: null, source: null, sourceName: null, interface: null, arrivedAt: null };
  }
  let value: StoredValue | null = o.value;
  if (access.kind === 'masked') value = spec.personalKind && typeof o.value === 'string' ? maskPersonal(o.value, spec.personalKind, { clear: false }) : null;
  const index = catalogue.codeIndex.get(spec.key);
  const codes = value === null || !index ? null : (Array.isArray(value) ? value : [String(value)]).map((c) => index.get(c) ?? { code: c, zh: c, en: c });
  return { ...base, value, labels: codes, access: access.kind, period: o.period, effective: o.effective, source: o.source, sourceName: catalogue.department(o.source)?.zh ?? o.source, interface: o.interface, arrivedAt: o.arrivedAt };
}

function num(state: AttributeState | undefined): number | null {
  return typeof state?.current.value === 'number' ? state.current.value : null;
}

/** The enterprise portrait and explicit attribute reads: scoped, shared under agreements, audited. */
export function createPortraitService(deps: { enterprises: EnterpriseRepository; values: ValuesRepository; catalogue: CatalogueService; sharing: SharingService; audit: AuditService }) {
  async function load(actor: Actor, uscc: string, asOfDay: string): Promise<{ enterprise: EnterpriseRecord; catalogue: Catalogue; states: Map<string, AttributeState> }> {
    const enterprise = await deps.enterprises.get(dataScopeOf(actor), uscc);
    if (!enterprise) throw new AppError('not_found', `No enterprise ${uscc} in your scope`);
    const catalogue = await deps.catalogue.load();
    const records = await deps.values.recordsOf(uscc, endOfDay(asOfDay));
    return { enterprise, catalogue, states: resolveAttributes(catalogue, records, asOfDay, enterprise) };
  }

  async function audit(actor: Actor, action: string, uscc: string, purpose: string | null, seen: { spec: AttributeSpec; access: Access; source: string }[], extra: Record<string, unknown> = {}) {
    const dept = actor.org.code;
    const cross = seen.filter((s) => s.access.kind !== 'withheld' && s.spec.dataClass !== 'public' && s.access.reason !== 'own department’s data');
    const personal = seen.some((s) => s.access.kind === 'clear' && s.spec.dataClass === 'personal');
    const agreements = [...new Set(seen.map((s) => (s.access.kind !== 'withheld' ? s.access.agreementId : null)).filter(Boolean))];
    await deps.audit.record({ actor, action, target: uscc, purpose, personal, details: { reader: dept, attributes: cross.map((s) => `${s.spec.key}@${s.source}:${s.access.kind}`), agreements, ...extra } });
  }

  return {
    /** The portrait of one enterprise as of a day (default today), as this reader may see it. */
    async portrait(actor: Actor, uscc: string, opts: { asOf: string; purpose: string | null }): Promise<Portrait> {
      const { enterprise, catalogue, states } = await load(actor, uscc, opts.asOf);
      const decide = await deps.sharing.decider(actor, opts.purpose, { ownRecord: actor.enterpriseUscc === uscc });
      const seen: { spec: AttributeSpec; access: Access; source: string }[] = [];
      const views = new Map<string, AttributeView>();
      for (const spec of catalogue.attributes) {
        const state = states.get(spec.key);
        if (!state) continue;
        const access = decide(spec, state.current.source);
        seen.push({ spec, access, source: state.current.source });
        views.set(spec.key, view(state, spec, access, catalogue));
      }
      const visible = (key: string) => views.get(key)?.access === 'clear';
      const industry = getIndustryDivision(enterprise.industryCode);
      const employees = num(states.get('employees'));
      const revenueFen = num(states.get('revenue'));
      const assetsFen = num(states.get('total_assets')) ?? enterprise.registeredCapitalFen;
      const sizeClass = classifySize(enterprise.industryCode, { employees: employees ?? 0, revenueFen: revenueFen ?? 0, assetsFen });
      const tags: PortraitTag[] = [{ key: `size.${sizeClass}`, ...SIZE_LABELS[sizeClass] }];
      const flag = (key: string, zh: string, en: string) => {
        if (visible(key) && states.get(key)?.current.value === true) tags.push({ key, zh, en });
      };
      flag('high_tech', '高新技术企业', 'High-tech enterprise');
      flag('tech_sme', '科技型中小企业', 'Tech-based SME');
      flag('gazelle', '瞪羚企业', 'Gazelle enterprise');
      flag('above_scale', '规上企业', 'Above-scale');
      flag('listed', '上市企业', 'Listed');
      flag('abnormal_list', '经营异常', 'Abnormal operation');
      flag('dishonest_list', '失信被执行人', 'Dishonest debtor');
      const srdi = views.get('srdi_level');
      if (srdi?.access === 'clear' && srdi.labels?.[0]) tags.push({ key: `srdi.${srdi.labels[0].code}`, zh: srdi.labels[0].zh, en: srdi.labels[0].en });
      if ((enterprise.patentsInvention ?? 0) > 0 || (num(states.get('patents_invention')) ?? 0) > 0) tags.push({ key: 'patent_holder', zh: '有效发明专利', en: 'Holds invention patents' });

      const warnings: QualityWarning[] = [];
      const asOfDay = dayNumber(opts.asOf);
      for (const [key, state] of states) {
        const v = views.get(key);
        if (!v || v.access === 'withheld') continue;
        const freq = state.spec.frequency;
        if (freq !== 'point' && state.current.arrivedAt !== null && asOfDay - dayNumber(state.current.effective) > STALE_AFTER_DAYS[freq]) {
          warnings.push({ kind: 'stale', attribute: key, message: `${state.spec.zh}: latest period ${state.current.period} is more than ${STALE_AFTER_DAYS[freq]} days old` });
        }
        if (state.conflicts.length > 0) {
          warnings.push({ kind: 'conflict', attribute: key, message: `${state.spec.zh}: sources disagree (${state.conflicts.map((o) => catalogue.department(o.source)?.zh ?? o.source).join(', ')})` });
        } else if (freq === 'point' && state.spec.spineColumn && state.current.arrivedAt !== null) {
          const registered = enterprise[state.spec.spineColumn];
          if (registered !== undefined && registered !== state.current.value) warnings.push({ kind: 'conflict', attribute: key, message: `${state.spec.zh}: ${catalogue.department(state.current.source)?.zh ?? state.current.source} differs from the register` });
        }
      }

      const series: Portrait['series'] = [];
      for (const [key, state] of states) {
        const spec = state.spec;
        if (spec.frequency === 'point' || !['number', 'money', 'integer'].includes(spec.type) || views.get(key)?.access !== 'clear') continue;
        const points = state.series.filter((o: Observation) => o.period !== null && typeof o.value === 'number').map((o) => ({ period: o.period!, value: o.value as number, source: o.source }));
        if (points.length > 0) series.push({ key, zh: spec.zh, en: spec.en, type: spec.type, unit: spec.unit ?? null, points });
      }

      await audit(actor, 'registry.portrait.read', uscc, opts.purpose, seen, { asOf: opts.asOf });
      return {
        uscc,
        asOf: opts.asOf,
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
        categories: catalogue.categories
          .map((c) => ({ key: c.key, zh: c.zh, en: c.en, attributes: catalogue.attributes.filter((a) => a.category === c.key && views.has(a.key)).map((a) => views.get(a.key)!) }))
          .filter((c) => c.attributes.length > 0),
        series,
        warnings,
        withheld: seen.filter((s) => s.access.kind === 'withheld').length,
      };
    },

    /**
     * An explicit read of named attributes for a purpose. If any of them is another department's
     * data that no agreement covers, the whole read is refused (403) and the refusal is audited.
     */
    async readValues(actor: Actor, uscc: string, opts: { keys: string[]; purpose: string | null; asOf: string }): Promise<AttributeView[]> {
      const { catalogue, states } = await load(actor, uscc, opts.asOf);
      const unknown = opts.keys.filter((k) => !catalogue.byKey.has(k));
      if (unknown.length > 0) throw new AppError('validation.failed', 'Unknown attributes', { errors: unknown.map((k) => ({ field: 'query.attributes', rule: 'known', message: `unknown attribute ${k}` })) });
      const decide = await deps.sharing.decider(actor, opts.purpose, { ownRecord: actor.enterpriseUscc === uscc });
      const seen: { spec: AttributeSpec; access: Access; source: string }[] = [];
      for (const key of opts.keys) {
        const spec = catalogue.byKey.get(key)!;
        const source = states.get(key)?.current.source ?? spec.department;
        seen.push({ spec, access: decide(spec, source), source });
      }
      const refused = seen.filter((s) => s.access.kind === 'withheld');
      if (refused.length > 0) {
        await deps.audit.record({ actor, action: 'registry.read.refused', target: uscc, purpose: opts.purpose, details: { reader: actor.org.code, attributes: refused.map((s) => s.spec.key), reasons: refused.map((s) => s.access.reason) } });
        throw new AppError('auth.forbidden', `No sharing agreement allows this read: ${refused.map((s) => s.spec.key).join(', ')}`, {
          errors: refused.map((s) => ({ field: `attributes.${s.spec.key}`, rule: 'sharing.agreement', message: s.access.reason })),
        });
      }
      await audit(actor, 'registry.values.read', uscc, opts.purpose, seen, { asOf: opts.asOf });
      return seen.map((s) => view(states.get(s.spec.key), s.spec, s.access, catalogue));
    },
  };
}

/** The portrait service's interface. */
export type PortraitService = ReturnType<typeof createPortraitService>;
