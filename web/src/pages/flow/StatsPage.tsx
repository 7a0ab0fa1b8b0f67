import { useEffect, useState } from 'react';
import { Alert, Segmented, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import { orgName, type OrgRef } from './flow-api.ts';

type GroupBy = 'step' | 'org' | 'definition';

interface Row {
  key: string;
  group: string | null;
  processName: string;
  stepName: string | null;
  org: OrgRef | null;
  finished: number;
  avgWorkingDays: number;
  medianWorkingDays: number;
  p90WorkingDays: number;
  maxWorkingDays: number;
  avgSuspendedWorkingDays: number;
  overdue: number;
  open: number;
  openOverdue: number;
}

/** Handling days (working days) per step, department or process, within the official's organisations. */
export default function StatsPage() {
  const { t, i18n } = useTranslation();
  const [groupBy, setGroupBy] = useState<GroupBy>('step');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setRows(null);
    apiGet<{ items: Row[] }>('/api/flow/statistics', { groupBy }).then((answer) => setRows(answer.items)).catch(setError);
  }, [groupBy]);

  const label = (row: Row) => (groupBy === 'step' ? row.stepName ?? row.group : groupBy === 'org' ? orgName(row.org, i18n.language) : row.processName);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('flow.stats.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('flow.stats.hint')}</Typography.Paragraph>
      <Segmented<GroupBy>
        value={groupBy} onChange={setGroupBy}
        options={[{ value: 'step', label: t('flow.stats.byStep') }, { value: 'org', label: t('flow.stats.byOrg') }, { value: 'definition', label: t('flow.stats.byProcess') }]}
      />
      {error !== null && <Alert type="error" showIcon message={errorMessage(error, t)} />}
      <Table<Row>
        data-testid="stats-table" rowKey={(row) => `${row.key}/${row.group}`} loading={rows === null && error === null} dataSource={rows ?? []} pagination={false} scroll={{ x: 900 }}
        columns={[
          { title: t('flow.stats.process'), dataIndex: 'processName', key: 'process' },
          ...(groupBy === 'definition' ? [] : [{ title: groupBy === 'step' ? t('flow.stats.step') : t('flow.stats.org'), key: 'group', render: (_: unknown, row: Row) => label(row) }]),
          { title: t('flow.stats.finished'), dataIndex: 'finished', key: 'finished' },
          { title: t('flow.stats.avg'), dataIndex: 'avgWorkingDays', key: 'avg' },
          { title: t('flow.stats.median'), dataIndex: 'medianWorkingDays', key: 'median' },
          { title: t('flow.stats.p90'), dataIndex: 'p90WorkingDays', key: 'p90' },
          { title: t('flow.stats.max'), dataIndex: 'maxWorkingDays', key: 'max' },
          { title: t('flow.stats.suspended'), dataIndex: 'avgSuspendedWorkingDays', key: 'suspended' },
          { title: t('flow.stats.overdue'), dataIndex: 'overdue', key: 'overdue' },
          { title: t('flow.stats.open'), dataIndex: 'open', key: 'open' },
          { title: t('flow.stats.openOverdue'), dataIndex: 'openOverdue', key: 'openOverdue' },
        ]}
      />
    </Space>
  );
}
