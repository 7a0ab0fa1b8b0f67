import type { DecidingLevel, LicenceItem, LicenceKind, LicenceMode } from './licence.types.ts';

/** The identity facts every application carries; the mirror holds them all once the company exists. */
export const BASE_FACTS = ['name', 'legal_form', 'address', 'legal_rep_name', 'legal_rep_id_number', 'legal_rep_phone'] as const;

/** Optional parts of an item: level (default district), prerequisites (default: the business licence), pre-registration. */
export interface ItemOptions {
  level?: DecidingLevel;
  requires?: string[];
  beforeRegistration?: boolean;
}

/** Builds a catalogue item: the base facts are added, and the business licence is its prerequisite unless told otherwise. */
export function item(
  code: string, name: string, nameEn: string, department: string, kind: LicenceKind, mode: LicenceMode, timeLimitDays: number,
  basis: [law: string, article: string], facts: string[], documents: string[], options: ItemOptions = {},
): LicenceItem {
  const requires = options.requires ?? (options.beforeRegistration || code === 'business_licence' ? [] : ['business_licence']);
  return {
    code, name, nameEn, department, level: options.level ?? 'district', kind, mode,
    basis: { law: basis[0], article: basis[1] }, timeLimitDays,
    facts: [...new Set([...BASE_FACTS, ...facts])], documents, requires,
    ...(options.beforeRegistration ? { beforeRegistration: true } : {}), active: true,
  };
}
