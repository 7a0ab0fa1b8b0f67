/** Beijing time: notices run in calendar days of the city's date. */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/**
 * The end of a public notice of `days` calendar days published at `published`: the notice runs through
 * the day `days` days after the day of publication, to midnight Beijing time (so a notice published on
 * 1 March for 20 days can be objected to until 21 March 24:00).
 * @example noticeEnd(new Date('2026-03-01T02:00:00Z'), 20).toISOString() // '2026-03-21T16:00:00.000Z'
 */
export function noticeEnd(published: Date, days: number): Date {
  const localMidnight = Math.floor((published.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS;
  return new Date(localMidnight + (days + 1) * DAY_MS - OFFSET_MS);
}

/** The local (Beijing) date of an instant, `YYYY-MM-DD`. */
export function localDay(at: Date | string): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Notice periods in calendar days: 简易注销 20 (《市场主体登记管理条例》第三十三条), 债权人公告 45 (《公司法》第二百三十五条), 强制注销 60. */
export const NOTICE_DAYS = { simplified: 20, creditors: 45, forced: 60 } as const;
