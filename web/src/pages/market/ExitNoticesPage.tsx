import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { exitApi, formatTime, type PublicNotice } from './exit-api.ts';

/** The public list of deregistration notices (no login), with the online objection form. */
export default function ExitNoticesPage() {
  const { t } = useTranslation();
  const [notices, setNotices] = useState<PublicNotice[] | null>(null);
  const [target, setTarget] = useState<PublicNotice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; contact: string; reason: string }>();
  const load = useCallback(() => exitApi.notices().then(setNotices, () => setNotices([])), []);
  useEffect(() => void load(), [load]);

  const submit = async () => {
    if (!target) return;
    setError(null);
    try {
      const answer = await exitApi.object(target.noticeNo, await form.validateFields());
      setDone(answer.message);
      setTarget(null);
      form.resetFields();
      await load();
    } catch (e) {
      if (e instanceof ApiError) setError(e.details.errors?.map((f) => f.message).join('；') || e.message);
    }
  };

  return (
    <Card title={t('marketExit.notices.title')}>
      <Typography.Paragraph>{t('marketExit.notices.intro')}</Typography.Paragraph>
      {done && <Alert type="success" showIcon message={t('marketExit.notices.submitted')} description={done} data-testid="objection-done" style={{ marginBottom: 16 }} />}
      <Table
        data-testid="notices-table" rowKey="noticeNo" loading={notices === null} dataSource={notices ?? []} pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('marketExit.notices.empty') }}
        columns={[
          { title: t('marketExit.exit.noticeNo'), dataIndex: 'noticeNo' },
          { title: t('marketExit.notices.company'), dataIndex: 'companyName' },
          { title: t('marketExit.notices.uscc'), dataIndex: 'uscc' },
          { title: t('marketExit.exit.status'), dataIndex: 'kind', render: (k: string) => t(`marketExit.kind.${k}`) },
          { title: t('marketExit.notices.period'), render: (_: unknown, n: PublicNotice) => `${formatTime(n.startsAt)} — ${formatTime(n.endsAt)}` },
          { title: '', render: (_: unknown, n: PublicNotice) => <Button data-testid="notice-object" onClick={() => { setTarget(n); setError(null); setDone(null); }}>{t('marketExit.notices.object')}</Button> },
        ]}
      />
      <Modal open={target !== null} title={`${t('marketExit.notices.object')}：${target?.companyName ?? ''}`} onCancel={() => setTarget(null)} onOk={() => void submit()} okText={t('marketExit.notices.submit')}>
        {error && <Alert type="error" showIcon message={error} data-testid="objection-error" style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('marketExit.notices.name')} rules={[{ required: true, min: 2, max: 100 }]}><Input data-testid="objection-name" /></Form.Item>
          <Form.Item name="contact" label={t('marketExit.notices.contact')} rules={[{ required: true, min: 5, max: 100 }]}><Input data-testid="objection-contact" /></Form.Item>
          <Form.Item name="reason" label={t('marketExit.notices.reason')} rules={[{ required: true, min: 10, max: 1000 }]}><Input.TextArea rows={4} data-testid="objection-reason" /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
