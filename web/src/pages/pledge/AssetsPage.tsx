import { useEffect, useState } from 'react';
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../auth/context.ts';
import { type AssetSummary, formatTime, pledgeApi, pledgeErrorMessage } from './pledge-api.ts';

const STATUS_COLOURS: Record<string, string> = { registered: 'green', pledged: 'orange', superseded: 'default' };

/** The signed-in company's data assets (a bank: those it valued; the admin: all). */
export default function AssetsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [items, setItems] = useState<AssetSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    pledgeApi.list().then((r) => setItems(r.items)).catch(setError);
  }, []);
  const isCompany = me.role === 'enterprise' || me.role === 'agent';
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('pledge.assets.title')}</Typography.Title>
        <Space>
          {isCompany && <Button type="primary" onClick={() => navigate('/pledge/register')} data-testid="assets-register">{t('pledge.assets.register')}</Button>}
          <Link to="/pledge/verify">{t('pledge.nav.verify')}</Link>
        </Space>
      </Space>
      {error !== null && <Alert type="error" showIcon title={pledgeErrorMessage(error, t)} />}
      <Table size="small" rowKey="id" loading={items === null} dataSource={items ?? []} pagination={{ pageSize: 20 }} data-testid="assets-table" scroll={{ x: true }}
        columns={[
          { title: t('pledge.register.name'), dataIndex: 'name', render: (n: string, a) => <Link to={`/pledge/asset?id=${a.id}`}>{n}</Link> },
          { title: t('pledge.asset.serial'), dataIndex: 'serial' },
          { title: t('pledge.asset.owner'), dataIndex: 'ownerName' },
          { title: t('pledge.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOURS[s]}>{t(`pledge.assetStatus.${s}`)}</Tag> },
          { title: t('pledge.asset.registeredAt'), dataIndex: 'registeredAt', render: formatTime },
        ]}
      />
    </Space>
  );
}
