/** How an item is decided: rules alone (自动审批), on the applicant's written commitment (告知承诺制), or reviewed by an officer. */
export type LicenceMode = 'automatic' | 'commitment' | 'review';

/** A licence (许可) is granted; a filing (备案) is recorded. */
export type LicenceKind = 'licence' | 'filing';

/** Every mode, in the order the UI lists them. */
export const LICENCE_MODES: readonly LicenceMode[] = ['automatic', 'commitment', 'review'];

/** Every kind. */
export const LICENCE_KINDS: readonly LicenceKind[] = ['licence', 'filing'];

/** The level of government whose department decides an item. */
export type DecidingLevel = 'district' | 'city' | 'province';

/** An approving department, by kind; the demo city's organisation code of a department ends in `-<code>`. */
export interface ApprovingDepartment {
  code: string;
  /** The department's Chinese name at city level, e.g. 市场监督管理局. */
  zh: string;
  en: string;
  /** The line of government it belongs to, e.g. 市场监管, 卫生健康. */
  kind: string;
}

/** The law or regulation an item rests on, with the article. */
export interface LegalBasis {
  law: string;
  article: string;
}

/** A fact an application states; `mirror` names the enterprise mirror's attribute that already holds it. */
export interface FactSpec {
  key: string;
  zh: string;
  en: string;
  /** Attribute key of the registry catalogue (src/platform/registry/catalogue.data.ts), when the mirror supplies it. */
  mirror?: string;
}

/** One item of the licence catalogue. */
export interface LicenceItem {
  /** Stable code, lower case: `food_business`. */
  code: string;
  name: string;
  nameEn: string;
  department: string;
  level: DecidingLevel;
  kind: LicenceKind;
  mode: LicenceMode;
  basis: LegalBasis;
  /** The legal time limit in working days (行政许可法第八十二条: 期限以工作日计算); 0 = decided at once (即办). */
  timeLimitDays: number;
  /** Fact keys the applicant states (see `FACTS`). */
  facts: string[];
  /** Documents the applicant uploads. */
  documents: string[];
  /** Codes of the items that must be held (or applied for together) first. */
  requires: string[];
  /** A pre-registration approval (前置审批): granted before the business licence. */
  beforeRegistration?: boolean;
  /** Whether the item may still be applied for (an administrator retires an item instead of deleting it). */
  active: boolean;
}
