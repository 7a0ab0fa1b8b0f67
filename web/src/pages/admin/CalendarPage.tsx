import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/context.ts';
import { errorMessage } from '../../api/errors.ts';
import { calendarApi, type CalendarView, type HolidayYear, type SavedNotice } from './calendar-api.ts';
import { amendValues, newYearValues, uncoveredYearAhead, type NoticeFormValues } from './calendar-form.ts';
import { HolidayNoticeModal } from './HolidayNoticeModal.tsx';

/**
 * The working-day calendar legal time limits are counted on, year by year, and how far it reaches: any official
 * reads it; a platform administrator enters next year's holiday notice once the State Council publishes it, or
 * amends a year.
 */
export default function CalendarPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isAdmin = me.role === 'platform_admin';
  const [view, setView] = useState<CalendarView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<{ values: NoticeFormValues; amending: boolean } | null>(null);
  const [saved, setSaved] = useState<SavedNotice | null>(null);

  const load = useCallback(() => {
    calendarApi.view().then(setView, setError);
  }, []);
  useEffect(load, [load]);
  const dayLocale = i18n.language.startsWith('zh') ? 'zh-cn' : 'en';
  useEffect(() => {
    // The date pickers' month and weekday names come from dayjs's global locale.
    dayjs.locale(dayLocale);
  }, [dayLocale]);

  const years = useMemo(() => view?.years ?? [], [view]);
  const span = years.length > 0 ? { first: years[years.length - 1].year, last: years[0].year } : undefined;
  // Beijing's date, not the browser's, as the calendar's dates are (the Swedish locale writes YYYY-MM-DD).
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const uncovered = view ? uncoveredYearAhead(view.coverage.to, today) : undefined;

  const columns = useMemo<ColumnsType<HolidayYear>>(
    () => [
      { title: t('calendar.col.year'), dataIndex: 'year', key: 'year', width: 70 },
      {
        title: t('calendar.col.source'), key: 'source', width: 160,
        render: (_, y) => (
          <Flex vertical gap={4}>
            <span><Tag color={y.source === 'entered' ? 'blue' : 'default'} data-testid="calendar-source">{t(`calendar.source.${y.source}`)}</Tag></span>
            {y.enteredAt && (
              <Typography.Text type="secondary">
                {t('calendar.enteredByAt', { who: y.enteredByName ?? y.enteredBy ?? '', at: new Date(y.enteredAt).toLocaleString(i18n.language) })}
              </Typography.Text>
            )}
          </Flex>
        ),
      },
      { title: t('calendar.col.notices'), key: 'notices', render: (_, y) => y.notices.map((n) => <div key={n} style={{ marginBottom: 4 }}>{n}</div>) },
      {
        title: t('calendar.col.holidays'), key: 'holidays', width: 340,
        render: (_, y) =>
          y.holidays.map((h) => (
            <div key={`${h.name}-${h.from}`} style={{ whiteSpace: 'nowrap' }}>
              {t('calendar.holiday', { name: h.name, from: h.from, to: h.to, days: dayjs(h.to).diff(dayjs(h.from), 'day') + 1 })}
            </div>
          )),
      },
      {
        title: t('calendar.col.workdays'), key: 'workdays', width: 250,
        render: (_, y) => (
          <Flex wrap gap={4}>
            {y.workdays.map((w) => <Tag key={w}>{`${w} ${dayjs(w).locale(dayLocale).format('ddd')}`}</Tag>)}
          </Flex>
        ),
      },
      ...(isAdmin
        ? [{
            title: t('calendar.col.actions'), key: 'actions', width: 90,
            render: (_: unknown, y: HolidayYear) => (
              <Button size="small" data-testid="calendar-amend" onClick={() => setEditing({ values: amendValues(y), amending: true })}>
                {t('calendar.amend')}
              </Button>
            ),
          }]
        : []),
    ],
    [t, i18n.language, dayLocale, isAdmin],
  );

  function onSaved(answer: SavedNotice) {
    setEditing(null);
    setSaved(answer);
    load();
  }

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('calendar.title')}</Typography.Title>
        {isAdmin && span && (
          <Button type="primary" data-testid="calendar-enter" onClick={() => setEditing({ values: newYearValues(span.last + 1, years[0]), amending: false })}>
            {t('calendar.enter')}
          </Button>
        )}
      </Flex>
      <Typography.Paragraph type="secondary">{t('calendar.hint')}</Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error, t)} style={{ marginBottom: 16 }} />}
      {view && (
        <Typography.Paragraph strong data-testid="calendar-coverage">{t('calendar.coverage', { from: view.coverage.from, to: view.coverage.to })}</Typography.Paragraph>
      )}
      {uncovered !== undefined && (
        <Alert
          type="warning" showIcon data-testid="calendar-uncovered" style={{ marginBottom: 16 }}
          title={t('calendar.uncovered', { year: uncovered })}
          description={isAdmin ? t('calendar.uncoveredAdmin', { year: uncovered }) : t('calendar.uncoveredOfficial')}
        />
      )}
      {saved && (
        <Alert
          type="success" showIcon closable data-testid="calendar-saved" style={{ marginBottom: 16 }} onClose={() => setSaved(null)}
          title={t('calendar.saved', { year: saved.year.year, to: saved.coverage.to })}
          description={saved.recounted.deadlines > 0 ? t('calendar.recounted', { count: saved.recounted.deadlines, instances: saved.recounted.instances }) : t('calendar.noneRecounted')}
        />
      )}
      <Table<HolidayYear>
        data-testid="calendar-years" rowKey="year" size="middle" loading={view === null && error === null}
        columns={columns} dataSource={years} pagination={false} scroll={{ x: 1100 }}
      />
      {editing && span && (
        <HolidayNoticeModal initial={editing.values} amending={editing.amending} span={span} onCancel={() => setEditing(null)} onSaved={onSaved} />
      )}
    </Card>
  );
}
