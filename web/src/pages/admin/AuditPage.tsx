import { useEffect, useMemo } from 'react';
import { Alert, Card, Checkbox, DatePicker, Flex, Input, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import type { AuditEntry, Page } from '../../api/types.ts';
import { useApiGet } from '../../api/useApi.ts';
import { toTableColumns, type ListColumn } from '../../components/columns.ts';
import { ExportXlsxButton } from '../../components/ExportXlsxButton.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { formatCount } from '../../format.ts';

/** The audit log search (platform admin): by actor, action and date range, paged on the server. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const listParams = useListParams();
  const { update } = listParams;
  useEffect(() => {
    // The date picker's month and weekday names come from dayjs's own locale.
    dayjs.locale(i18n.language.startsWith('zh') ? 'zh-cn' : 'en');
  }, [i18n.language]);
  const filters = {
    actor: listParams.get('actor'),
    action: listParams.get('action'),
    from: listParams.get('from'),
    to: listParams.get('to'),
    personal: listParams.get('personal'),
  };
  // The URL keeps local days (YYYY-MM-DD); the API takes instants: the first and last moment of those days.
  const list = useApiGet<Page<AuditEntry>>('/api/audit', {
    actor: filters.actor,
    action: filters.action,
    from: filters.from && dayjs(filters.from).startOf('day').toISOString(),
    to: filters.to && dayjs(filters.to).endOf('day').toISOString(),
    personal: filters.personal,
    page: listParams.page,
    pageSize: listParams.pageSize,
  });


  const columns = useMemo<ListColumn<AuditEntry>[]>(
    () => [
      { key: 'at', noWrap: true, title: t('audit.at'), value: (r) => new Date(r.at).toLocaleString(i18n.language) },
      { key: 'actor', title: t('audit.actor'), value: (r) => r.actorName || (r.actorId ? r.actorId : t('audit.system')) },
      { key: 'role', title: t('audit.role'), value: (r) => (r.role ? t(`roles.${r.role}`, { defaultValue: r.role }) : ''), responsive: ['md'] },
      { key: 'action', title: t('audit.action'), value: (r) => r.action },
      { key: 'target', title: t('audit.target'), value: (r) => r.target, responsive: ['md'] },
      { key: 'purpose', title: t('audit.purpose'), value: (r) => r.purpose ?? '', responsive: ['lg'] },
      {
        key: 'personal',
        title: t('audit.personal'),
        value: (r) => (r.personal ? t('common.yes') : t('common.no')),
        render: (r) => (r.personal ? <Tag color="red">{t('audit.personalTag')}</Tag> : null),
      },
    ],
    [t, i18n.language],
  );
  const rows = list.data?.items ?? [];

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('audit.title')}
        </Typography.Title>
        <ExportXlsxButton fileName={t('audit.exportName')} columns={columns} rows={rows} />
      </Flex>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <Input.Search allowClear defaultValue={filters.actor} placeholder={t('audit.actorPlaceholder')} onSearch={(v) => update({ actor: v.trim() })} style={{ width: 200 }} />
        <Input.Search allowClear defaultValue={filters.action} placeholder={t('audit.actionPlaceholder')} onSearch={(v) => update({ action: v.trim() })} style={{ width: 260 }} />
        <DatePicker.RangePicker
          value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
          onChange={(range) =>
            update({ from: range?.[0]?.format('YYYY-MM-DD') ?? null, to: range?.[1]?.format('YYYY-MM-DD') ?? null })
          }
        />
        <Checkbox checked={filters.personal === 'true'} onChange={(e) => update({ personal: e.target.checked ? 'true' : null })}>
          {t('audit.personalOnly')}
        </Checkbox>
      </Flex>
      {list.error !== null && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={toTableColumns(columns)}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={{
          ...listParams.pagination(list.data?.total ?? 0),
          showSizeChanger: true,
          showTotal: (total) => t('list.total', { total: formatCount(total) }),
        }}
      />
    </Card>
  );
}
