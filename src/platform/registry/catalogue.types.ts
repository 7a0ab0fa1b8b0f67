import type { PersonalFieldKind } from '../../kernel/masking.ts';
import type { EnterpriseRecord } from './enterprise.types.ts';

/** A bilingual label. */
export interface Label {
  zh: string;
  en: string;
}

/** The value types of an attribute (the rules engine's types). Money is integer fen; dates `YYYY-MM-DD`. */
export const ATTRIBUTE_TYPES = ['number', 'money', 'integer', 'enum', 'set', 'date', 'boolean', 'text'] as const;
/** One of `ATTRIBUTE_TYPES`. */
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/**
 * The grading the Data Security Law (数据安全法 art. 21) and PIPL (个人信息保护法 art. 28) ask for:
 * public (公开), internal (内部), sensitive (敏感: commercial secrets, tax, finance), personal (个人信息).
 */
export const DATA_CLASSES = ['public', 'internal', 'sensitive', 'personal'] as const;
/** One of `DATA_CLASSES`. */
export type DataClass = (typeof DATA_CLASSES)[number];

/** How often a department sends the attribute: the period a value describes, or a point in time. */
export const FREQUENCIES = ['year', 'quarter', 'month', 'point'] as const;
/** One of `FREQUENCIES`. */
export type Frequency = (typeof FREQUENCIES)[number];

/** A member of an enum or set attribute's code list. */
export interface CodeEntry extends Label {
  code: string;
}

/** Code lists kept in the kernel, referenced by name instead of copied. */
export const NAMED_CODE_LISTS = ['gbt4754-division', 'gbt4754-section', 'gbt2260'] as const;
/** One of `NAMED_CODE_LISTS`. */
export type NamedCodeList = (typeof NAMED_CODE_LISTS)[number];

/**
 * One attribute of the enterprise mirror: a row of the catalogue, not a column, so adding one needs
 * no migration.
 * @example { key: 'employees', zh: '从业人数', en: 'Employees', type: 'integer', category: 'employment', dataClass: 'internal', department: 'stats', frequency: 'year', min: 0 }
 */
export interface AttributeSpec extends Label {
  key: string;
  type: AttributeType;
  unit?: Label;
  category: string;
  dataClass: DataClass;
  /** Code of the owning department (the authoritative source). */
  department: string;
  frequency: Frequency;
  /** Periods kept in the columnar snapshot (index 0 = latest complete period); default 3 for periodic, 1 for point. */
  periods?: number;
  /** Inline code list of an enum or set (a set holds at most 32 members). */
  codes?: CodeEntry[];
  /** A kernel code list instead of `codes`. */
  codeList?: NamedCodeList;
  min?: number;
  max?: number;
  maxLength?: number;
  /** How a personal text value is masked. */
  personalKind?: PersonalFieldKind;
  /** The column of the enterprises table that holds this attribute's registered value, if any. */
  spineColumn?: keyof EnterpriseRecord;
  description?: string;
}

/** A category of attributes. */
export interface CategorySpec extends Label {
  key: string;
}

/** A department that owns attributes and sends data. */
export interface DepartmentSpec extends Label {
  code: string;
}
