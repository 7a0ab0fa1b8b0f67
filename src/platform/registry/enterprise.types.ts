import type { SizeClass } from '../../kernel/size-class.ts';

export type { SizeClass };

/** Operating status of a market entity. */
export type EnterpriseStatus = 'active' | 'abnormal' | 'deregistered';

/**
 * The core record of one market entity, keyed by USCC (the enterprise mirror's spine;
 * the attribute catalogue of the mirror issue adds dated, sourced values beside it).
 */
export interface EnterpriseRecord {
  uscc: string;
  name: string;
  /** 6-digit GB/T 2260 county-level code (district, county, county-level city). */
  districtCode: string;
  /** 9-digit statistical code of the township or street. */
  townCode: string;
  /** GB/T 4754-2017 division: section letter + 2 digits, e.g. `C39`, `F51`, `I65`. */
  industryCode: string;
  /** Registration date, `YYYY-MM-DD`. */
  registeredAt: string;
  registeredCapitalFen: number;
  employees: number;
  /** Last year's operating revenue in fen. */
  revenueFen: number;
  patentsInvention: number;
  patentsUtility: number;
  patentsDesign: number;
  sizeClass: SizeClass;
  status: EnterpriseStatus;
  /** Legal representative: personal data, masked by role and audited on read. */
  legalRepName: string;
  legalRepIdNumber: string;
  legalRepPhone: string;
  address: string;
}
