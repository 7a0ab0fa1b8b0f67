import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, AutoComplete, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import { draftsApi, isCommentOpen, type Draft } from './drafts-api.ts';

/** The drafting organisation's drafts, and starting one: blank for a new unit id, from the version in force for an existing one. */
export default function DraftsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const zh = i18n.language.startsWith('zh');
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [units, setUnits] = useState<{ id: string; title: { zh: string; en: string }; publishedVersion: number | null }[]>([]);
  const [unitId, setUnitId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    draftsApi.list().then((r) => setDrafts(r.items)).catch(setError);
    apiGet<{ items: typeof units }>('/api/rules/units').then((r) => setUnits(r.items)).catch(() => setUnits([]));
  }, []);

  async function start() {
    setBusy(true);
    try {
      const d = await draftsApi.create(unitId.trim());
      void navigate(`/policy/draft?id=${d.id}`);
    } catch (failure) {
      message.error(errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  }

  if (error) return <Alert type="error" showIcon message={errorMessage(error, t)} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('drafting.title')}</Typography.Title>
      <Card title={t('drafting.new')}>
        <Space wrap>
          <AutoComplete
            data-testid="draft-new-id" style={{ width: 360 }} value={unitId} onChange={setUnitId} placeholder={t('drafting.newPlaceholder')}
            options={units.filter((u) => u.id.includes(unitId)).map((u) => ({ value: u.id, label: `${u.id} · ${zh ? u.title.zh : u.title.en}${u.publishedVersion ? ` v${u.publishedVersion}` : ''}` }))}
          />
          <Button type="primary" data-testid="draft-new" loading={busy} disabled={!unitId.trim()} onClick={() => void start()}>{t('drafting.start')}</Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('drafting.newHelp')}</Typography.Paragraph>
      </Card>
      <Card title={t('drafting.list')}>
        <Table
          rowKey="id" loading={drafts === null} dataSource={drafts ?? []} pagination={{ pageSize: 20 }}
          columns={[
            { title: t('policy.unit'), key: 'unit', render: (_: unknown, d: Draft) => <Link to={`/policy/draft?id=${d.id}`} data-testid={`draft-link-${d.unitId}`}>{((d.document.title as { zh?: string; en?: string } | undefined)?.[zh ? 'zh' : 'en']) || d.unitId}</Link> },
            { title: t('drafting.unitId'), dataIndex: 'unitId', key: 'unitId' },
            { title: t('policy.status.label'), key: 'status', render: (_: unknown, d: Draft) => <Space><Tag>{t(`drafting.status.${d.status}`)}</Tag>{isCommentOpen(d) && <Tag color="purple">{t('drafting.comment.openUntil', { day: d.comment!.closesOn })}</Tag>}</Space> },
            { title: t('drafting.version'), key: 'version', render: (_: unknown, d: Draft) => (d.publishedVersion ? `v${d.publishedVersion}` : d.baseVersion ? t('drafting.fromVersion', { version: d.baseVersion }) : t('drafting.blank')) },
            { title: t('drafting.revision'), dataIndex: 'revision', key: 'revision' },
            { title: t('drafting.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', render: (at: string) => new Date(at).toLocaleString() },
          ]}
        />
      </Card>
    </Space>
  );
}
