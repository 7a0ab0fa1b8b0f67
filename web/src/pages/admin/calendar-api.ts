import { apiGet, apiPut } from '../../api/client.ts';
import type { HolidayNotice } from '../../../../src/kernel/calendar-data.ts';

/** The first and last date the statutory calendar covers; past `to`, time limits count Monday to Friday. */
export interface CalendarCoverage {
  from: string;
  to: string;
}

/** One year of the working-day calendar: shipped with the platform, or entered by an administrator. */
export interface HolidayYear extends HolidayNotice {
  source: 'shipped' | 'entered';
  /** The entering administrator's user id. */
  enteredBy: string | null;
  enteredByName: string | null;
  enteredAt: string | null;
}

/** The calendar as GET /api/flow/calendar answers it, years newest first. */
export interface CalendarView {
  coverage: CalendarCoverage;
  years: HolidayYear[];
}

/** A year's arrangement as PUT /api/flow/calendar/:year takes it. */
export type HolidayNoticeBody = Omit<HolidayNotice, 'year'>;

/** What saving a notice answers: the stored year, the new coverage and the running flows' deadlines counted again on it. */
export interface SavedNotice {
  year: HolidayYear;
  coverage: CalendarCoverage;
  /** Running instances, and their working-day deadlines ahead, moved to keep the working days they had left. */
  recounted: { instances: number; deadlines: number };
}

/** The working-day calendar API. */
export const calendarApi = {
  view: () => apiGet<CalendarView>('/api/flow/calendar'),
  save: (year: number, body: HolidayNoticeBody) => apiPut<SavedNotice>(`/api/flow/calendar/${year}`, body),
};
