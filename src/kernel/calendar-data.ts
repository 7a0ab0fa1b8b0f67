// Statutory holidays and make-up working days (调休上班) of the People's Republic of China, year by
// year, as the State Council General Office announced them (国务院办公厅关于 YYYY 年部分节假日安排的通知).
// Dates are Beijing calendar dates. A holiday range may start in the previous year (New Year);
// the calendar only uses the days inside the years it covers.
// To add a year: copy the notice's lines below, cite its number, and extend the tests with its dates.

/** One holiday of a notice: its name and the first and last day off (inclusive). */
export interface HolidayRange {
  name: string;
  from: string;
  to: string;
}

/** One year's arrangement and the notices it comes from. */
export interface HolidayNotice {
  year: number;
  /** Document numbers and titles of the notices, the later ones amending the first. */
  notices: string[];
  holidays: HolidayRange[];
  /** Saturdays and Sundays that are working days (调休上班). */
  workdays: string[];
}

/** The arrangements for 2019–2026, one entry per year, from the State Council General Office's notices. */
export const HOLIDAY_NOTICES: readonly HolidayNotice[] = [
  {
    year: 2019,
    notices: [
      '国办发明电〔2018〕15号 国务院办公厅关于2019年部分节假日安排的通知',
      '国办发明电〔2019〕2号 国务院办公厅关于调整2019年劳动节假期安排的通知 (Labour Day lengthened to 4 days)',
    ],
    holidays: [
      { name: '元旦', from: '2018-12-30', to: '2019-01-01' },
      { name: '春节', from: '2019-02-04', to: '2019-02-10' },
      { name: '清明节', from: '2019-04-05', to: '2019-04-07' },
      { name: '劳动节', from: '2019-05-01', to: '2019-05-04' },
      { name: '端午节', from: '2019-06-07', to: '2019-06-09' },
      { name: '中秋节', from: '2019-09-13', to: '2019-09-15' },
      { name: '国庆节', from: '2019-10-01', to: '2019-10-07' },
    ],
    // 2018-12-29 (the New Year make-up day) lies before the covered range.
    workdays: ['2019-02-02', '2019-02-03', '2019-04-28', '2019-05-05', '2019-09-29', '2019-10-12'],
  },
  {
    year: 2020,
    notices: [
      '国办发明电〔2019〕16号 国务院办公厅关于2020年部分节假日安排的通知',
      '国办发明电〔2020〕1号 国务院办公厅关于延长2020年春节假期的通知 (Spring Festival extended to 2 February; 1 February no longer a working day)',
    ],
    holidays: [
      { name: '元旦', from: '2020-01-01', to: '2020-01-01' },
      { name: '春节', from: '2020-01-24', to: '2020-02-02' },
      { name: '清明节', from: '2020-04-04', to: '2020-04-06' },
      { name: '劳动节', from: '2020-05-01', to: '2020-05-05' },
      { name: '端午节', from: '2020-06-25', to: '2020-06-27' },
      { name: '国庆节、中秋节', from: '2020-10-01', to: '2020-10-08' },
    ],
    workdays: ['2020-01-19', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10'],
  },
  {
    year: 2021,
    notices: ['国办发明电〔2020〕27号 国务院办公厅关于2021年部分节假日安排的通知'],
    holidays: [
      { name: '元旦', from: '2021-01-01', to: '2021-01-03' },
      { name: '春节', from: '2021-02-11', to: '2021-02-17' },
      { name: '清明节', from: '2021-04-03', to: '2021-04-05' },
      { name: '劳动节', from: '2021-05-01', to: '2021-05-05' },
      { name: '端午节', from: '2021-06-12', to: '2021-06-14' },
      { name: '中秋节', from: '2021-09-19', to: '2021-09-21' },
      { name: '国庆节', from: '2021-10-01', to: '2021-10-07' },
    ],
    workdays: ['2021-02-07', '2021-02-20', '2021-04-25', '2021-05-08', '2021-09-18', '2021-09-26', '2021-10-09'],
  },
  {
    year: 2022,
    notices: ['国办发明电〔2021〕11号 国务院办公厅关于2022年部分节假日安排的通知'],
    holidays: [
      { name: '元旦', from: '2022-01-01', to: '2022-01-03' },
      { name: '春节', from: '2022-01-31', to: '2022-02-06' },
      { name: '清明节', from: '2022-04-03', to: '2022-04-05' },
      { name: '劳动节', from: '2022-04-30', to: '2022-05-04' },
      { name: '端午节', from: '2022-06-03', to: '2022-06-05' },
      { name: '中秋节', from: '2022-09-10', to: '2022-09-12' },
      { name: '国庆节', from: '2022-10-01', to: '2022-10-07' },
    ],
    workdays: ['2022-01-29', '2022-01-30', '2022-04-02', '2022-04-24', '2022-05-07', '2022-10-08', '2022-10-09'],
  },
  {
    year: 2023,
    notices: ['国办发明电〔2022〕16号 国务院办公厅关于2023年部分节假日安排的通知'],
    holidays: [
      { name: '元旦', from: '2022-12-31', to: '2023-01-02' },
      { name: '春节', from: '2023-01-21', to: '2023-01-27' },
      { name: '清明节', from: '2023-04-05', to: '2023-04-05' },
      { name: '劳动节', from: '2023-04-29', to: '2023-05-03' },
      { name: '端午节', from: '2023-06-22', to: '2023-06-24' },
      { name: '中秋节、国庆节', from: '2023-09-29', to: '2023-10-06' },
    ],
    workdays: ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08'],
  },
  {
    year: 2024,
    notices: ['国办发明电〔2023〕7号 国务院办公厅关于2024年部分节假日安排的通知'],
    holidays: [
      { name: '元旦', from: '2023-12-30', to: '2024-01-01' },
      { name: '春节', from: '2024-02-10', to: '2024-02-17' },
      { name: '清明节', from: '2024-04-04', to: '2024-04-06' },
      { name: '劳动节', from: '2024-05-01', to: '2024-05-05' },
      { name: '端午节', from: '2024-06-08', to: '2024-06-10' },
      { name: '中秋节', from: '2024-09-15', to: '2024-09-17' },
      { name: '国庆节', from: '2024-10-01', to: '2024-10-07' },
    ],
    workdays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  {
    year: 2025,
    notices: [
      '国办发明电〔2024〕12号 国务院办公厅关于2025年部分节假日安排的通知 (first year under the amended 全国年节及纪念日放假办法: 除夕 and 5 月 2 日 added)',
    ],
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    notices: ['国办发明电〔2025〕7号 国务院办公厅关于2026年部分节假日安排的通知'],
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];
