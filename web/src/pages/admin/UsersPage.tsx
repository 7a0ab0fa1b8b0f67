import { useMemo } from 'react';
import { Alert, Card, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import type { Page, UserRow } from '../../api/types.ts';
import { useApiGet } from '../../api/useApi.ts';
import { toTableColumns, type ListColumn } from '../../components/columns.ts';
import { ExportXlsxButton } from '../../components/ExportXlsxButton.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { formatCount } from '../../format.ts';

/** The user accounts (platform admin), paged on the server. */
export default function UsersPage() {
  const { t } = useTranslation();
  const listParams = useListParams();
  const list = useApiGet<Page<UserRow>>('/api/users', { page: listParams.page, pageSize: listParams.pageSize });

  const columns = useMemo<ListColumn<UserRow>[]>(
    () => [
      { key: 'username', title: t('users.username'), value: (r) => r.username },
      { key: 'displayName', title: t('users.displayName'), value: (r) => r.displayName },
      { key: 'role', title: t('users.role'), value: (r) => t(`roles.${r.role}`, { defaultValue: r.role }) },
      { key: 'org', title: t('users.org'), value: (r) => r.orgName, responsive: ['md'] },
    ],
    [t],
  );
  const rows = list.data?.items ?? [];

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <ExportXlsxButton fileName={t('users.exportName')} columns={columns} rows={rows} />
      </Flex>
      {list.error !== null && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
      <Table<UserRow>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={toTableColumns(columns)}
        dataSource={rows}
        pagination={{
          ...listParams.pagination(list.data?.total ?? 0),
          showSizeChanger: true,
          showTotal: (total) => t('list.total', { total: formatCount(total) }),
        }}
      />
    </Card>
  );
}
