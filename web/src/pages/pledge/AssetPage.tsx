import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { BankActions } from './BankActions.tsx';
import { CustodyCard } from './CustodyCard.tsx';
import { type AssetDetail, formatTime, pledgeApi, pledgeErrorMessage } from './pledge-api.ts';
import { RuleReport } from './RegisterAssetPage.tsx';

const STATUS_COLOURS: Record<string, string> = { registered: 'green', pledged: 'orange', superseded: 'default' };

/** One data asset: its registration, logged events, certificate, custody (owner) and the bank's steps. */
export default function AssetPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const id = params.get('id') ?? '';
  const [detail, setDetail] = useState<AssetDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    pledgeApi.detail(id).then((d) => { setDetail(d); setError(null); }).catch(setError);
  }, [id]);
  useEffect(reload, [reload]);

  if (!detail) return error ? <Alert type="error" showIcon title={pledgeErrorMessage(error, t)} /> : <Skeleton active />;
  const a = detail.asset;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} data-testid="asset-name">{a.name}</Typography.Title>
      {error !== null && <Alert type="error" showIcon title={pledgeErrorMessage(error, t)} data-testid="asset-error" closable onClose={() => setError(null)} />}
      <Card>
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('pledge.asset.serial')}><span data-testid="asset-serial">{a.serial}</span></Descriptions.Item>
          <Descriptions.Item label={t('pledge.status')}><Tag color={STATUS_COLOURS[a.status]} data-testid="asset-status">{t(`pledge.assetStatus.${a.status}`)}</Tag>{detail.activePledge && t('pledge.asset.pledgedTo', { bank: detail.activePledge.bankName })}</Descriptions.Item>
          <Descriptions.Item label={t('pledge.asset.owner')}>{`${a.ownerName} (${a.ownerUscc})`}</Descriptions.Item>
          <Descriptions.Item label={t('pledge.asset.version')}>{a.version}</Descriptions.Item>
          <Descriptions.Item label={t('pledge.asset.fingerprint', { alg: a.hashAlg.toUpperCase() })} span={2}><Typography.Text code copyable data-testid="asset-fingerprint">{a.fingerprint}</Typography.Text></Descriptions.Item>
          <Descriptions.Item label={t('pledge.asset.registeredAt')}>{formatTime(a.registeredAt)}</Descriptions.Item>
          <Descriptions.Item label={t('pledge.asset.logIndex')}><span data-testid="asset-log-index">{a.registrationIndex}</span></Descriptions.Item>
          <Descriptions.Item label={t('pledge.asset.classes')} span={2}>{a.subjectClasses.join('、')}</Descriptions.Item>
        </Descriptions>
        <Space style={{ marginTop: 16 }} wrap>
          <Button type="primary" href={`/api/pledge/assets/${a.id}/certificate.pdf`} target="_blank" data-testid="asset-certificate">{t('pledge.asset.certificate')}</Button>
          <Button href={`/api/pledge/assets/${a.id}/bundle`} data-testid="asset-bundle">{t('pledge.asset.bundle')}</Button>
          <Link to={`/pledge/verify?alg=${a.hashAlg}&fingerprint=${a.fingerprint}`} data-testid="asset-verify">{t('pledge.asset.verify')}</Link>
          {detail.canManage && a.status === 'registered' && <Link to={`/pledge/register?previous=${a.id}`}>{t('pledge.asset.newVersion')}</Link>}
        </Space>
      </Card>
      <RuleReport findings={[]} quality={a.quality} />
      <Card title={t('pledge.asset.events')}>
        <Table size="small" rowKey="logIndex" pagination={false} dataSource={detail.events} data-testid="asset-events"
          columns={[
            { title: t('pledge.asset.logIndex'), dataIndex: 'logIndex', width: 110 },
            { title: t('pledge.asset.event'), dataIndex: 'kind', render: (k: string) => t(`pledge.event.${k}`) },
            { title: t('pledge.at'), dataIndex: 'at', render: formatTime },
          ]}
        />
      </Card>
      {detail.versions.length > 1 && (
        <Card title={t('pledge.asset.versions')}>
          <Table size="small" rowKey="id" pagination={false} dataSource={detail.versions}
            columns={[
              { title: t('pledge.asset.version'), dataIndex: 'version', render: (v: number, r) => <Link to={`/pledge/asset?id=${r.id}`}>{v}</Link> },
              { title: t('pledge.asset.fingerprint', { alg: '' }), dataIndex: 'fingerprint', render: (f: string) => <code>{f.slice(0, 20)}…</code> },
              { title: t('pledge.status'), dataIndex: 'status', render: (s: string) => t(`pledge.assetStatus.${s}`) },
            ]}
          />
        </Card>
      )}
      {detail.canManage && <CustodyCard detail={detail} onDone={reload} onError={setError} />}
      {detail.canLend && a.status !== 'superseded' && <BankActions detail={detail} onDone={reload} onError={setError} />}
    </Space>
  );
}
