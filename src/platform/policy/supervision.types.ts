/** What a supervision warning is about (issue 5, stage 5). */
export const WARNING_KINDS = ['overlap_cap', 'credit_list', 'attribute_change', 'shared_account', 'official_outlier'] as const;
/** One of `WARNING_KINDS`. */
export type WarningKind = (typeof WARNING_KINDS)[number];

/** Where a warning stands: open → investigating → resolved or dismissed. */
export const WARNING_STATUSES = ['open', 'investigating', 'resolved', 'dismissed'] as const;
/** One of `WARNING_STATUSES`. */
export type WarningStatus = (typeof WARNING_STATUSES)[number];

/** Statuses in which a warning still holds its claim's payment (when it holds one). */
export const ACTIVE_STATUSES: readonly WarningStatus[] = ['open', 'investigating'];

/** Which claim event raised a warning. */
export type WarningTrigger = 'created' | 'approved' | 'account' | 'recheck';

/** A finding of a detector, before it is stored. */
export interface Finding {
  kind: WarningKind;
  /** Distinguishes findings of one kind on one claim (e.g. the cap group); with kind and claim, the dedupe key. */
  subject: string;
  /** Set when one warning covers several claims (a company's cap group): the dedupe key instead of kind, claim and subject. */
  dedupeKey?: string;
  reason: { zh: string; en: string };
  evidence: Record<string, unknown>;
}

/** A stored warning with its resolution trail. */
export interface Warning {
  id: string;
  kind: WarningKind;
  claimId: string;
  unitId: string;
  uscc: string;
  districtCode: string;
  townCode: string;
  reason: { zh: string; en: string };
  evidence: Record<string, unknown>;
  status: WarningStatus;
  /** Whether the claim's payment waits while the warning is open or investigated. */
  holdsPayment: boolean;
  trigger: WarningTrigger;
  createdAt: string;
  updatedAt: string;
  trail?: WarningEvent[];
}

/** One step of a warning's resolution trail: who, when, what, and why. */
export interface WarningEvent {
  id: string;
  from: WarningStatus | null;
  to: WarningStatus;
  holdsPayment: boolean;
  actorId: string | null;
  actorName: string | null;
  note: string | null;
  at: string;
}

/** A combined cap: a company's claims on the units of a group (by category or id) must not exceed it. */
export interface SupervisionCap {
  id: string;
  title: string;
  categories: string[];
  unitIds: string[];
  capFen: number;
  updatedBy: string;
  updatedAt: string;
}

/** Thresholds the detectors read (data, set by administrators). */
export interface SupervisionSettings {
  /** (c) a value that arrived within this many days before the claim counts as "just before". */
  changeWindowDays: number;
  /** (d) an account used by at least this many companies is shared. */
  sharedAccountMin: number;
  /** (e) the unit's other claims needed before an amount can be called an outlier. */
  outlierMinSample: number;
  /** (e) modified z-score (median and MAD) above which an amount is an outlier. */
  outlierZ: number;
  /** Which kinds hold the claim's payment when raised. */
  holds: Record<WarningKind, boolean>;
}

/** The defaults: 30 days, 2 companies, 10 claims, z 3.5 (Iglewicz and Hoaglin's cut-off). */
export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = {
  changeWindowDays: 30,
  sharedAccountMin: 2,
  outlierMinSample: 10,
  outlierZ: 3.5,
  holds: { overlap_cap: true, credit_list: true, attribute_change: false, shared_account: true, official_outlier: true },
};
