import { useMemo } from 'react';
import { Alert, Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import type { EnterprisesByDistrict } from '../../api/types.ts';
import { useApiGet } from '../../api/useApi.ts';
import { divisionLevel } from '../../divisions.ts';
import { formatCount, formatShare } from '../../format.ts';
import { EChart } from './EChart.tsx';

/** Totals over the child divisions: enterprises, active ones, small and micro ones. */
export function cockpitTotals(items: EnterprisesByDistrict['items']): { enterprises: number; active: number; smallAndMicro: number } {
  return items.reduce(
    (sum, item) => ({
      enterprises: sum.enterprises + item.enterprises,
      active: sum.active + item.active,
      smallAndMicro: sum.smallAndMicro + item.smallAndMicro,
    }),
    { enterprises: 0, active: 0, smallAndMicro: 0 },
  );
}

/** The cockpit home: KPI cards and enterprises per district (per street for a district official). */
export default function CockpitHome() {
  const { t } = useTranslation();
  const answer = useApiGet<EnterprisesByDistrict>('/api/cockpit/enterprises-by-district');
  const data = answer.data;
  const totals = cockpitTotals(data?.items ?? []);
  const perStreet = data ? divisionLevel(data.division.code) === 'district' : false;

  const option = useMemo(() => {
    if (!data) return null;
    const items = [...data.items].sort((a, b) => b.enterprises - a.enterprises);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 80 },
      xAxis: { type: 'category', data: items.map((i) => i.name), axisLabel: { rotate: items.length > 8 ? 40 : 0, interval: 0 } },
      yAxis: { type: 'value' },
      series: [
        { name: t('cockpit.enterprises'), type: 'bar', data: items.map((i) => i.enterprises) },
        { name: t('cockpit.active'), type: 'bar', data: items.map((i) => i.active) },
        { name: t('cockpit.smallAndMicro'), type: 'bar', data: items.map((i) => i.smallAndMicro) },
      ],
    };
  }, [data, t]);

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cockpit.title')}
          {data ? ` · ${data.division.name}` : ''}
        </Typography.Title>
      </Col>
      {answer.error !== null && (
        <Col span={24}>
          <Alert type="error" showIcon title={errorMessage(answer.error, t)} />
        </Col>
      )}
      <Col xs={24} sm={8}>
        <Card>
          <Statistic title={t('cockpit.kpiTotal')} value={formatCount(totals.enterprises)} loading={answer.loading} data-testid="kpi-total" />
        </Card>
      </Col>
      <Col xs={24} sm={8}>
        <Card>
          <Statistic title={t('cockpit.kpiActive')} value={formatCount(totals.active)} loading={answer.loading} />
        </Card>
      </Col>
      <Col xs={24} sm={8}>
        <Card>
          <Statistic
            title={t('cockpit.kpiSmallMicroShare')}
            value={formatShare(totals.smallAndMicro, totals.enterprises)}
            loading={answer.loading}
          />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={perStreet ? t('cockpit.byStreet') : t('cockpit.byDistrict')}>
          {option ? <EChart option={option} height={400} testId="district-chart" /> : <Skeleton active />}
        </Card>
      </Col>
    </Row>
  );
}
