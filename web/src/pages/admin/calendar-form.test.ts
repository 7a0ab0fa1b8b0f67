import { describe, expect, it } from 'vitest';
import { amendValues, formFieldOf, newYearValues, noticeBody, uncoveredYearAhead } from './calendar-form.ts';

const Y2026 = {
  year: 2026,
  notices: ['国办发明电〔2025〕7号 国务院办公厅关于2026年部分节假日安排的通知'],
  holidays: [{ name: '元旦', from: '2026-01-01', to: '2026-01-03' }, { name: '春节', from: '2026-02-15', to: '2026-02-23' }],
  workdays: ['2026-01-04', '2026-02-14'],
};

describe('the holiday notice form', () => {
  it('sends back the year it was filled with, dates written YYYY-MM-DD and names trimmed', () => {
    const { year, ...body } = Y2026;
    expect(noticeBody(amendValues(Y2026))).toEqual(body);
    const values = amendValues(Y2026);
    expect(values.year).toBe(year);
    values.holidays[0].name = ' 元旦 ';
    values.notices[0] = ` ${values.notices[0]} `;
    expect(noticeBody(values)).toEqual(body);
  });

  it('starts a new year with last year’s holidays by name and no dates', () => {
    expect(newYearValues(2027, Y2026)).toEqual({ year: 2027, notices: [''], holidays: [{ name: '元旦', range: null }, { name: '春节', range: null }], workdays: [] });
    expect(newYearValues(2027, undefined).holidays).toEqual([{ name: '', range: null }]);
  });

  it('puts each problem of the API on the field that shows it, and leaves whole-list problems to the form', () => {
    expect(formFieldOf('year')).toEqual(['year']);
    expect(formFieldOf('params.year')).toEqual(['year']);
    expect(formFieldOf('notices.1')).toEqual(['notices', 1]);
    expect(formFieldOf('workdays.0')).toEqual(['workdays', 0]);
    expect(formFieldOf('holidays.2.name')).toEqual(['holidays', 2, 'name']);
    expect(formFieldOf('holidays.2.from')).toEqual(['holidays', 2, 'range']);
    expect(formFieldOf('holidays.2.to')).toEqual(['holidays', 2, 'range']);
    expect(formFieldOf('holidays.2')).toEqual(['holidays', 2, 'range']);
    expect(formFieldOf('body.holidays.0.name')).toEqual(['holidays', 0, 'name']);
    expect(formFieldOf('notices')).toBeUndefined();
    expect(formFieldOf('holidays')).toBeUndefined();
    expect(formFieldOf('body')).toBeUndefined();
  });

  it('warns of the next year from 60 days before the calendar ends, and after', () => {
    expect(uncoveredYearAhead('2026-12-31', '2026-10-31')).toBeUndefined();
    expect(uncoveredYearAhead('2026-12-31', '2026-11-01')).toBe(2027);
    expect(uncoveredYearAhead('2026-12-31', '2027-03-01')).toBe(2027);
  });
});
