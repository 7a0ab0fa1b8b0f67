import { useCallback, useEffect, useState } from 'react';
import { Card, Col, Row, Space, Statistic, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { exitApi, type AgentRow, type DepartmentLoad, type Figures } from './exit-api.ts';

const REFRESH_MS = 30_000;

/** Monitoring for officials: the computed headline figures, each department's load with live warnings, and agent supervision. */
export default function MonitoringPage() {
  const { t } = useTranslation();
  const [figures, setFigures] = useState<Figures | null>(null);
  const [loads, setLoads] = useState<DepartmentLoad[] | null>(null);
  const [agents, setAgents] = useState<AgentRow[]>([]);
  const load = useCallback(async () => {
    const [f, d, a] = await Promise.all([exitApi.figures(), exitApi.departments(), exitApi.supervision().catch(() => [])]);
    setFigures(f);
    setLoads(d);
    setAgents(a);
  }, []);
  useEffect(() => {
    void load().catch(() => undefined);
    // Live: the warnings move as time passes and tasks are handled.
    const timer = setInterval(() => void load().catch(() => undefined), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card title={t('marketExit.monitoring.title')}>
        <Row gutter={16} data-testid="monitoring-figures">
          <Col span={4}><Statistic title={t('marketExit.monitoring.applications')} value={figures?.applications ?? '—'} /></Col>
          <Col span={4}><Statistic title={t('marketExit.monitoring.completed')} value={figures?.completed ?? '—'} /></Col>
          <Col span={4}><Statistic title={t('marketExit.monitoring.itemsHandled')} value={figures?.itemsHandled ?? '—'} /></Col>
          <Col span={4}><Statistic title={t('marketExit.monitoring.companiesServed')} value={figures?.companiesServed ?? '—'} /></Col>
          <Col span={4}><Statistic title={t('marketExit.monitoring.automatic')} value={figures ? (figures.fullyAutomaticShare * 100).toFixed(1) : '—'} suffix="%" /></Col>
          <Col span={4}><Statistic title={t('marketExit.monitoring.exits')} value={figures ? figures.exits.reduce((a, e) => a + e.n, 0) : '—'} /></Col>
        </Row>
      </Card>
      <Card>
        <Table
          data-testid="monitoring-departments" rowKey={(d) => d.org.code} loading={loads === null} dataSource={loads ?? []} pagination={{ pageSize: 20 }} size="small"
          columns={[
            { title: t('marketExit.monitoring.department'), render: (_: unknown, d: DepartmentLoad) => d.org.name },
            { title: t('marketExit.monitoring.open'), dataIndex: 'open' },
            { title: t('marketExit.monitoring.suspended'), dataIndex: 'suspended' },
            { title: t('marketExit.monitoring.yellow'), dataIndex: 'yellow', render: (n: number) => (n ? <Tag color="gold">{n}</Tag> : 0) },
            { title: t('marketExit.monitoring.red'), dataIndex: 'red', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
            { title: t('marketExit.monitoring.limitUsed'), dataIndex: 'avgLimitUsed', render: (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`) },
            { title: t('marketExit.monitoring.finished'), dataIndex: 'finished' },
            { title: t('marketExit.monitoring.avgDays'), dataIndex: 'avgWorkingDays', render: (x: number | null) => x ?? '—' },
            { title: t('marketExit.monitoring.overdue'), dataIndex: 'overdue' },
          ]}
        />
      </Card>
      <Card title={t('marketExit.monitoring.agents')}>
        <Table
          data-testid="monitoring-agents" rowKey="id" dataSource={agents} pagination={false} size="small"
          columns={[
            { title: t('marketExit.monitoring.agent'), dataIndex: 'name' },
            { title: t('marketExit.monitoring.filings'), render: (_: unknown, a: AgentRow) => a.figures.filings },
            { title: t('marketExit.monitoring.returnRate'), render: (_: unknown, a: AgentRow) => `${Math.round(a.figures.returnRate * 100)}%` },
            { title: t('marketExit.monitoring.hoursToCorrect'), render: (_: unknown, a: AgentRow) => a.figures.avgHoursToCorrect ?? '—' },
            { title: t('marketExit.monitoring.complaints'), render: (_: unknown, a: AgentRow) => a.figures.complaints },
            { title: t('marketExit.monitoring.flags'), render: (_: unknown, a: AgentRow) => a.flags.map((f) => <Tag key={f.rule + f.message} color="red">{f.message}</Tag>) },
          ]}
        />
      </Card>
    </Space>
  );
}
