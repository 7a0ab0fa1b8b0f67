import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Input, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useMe } from '../../auth/context.ts';
import { exitApi, formatTime, type ExitCaseView, type ExitCondition } from './exit-api.ts';
import { GeneralExitCard, LiquidationReportForm } from './GeneralExitCard.tsx';

const STATUS_COLOR: Record<string, string> = { notice: 'blue', objected: 'red', cancelling: 'orange', closed: 'green', rejected: 'red', valid: 'green', cancelled: 'default', deregistered: 'default', active: 'green' };

/** The company's deregistration: the conditions checked from data, applying, and its cases with their permits. */
export default function ExitPage() {
  const { t } = useTranslation();
  const me = useMe();
  // An agent names the company it acts for (under a signed authorisation); a company acts for itself.
  const [client, setClient] = useState('');
  const [check, setCheck] = useState<{ eligible: boolean; conditions: ExitCondition[] } | null>(null);
  const [commitment, setCommitment] = useState(false);
  const [cases, setCases] = useState<ExitCaseView[]>([]);
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const loadCases = useCallback(async () => {
    const list = await exitApi.cases();
    setCases(await Promise.all(list.map((c) => exitApi.caseView(c.id))));
  }, []);
  useEffect(() => void loadCases().catch(() => undefined), [loadCases]);

  const runCheck = async () => {
    setMessage(null);
    try {
      setCheck(await exitApi.eligibility(me.role === 'agent' ? client.trim() : undefined));
    } catch (e) {
      setCheck(null);
      if (e instanceof ApiError) setMessage({ type: 'error', text: e.message });
    }
  };
  const apply = async () => {
    setMessage(null);
    try {
      const c = await exitApi.applySimplified(commitment, me.role === 'agent' ? client.trim() : undefined);
      setMessage({ type: 'success', text: t('marketExit.exit.applied', { no: c.noticeNo }) });
      await loadCases();
    } catch (e) {
      if (e instanceof ApiError) setMessage({ type: 'error', text: e.details.errors?.map((f) => f.message).join('；') || e.message });
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card title={t('marketExit.exit.title')}>
        <Typography.Paragraph>{t('marketExit.exit.intro')}</Typography.Paragraph>
        <Space>
          {me.role === 'agent' && <Input data-testid="exit-client" style={{ width: 260 }} placeholder={t('marketExit.notices.uscc')} value={client} onChange={(e) => setClient(e.target.value)} />}
          <Button data-testid="exit-check" onClick={() => void runCheck()}>{t('marketExit.exit.check')}</Button>
        </Space>
        {check && (
          <>
            <Alert style={{ margin: '16px 0' }} showIcon type={check.eligible ? 'success' : 'warning'} data-testid="exit-eligibility" message={t(check.eligible ? 'marketExit.exit.eligible' : 'marketExit.exit.ineligible')} />
            <Table
              size="small" rowKey="code" pagination={false} dataSource={check.conditions} data-testid="exit-conditions"
              columns={[
                { title: t('marketExit.exit.condition'), dataIndex: 'label' },
                { title: t('marketExit.exit.result'), render: (_: unknown, c: ExitCondition) => <Tag color={c.passed ? 'green' : 'red'}>{c.passed ? t('marketExit.exit.passed') : c.finding}</Tag> },
                { title: t('marketExit.exit.source'), dataIndex: 'source' },
                { title: t('marketExit.exit.date'), dataIndex: 'date' },
              ]}
            />
            {check.eligible && (
              <Space direction="vertical" style={{ marginTop: 16 }}>
                <Checkbox data-testid="exit-commitment" checked={commitment} onChange={(e) => setCommitment(e.target.checked)}>{t('marketExit.exit.commitment')}</Checkbox>
                <Button type="primary" data-testid="exit-apply" disabled={!commitment} onClick={() => void apply()}>{t('marketExit.exit.apply')}</Button>
              </Space>
            )}
          </>
        )}
        {message && <Alert style={{ marginTop: 16 }} showIcon type={message.type} message={message.text} data-testid="exit-message" />}
      </Card>
      {check && !check.eligible && me.role === 'enterprise' && <GeneralExitCard onDone={() => void loadCases()} />}
      <Card title={t('marketExit.exit.cases')}>
        {cases.map((c) => (
          <Card key={c.id} type="inner" style={{ marginBottom: 12 }} data-testid="exit-case" title={`${t(`marketExit.kind.${c.kind}`)} · ${c.companyName}`} extra={<Tag data-testid="exit-case-status" color={STATUS_COLOR[c.status]}>{t(`marketExit.status.${c.status}`)}</Tag>}>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('marketExit.exit.noticeNo')}><span data-testid="exit-notice-no">{c.noticeNo ?? '—'}</span></Descriptions.Item>
              <Descriptions.Item label={t('marketExit.exit.noticeEnds')}>{formatTime(c.noticeEndsAt)}</Descriptions.Item>
              <Descriptions.Item label={t('marketExit.notices.company')}><Tag data-testid="exit-company-status" color={STATUS_COLOR[c.companyStatus ?? '']}>{t(`marketExit.status.${c.companyStatus ?? 'active'}`)}</Tag></Descriptions.Item>
            </Descriptions>
            {c.statusReason && <Alert type="warning" showIcon message={c.statusReason} description={c.advice} style={{ marginBottom: 12 }} />}
            {c.kind === 'general' && c.status === 'report' && <LiquidationReportForm exitCase={c} onDone={() => void loadCases()} />}
            <Table
              size="small" rowKey="certificateNo" pagination={false} dataSource={c.permits ?? []} data-testid="exit-permits"
              columns={[
                { title: t('marketExit.exit.certificateNo'), dataIndex: 'certificateNo' },
                { title: t('marketExit.exit.item'), dataIndex: 'itemCode' },
                { title: t('marketExit.exit.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(`marketExit.status.${s}`)}</Tag> },
              ]}
            />
          </Card>
        ))}
      </Card>
    </Space>
  );
}
