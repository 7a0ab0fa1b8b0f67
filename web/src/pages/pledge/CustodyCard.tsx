import { useState } from 'react';
import { Button, Card, Form, Input, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { bytesToBase64, formatTime, pledgeApi, type AssetDetail } from './pledge-api.ts';

/** The owner's custody: put the file in, grant and revoke retrieval, download. */
export function CustodyCard({ detail, onDone, onError }: { detail: AssetDetail; onDone: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const [orgCode, setOrgCode] = useState('');
  const [busy, setBusy] = useState(false);
  const id = detail.asset.id;
  async function run(step: () => Promise<unknown>) {
    setBusy(true);
    try {
      await step();
      onDone();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title={t('pledge.custody.title')} data-testid="custody-card">
      {detail.custody === null ? (
        <Space orientation="vertical">
          <Typography.Text type="secondary">{t('pledge.custody.none')}</Typography.Text>
          <input type="file" data-testid="custody-file" disabled={busy}
            onChange={(e) => { const f = e.target.files?.[0]; if (f) void run(async () => pledgeApi.deposit(id, bytesToBase64(new Uint8Array(await f.arrayBuffer())))); }} />
        </Space>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('pledge.custody.stored', { size: detail.custody.size, at: formatTime(detail.custody.storedAt) })}</Typography.Text>
          <a href={`/api/pledge/assets/${id}/custody/file`} data-testid="custody-download">{t('pledge.custody.download')}</a>
          <Form layout="inline" onFinish={() => void run(() => pledgeApi.grant(id, orgCode.trim()))}>
            <Form.Item label={t('pledge.custody.grantee')}>
              <Input value={orgCode} onChange={(e) => setOrgCode(e.target.value)} placeholder="inst-bank" data-testid="grant-org" />
            </Form.Item>
            <Button htmlType="submit" disabled={!orgCode || busy} data-testid="grant-submit">{t('pledge.custody.grant')}</Button>
          </Form>
          <Table size="small" rowKey="id" pagination={false} dataSource={detail.grants ?? []}
            columns={[
              { title: t('pledge.custody.grantee'), dataIndex: 'granteeName' },
              { title: t('pledge.at'), dataIndex: 'grantedAt', render: formatTime },
              { title: t('pledge.custody.revokedAt'), dataIndex: 'revokedAt', render: (v: string | null) => formatTime(v) },
              { title: '', render: (_v, g) => (g.revokedAt ? null : <Button size="small" danger disabled={busy} onClick={() => void run(() => pledgeApi.revoke(id, g.id))}>{t('pledge.custody.revoke')}</Button>) },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
