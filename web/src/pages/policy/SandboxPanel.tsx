import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Card, Col, Empty, Row, Space, Statistic, Tag, Typography } from 'antd';
import { HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { formatCount, formatFen } from '../../format.ts';
import { EChart } from '../cockpit/EChart.tsx';
import { codeLabel } from './attribute-inputs.tsx';
import { draftsApi, type Attribute, type SandboxAnswer } from './drafts-api.ts';

// The cockpit's chart registers bars, grid, legend and tooltip; the breakdown adds the heatmap.
echarts.use([HeatmapChart, VisualMapComponent]);

/** How long the panel waits after the last edit before asking the sandbox again. */
const DEBOUNCE_MS = 500;

interface Props {
  /** The draft's document; null while it does not validate (the panel keeps its last figures). */
  unit: Record<string, unknown> | null;
  /** The version in force of the same unit, for the cost delta (null: a new unit). */
  published: Record<string, unknown> | null;
  attributes: Attribute[];
}

/**
 * The sandbox beside the editor: beneficiaries, total cost, the industry × district breakdown
 * (bars per district, a heatmap of both) and the difference from the version in force — asked
 * again, debounced, whenever the draft changes. Shows the round-trip time of each answer.
 */
export function SandboxPanel({ unit, published, attributes }: Props) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const [answer, setAnswer] = useState<SandboxAnswer | null>(null);
  const [baseTotal, setBaseTotal] = useState<number | null>(null);
  const [latency, setLatency] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);
  const key = unit ? JSON.stringify(unit) : null;
  const publishedKey = published ? JSON.stringify(published) : null;

  useEffect(() => {
    if (!key) return;
    const id = ++asked.current;
    const timer = setTimeout(() => {
      const started = performance.now();
      setBusy(true);
      draftsApi.sandbox(JSON.parse(key)).then((a) => {
        if (id !== asked.current) return;
        setLatency(Math.round(performance.now() - started));
        setAnswer(a);
        setError(null);
      }).catch((e: unknown) => { if (id === asked.current) setError(e); }).finally(() => { if (id === asked.current) setBusy(false); });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);

  useEffect(() => {
    if (!publishedKey) { setBaseTotal(null); return; }
    draftsApi.sandbox(JSON.parse(publishedKey)).then((a) => setBaseTotal(a.totalFen)).catch(() => setBaseTotal(null));
  }, [publishedKey]);

  const district = attributes.find((a) => a.key === 'district');
  const industry = attributes.find((a) => a.key === 'industry');
  const charts = useMemo(() => {
    const cells = answer?.breakdown?.cells ?? [];
    if (cells.length === 0) return null;
    const districts = [...new Set(cells.map((c) => c.b ?? '-'))].sort();
    const industries = [...new Set(cells.map((c) => c.a ?? '-'))].sort();
    const dLabel = (c: string) => codeLabel(district, c, zh).replace(/ \(\d+\)$/, '');
    const perDistrict = districts.map((d) => cells.filter((c) => (c.b ?? '-') === d).reduce((s, c) => ({ count: s.count + c.count, fen: s.fen + c.totalFen }), { count: 0, fen: 0 }));
    const bars: EChartsCoreOption = {
      tooltip: { trigger: 'axis' }, legend: { data: [t('drafting.sandbox.count'), t('drafting.sandbox.costWan')] }, grid: { left: 50, right: 50, bottom: 60, top: 30 },
      xAxis: { type: 'category', data: districts.map(dLabel), axisLabel: { rotate: 30 } },
      yAxis: [{ type: 'value', name: t('drafting.sandbox.count') }, { type: 'value', name: t('drafting.sandbox.costWan') }],
      series: [
        { name: t('drafting.sandbox.count'), type: 'bar', data: perDistrict.map((p) => p.count) },
        { name: t('drafting.sandbox.costWan'), type: 'bar', yAxisIndex: 1, data: perDistrict.map((p) => Math.round(p.fen / 100) / 10_000) },
      ],
    };
    const max = Math.max(...cells.map((c) => c.count));
    const heat: EChartsCoreOption = {
      tooltip: { position: 'top' }, grid: { left: 150, right: 20, bottom: 70, top: 10 },
      xAxis: { type: 'category', data: districts.map(dLabel), axisLabel: { rotate: 30 } },
      yAxis: { type: 'category', data: industries.map((c) => codeLabel(industry, c, zh)), axisLabel: { width: 140, overflow: 'truncate' } },
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 80 },
      series: [{ type: 'heatmap', data: cells.map((c) => [districts.indexOf(c.b ?? '-'), industries.indexOf(c.a ?? '-'), c.count]) }],
    };
    return { bars, heat, industries: industries.length };
  }, [answer, district, industry, zh, t]);

  const delta = answer && baseTotal !== null ? answer.totalFen - baseTotal : null;
  return (
    <Card title={t('drafting.sandbox.title')} size="small" extra={<Space>{busy && <Tag color="processing">{t('drafting.sandbox.running')}</Tag>}{latency !== null && <Tag data-testid="sandbox-latency">{t('drafting.sandbox.latency', { ms: latency })}</Tag>}</Space>}>
      {!unit && <Alert type="warning" showIcon message={t('drafting.sandbox.invalid')} style={{ marginBottom: 8 }} />}
      {Boolean(error) && <Alert type="error" showIcon message={errorMessage(error, t)} style={{ marginBottom: 8 }} />}
      {!answer ? <Empty description={t('drafting.sandbox.waiting')} /> : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Row gutter={12}>
            <Col span={8}><Statistic title={t('drafting.sandbox.count')} value={formatCount(answer.count)} valueRender={(v) => <span data-testid="sandbox-count">{v}</span>} /></Col>
            <Col span={8}><Statistic title={t('drafting.sandbox.total')} value={formatFen(answer.totalFen)} valueRender={(v) => <span data-testid="sandbox-total">{v}</span>} /></Col>
            <Col span={8}><Statistic title={t('drafting.sandbox.population')} value={formatCount(answer.population)} /></Col>
          </Row>
          <Typography.Text type="secondary">{t('drafting.sandbox.asOf', { day: answer.asOf })}</Typography.Text>
          {answer.diff ? (
            <Card size="small" type="inner" title={t('drafting.sandbox.diff', { version: answer.diff.replaces })} data-testid="sandbox-diff">
              <Space wrap>
                <Tag color="green">{t('drafting.sandbox.gained', { count: answer.diff.gained })}</Tag>
                <Tag color="red">{t('drafting.sandbox.lost', { count: answer.diff.lost })}</Tag>
                <Tag>{t('drafting.sandbox.kept', { count: answer.diff.kept })}</Tag>
                {delta !== null && <Tag color={delta > 0 ? 'orange' : 'blue'} data-testid="sandbox-delta">{t('drafting.sandbox.delta', { amount: `${delta >= 0 ? '+' : '−'}${formatFen(Math.abs(delta))}` })}</Tag>}
              </Space>
              {answer.diff.gainedSample.length > 0 && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('drafting.sandbox.gainedSample')}{answer.diff.gainedSample.slice(0, 5).join(', ')}</Typography.Paragraph>}
              {answer.diff.lostSample.length > 0 && <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('drafting.sandbox.lostSample')}{answer.diff.lostSample.slice(0, 5).join(', ')}</Typography.Paragraph>}
            </Card>
          ) : <Typography.Text type="secondary">{t('drafting.sandbox.newUnit')}</Typography.Text>}
          {charts ? (
            <>
              <Typography.Text strong>{t('drafting.sandbox.byDistrict')}</Typography.Text>
              <EChart option={charts.bars} height={240} testId="sandbox-bars" />
              <Typography.Text strong>{t('drafting.sandbox.heatmap')}</Typography.Text>
              <EChart option={charts.heat} height={Math.min(520, 120 + charts.industries * 18)} testId="sandbox-heatmap" />
            </>
          ) : <Empty description={t('drafting.sandbox.nobody')} />}
        </Space>
      )}
    </Card>
  );
}
