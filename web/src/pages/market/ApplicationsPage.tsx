import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Input, List, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { entryApi, type ApplicationDetail, type ApplicationSummary, type CertificateView, type OpenCorrection } from './entry-api.ts';

const STATUS_COLOURS = { running: 'processing', issued: 'success', refused: 'error' } as const;
const STEP_COLOURS = { active: 'processing', suspended: 'warning', done: 'success', cancelled: 'default' } as const;

/**
 * My applications (我的开办申请): the list, one application's progress by department, every open correction
 * request answered in one place, and the certificates issued together (PDF and verification link).
 */
export default function ApplicationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const selected = params.get('id');
  const [list, setList] = useState<ApplicationSummary[]>([]);
  const [detail, setDetail] = useState<ApplicationDetail | null>(null);
  const [corrections, setCorrections] = useState<OpenCorrection[]>([]);
  const [answers, setAnswers] = useState<Record<string, string>>({});

  const reload = useCallback(async () => {
    const [apps, open] = await Promise.all([entryApi.list(), entryApi.corrections()]);
    setList(apps);
    setCorrections(open);
    setDetail(selected ? await entryApi.get(selected) : null);
  }, [selected]);

  useEffect(() => {
    void reload().catch((err: unknown) => message.error(err instanceof Error ? err.message : String(err)));
  }, [reload, message]);

  const answer = async (c: OpenCorrection) => {
    try {
      await entryApi.answer(c.applicationId, c.id, answers[c.id] ?? '');
      message.success(t('marketEntry.apps.answered'));
      await reload();
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('marketEntry.apps.title')}</Typography.Title>
      <Card title={t('marketEntry.apps.corrections')} data-testid="apps-corrections">
        {corrections.length === 0 ? <Typography.Text type="secondary">{t('marketEntry.apps.noCorrections')}</Typography.Text> : (
          <List dataSource={corrections} renderItem={(c) => (
            <List.Item data-testid={`correction-${c.id}`}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text strong>{c.applicationName}</Typography.Text>
                <Alert type="warning" title={c.reason} />
                <Input.TextArea rows={2} data-testid={`correction-answer-${c.id}`} value={answers[c.id] ?? ''} onChange={(e) => setAnswers({ ...answers, [c.id]: e.target.value })} />
                <Button type="primary" data-testid={`correction-submit-${c.id}`} onClick={() => void answer(c)}>{t('marketEntry.apps.answer')}</Button>
              </Space>
            </List.Item>
          )} />
        )}
      </Card>
      <Card title={t('marketEntry.apps.list')} extra={<Link to="/market/guide">{t('marketEntry.apps.new')}</Link>}>
        <Table<ApplicationSummary> rowKey="id" size="small" dataSource={list} data-testid="apps-list" pagination={{ pageSize: 10 }}
          onRow={(a) => ({ onClick: () => setParams({ id: a.id }), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('marketEntry.apps.name'), dataIndex: 'name', key: 'name' },
            { title: t('marketEntry.apps.kind'), key: 'kind', render: (_: unknown, a) => t(`marketEntry.apps.${a.kind}`) },
            { title: t('marketEntry.apps.items'), key: 'items', render: (_: unknown, a) => a.items.length },
            { title: t('marketEntry.apps.status'), key: 'status', render: (_: unknown, a) => <Tag color={STATUS_COLOURS[a.status]}>{t(`marketEntry.status.${a.status}`)}</Tag> },
            { title: t('marketEntry.apps.submitted'), key: 'at', render: (_: unknown, a) => a.submittedAt.slice(0, 16).replace('T', ' ') },
          ]} />
      </Card>
      {detail ? <Detail detail={detail} /> : selected ? null : <Empty description={t('marketEntry.apps.pick')} />}
    </Space>
  );
}

function Detail({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const steps = detail.progress?.steps.filter((s) => s.kind === 'userTask' || s.kind === 'serviceTask') ?? [];
  return (
    <Card title={detail.name} data-testid="apps-detail" extra={<Tag color={STATUS_COLOURS[detail.status]} data-testid="apps-status">{t(`marketEntry.status.${detail.status}`)}</Tag>}>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label="USCC">{detail.uscc ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('marketEntry.apps.submitted')}>{detail.submittedAt.slice(0, 16).replace('T', ' ')}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('marketEntry.apps.routing')}</Typography.Title>
      <Table rowKey="code" size="small" pagination={false} dataSource={detail.items}
        columns={[
          { title: t('market.col.item'), dataIndex: 'name', key: 'name' },
          { title: t('market.col.department'), key: 'dept', render: (_: unknown, i: ApplicationDetail['items'][number]) => (i.window ? t('marketEntry.apps.window', { name: i.departmentName }) : i.departmentName) },
          { title: t('market.col.kind'), key: 'mode', render: (_: unknown, i: ApplicationDetail['items'][number]) => <Tag>{t(`market.mode.${i.mode}`)}</Tag> },
          { title: t('market.col.limit'), key: 'limit', render: (_: unknown, i: ApplicationDetail['items'][number]) => (i.limit === 0 ? t('market.instant') : t('market.days', { count: i.limit })) },
        ]} />
      <Typography.Title level={5}>{t('marketEntry.apps.progress')}</Typography.Title>
      <Table rowKey={(s) => `${s.elementId}-${s.startedAt}-${s.org?.code ?? ''}`} size="small" pagination={false} dataSource={steps} data-testid="apps-progress"
        columns={[
          { title: t('marketEntry.apps.step'), dataIndex: 'name', key: 'name' },
          { title: t('market.col.department'), key: 'org', render: (_: unknown, s) => s.org?.name ?? t('marketEntry.apps.system') },
          { title: t('marketEntry.apps.state'), key: 'state', render: (_: unknown, s) => <Tag color={STEP_COLOURS[s.state]}>{t(`marketEntry.step.${s.state}`)}</Tag> },
          { title: t('marketEntry.apps.deadline'), key: 'deadline', render: (_: unknown, s) => s.deadline?.slice(0, 10) ?? '—' },
        ]} />
      <Typography.Title level={5}>{t('marketEntry.apps.certificates')}</Typography.Title>
      {detail.certificates.length === 0 ? <Typography.Text type="secondary">{t('marketEntry.apps.noCertificates')}</Typography.Text> : (
        <Table<CertificateView> rowKey="certificateNo" size="small" pagination={false} dataSource={detail.certificates} data-testid="apps-certificates"
          columns={[
            { title: t('marketEntry.apps.certificate'), dataIndex: 'itemName', key: 'item' },
            { title: t('marketEntry.apps.no'), dataIndex: 'certificateNo', key: 'no' },
            { title: t('market.col.department'), dataIndex: 'departmentName', key: 'dept' },
            { title: t('marketEntry.apps.status'), key: 'status', render: (_: unknown, c) => <Tag color={c.status === 'valid' ? 'green' : 'red'}>{t(`marketEntry.cert.${c.status}`)}</Tag> },
            { title: '', key: 'links', render: (_: unknown, c) => <Space><a href={entryApi.pdfUrl(c.certificateNo)} target="_blank" rel="noreferrer" data-testid={`cert-pdf-${c.itemCode}`}>PDF</a><a href={entryApi.verifyUrl(c.certificateNo)} target="_blank" rel="noreferrer" data-testid={`cert-verify-${c.itemCode}`}>{t('marketEntry.apps.verify')}</a></Space> },
          ]} />
      )}
    </Card>
  );
}
