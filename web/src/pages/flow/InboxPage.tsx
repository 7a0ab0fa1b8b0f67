import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { formatTime } from './bpmn.ts';
import { flowApi, orgName, type InboxItem } from './flow-api.ts';
import { SchemaForm } from './SchemaForm.tsx';
import { CLAIM_REVIEW_PREFIX, ClaimReviewPanel } from '../policy/ClaimReviewPanel.tsx';
import { effectiveWarning, WARNING_COLOURS } from '../../../../src/kernel/time-limit.ts';

/** The officials' inbox: tasks routed to their organisation and role, by deadline, with warning colours; claim, complete, return, delegate. */
export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [completing, setCompleting] = useState<InboxItem | null>(null);
  const [returning, setReturning] = useState<InboxItem | null>(null);
  const [delegating, setDelegating] = useState<InboxItem | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const [delegateForm] = Form.useForm<{ to: string }>();

  const load = useCallback(() => {
    flowApi.inbox().then((answer) => setItems(answer.items)).catch(setError);
  }, []);
  useEffect(load, [load]);

  async function act(work: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await work();
      message.success(done);
      setCompleting(null);
      setReturning(null);
      setDelegating(null);
      load();
    } catch (failure) {
      message.error(errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  }

  const columns = [
    {
      title: t('flow.inbox.warning'), dataIndex: 'warning', key: 'warning', width: 90,
      // The server's level, turned red here too when the deadline passes while the page is open.
      render: (_: InboxItem['warning'], item: InboxItem) => { const w = effectiveWarning(item, new Date()); return item.state === 'suspended' ? <Tag>{t('flow.state.suspended')}</Tag> : <Tag color={WARNING_COLOURS[w]} data-testid="task-warning">{t(`flow.warning.${w}`)}</Tag>; },
    },
    { title: t('flow.inbox.task'), dataIndex: 'name', key: 'name', render: (name: string | null, item: InboxItem) => <span data-testid="task-name">{name ?? item.elementId}</span> },
    { title: t('flow.inbox.application'), key: 'title', render: (_: unknown, item: InboxItem) => <Space direction="vertical" size={0}><span>{item.title}</span><Typography.Text type="secondary">{item.processName} · {item.applicantName}</Typography.Text></Space> },
    { title: t('flow.inbox.org'), key: 'org', render: (_: unknown, item: InboxItem) => orgName(item.org, i18n.language) },
    { title: t('flow.inbox.deadline'), dataIndex: 'dueAt', key: 'dueAt', render: (due: string | null) => <span data-testid="task-deadline">{due ? formatTime(due, i18n.language) : t('flow.inbox.noDeadline')}</span> },
    { title: t('flow.inbox.assignee'), key: 'assignee', render: (_: unknown, item: InboxItem) => item.assignee?.name ?? '' },
    {
      title: t('flow.inbox.actions'), key: 'actions',
      render: (_: unknown, item: InboxItem) => (
        <Space wrap>
          {item.mine && !item.assignee && <Button size="small" data-testid="task-claim" onClick={() => void act(() => flowApi.claim(item.id), t('flow.inbox.claimed'))}>{t('flow.inbox.claim')}</Button>}
          {item.mine && item.state === 'open' && (
            <Button size="small" type="primary" data-testid="task-complete" onClick={() => { form.resetFields(); setCompleting(item); }}>{t('flow.inbox.complete')}</Button>
          )}
          {item.mine && item.state === 'open' && <Button size="small" data-testid="task-return" onClick={() => { reasonForm.resetFields(); setReturning(item); }}>{t('flow.inbox.return')}</Button>}
          {item.mine && <Button size="small" onClick={() => { delegateForm.resetFields(); setDelegating(item); }}>{t('flow.inbox.delegate')}</Button>}
          <Link to={`/flow/instance?id=${encodeURIComponent(item.instanceId)}`} data-testid="task-view">{t('flow.inbox.view')}</Link>
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('flow.inbox.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('flow.inbox.hint')}</Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon message={errorMessage(error, t)} />}
      <Table<InboxItem>
        data-testid="inbox-table" rowKey="id" loading={items === null && error === null} dataSource={items ?? []} columns={columns} pagination={{ pageSize: 20 }}
        rowClassName={(item) => (item.state === 'open' && item.warning !== 'none' ? `flow-warning-${item.warning}` : '')}
        expandable={{ rowExpandable: (item) => item.correction !== null, expandedRowRender: (item) => <span>{t('flow.inbox.waitingCorrection', { reason: item.correction?.reason ?? '' })}</span> }}
        scroll={{ x: 900 }}
      />
      <Modal open={completing !== null} title={`${t('flow.inbox.complete')} · ${completing?.name ?? ''}`} okText={t('flow.inbox.submit')} confirmLoading={busy} onOk={() => form.submit()} onCancel={() => setCompleting(null)} destroyOnHidden>
        {completing && (
          <>
            <Typography.Paragraph type="secondary">{completing.title} · {completing.applicantName}</Typography.Paragraph>
            {completing.processKey.startsWith(CLAIM_REVIEW_PREFIX) && <ClaimReviewPanel instanceId={completing.instanceId} />}
            <SchemaForm schema={completing.form} form={form} onFinish={(data) => void act(() => flowApi.complete(completing.id, data), t('flow.inbox.completed'))} />
          </>
        )}
      </Modal>
      <Modal open={returning !== null} title={t('flow.inbox.returnTitle')} okText={t('flow.inbox.submit')} confirmLoading={busy} onOk={() => reasonForm.submit()} onCancel={() => setReturning(null)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('flow.inbox.returnHint')}</Typography.Paragraph>
        <Form form={reasonForm} layout="vertical" onFinish={({ reason }) => returning && void act(() => flowApi.returnTask(returning.id, reason), t('flow.inbox.returned'))}>
          <Form.Item name="reason" label={t('flow.inbox.reason')} rules={[{ required: true, min: 2, message: t('flow.inbox.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="return-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={delegating !== null} title={t('flow.inbox.delegate')} okText={t('flow.inbox.submit')} confirmLoading={busy} onOk={() => delegateForm.submit()} onCancel={() => setDelegating(null)} destroyOnHidden>
        <Form form={delegateForm} layout="vertical" onFinish={({ to }) => delegating && void act(() => flowApi.delegate(delegating.id, to), t('flow.inbox.delegated'))}>
          <Form.Item name="to" label={t('flow.inbox.delegateTo')} rules={[{ required: true, message: t('flow.inbox.fieldRequired') }]}>
            <Input maxLength={40} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
