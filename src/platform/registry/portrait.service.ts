import { AppError } from '../../kernel/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { dataScopeOf } from '../identity/scope.ts';
import type { Catalogue, CatalogueService } from './catalogue.service.ts';
import type { AttributeSpec } from './catalogue.types.ts';
import type { EnterpriseRepository } from './enterprise.repository.ts';
import type { EnterpriseRecord } from './enterprise.types.ts';
import { resolveAttributes, type AttributeState } from './mirror-read.ts';
import { endOfDay } from './period.ts';
import { attributeView, shapePortrait, type AttributeView, type Portrait } from './portrait-shape.ts';
import type { Access, SharingService } from './sharing.service.ts';
import type { ValuesRepository } from './values.repository.ts';

export type { AttributeView, Portrait, PortraitTag, QualityWarning } from './portrait-shape.ts';

/** The enterprise portrait and explicit attribute reads: scoped, shared under agreements, audited. */
export function createPortraitService(deps: { enterprises: EnterpriseRepository; values: ValuesRepository; catalogue: CatalogueService; sharing: SharingService; audit: AuditService }) {
  async function load(actor: Actor, uscc: string, asOfDay: string): Promise<{ enterprise: EnterpriseRecord; catalogue: Catalogue; states: Map<string, AttributeState> }> {
    // The three reads side by side (PostgreSQL answers them on pooled connections at once); the
    // records of an enterprise outside the scope are read but never shown.
    const [enterprise, catalogue, records] = await Promise.all([deps.enterprises.get(dataScopeOf(actor), uscc), deps.catalogue.load(), deps.values.recordsOf(uscc, endOfDay(asOfDay))]);
    if (!enterprise) throw new AppError('not_found', `No enterprise ${uscc} in your scope`);
    return { enterprise, catalogue, states: resolveAttributes(catalogue, records, asOfDay, enterprise) };
  }

  async function audit(actor: Actor, action: string, uscc: string, purpose: string | null, seen: { spec: AttributeSpec; access: Access; source: string }[], extra: Record<string, unknown> = {}) {
    const dept = actor.org.code;
    const cross = seen.filter((s) => s.access.kind !== 'withheld' && s.spec.dataClass !== 'public' && s.access.reason !== 'own department’s data');
    const personal = seen.some((s) => s.access.kind === 'clear' && s.spec.dataClass === 'personal');
    const agreements = [...new Set(seen.map((s) => (s.access.kind !== 'withheld' ? s.access.agreementId : null)).filter(Boolean))];
    await deps.audit.record({ actor, action, target: uscc, purpose, personal, details: { reader: dept, attributes: groupBySource(cross), agreements, ...extra } });
  }

  return {
    /** The portrait of one enterprise as of a day (default today), as this reader may see it. */
    async portrait(actor: Actor, uscc: string, opts: { asOf: string; purpose: string | null }): Promise<Portrait> {
      const { enterprise, catalogue, states } = await load(actor, uscc, opts.asOf);
      const decide = await deps.sharing.decider(actor, opts.purpose, { ownRecord: actor.enterpriseUscc === uscc });
      const { portrait, seen } = shapePortrait(catalogue, enterprise, states, decide, opts.asOf);
      await audit(actor, 'registry.portrait.read', uscc, opts.purpose, seen, { asOf: opts.asOf });
      return portrait;
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
      return seen.map((s) => attributeView(states.get(s.spec.key), s.spec, s.access, catalogue));
    },
  };
}

/**
 * What was read across departments, for the audit: the attribute keys under `source:access`
 * (e.g. `{ "stats:clear": ["revenue", "employees"], "amr:masked": ["legal_rep_phone"] }`) — each
 * attribute named once, without repeating its source and access (a portrait row stays near 600 bytes).
 */
export function groupBySource(seen: { spec: AttributeSpec; access: Access; source: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of seen) (out[`${s.source}:${s.access.kind}`] ??= []).push(s.spec.key);
  return out;
}

/** The portrait service's interface. */
export type PortraitService = ReturnType<typeof createPortraitService>;
