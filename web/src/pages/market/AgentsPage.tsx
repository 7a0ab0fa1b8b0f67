import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useMe } from '../../auth/context.ts';
import { exitApi, type Authorisation } from './exit-api.ts';

const SCOPES = ['registration', 'change', 'deregistration', 'licence'];

/** What the range picker gives back (a date object that formats itself). */
type DateValue = { format(pattern: string): string };

/** Registration agents: an agent registers its organisation; a company signs and revokes authorisations; both see them. */
export default function AgentsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [agents, setAgents] = useState<Array<{ id: string; name: string; uscc: string }>>([]);
  const [auths, setAuths] = useState<Authorisation[]>([]);
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const load = useCallback(async () => {
    setAgents(await exitApi.agents());
    setAuths(await exitApi.authorisations().catch(() => []));
  }, []);
  useEffect(() => void load().catch(() => undefined), [load]);
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setMessage(null);
    try {
      await fn();
      setMessage({ type: 'success', text: ok });
      await load();
    } catch (e) {
      if (e instanceof ApiError) setMessage({ type: 'error', text: e.details.errors?.map((f) => f.message).join('；') || e.message });
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {message && <Alert showIcon type={message.type} message={message.text} data-testid="agents-message" />}
      {me.role === 'agent' && (
        <Card title={t('marketExit.agents.register')}>
          <Form layout="inline" onFinish={(v: { name: string; uscc: string; phone: string; address: string }) => void run(() => exitApi.registerAgent(v), t('marketExit.agents.registered'))}>
            <Form.Item name="name" rules={[{ required: true, min: 4 }]}><Input placeholder={t('marketExit.agents.name')} /></Form.Item>
            <Form.Item name="uscc" rules={[{ required: true, len: 18 }]}><Input placeholder={t('marketExit.notices.uscc')} /></Form.Item>
            <Form.Item name="phone" rules={[{ required: true }]}><Input placeholder={t('marketExit.agents.phone')} /></Form.Item>
            <Form.Item name="address" rules={[{ required: true, min: 5 }]}><Input placeholder={t('marketExit.agents.address')} /></Form.Item>
            <Button htmlType="submit" type="primary">{t('marketExit.agents.register')}</Button>
          </Form>
        </Card>
      )}
      {me.role === 'enterprise' && (
        <Card title={t('marketExit.agents.authorise')}>
          <Form
            layout="vertical" style={{ maxWidth: 520 }}
            onFinish={(v: { agentId: string; scope: string[]; period: [DateValue, DateValue]; signerName: string }) =>
              void run(() => exitApi.authorise({ agentId: v.agentId, scope: v.scope, validFrom: v.period[0].format('YYYY-MM-DD'), validUntil: v.period[1].format('YYYY-MM-DD'), signerName: v.signerName }), t('marketExit.agents.signed'))}
          >
            <Form.Item name="agentId" label={t('marketExit.monitoring.agent')} rules={[{ required: true }]}><Select options={agents.map((a) => ({ value: a.id, label: `${a.name}（${a.uscc}）` }))} /></Form.Item>
            <Form.Item name="scope" label={t('marketExit.agents.scope')} rules={[{ required: true }]}><Checkbox.Group options={SCOPES.map((s) => ({ value: s, label: t(`marketExit.scope.${s}`) }))} /></Form.Item>
            <Form.Item name="period" label={t('marketExit.agents.period')} rules={[{ required: true }]}><DatePicker.RangePicker /></Form.Item>
            <Form.Item name="signerName" label={t('marketExit.agents.signer')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
            <Button htmlType="submit" type="primary">{t('marketExit.agents.sign')}</Button>
          </Form>
        </Card>
      )}
      <Card title={t('marketExit.agents.authorisations')}>
        <Table
          rowKey="id" dataSource={auths} size="small" data-testid="agents-authorisations"
          columns={[
            { title: t('marketExit.notices.uscc'), dataIndex: 'uscc' },
            { title: t('marketExit.agents.scope'), dataIndex: 'scope', render: (s: string[]) => s.map((x) => <Tag key={x}>{t(`marketExit.scope.${x}`)}</Tag>) },
            { title: t('marketExit.agents.period'), render: (_: unknown, a: Authorisation) => `${a.validFrom} — ${a.validUntil}` },
            { title: t('marketExit.agents.signer'), dataIndex: 'signerName' },
            { title: t('marketExit.exit.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(`marketExit.agents.${s}`)}</Tag> },
            { title: '', render: (_: unknown, a: Authorisation) => (me.role === 'enterprise' && a.status === 'active' ? <Button size="small" onClick={() => void run(() => exitApi.revoke(a.id), t('marketExit.agents.revokedDone'))}>{t('marketExit.agents.revoke')}</Button> : null) },
          ]}
        />
      </Card>
    </Space>
  );
}
