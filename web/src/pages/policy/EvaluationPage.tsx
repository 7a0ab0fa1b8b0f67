import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { BoxplotChart, LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { EChart } from '../cockpit/EChart.tsx';
import { oversightApi, type EvaluationQuery, type EvaluationReport, type StoredUnit } from './oversight-api.ts';

echarts.use([LineChart, BoxplotChart, MarkLineComponent]);

const OUTCOMES = ['revenue', 'employees', 'tax_paid', 'rd_spend'] as const;
const num = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? '—' : x.toLocaleString(undefined, { maximumFractionDigits: digits }));

/** Policy evaluation (政策评估): beneficiaries against matched non-beneficiaries, difference-in-differences with its interval, charts and exports. */
export default function EvaluationPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const zh = i18n.language.startsWith('zh');
  const [units, setUnits] = useState<StoredUnit[]>([]);
  const [query, setQuery] = useState<EvaluationQuery | null>(null);
  const [report, setReport] = useState<EvaluationReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => { oversightApi.units().then((a) => setUnits(a.items)).catch(setFailure); }, []);

  async function run(values: { unitId: string; outcome: string; treatStart?: string; industry?: 'section' | 'division' }) {
    const q: EvaluationQuery = { unitId: values.unitId, outcome: values.outcome, treatStart: values.treatStart || undefined, industry: values.industry };
    setBusy(true);
    setFailure(null);
    try {
      setReport(await oversightApi.evaluate(q));
      setQuery(q);
    } catch (e) {
      setReport(null);
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  const charts = useMemo(() => {
    if (!report) return null;
    const r = report.result;
    const trends: EChartsCoreOption = {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('oversight.evaluation.treated'), t('oversight.evaluation.control')] },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: r.series.map((s) => s.period) },
      yAxis: { type: 'value', scale: true },
      series: [
        { name: t('oversight.evaluation.treated'), type: 'line', data: r.series.map((s) => s.treated), markLine: { symbol: 'none', label: { formatter: t('oversight.evaluation.treatStart') }, data: [{ xAxis: report.treatStart }] } },
        { name: t('oversight.evaluation.control'), type: 'line', lineStyle: { type: 'dashed' }, data: r.series.map((s) => s.control) },
      ],
    };
    const [lo, hi] = r.ci95;
    const effect: EChartsCoreOption = {
      tooltip: { trigger: 'item' },
      grid: { left: 120, right: 30, top: 20, bottom: 30 },
      xAxis: { type: 'value', scale: true },
      yAxis: { type: 'category', data: [t('oversight.evaluation.att')] },
      series: [{ type: 'boxplot', data: lo === null || hi === null || r.att === null ? [] : [[lo, lo, r.att, hi, hi]], markLine: { symbol: 'none', data: [{ xAxis: 0 }] } }],
    };
    return { trends, effect };
  }, [report, t]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('oversight.evaluation.title')}</Typography.Title>
      {failure !== null && <Alert type="error" showIcon message={errorMessage(failure, t)} />}
      <Card>
        <Form layout="inline" onFinish={(v) => void run(v)} initialValues={{ outcome: 'revenue', industry: 'division' }}>
          <Form.Item name="unitId" label={t('oversight.evaluation.unit')} rules={[{ required: true, message: t('policy.forMe.required') }]}>
            <Select style={{ width: 260 }} showSearch optionFilterProp="label" data-testid="evaluation-unit" options={units.map((u) => ({ value: u.id, label: zh ? u.title.zh : u.title.en }))} />
          </Form.Item>
          <Form.Item name="outcome" label={t('oversight.evaluation.outcome')}>
            <Select style={{ width: 160 }} data-testid="evaluation-outcome" options={OUTCOMES.map((o) => ({ value: o, label: t(`oversight.outcome.${o}`) }))} />
          </Form.Item>
          <Form.Item name="treatStart" label={t('oversight.evaluation.treatStart')} rules={[{ pattern: /^\d{4}$/, message: t('oversight.evaluation.yearRule') }]}>
            <Input style={{ width: 90 }} placeholder="2024" />
          </Form.Item>
          <Form.Item name="industry" label={t('oversight.evaluation.industry')}>
            <Select style={{ width: 120 }} options={[{ value: 'division', label: t('oversight.evaluation.division') }, { value: 'section', label: t('oversight.evaluation.section') }]} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="evaluation-run">{t('oversight.evaluation.run')}</Button>
        </Form>
      </Card>
      {report && charts && query && (
        <>
          <Row gutter={16}>
            <Col span={6}><Card><Statistic title={t('oversight.evaluation.att')} value={num(report.result.att)} /></Card></Col>
            <Col span={6}><Card><Statistic title={t('oversight.evaluation.ci')} value={`${num(report.result.ci95[0])} ~ ${num(report.result.ci95[1])}`} /></Card></Col>
            <Col span={6}><Card><Statistic title={t('oversight.evaluation.samples')} value={`${report.result.treated} / ${report.result.controls}`} /></Card></Col>
            <Col span={6}><Card><Statistic title="p" value={num(report.result.p, 4)} /></Card></Col>
          </Row>
          <Card title={t('oversight.evaluation.trends')} extra={<Space>
            <Button href={oversightApi.exportUrl(query, 'csv')} data-testid="evaluation-csv">CSV</Button>
            <Button href={oversightApi.exportUrl(query, 'xlsx')}>XLSX</Button>
          </Space>}>
            <EChart option={charts.trends} height={320} testId="evaluation-trends" />
          </Card>
          <Card title={t('oversight.evaluation.effect')}>
            <EChart option={charts.effect} height={140} testId="evaluation-effect" />
            <Typography.Paragraph type="secondary">{t('oversight.evaluation.method', { before: report.result.before.join('、'), after: report.result.after.join('、'), unmatched: report.result.unmatchedTreated })}</Typography.Paragraph>
          </Card>
          <Card title={t('oversight.evaluation.cells')}>
            <Table rowKey="cell" size="small" dataSource={report.result.cells} pagination={{ pageSize: 10 }} columns={[
              { title: t('oversight.evaluation.cell'), dataIndex: 'cell', key: 'cell' },
              { title: t('oversight.evaluation.treated'), dataIndex: 'treated', key: 'treated' },
              { title: t('oversight.evaluation.control'), dataIndex: 'controls', key: 'controls' },
              { title: t('oversight.evaluation.deltaTreated'), dataIndex: 'deltaTreated', key: 'dt', render: (x: number) => num(x) },
              { title: t('oversight.evaluation.deltaControl'), dataIndex: 'deltaControl', key: 'dc', render: (x: number) => num(x) },
            ]} />
          </Card>
        </>
      )}
    </Space>
  );
}
