// The working-day calendar in real Chromium against the real server (in-process, in-memory SQLite): the platform
// administrator sees the shipped years and the warning that next year is missing, enters a made-up 2027 notice,
// first with a weekday as a make-up working day (the server's refusal shows on that field), then correctly, and
// the calendar reaches to the end of 2027; an official reads it without the means to change it.
import { expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { browserSuite, POLL, useJourney, watchPage } from './harness.ts';

// The browser's clock: late November, when next year's notice is usually out but not yet entered. Only the page's
// warning depends on today; the server checks the year entered against the years covered, not against the date.
const TODAY = new Date('2026-11-27T10:00:00+08:00');

/** Types a date into an antd picker input and confirms it (Enter), as a user typing instead of clicking would. */
async function typeDate(input: Locator, date: string): Promise<void> {
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

browserSuite('working-day calendar in the browser', () => {
  const journey = useJourney();

  it('enters next year’s holiday notice, refused first for a weekday made a working day', async () => {
    const page = await journey.session('admin');
    const seen = watchPage(page);
    await page.clock.setFixedTime(TODAY);
    try {
      await page.getByTestId('side-nav').getByText('工作日历').waitFor();
      await page.goto(`${journey.platform.url}/calendar`);
      const coverage = page.getByTestId('calendar-coverage');
      await expect.poll(() => coverage.textContent(), POLL).toBe('日历覆盖 2019-01-01 至 2026-12-31');
      const row = (year: number) => page.getByTestId('calendar-years').locator(`tr[data-row-key="${year}"]`);
      expect(await row(2026).getByTestId('calendar-source').textContent()).toBe('已内置');
      expect(await row(2026).textContent()).toContain('国办发明电〔2025〕7号');
      expect(await row(2026).textContent()).toContain('春节：2026-02-15 至 2026-02-23，共 9 天');
      expect(await page.getByTestId('calendar-uncovered').textContent()).toContain('2027年节假日安排尚未录入：跨入2027年的期限按周一至周五计算');

      // The form starts at the next year, with last year's holidays named and their dates to enter.
      await page.getByTestId('calendar-enter').click();
      const form = page.getByTestId('calendar-form');
      await form.waitFor();
      expect(await form.getByTestId('calendar-form-year').inputValue()).toBe('2027');
      await form.getByTestId('calendar-notice-0').locator('input').fill('国办发明电〔2026〕99号 国务院办公厅关于2027年部分节假日安排的通知');
      const holidays = form.locator('[data-testid^="calendar-holiday-"]');
      expect(await holidays.count()).toBe(7);
      for (let i = 6; i >= 1; i--) await form.getByTestId(`calendar-holiday-${i}`).getByTestId('calendar-remove').click();
      await expect.poll(() => holidays.count(), POLL).toBe(1);
      const newYear = form.getByTestId('calendar-holiday-0');
      expect(await newYear.locator('input').first().inputValue()).toBe('元旦');
      await typeDate(newYear.getByPlaceholder('开始日期'), '2027-01-01');
      await typeDate(newYear.getByPlaceholder('结束日期'), '2027-01-03');
      // 2027-01-06 is a Wednesday: a working day already, which no notice makes a make-up day.
      await form.getByTestId('calendar-add-workday').click();
      const workday = form.getByTestId('calendar-workday-0');
      await typeDate(workday.getByPlaceholder('调休上班日期'), '2027-01-06');
      await page.getByTestId('calendar-form-save').click();
      await workday.getByText('该日本是工作日：调休上班日须为周六或周日').waitFor();
      expect(await page.getByTestId('calendar-saved').count()).toBe(0);

      // A Saturday instead.
      await typeDate(workday.getByPlaceholder('调休上班日期'), '2027-01-09');
      await expect.poll(() => workday.locator('.ant-form-item-explain-error').count(), POLL).toBe(0);
      await page.getByTestId('calendar-form-save').click();
      await page.getByTestId('calendar-saved').getByText('2027年节假日安排已保存，日历现覆盖至 2027-12-31。').waitFor();
      await expect.poll(() => form.count(), POLL).toBe(0);
      await expect.poll(() => coverage.textContent(), POLL).toBe('日历覆盖 2019-01-01 至 2027-12-31');
      await expect.poll(() => row(2027).getByTestId('calendar-source').textContent(), POLL).toBe('已录入');
      expect(await row(2027).textContent()).toContain('元旦：2027-01-01 至 2027-01-03，共 3 天');
      expect(await page.getByTestId('calendar-uncovered').count()).toBe(0);
      const stored = journey.platform.services.workflow.holidays.list().years.find((y) => y.year === 2027);
      expect(stored).toMatchObject({ source: 'entered', holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], workdays: ['2027-01-09'] });

      // Amending fills the form with the year as it stands, its year fixed.
      await row(2027).getByTestId('calendar-amend').click();
      await form.waitFor();
      expect(await form.getByTestId('calendar-form-year').isDisabled()).toBe(true);
      expect(await form.getByTestId('calendar-holiday-0').getByPlaceholder('开始日期').inputValue()).toBe('2027-01-01');
      expect(await form.getByTestId('calendar-workday-0').getByPlaceholder('调休上班日期').inputValue()).toBe('2027-01-09');
    } catch (error) {
      throw new Error(`${(error as Error).message}; the page: ${seen.join('; ') || 'nothing seen'}; at ${page.url()}`, { cause: error });
    } finally {
      await page.context().close();
    }

    // An official reads the calendar, now to the end of 2027, and has nothing to enter it with.
    const official = await journey.session('xihu-official');
    await official.goto(`${journey.platform.url}/calendar`);
    await expect.poll(() => official.getByTestId('calendar-coverage').textContent(), POLL).toBe('日历覆盖 2019-01-01 至 2027-12-31');
    await official.getByTestId('calendar-years').locator('tr[data-row-key="2027"]').waitFor();
    expect(await official.getByTestId('calendar-enter').count()).toBe(0);
    expect(await official.getByTestId('calendar-amend').count()).toBe(0);
    await official.context().close();
  }, 60_000);
});
