import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, Select, Space, Switch, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { oversightApi, WARNING_KINDS, WARNING_STATUSES, type Warning } from './oversight-api.ts';

const STATUS_COLOURS: Record<string, string> = { open: 'red', investigating: 'orange', resolved: 'green', dismissed: 'default' };
const NEXT: Record<string, string[]> = { open: ['investigating', 'resolved', 'dismissed'], investigating: ['resolved', 'dismissed'], resolved: [], dismissed: [] };

/** The officials' supervision page (监管预警): warnings by status and kind, their evidence and trail, and the steps that resolve them. */
export default function SupervisionPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const zh = i18n.language.startsWith('zh');
  const [status, setStatus] = useState<string>('open');
  const [kind, setKind] = useState<string>('');
  const [items, setItems] = useState<Warning[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Warning | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ status: string; note?: string; holdsPayment: boolean }>();

  const load = useCallback(() => {
    oversightApi.warnings({ status: status || undefined, kind: kind || undefined }).then((a) => setItems(a.items)).catch(setError);
  }, [status, kind]);
  useEffect(load, [load]);

  async function show(w: Warning) {
    try {
      const full = await oversightApi.warning(w.id);
      setOpen(full);
      form.setFieldsValue({ status: NEXT[full.status][0], note: '', holdsPayment: full.holdsPayment });
    } catch (failure) {
      message.error(errorMessage(failure, t));
    }
  }

  async function act(work: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await work();
      message.success(done);
      load();
    } catch (failure) {
      message.error(errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  }

  if (error) return <Alert type="error" showIcon message={errorMessage(error, t)} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('oversight.supervision.title')}</Typography.Title>
      <Card
        title={t('oversight.supervision.list')}
        extra={
          <Space wrap>
            <Select style={{ width: 150 }} value={status} allowClear onClear={() => setStatus('')} onChange={setStatus} data-testid="warning-status-filter"
              options={WARNING_STATUSES.map((s) => ({ value: s, label: t(`oversight.status.${s}`) }))} placeholder={t('oversight.supervision.allStatuses')} />
            <Select style={{ width: 220 }} value={kind || undefined} allowClear onClear={() => setKind('')} onChange={(v: string) => setKind(v ?? '')} data-testid="warning-kind-filter"
              options={WARNING_KINDS.map((k) => ({ value: k, label: t(`oversight.kind.${k}`) }))} placeholder={t('oversight.supervision.allKinds')} />
            <Button loading={busy} data-testid="warning-recheck" onClick={() => void act(async () => {
              const r = await oversightApi.recheck();
              message.info(t('oversight.supervision.rechecked', { checked: r.checked, raised: r.raised }));
            }, t('oversight.supervision.recheckDone'))}>{t('oversight.supervision.recheck')}</Button>
          </Space>
        }
      >
        <Table
          rowKey="id" loading={!items} dataSource={items ?? []} pagination={{ pageSize: 20 }}
          columns={[
            { title: t('oversight.supervision.kind'), key: 'kind', render: (_: unknown, w: Warning) => <Tag color="volcano" data-testid="warning-kind">{t(`oversight.kind.${w.kind}`)}</Tag> },
            { title: t('oversight.supervision.reason'), key: 'reason', render: (_: unknown, w: Warning) => <span data-testid="warning-reason">{zh ? w.reason.zh : w.reason.en}</span> },
            { title: t('oversight.supervision.claim'), key: 'claim', render: (_: unknown, w: Warning) => <Typography.Text code>{w.unitId} · {w.uscc}</Typography.Text> },
            { title: t('oversight.supervision.statusLabel'), key: 'status', render: (_: unknown, w: Warning) => <Space size={4}><Tag color={STATUS_COLOURS[w.status]}>{t(`oversight.status.${w.status}`)}</Tag>{w.holdsPayment && (w.status === 'open' || w.status === 'investigating') && <Tag color="red">{t('oversight.supervision.held')}</Tag>}</Space> },
            { title: t('oversight.supervision.raisedAt'), dataIndex: 'createdAt', key: 'createdAt', render: (at: string) => at.slice(0, 16).replace('T', ' ') },
            { title: '', key: 'open', render: (_: unknown, w: Warning) => <Button size="small" data-testid={`warning-open-${w.kind}`} onClick={() => void show(w)}>{t('oversight.supervision.details')}</Button> },
          ]}
        />
      </Card>
      <Drawer open={open !== null} width={560} title={open ? t(`oversight.kind.${open.kind}`) : ''} onClose={() => setOpen(null)} destroyOnHidden>
        {open && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon message={zh ? open.reason.zh : open.reason.en} />
            <Descriptions column={1} size="small" bordered items={[
              { key: 'claim', label: t('oversight.supervision.claim'), children: `${open.claimId} · ${open.unitId}` },
              { key: 'uscc', label: 'USCC', children: open.uscc },
              { key: 'trigger', label: t('oversight.supervision.trigger'), children: open.trigger },
              { key: 'evidence', label: t('oversight.supervision.evidence'), children: <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="warning-evidence">{JSON.stringify(open.evidence, null, 2)}</pre> },
            ]} />
            <Typography.Title level={5}>{t('oversight.supervision.trail')}</Typography.Title>
            <Timeline items={(open.trail ?? []).map((e) => ({
              color: STATUS_COLOURS[e.to], children: <span data-testid="warning-trail-step">{e.at.slice(0, 16).replace('T', ' ')} · {e.actorName ?? ''} · {t(`oversight.status.${e.to}`)}{e.note ? ` — ${e.note}` : ''}</span>,
            }))} />
            {NEXT[open.status].length > 0 && (
              <Form form={form} layout="vertical" onFinish={(v) => void act(async () => { setOpen(await oversightApi.transition(open.id, v)); }, t('oversight.supervision.saved'))}>
                <Form.Item name="status" label={t('oversight.supervision.next')}><Select data-testid="warning-next" options={NEXT[open.status].map((s) => ({ value: s, label: t(`oversight.status.${s}`) }))} /></Form.Item>
                <Form.Item name="note" label={t('oversight.supervision.note')}><Input.TextArea rows={3} maxLength={2000} data-testid="warning-note" /></Form.Item>
                <Form.Item name="holdsPayment" label={t('oversight.supervision.holdPayment')} valuePropName="checked"><Switch /></Form.Item>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="warning-submit">{t('oversight.supervision.submit')}</Button>
              </Form>
            )}
          </Space>
        )}
      </Drawer>
    </Space>
  );
}
