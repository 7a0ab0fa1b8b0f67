import { useCallback, useEffect, useState } from 'react';
import { Alert, Card, Col, Collapse, Descriptions, Input, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { formatFen } from '../../format.ts';
import { getPortrait, label, text, type AttributeView, type Portrait } from './registry-api.ts';
import { SeriesChart } from './SeriesChart.tsx';

function display(a: AttributeView, language: string): string {
  if (a.access === 'withheld') return '—';
  if (a.value === null) return `**** (${text('masked', language)})`;
  if (a.labels) return a.labels.map((l) => label(l, language)).join(text('listSeparator', language)) || '—';
  if (typeof a.value === 'boolean') return a.value ? '✔' : '✘';
  if (a.type === 'money' && typeof a.value === 'number') return formatFen(a.value);
  const unit = a.unit ? ` ${label(a.unit, language)}` : '';
  return `${String(a.value)}${unit}`;
}

/** The enterprise portrait (企业画像): identity, tags, attributes by category with their source and date, series and warnings. */
export default function PortraitPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const uscc = params.get('uscc') ?? '';
  const purpose = params.get('purpose') ?? '';
  const [portrait, setPortrait] = useState<Portrait | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(() => {
    if (!uscc) return;
    setLoading(true);
    setError(null);
    getPortrait(uscc, purpose || undefined)
      .then(setPortrait)
      .catch((failure: unknown) => {
        setPortrait(null);
        setError(failure);
      })
      .finally(() => setLoading(false));
  }, [uscc, purpose]);
  useEffect(load, [load]);

  const setParam = (name: string, value: string) =>
    setParams((prev) => {
      if (value) prev.set(name, value);
      else prev.delete(name);
      return prev;
    });

  const p = portrait;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{text('portraitTitle', lang)}</Typography.Title>
      <Space wrap>
        <Input.Search defaultValue={uscc} placeholder={text('usccPlaceholder', lang)} enterButton={text('show', lang)} style={{ width: 360, maxWidth: '100%' }} data-testid="portrait-uscc" onSearch={(value) => setParam('uscc', value.trim().toUpperCase())} />
        <Input defaultValue={purpose} placeholder={text('purpose', lang)} style={{ width: 280, maxWidth: '100%' }} onBlur={(e) => setParam('purpose', e.target.value.trim())} />
      </Space>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      {loading && <Skeleton active />}
      {p && !loading && (
        <>
          <Card data-testid="portrait-identity">
            <Typography.Title level={4} style={{ marginTop: 0 }}>{p.identity.name}</Typography.Title>
            <Space wrap style={{ marginBottom: 12 }}>
              {p.tags.map((tag) => (
                <Tag key={tag.key} color={tag.key.startsWith('size.') ? 'blue' : tag.key === 'dishonest_list' || tag.key === 'abnormal_list' ? 'red' : 'green'}>{label(tag, lang)}</Tag>
              ))}
            </Space>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
              { key: 'uscc', label: 'USCC', children: p.uscc },
              { key: 'district', label: text('district', lang), children: `${p.identity.districtName} ${p.identity.townName}` },
              { key: 'industry', label: text('industry', lang), children: `${p.identity.industryCode} ${p.identity.industryName}` },
              { key: 'registered', label: text('registeredAt', lang), children: p.identity.registeredAt },
              { key: 'size', label: text('size', lang), children: <span title={p.sizeClass.rule}>{p.tags[0] ? label(p.tags[0], lang) : p.sizeClass.value}</span> },
              { key: 'asOf', label: text('asOf', lang), children: p.asOf },
            ]} />
            {p.withheld > 0 && <Typography.Text type="secondary">{p.withheld} {text('withheld', lang)}</Typography.Text>}
          </Card>
          {p.warnings.length > 0 && (
            <Alert type="warning" showIcon title={text('warnings', lang)} description={<ul style={{ margin: 0 }}>{p.warnings.map((w) => <li key={`${w.kind}.${w.attribute}`}>{w.message}</li>)}</ul>} data-testid="portrait-warnings" />
          )}
          {p.series.length > 0 && (
            <Card title={text('series', lang)}>
              <Row gutter={[16, 16]}>
                {p.series.map((s) => (
                  <Col key={s.key} xs={24} md={12} lg={8}>
                    <Typography.Text strong>{label(s, lang)}</Typography.Text>
                    <SeriesChart points={s.points} money={s.type === 'money'} unit={s.type === 'money' ? text('tenThousandYuan', lang) : s.unit ? label(s.unit, lang) : ''} />
                  </Col>
                ))}
              </Row>
            </Card>
          )}
          <Collapse
            defaultActiveKey={p.categories.slice(0, 3).map((c) => c.key)}
            data-testid="portrait-categories"
            items={p.categories.map((c) => ({
              key: c.key,
              label: label(c, lang),
              children: (
                <Descriptions size="small" bordered column={1} items={c.attributes.map((a) => ({
                  key: a.key,
                  label: label(a, lang),
                  children: (
                    <Space wrap>
                      <span>{display(a, lang)}</span>
                      {a.access === 'masked' && <Tag>{text('masked', lang)}</Tag>}
                      {a.sourceName && (
                        <Typography.Text type="secondary">
                          {text('sourceOf', lang)}: {a.sourceName}{a.period ? ` · ${text('periodOf', lang)} ${a.period}` : ''}{a.arrivedAt ? ` · ${a.arrivedAt.slice(0, 10)}` : ''}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                }))} />
              ),
            }))}
          />
        </>
      )}
    </Space>
  );
}
