/** Today's date in Beijing (`YYYY-MM-DD`) at an instant. */
export function beijingToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
