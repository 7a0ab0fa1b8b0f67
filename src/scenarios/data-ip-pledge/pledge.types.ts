/** The legal bases a consent record may name (PIPL art. 13). */
export const CONSENT_BASES = ['consent', 'contract', 'legal_duty', 'public_interest', 'anonymised'] as const;
/** One of `CONSENT_BASES`. */
export type ConsentBasis = (typeof CONSENT_BASES)[number];

/** The informed-consent record of one data subject class. */
export interface ConsentRecord {
  subjectClass: string;
  basis: ConsentBasis;
  scope: string;
  /** YYYY-MM-DD. */
  date: string;
}

/** Column types a data asset's schema declares. */
export const COLUMN_TYPES = ['string', 'integer', 'number', 'date', 'boolean'] as const;
/** One of `COLUMN_TYPES`. */
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** One declared column. */
export interface SchemaColumn {
  name: string;
  type: ColumnType;
  required: boolean;
}

/** Sample rows the company uploads for the rules (never stored). */
export interface DataSample {
  columns: string[];
  rows: string[][];
}

/** Fingerprint algorithms. */
export const HASH_ALGS = ['sha256', 'sm3'] as const;
/** One of `HASH_ALGS`. */
export type HashAlg = (typeof HASH_ALGS)[number];

/** Kinds of personal data the scan finds. */
export type SensitiveKind = 'id_number' | 'mobile' | 'bank_card' | 'name_with_address';

/** One personal datum found in the sample: the row (1-based data row), column and a masked excerpt. */
export interface SensitiveFinding {
  row: number;
  column: string;
  kind: SensitiveKind;
  excerpt: string;
}

/** The quality figures of a sample. */
export interface QualityReport {
  rows: number;
  columns: number;
  /** Share of required cells that are filled, 0–1. */
  completeness: number;
  duplicateRows: number;
  duplicateRate: number;
  /** Share of filled cells whose value matches the declared type, 0–1. */
  schemaConformity: number;
  missingColumns: string[];
  extraColumns: string[];
  perColumn: { name: string; filled: number; conforming: number }[];
  passed: boolean;
  failures: string[];
}

/** Status of an asset version. */
export type AssetStatus = 'registered' | 'pledged' | 'superseded';

/** What is logged: the kinds of pledge events. */
export type PledgeEventKind = 'registration' | 'custody' | 'grant' | 'revoke' | 'valuation' | 'pledge' | 'loan' | 'release' | 'retrieval';
