// The holiday notice form's values and their way to and from the API: dates are picked as dayjs values and sent
// as Beijing calendar dates (YYYY-MM-DD), and the API's field errors (`holidays.2.to`) are put on the form field
// that shows them.
import dayjs, { type Dayjs } from 'dayjs';
import type { HolidayNotice } from '../../../../src/kernel/calendar-data.ts';
import type { HolidayNoticeBody } from './calendar-api.ts';

/** How the calendar's dates are written, in the API and in the pickers. */
export const DATE_FORMAT = 'YYYY-MM-DD';

/** How many days before the calendar's end the page warns that next year's notice is missing. */
export const WARN_DAYS_BEFORE_END = 60;

/** One holiday row of the form: its name and its first and last day off. */
export interface HolidayRow {
  name: string;
  range: [Dayjs, Dayjs] | null;
}

/** The values of the holiday notice form. */
export interface NoticeFormValues {
  year: number;
  notices: string[];
  holidays: HolidayRow[];
  workdays: Array<Dayjs | null>;
}

/** The form filled with a year as it stands, to amend it. */
export function amendValues(year: HolidayNotice): NoticeFormValues {
  return {
    year: year.year,
    notices: [...year.notices],
    holidays: year.holidays.map((h) => ({ name: h.name, range: [dayjs(h.from), dayjs(h.to)] })),
    workdays: year.workdays.map((w) => dayjs(w)),
  };
}

/**
 * The form for a new year: one notice to cite and the holidays of `latest` by name, their dates left to enter.
 * Every notice grants the same seven holidays, so naming them keeps one from being forgotten.
 */
export function newYearValues(year: number, latest: HolidayNotice | undefined): NoticeFormValues {
  return {
    year,
    notices: [''],
    holidays: (latest?.holidays ?? [{ name: '' }]).map((h) => ({ name: h.name, range: null })),
    workdays: [],
  };
}

/** The request body of the form's values (rows without dates are refused by the form's rules before this). */
export function noticeBody(values: NoticeFormValues): HolidayNoticeBody {
  return {
    notices: values.notices.map((n) => n.trim()),
    holidays: values.holidays.map((h) => ({ name: h.name.trim(), from: h.range?.[0].format(DATE_FORMAT) ?? '', to: h.range?.[1].format(DATE_FORMAT) ?? '' })),
    workdays: values.workdays.map((w) => w?.format(DATE_FORMAT) ?? ''),
  };
}

/** A form field the API's problems are shown on. */
export type NoticeField = ['year'] | ['notices' | 'workdays', number] | ['holidays', number, 'name' | 'range'];

/** The segments of an API problem's field: schema errors name the request part first (`body.holidays.0.name`), the service does not. */
export function fieldPath(field: string): string[] {
  return field.replace(/^(body|params)\./, '').split('.');
}

/**
 * The form field that shows the API's problem with `field`, or undefined for a problem of a whole list
 * (`holidays`: none entered). A holiday's dates (`holidays.2.to`) and its overlap with another (`holidays.2`)
 * belong to its date range.
 */
export function formFieldOf(field: string): NoticeField | undefined {
  const path = fieldPath(field);
  const [list, index, part] = path;
  if (list === 'year' && path.length === 1) return ['year'];
  if (index === undefined || !/^\d+$/.test(index)) return undefined;
  const i = Number(index);
  if ((list === 'notices' || list === 'workdays') && path.length === 2) return [list, i];
  if (list === 'holidays') return part === 'name' ? ['holidays', i, 'name'] : ['holidays', i, 'range'];
  return undefined;
}

/**
 * The first year the calendar does not cover when its end is at most WARN_DAYS_BEFORE_END days after `today`
 * (or already behind it), else undefined: time limits reaching into that year count Monday to Friday.
 */
export function uncoveredYearAhead(coverageTo: string, today: string): number | undefined {
  const daysLeft = dayjs(coverageTo).diff(dayjs(today), 'day');
  return daysLeft <= WARN_DAYS_BEFORE_END ? dayjs(coverageTo).year() + 1 : undefined;
}
