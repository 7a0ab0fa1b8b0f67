import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, InputNumber, Space, Table, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { exitApi, formatTime, type ExitCaseView, type ForcedCandidate } from './exit-api.ts';

/** The officials' side of exit: the district's deregistration cases, and forced deregistration (candidates from the mirror's rules, opening a case). */
export default function ExitCasesPage() {
  const { t } = useTranslation();
  const [cases, setCases] = useState<ExitCaseView[] | null>(null);
  const [years, setYears] = useState(2);
  const [candidates, setCandidates] = useState<ForcedCandidate[] | null>(null);
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const load = useCallback(() => exitApi.cases().then(setCases, () => setCases([])), []);
  useEffect(() => void load(), [load]);
  const select = async () => setCandidates(await exitApi.candidates(years));
  const open = async (c: ForcedCandidate) => {
    setMessage(null);
    try {
      const opened = await exitApi.openForced(c.uscc, c.reasons.map((r) => r.facts.join('；')).join('；').slice(0, 500));
      setMessage({ type: 'success', text: `${c.name}：${opened.noticeNo}` });
      await load();
    } catch (e) {
      if (e instanceof ApiError) setMessage({ type: 'error', text: e.message });
    }
  };

  return (
    <Card title={t('marketExit.cases.title')}>
      {message && <Alert showIcon type={message.type} message={message.text} style={{ marginBottom: 16 }} data-testid="cases-message" />}
      <Tabs
        items={[
          {
            key: 'cases', label: t('marketExit.cases.title'),
            children: (
              <Table
                data-testid="exit-cases" rowKey="id" loading={cases === null} dataSource={cases ?? []} size="small"
                columns={[
                  { title: t('marketExit.notices.company'), dataIndex: 'companyName' },
                  { title: t('marketExit.cases.kind'), dataIndex: 'kind', render: (k: string) => t(`marketExit.kind.${k}`) },
                  { title: t('marketExit.exit.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`marketExit.status.${s}`)}</Tag> },
                  { title: t('marketExit.exit.noticeNo'), dataIndex: 'noticeNo' },
                  { title: t('marketExit.exit.noticeEnds'), dataIndex: 'noticeEndsAt', render: (x: string | null) => formatTime(x) },
                  { title: t('marketExit.cases.reason'), dataIndex: 'statusReason' },
                ]}
              />
            ),
          },
          {
            key: 'forced', label: t('marketExit.cases.forced'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space>
                  {t('marketExit.cases.inactiveYears')}
                  <InputNumber min={1} max={10} value={years} onChange={(v) => setYears(v ?? 2)} />
                  <Button data-testid="forced-select" onClick={() => void select()}>{t('marketExit.cases.select')}</Button>
                </Space>
                <Table
                  data-testid="forced-candidates" rowKey="uscc" loading={candidates === null ? false : undefined} dataSource={candidates ?? []} size="small"
                  columns={[
                    { title: t('marketExit.notices.company'), dataIndex: 'name' },
                    { title: t('marketExit.notices.uscc'), dataIndex: 'uscc' },
                    { title: t('marketExit.cases.reason'), render: (_: unknown, c: ForcedCandidate) => c.reasons.map((r) => <div key={r.rule}><Tag color="red">{t(`marketExit.forced.${r.rule}`)}</Tag>{r.facts.join('；')}</div>) },
                    { title: '', render: (_: unknown, c: ForcedCandidate) => <Button danger onClick={() => void open(c)}>{t('marketExit.cases.openForced')}</Button> },
                  ]}
                />
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
