import type { TFunction } from 'i18next';
import { getIndustryDivision } from '../../src/kernel/industry.ts';
import type { EnterpriseSummary } from './api/types.ts';

/** The industry of an enterprise in the UI language (GB/T 4754 names from the kernel; the API's name as fallback). */
export function industryLabel(row: Pick<EnterpriseSummary, 'industryCode' | 'industryName'>, language: string): string {
  const division = getIndustryDivision(row.industryCode);
  if (!division) return row.industryName;
  return language.startsWith('zh') ? division.name : division.nameEn;
}

/** Size class in the UI language. */
export function sizeLabel(sizeClass: EnterpriseSummary['sizeClass'], t: TFunction): string {
  return t(`enterprise.size.${sizeClass}`);
}

/** Status in the UI language. */
export function statusLabel(status: EnterpriseSummary['status'], t: TFunction): string {
  return t(`enterprise.status.${status}`);
}
